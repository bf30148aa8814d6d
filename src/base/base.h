/*
 * base.h -- the shared base every module of the library may include.
 *
 * Nothing here is API.  One of each utility, each in its own file:
 *   mem.c       the allocation hooks (ws__alloc ...), arenas, growable
 *               buffers, ws_strerror
 *   hash.c      the one hash function: 64-bit FNV-1a
 *   hmap.c      the one hash map: byte-string keys to 64-bit values
 *   calendar.c  date arithmetic: days since 1970, julian day numbers,
 *               YYYY-MM-DD, the Monday of a week, the first of a month
 *   utf8.c      UTF-8 validation and repair (ws_utf8_sanitize)
 *   datafile.c  opening a file of the data directory (ws_data_open)
 */
#ifndef WS_BASE_H
#define WS_BASE_H

#include "whosaid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------ memory */

/* The library's one allocation path: the hooks of ws_set_allocator. */
void *ws__alloc(size_t n);
void *ws__calloc(size_t n, size_t size);
void *ws__realloc(void *p, size_t n);
void ws__free(void *p);
char *ws__strndup(const char *s, size_t n);

/* A bump allocator: chunks that only grow, reset between documents.  The
 * first chunk keeps its memory across resets (capacity reused); chunks
 * past a few megabytes are released on reset so that one huge document
 * does not pin its memory for the rest of a run. */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t total;
} arena;

void ws_arena_init(arena *a);
void *ws_arena_alloc(arena *a, size_t n); /* 8-aligned, NULL on failure */
char *ws_arena_strndup(arena *a, const char *s, size_t n);
void ws_arena_reset(arena *a);
void ws_arena_free(arena *a);

/* A growable byte buffer (heap).  Zero-initialised is empty. */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

int ws_buf_grow(buf *b, size_t extra); /* ws_buf_reserve's slow path */
/* Makes room for EXTRA more bytes and a NUL.  WS_OK or WS_NOMEM.  Inline:
 * the writers call it for every field. */
static inline int ws_buf_reserve(buf *b, size_t extra)
{
    return b->p && b->cap - b->len > extra ? WS_OK : ws_buf_grow(b, extra);
}
int ws_buf_append(buf *b, const char *s, size_t n);
int ws_buf_putc(buf *b, char c);
void ws_buf_free(buf *b);

/* -------------------------------------------------------------- hash */

/* 64-bit FNV-1a, with the offset basis the stored values are made with:
 * 1469598103934665603, which is FNV's published 14695981039346656037
 * without its last digit.  Stored values depend on it (documents.hash,
 * cluster keys), so it must not change; the prime is FNV's. */
#define WS_FNV_INIT 1469598103934665603ull
#define WS_FNV_PRIME 0x100000001b3ull /* 1099511628211 */

/* One FNV-1a step: H with byte C mixed in. */
static inline uint64_t ws_fnv_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * WS_FNV_PRIME;
}

/* H with the bytes S[0,n) mixed in; ws_hash(WS_FNV_INIT, s, n) is the
 * FNV-1a hash of S[0,n).  Continuing from a previous result hashes the
 * concatenation. */
static inline uint64_t ws_hash(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++) h = ws_fnv_step(h, p[i]);
    return h;
}

/* ws_hash(WS_FNV_INIT, K, n): the default hash of a ws_hmap. */
uint64_t ws_hash_key(const char *k, size_t n);

/* ---------------------------------------------------------- hash map */

/* A map from byte strings (any bytes, any length) to 64-bit values:
 * open addressing with linear probing, at most half full, doubling as it
 * grows.  The map keeps its own copy of each key.  The hash function is
 * the caller's (NULL: ws_hash_key); the *_h calls take a hash the caller
 * computed already (on another thread, or while folding the key), which
 * must equal HASH(K, n).  Not thread-safe; reads may share a map nobody
 * writes. */
typedef uint64_t (*ws_hash_fn)(const char *k, size_t n);
typedef struct ws_hmap_ent ws_hmap_ent;
typedef struct ws_hmap {
    ws_hmap_ent *e;
    size_t cap, n;
    buf keys;       /* the keys' bytes, each followed by a NUL */
    ws_hash_fn hash;
} ws_hmap;

void ws_hmap_init(ws_hmap *m, ws_hash_fn hash);
/* Whether K[n] is in M; its value to *V (V may be NULL). */
bool ws_hmap_get(const ws_hmap *m, const char *k, size_t n, int64_t *v);
bool ws_hmap_get_h(const ws_hmap *m, const char *k, size_t n, uint64_t h, int64_t *v);
/* Sets K[n] to V.  WS_OK or WS_NOMEM (M unchanged). */
int ws_hmap_put(ws_hmap *m, const char *k, size_t n, int64_t v);
/* The value of K[n] with hash H, inserted with value 0 when absent
 * (*ADDED then true).  The pointer is valid until the next insertion.
 * NULL when out of memory (M unchanged). */
int64_t *ws_hmap_ref_h(ws_hmap *m, const char *k, size_t n, uint64_t h, bool *added);
/* The key of the entry whose value is *REF (from ws_hmap_ref_h), a NUL
 * after it; valid until the next insertion. */
const char *ws_hmap_key(const ws_hmap *m, const int64_t *ref);
size_t ws_hmap_count(const ws_hmap *m);
/* Empties M, keeping its memory. */
void ws_hmap_clear(ws_hmap *m);
void ws_hmap_free(ws_hmap *m);

/* ---------------------------------------------------------- calendar */

/* Proleptic Gregorian dates.  Days count from 1970-01-01 (day 0). */
long ws_date_to_days(ws_date d);
ws_date ws_date_from_days(long days);
/* Whether D is a real day of the years 1 to 9999. */
bool ws_date_valid(ws_date d);
/* The julian day number of D (2440588 for 1970-01-01), or 0 when D has
 * no year or a field out of range (month 1-12, day 1-31; a day past the
 * month's end counts on into the next month). */
int64_t ws_date_julian(ws_date d);
/* D as "YYYY-MM-DD" (and a NUL) into OUT; "" when ws_date_julian(D) is 0. */
void ws_date_format(ws_date d, char out[11]);
/* The Monday on or before D; the first day of D's month. */
ws_date ws_date_monday(ws_date d);
ws_date ws_date_month_start(ws_date d);

/* -------------------------------------------------------------- UTF-8 */

/* The number of bytes of IN[len] that ws_utf8_sanitize replaces (0: IN is
 * valid UTF-8 and would be copied as it is). */
size_t ws__utf8_bad(const char *in, size_t len);

/* The length of the well-formed UTF-8 sequence at S[0,n) (n >= 1,
 * S[0] >= 0x80), or 0 when S[0] is an invalid byte: utf8proc_iterate's
 * verdict, the two- and three-byte forms decided without it. */
size_t ws__utf8_seq(const unsigned char *s, size_t n);

/* ------------------------------------------------------------ data files */

/* Opens DIR/FILE for reading, its path written to PATH[pathlen] (for the
 * caller's messages).  WS_OK with *OUT the stream, or with *OUT NULL when
 * OPTIONAL and the file does not exist; else WS_IO, *OUT NULL and
 * "PATH: reason" in ERR[errlen] (when ERR is not NULL). */
int ws_data_open(const char *dir, const char *file, bool optional, char *path, size_t pathlen, FILE **out,
                 char *err, size_t errlen);

#endif
