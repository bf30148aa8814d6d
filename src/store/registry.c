/*
 * registry.c -- the speaker registry across ingests: which speakers row a
 * statement's speaker is, by the rules of src/speaker/ (speaker.h),
 * applied to the backend's tables (backend.h's registry operations).
 *
 * A name is first looked up among the aliases (case-insensitive).  A bare
 * person name ("Zelensky") not found there becomes the alias of the
 * person with most statements whose surname it is; a new full name
 * ("Volodymyr Zelensky") absorbs earlier bare speakers of its surname
 * (statements, aliases and titles move over).  Non-person sources ("the
 * Kremlin", "officials") are speakers under their own text.  Known
 * limits: two people sharing a surname take "Trump" to the one with more
 * statements at that moment; merges are not undone when a document is
 * replaced.
 *
 * The work of a batch is done in memory: a cache of the names resolved
 * (cleared at each batch, so that what another process wrote is seen),
 * the statement counts and first/last dates added per speaker at the
 * commit (before a surname lookup, which ranks by the count, a merge or a
 * cleared document: ws_reg_flush), a title recorded once a batch.
 */
#include "store.h"
#include "../speaker/speaker.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ counts */

void ws_reg_init(ws_registry *r)
{
    memset(r, 0, sizeof *r);
    ws_hmap_init(&r->names, NULL);
    ws_hmap_init(&r->titles, NULL);
    ws_hmap_init(&r->adds_ix, NULL);
}

void ws_reg_begin(ws_registry *r)
{
    ws_hmap_clear(&r->names);
    r->nids = 0;
    ws_hmap_clear(&r->titles);
    r->entered = 0;
}

int ws_reg_flush(ws_db *db)
{
    ws_registry *r = &db->reg;
    int rc = WS_OK;
    for (size_t i = 0; i < r->nadds && rc == WS_OK; i++) {
        const spk_add *a = &r->adds[i];
        rc = ws_store_be(db, db->be->speaker_add(db->conn, a->id, a->n, a->first[0] ? a->first : NULL,
                                                 a->last[0] ? a->last : NULL));
    }
    r->nadds = 0;
    ws_hmap_clear(&r->adds_ix);
    for (size_t i = 0; i < r->ntadds && rc == WS_OK; i++) {
        const spk_tadd *t = &r->tadds[i];
        rc = ws_store_be(db, db->be->title_add(db->conn, t->id, t->kind == 't' ? "title" : "affiliation",
                                               r->tvals.p + t->voff, t->n, t->first[0] ? t->first : NULL,
                                               t->last[0] ? t->last : NULL));
    }
    r->ntadds = 0;
    r->tvals.len = 0;
    ws_hmap_clear(&r->titles);
    return rc;
}

/* Widens FIRST..LAST (buffers of 11, "" for none) to SORT. */
static void widen(char *first, char *last, const char *sort)
{
    if (!sort) return;
    if (!first[0] || strcmp(sort, first) < 0) snprintf(first, 11, "%s", sort);
    if (!last[0] || strcmp(sort, last) > 0) snprintf(last, 11, "%s", sort);
}

int ws_reg_count(ws_db *db, int64_t id, const char *sort)
{
    ws_registry *r = &db->reg;
    int64_t k;
    char key[8];
    memcpy(key, &id, sizeof key);
    if (!ws_hmap_get(&r->adds_ix, key, sizeof key, &k)) {
        if (r->nadds == r->capadds) {
            size_t nc = r->capadds ? r->capadds * 2 : 256;
            spk_add *na = ws__realloc(r->adds, nc * sizeof *na);
            if (!na) return WS_NOMEM;
            r->adds = na;
            r->capadds = nc;
        }
        k = (int64_t)r->nadds;
        if (ws_hmap_put(&r->adds_ix, key, sizeof key, k) != WS_OK) return WS_NOMEM;
        spk_add *a = &r->adds[r->nadds++];
        memset(a, 0, sizeof *a);
        a->id = id;
    }
    spk_add *a = &r->adds[k];
    a->n++;
    widen(a->first, a->last, sort);
    return WS_OK;
}

int ws_reg_title(ws_db *db, int64_t id, const char *kind, const char *value, const char *sort)
{
    ws_registry *r = &db->reg;
    size_t vl = strlen(value);
    r->tkey.len = 0;
    if (ws_buf_reserve(&r->tkey, vl + 9) != WS_OK) return WS_NOMEM;
    memcpy(r->tkey.p, &id, 8);
    r->tkey.p[8] = kind[0];
    memcpy(r->tkey.p + 9, value, vl);
    int64_t k;
    if (!ws_hmap_get(&r->titles, r->tkey.p, vl + 9, &k)) {
        if (r->ntadds == r->captadds) {
            size_t nc = r->captadds ? r->captadds * 2 : 256;
            spk_tadd *na = ws__realloc(r->tadds, nc * sizeof *na);
            if (!na) return WS_NOMEM;
            r->tadds = na;
            r->captadds = nc;
        }
        size_t voff = r->tvals.len;
        if (ws_buf_append(&r->tvals, value, vl + 1) != WS_OK) return WS_NOMEM;
        k = (int64_t)r->ntadds;
        if (ws_hmap_put(&r->titles, r->tkey.p, vl + 9, k) != WS_OK) return WS_NOMEM;
        spk_tadd *t = &r->tadds[r->ntadds++];
        memset(t, 0, sizeof *t);
        t->id = id;
        t->kind = kind[0];
        t->voff = voff;
    }
    spk_tadd *t = &r->tadds[k];
    t->n++;
    widen(t->first, t->last, sort);
    return WS_OK;
}

