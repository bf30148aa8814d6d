/*
 * mem.c -- the library's one allocation path, arenas and growable buffers.
 *
 * Every allocation goes through ws__alloc/ws__realloc/ws__free, which call
 * the hooks installed by ws_set_allocator (the C library's by default).
 * The hooks are the library's only process-wide setting: install them once
 * at start, before any object exists (like sqlite3_config), so that tests
 * can fail the Nth allocation.
 *
 * An arena hands out memory for one document: tokens, strings, statements.
 * It is a list of chunks; reset keeps the first chunk (its capacity is
 * reused by the next document) and frees the others, so memory is bounded
 * by the largest document, not by the input.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

static void *std_alloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *std_realloc(void *ud, void *p, size_t n) { (void)ud; return realloc(p, n); }
static void std_free(void *ud, void *p) { (void)ud; free(p); }

static const ws_allocator std_allocator = {std_alloc, std_realloc, std_free, NULL};
static ws_allocator cur = {std_alloc, std_realloc, std_free, NULL};

void ws_set_allocator(const ws_allocator *a) { cur = a ? *a : std_allocator; }

void *ws__alloc(size_t n) { return cur.alloc(cur.ud, n ? n : 1); }

void *ws__calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = ws__alloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *ws__realloc(void *p, size_t n) { return cur.realloc(cur.ud, p, n ? n : 1); }

void ws__free(void *p)
{
    if (p) cur.free(cur.ud, p);
}

void ws_free(void *p) { ws__free(p); }

char *ws__strndup(const char *s, size_t n)
{
    char *p = ws__alloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* ----------------------------------------------------------------- arena */

#define ARENA_MIN_CHUNK ((size_t)64 << 10)

struct arena_chunk {
    arena_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

void ws_arena_init(arena *a) { a->head = NULL; a->total = 0; }

void *ws_arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = ARENA_MIN_CHUNK;
        if (c && c->cap * 2 > cap) cap = c->cap * 2;
        if (cap < n) cap = n;
        if (cap > SIZE_MAX - sizeof(arena_chunk)) return NULL;
        arena_chunk *nc = ws__alloc(sizeof(arena_chunk) + cap);
        if (!nc) return NULL;
        nc->next = c;
        nc->used = 0;
        nc->cap = cap;
        a->head = nc;
        a->total += cap;
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

char *ws_arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = ws_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void ws_arena_reset(arena *a)
{
    /* Keep the largest (newest) chunk if it is of a modest size. */
    arena_chunk *c = a->head;
    if (!c) return;
    arena_chunk *rest = c->next;
    while (rest) {
        arena_chunk *nx = rest->next;
        ws__free(rest);
        rest = nx;
    }
    c->next = NULL;
    if (c->cap > ((size_t)8 << 20)) {
        ws__free(c);
        a->head = NULL;
        a->total = 0;
        return;
    }
    c->used = 0;
    a->total = c->cap;
}

void ws_arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *nx = c->next;
        ws__free(c);
        c = nx;
    }
    a->head = NULL;
    a->total = 0;
}

/* ----------------------------------------------------------------- buf */

int ws_buf_grow(buf *b, size_t extra)
{
    if (b->cap - b->len > extra) return WS_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) {
        if (cap > SIZE_MAX / 2) return WS_NOMEM;
        cap *= 2;
    }
    char *p = ws__realloc(b->p, cap);
    if (!p) return WS_NOMEM;
    b->p = p;
    b->cap = cap;
    return WS_OK;
}

int ws_buf_append(buf *b, const char *s, size_t n)
{
    if (ws_buf_reserve(b, n) != WS_OK) return WS_NOMEM;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return WS_OK;
}

int ws_buf_putc(buf *b, char c) { return ws_buf_append(b, &c, 1); }

void ws_buf_free(buf *b)
{
    ws__free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

const char *ws_strerror(int status)
{
    switch (status) {
    case WS_OK: return "ok";
    case WS_NOMEM: return "out of memory";
    case WS_IO: return "input/output error";
    case WS_PARSE: return "malformed input";
    case WS_TOOBIG: return "document too large";
    case WS_USAGE: return "invalid arguments";
    case WS_DB: return "database error";
    default: return "unknown error";
    }
}
