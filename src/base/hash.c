/*
 * hash.c -- the library's one hash function, 64-bit FNV-1a.
 *
 * It keys the hash maps (hmap.c) and produces stored values: the
 * documents' content hash in the store and the statements' cluster keys
 * (cluster/), which must stay the same from one version to the next --
 * hence its offset basis (WS_FNV_INIT, base.h), which is not FNV's.
 * It is inline in base.h (the models hash a token's word at a time: a
 * call would cost about as much as the hashing), and so is its step, for
 * loops that hash while they fold bytes.
 */
#include "base.h"

uint64_t ws_hash_key(const char *k, size_t n) { return ws_hash(WS_FNV_INIT, k, n); }