int ws_reg_title_holder(ws_db *db, const char *title, const char *affiliation, const char *sort, int64_t *id)
{
    *id = 0;
    ws_date d;
    if (!sort || ws_date_parse(sort, &d) != WS_OK) return WS_OK;
    if (!ws_date_valid(d)) return WS_OK;
    long day = ws_date_to_days(d);
    char from[11] = "", to[11] = "";
    ws_date_format(ws_date_from_days(day - WS_SPK_TITLE_DAYS), from);
    ws_date_format(ws_date_from_days(day + WS_SPK_TITLE_DAYS), to);
    if (!from[0] || !to[0]) return WS_OK;
    /* the batch's titles count too */
    int rc = ws_reg_flush(db);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->title_holders(db->conn, title, affiliation, from, to, id));
    return rc;
}

/* ------------------------------------------------------------ resolving */

/* Moves everything of speaker FROM to speaker TO and deletes FROM; TO's
 * count and dates absorb FROM's, which cover the batch's rows too. */
static int merge(ws_db *db, int64_t from, int64_t to)
{
    int rc = ws_reg_flush(db);
    if (rc) return rc;
    ws_registry *r = &db->reg;
    for (size_t i = 0; i < r->nids; i++)
        if (r->ids[i] == from) r->ids[i] = to;
    return ws_store_be(db, db->be->speaker_merge(db->conn, from, to));
}

/* The registry id of speaker NAME (created when new), from the database. */
static int resolve_db(ws_db *db, const char *name, int is_person, int64_t *id)
{
    const ws_store_backend *be = db->be;
    void *c = db->conn;
    int rc;
    if (!db->reg.entered && be->registry_enter) {
        if ((rc = ws_store_be(db, be->registry_enter(c)))) return rc;
        db->reg.entered = 1;
    }
    if ((rc = ws_store_be(db, be->alias_get(c, name, id))) || *id) return rc;
    size_t sl;
    const char *surname = ws_spk_surname(name, &sl);
    if (ws_spk_is_bare(name, is_person)) {
        /* the person whose surname it is, with most statements: the
         * batch's counts first */
        if ((rc = ws_reg_flush(db))) return rc;
        if ((rc = ws_store_be(db, be->surname_best(c, name, id)))) return rc;
        if (*id) return ws_store_be(db, be->alias_add(c, name, *id));
    }
    if ((rc = ws_store_be(db, be->speaker_new(c, name, is_person, is_person ? surname : NULL, id)))) return rc;
    if ((rc = ws_store_be(db, be->alias_add(c, name, *id)))) return rc;
    if (is_person && ws_spk_is_full(name)) {
        /* a full name absorbs earlier bare speakers of its surname */
        for (;;) {
            int64_t old;
            if ((rc = ws_store_be(db, be->speaker_single(c, surname, *id, &old)))) return rc;
            if (!old) break;
            if ((rc = merge(db, old, *id))) return rc;
        }
    }
    return WS_OK;
}

int ws_reg_resolve(ws_db *db, const char *name, int is_person, int64_t *id)
{
    ws_registry *r = &db->reg;
    size_t len = strlen(name);
    int64_t k;
    if (ws_hmap_get(&r->names, name, len, &k)) {
        *id = r->ids[k];
        return WS_OK;
    }
    int rc = resolve_db(db, name, is_person, id);
    if (rc) return rc;
    if (r->nids == r->capids) {
        size_t nc = r->capids ? r->capids * 2 : 256;
        int64_t *ni = ws__realloc(r->ids, nc * sizeof *ni);
        if (!ni) return WS_NOMEM;
        r->ids = ni;
        r->capids = nc;
    }
    r->ids[r->nids] = *id;
    rc = ws_hmap_put(&r->names, name, len, (int64_t)r->nids);
    if (rc == WS_OK) r->nids++;
    return rc;
}

int64_t ws_reg_current(const ws_registry *r, const char *name)
{
    int64_t k;
    return ws_hmap_get(&r->names, name, strlen(name), &k) ? r->ids[k] : 0;
}

void ws_reg_free(ws_registry *r)
{
    ws_hmap_free(&r->names);
    ws_hmap_free(&r->titles);
    ws__free(r->tadds);
    ws_buf_free(&r->tvals);
    ws_buf_free(&r->tkey);
    ws_hmap_free(&r->adds_ix);
    ws__free(r->ids);
    ws__free(r->adds);
}
