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
    return rc;
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
    if (sort) {
        if (!a->first[0] || strcmp(sort, a->first) < 0) snprintf(a->first, sizeof a->first, "%s", sort);
        if (!a->last[0] || strcmp(sort, a->last) > 0) snprintf(a->last, sizeof a->last, "%s", sort);
    }
    return WS_OK;
}

int ws_reg_title(ws_db *db, int64_t id, const char *kind, const char *value)
{
    char key[256];
    size_t vl = strlen(value);
    int64_t seen;
    int keyed = vl + 9 <= sizeof key;
    if (keyed) {
        memcpy(key, &id, 8);
        key[8] = kind[0];
        memcpy(key + 9, value, vl);
        if (ws_hmap_get(&db->reg.titles, key, vl + 9, &seen)) return WS_OK;
    }
    int rc = ws_store_be(db, db->be->title_add(db->conn, id, kind, value));
    if (rc == WS_OK && keyed) rc = ws_hmap_put(&db->reg.titles, key, vl + 9, 1);
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
    ws_hmap_free(&r->adds_ix);
    ws__free(r->ids);
    ws__free(r->adds);
}
