/*
 * hash.c -- the library's one hash function, 64-bit FNV-1a.
 *
 * It keys the hash maps (hmap.c) and produces stored values: the
 * documents' content hash in the store and the statements' cluster keys
 * (cluster/), which must stay the same from one version to the next --
 * hence its offset basis (WS_FNV_INIT, base.h), which is not FNV's.
 * The step is inline in base.h for loops that hash while they fold bytes.
 */
#include "base.h"

uint64_t ws_hash(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) /* four steps a loop test */
        h = ws_fnv_step(ws_fnv_step(ws_fnv_step(ws_fnv_step(h, p[i]), p[i + 1]), p[i + 2]), p[i + 3]);
    for (; i < n; i++) h = ws_fnv_step(h, p[i]);
    return h;
}

uint64_t ws_hash_key(const char *k, size_t n) { return ws_hash(WS_FNV_INIT, k, n); }
