/*
 * cluster.h -- cluster keys of many texts at once (cluster/cluster.c),
 * for the extractor and the tests.
 */
#ifndef WS_CLUSTER_H
#define WS_CLUSTER_H

#include "../internal.h"

/* The cluster keys of the N texts S[i][0,len[i]) into KEYS[0,n), each
 * equal to ws_cluster_key(S[i], len[i]), with four hash chains run at
 * once.  Scratch (about twice the texts' bytes) comes from A.  With
 * SIMD the texts are folded sixteen bytes at a time where SSE2 allows,
 * else byte by byte (the same keys; the tests compare).  WS_OK or
 * WS_NOMEM. */
int ws__cluster_keys(arena *a, const char *const *s, const size_t *len, size_t n,
                     uint64_t *keys, bool simd);

/* ws__cluster_keys for texts that lie in memory readable up to READABLE
 * (the end of the document's buffer; NULL: only the texts themselves):
 * with SIMD, the last few bytes of a text are folded as a block too,
 * read past the text's end (and not kept) where READABLE allows.  The
 * same keys; WS_OK or WS_NOMEM. */
int ws__cluster_keys_in(arena *a, const char *readable, const char *const *s, const size_t *len,
                        size_t n, uint64_t *keys, bool simd);

#endif
