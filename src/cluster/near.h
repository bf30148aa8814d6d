/*
 * near.h -- repeats that differ by a few words (cluster/near.c), for the
 * pipeline that joins them into one cluster.
 *
 * Nothing here is API.
 */
#ifndef WS_CLUSTER_NEAR_H
#define WS_CLUSTER_NEAR_H

#include "../base/base.h"

/* MinHash values a signature keeps. */
#define WS_NEAR_K 32

/* Pair hashes a signature keeps (the least ones: a bottom-k sketch). */
#define WS_NEAR_P 64

/* A statement's words as a MinHash signature over its word pairs (to
 * find candidates) and the least hashes of its pairs (to compare them). */
typedef struct ws_near_sig {
    uint32_t h[WS_NEAR_K]; /* the least hash of the pairs in each of K bins (empty bins filled) */
    uint32_t p[WS_NEAR_P]; /* the np least distinct pair hashes, ascending */
    uint32_t np;
    uint32_t n;            /* how many word pairs */
} ws_near_sig;

/* The signature of the words of A[0,alen) and B[0,blen) (B may be NULL):
 * lowercased, punctuation and quotation marks ignored. */
void ws_near_sig_of(const char *a, size_t alen, const char *b, size_t blen, ws_near_sig *out);

/* Does X repeat Y: at least three quarters of the smaller's word pairs
 * (it has at least WS_NEAR_MIN_PAIRS, and at least a third as many as the
 * larger) are in the larger: counted exactly when both have at most
 * WS_NEAR_P pairs, else estimated from their least pair hashes. */
#define WS_NEAR_MIN_PAIRS 6

/* Statements of fewer word pairs than this (five words or fewer) are too
 * short to tell a repeat from a chance likeness across documents. */
#define WS_NEAR_SHORT 5
bool ws_near_alike(const ws_near_sig *x, const ws_near_sig *y);

/* Bands of a signature: two statements are compared when all the
 * places of one band agree (the index's keys). */
#define WS_NEAR_BANDS 16
/* The band hashes of SIG (never 0), for an index kept elsewhere (the
 * store's, across ingests). */
void ws_near_bands(const ws_near_sig *sig, uint32_t out[WS_NEAR_BANDS]);

/* The statements seen so far in a run: each signature with the cluster
 * it joined.  Holds at most WS_NEAR_KEEP of the latest. */
#define WS_NEAR_KEEP 8192
typedef struct ws_near ws_near;

int ws_near_new(ws_near **out);
void ws_near_free(ws_near *nx);

/* The cluster of a statement with signature SIG and exact key KEY, of
 * document DOC (a serial number) at bytes [B,E): that of the most alike
 * earlier statement (ws_near_alike) that does not overlap it in the same
 * document, if any, else KEY; then SIG is remembered under it, and KEY
 * as taking it (ws_near_recall).  WS_OK or WS_NOMEM. */
int ws_near_join(ws_near *nx, const ws_near_sig *sig, uint64_t key, uint64_t doc, int64_t b,
                 int64_t e, uint64_t *cluster);

/* Keys a generation of the map of seen cluster keys holds (two are kept). */
#define WS_NEAR_KEYS 32768

/* What the run knows of exact cluster key KEY (ws_near_recall):
 * UNSEEN: nothing (compute the signature; ws_near_join or, when short,
 * ws_near_note_short); KNOWN: its cluster is *CLUSTER (that of the
 * key's first statement), nothing more to do; SHORT_KEY: its statements
 * are too short for near repeats (WS_NEAR_SHORT). */
enum { WS_NEAR_UNSEEN = 0, WS_NEAR_KNOWN = 1, WS_NEAR_SHORT_KEY = 2 };
int ws_near_recall(ws_near *nx, uint64_t key, uint64_t *cluster);
void ws_near_note_short(ws_near *nx, uint64_t key);

#endif
