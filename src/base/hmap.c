/*
 * hmap.c -- the library's one hash map: byte-string keys to 64-bit values.
 *
 * Open addressing with linear probing in a power-of-two table kept at
 * most half full, doubled when an insertion would pass that.  A slot
 * holds the key's hash (with its low bit set, so that 0 marks an empty
 * slot), the key's place in the map's key buffer and the value; a probe
 * compares hashes first and reads key bytes only when they agree.  There
 * is no removal (the users only add, or clear all).
 */
#include "base.h"

#include <string.h>

struct ws_hmap_ent {
    uint64_t h; /* the key's hash | 1; 0 when the slot is empty */
    size_t off, len;
    int64_t v;
};

void ws_hmap_init(ws_hmap *m, ws_hash_fn hash)
{
    memset(m, 0, sizeof *m);
    m->hash = hash ? hash : ws_hash_key;
}

/* The slot of K[n] with stored hash H (| 1): its entry, or the empty slot
 * where it would go.  M has at least one empty slot. */
static ws_hmap_ent *slot(const ws_hmap *m, const char *k, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    for (;; i = (i + 1) & (m->cap - 1)) {
        ws_hmap_ent *e = &m->e[i];
        if (!e->h || (e->h == h && e->len == n && (!n || !memcmp(m->keys.p + e->off, k, n))))
            return e;
    }
}

bool ws_hmap_get_h(const ws_hmap *m, const char *k, size_t n, uint64_t h, int64_t *v)
{
    if (!m->n) return false;
    const ws_hmap_ent *e = slot(m, k, n, h | 1);
    if (!e->h) return false;
    if (v) *v = e->v;
    return true;
}

bool ws_hmap_get(const ws_hmap *m, const char *k, size_t n, int64_t *v)
{
    return m->n ? ws_hmap_get_h(m, k, n, m->hash(k, n), v) : false;
}

/* Doubles M's table (or makes its first).  WS_OK or WS_NOMEM. */
static int grow(ws_hmap *m)
{
    size_t nc = m->cap ? m->cap * 2 : 64;
    if (nc > SIZE_MAX / sizeof(ws_hmap_ent)) return WS_NOMEM;
    ws_hmap_ent *ne = ws__calloc(nc, sizeof *ne);
    if (!ne) return WS_NOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->e[i].h) continue;
        size_t j = (size_t)m->e[i].h & (nc - 1);
        while (ne[j].h) j = (j + 1) & (nc - 1);
        ne[j] = m->e[i];
    }
    ws__free(m->e);
    m->e = ne;
    m->cap = nc;
    return WS_OK;
}

int64_t *ws_hmap_ref_h(ws_hmap *m, const char *k, size_t n, uint64_t h, bool *added)
{
    *added = false;
    h |= 1;
    if ((m->n + 1) * 2 > m->cap && grow(m) != WS_OK) return NULL;
    ws_hmap_ent *e = slot(m, k, n, h);
    if (e->h) return &e->v;
    size_t off = m->keys.len;
    if (ws_buf_reserve(&m->keys, n + 1) != WS_OK) return NULL;
    if (n) memcpy(m->keys.p + off, k, n);
    m->keys.p[off + n] = 0;
    m->keys.len = off + n + 1;
    e->h = h;
    e->off = off;
    e->len = n;
    e->v = 0;
    m->n++;
    *added = true;
    return &e->v;
}

int ws_hmap_put(ws_hmap *m, const char *k, size_t n, int64_t v)
{
    bool added;
    int64_t *r = ws_hmap_ref_h(m, k, n, m->hash(k, n), &added);
    if (!r) return WS_NOMEM;
    *r = v;
    return WS_OK;
}

const char *ws_hmap_key(const ws_hmap *m, const int64_t *ref)
{
    const ws_hmap_ent *e = (const ws_hmap_ent *)(const void *)((const char *)ref - offsetof(ws_hmap_ent, v));
    return m->keys.p + e->off;
}

size_t ws_hmap_count(const ws_hmap *m) { return m->n; }

void ws_hmap_clear(ws_hmap *m)
{
    if (m->n) memset(m->e, 0, m->cap * sizeof *m->e);
    m->n = 0;
    m->keys.len = 0;
}

void ws_hmap_free(ws_hmap *m)
{
    if (!m) return;
    ws__free(m->e);
    ws_buf_free(&m->keys);
    m->e = NULL;
    m->cap = m->n = 0;
}
