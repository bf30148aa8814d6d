/*
 * ingest.c -- storing one document and its statements: ws_db_emit's work
 * (on the writer thread when there is one, writer.c), in batches.
 *
 * A batch is one transaction of the backend: it begins at the first
 * document and commits after batch_docs documents, or after the document
 * that brings it to PEND_MAX_ROWS statements (SQLite keeps their
 * full-text rows in memory until the commit); ws_db_flush commits the
 * rest.  A crash loses at most the open batch, never half a document.
 *
 * A document is keyed by its id: the same content hash (text, date,
 * title, url, outlet) is skipped, another hash clears its statements
 * (their topics and speaker counts with them) and stores the new ones.
 * Each statement's speaker goes through the registry (registry.c) in
 * statement order; then the document's rows go to the backend at once,
 * with the speaker ids they have after any merge the document caused.
 */
#include "store.h"
#include "../speaker/speaker.h"
#include "../cluster/near.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A batch also ends after the document that brings it to this many
 * statements. */
#define PEND_MAX_ROWS 250000

/* The start of documents.hash: FNV-1a with this offset (not FNV's own,
 * 14695981039346656037); stored hashes depend on it. */
#define DOC_HASH_INIT 1469598103934665603ull

void ws_store_doc_hash(const ws_doc *doc, char out[17])
{
    uint64_t h = DOC_HASH_INIT;
    char date[11] = ""; /* the analyzer cannot see ws_date_format always writes it */
    ws_date_format(doc->date, date);
    if (doc->text) h = ws_hash(h, doc->text, doc->text_len);
    const char *parts[4] = {date, doc->title, doc->url, doc->outlet};
    for (int i = 0; i < 4; i++) {
        h = ws_hash(h, "\x1f", 1);
        if (parts[i]) h = ws_hash(h, parts[i], strlen(parts[i]));
        else h = ws_hash(h, "\x1e", 1);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int ws_store_match_topics(const tp_set *t, const ws_doc *doc, const ws_statement *s, tp_scratch *sc,
                          unsigned char *hit)
{
    size_t n;
    int rc = WS_OK;
    memset(hit, 0, (size_t)ws_tp_count(t));
    const char *t1 = ws_span_text(doc, s->content, &n);
    if (t1) rc = ws_tp_match(t, t1, n, sc, hit);
    const char *t2 = ws_span_text(doc, s->content2, &n);
    if (t2 && rc == WS_OK) rc = ws_tp_match(t, t2, n, sc, hit);
    return rc;
}

/* ------------------------------------------------------------ batches */

static int begin_batch(ws_db *db)
{
    if (db->in_tx) return WS_OK;
    int rc = ws_store_be(db, db->be->begin(db->conn));
    if (rc) return rc;
    /* what other connections wrote since is seen afresh */
    ws_reg_begin(&db->reg);
    db->in_tx = 1;
    db->batch_n = 0;
    db->batch_rows = 0;
    return WS_OK;
}

int ws_store_prefetch(ws_db *db, const ws_store_text *ids, size_t n)
{
    int rc = begin_batch(db);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->doc_prefetch(db->conn, ids, n));
    if (rc == WS_OK) db->ahead = n;
    return rc;
}

int ws_store_commit(ws_db *db)
{
    db->ahead = 0;
    if (!db->in_tx) return WS_OK;
    int rc = ws_reg_flush(db);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->commit(db->conn));
    if (rc == WS_OK) db->in_tx = 0;
    return rc;
}

/* ------------------------------------------------------------ a document */

/* Makes room for N rows and their topics. */
static int rows_reserve(ws_db *db, size_t n, size_t ntopics)
{
    if (n > db->caprows) {
        ws_store_row *nr = ws__realloc(db->rows, n * sizeof *nr);
        if (!nr) return WS_NOMEM;
        db->rows = nr;
        db->caprows = n;
    }
    if (ntopics > db->caprow_topics) {
        int64_t *nt = ws__realloc(db->row_topics, ntopics * sizeof *nt);
        if (!nt) return WS_NOMEM;
        db->row_topics = nt;
        db->caprow_topics = ntopics;
    }
    return WS_OK;
}

static ws_store_span span_row(const ws_doc *doc, ws_span s)
{
    ws_store_span r;
    r.text.p = ws_span_text(doc, s, &r.text.n);
    if (!r.text.p) r.text.n = 0;
    r.start = s.start;
    r.end = s.end;
    return r;
}

/* Fills row R for statement S of DOC; DATE and SORT are buffers of 11. */
static void fill_row(ws_store_row *r, const ws_doc *doc, int64_t doc_id, const char *doc_date,
                     const ws_statement *s, char *date, char *cluster)
{
    memset(r, 0, sizeof *r);
    ws_date_format(s->date, date);
    const char *sort = date[0] ? date : doc_date[0] ? doc_date : NULL;
    ws_date sd = {0, 0, 0};
    if (sort) ws_date_parse(sort, &sd);
    ws_cluster_hex(s->cluster, cluster);
    r->day = ws_date_julian(sd);
    r->doc_id = doc_id;
    r->kind = ws_kind_name(s->kind);
    r->content = span_row(doc, s->content);
    r->content2 = span_row(doc, s->content2);
    r->cue = span_row(doc, s->cue);
    r->source = span_row(doc, s->source);
    r->speaker = s->speaker;
    r->title = s->title;
    r->affiliation = s->affiliation;
    r->date = date[0] ? date : NULL;
    r->date_text = s->date_text;
    r->venue = s->venue;
    r->sort_date = sort;
    r->cluster = cluster;
    r->confidence = s->confidence;
    r->method = s->method;
}

/* ------------------------------------------------------------ near repeats */

/* Cluster keys remembered by a handle (db->near) before it forgets them
 * all and asks the database again. */
#define NEAR_MAP_MAX ((size_t)1 << 20)

/* A signature as text: its pair count and its least pair hashes, eight
 * hex digits each. */
#define SIG_TEXT (8 * (WS_NEAR_P + 1) + 1)

static void sig_text(const ws_near_sig *sg, char *out)
{
    size_t k = (size_t)sprintf(out, "%08x", (unsigned)sg->n);
    for (uint32_t i = 0; i < sg->np; i++) k += (size_t)sprintf(out + k, "%08x", (unsigned)sg->p[i]);
}

static bool sig_parse(const char *s, ws_near_sig *sg)
{
    size_t len = strlen(s);
    if (len < 8 || len % 8 || len / 8 - 1 > WS_NEAR_P) return false;
    memset(sg, 0, sizeof *sg);
    for (size_t i = 0; i < len / 8; i++) {
        uint32_t v = 0;
        for (size_t j = 0; j < 8; j++) {
            char c = s[i * 8 + j];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) return false;
            v = v << 4 | (uint32_t)d;
        }
        if (i == 0) sg->n = v;
        else sg->p[sg->np++] = v;
    }
    return true;
}

typedef struct near_cand {
    ws_near_sig own;
    const char *self; /* the statement's own cluster */
    int self_found;
    char best[17];    /* the first alike cluster, by cluster order */
} near_cand;

static int on_any(void *ud, size_t set, const char *cluster, const char *sig)
{
    (void)set;
    (void)cluster;
    (void)sig;
    *(int *)ud = 1;
    return 0;
}

static int on_cand(void *ud, size_t set, const char *cluster, const char *sig)
{
    near_cand *c = (near_cand *)ud + set;
    ws_near_sig o;
    if (!strcmp(cluster, c->self)) c->self_found = 1;
    else if (!c->best[0] && strlen(cluster) == 16 && sig_parse(sig, &o) && ws_near_alike(&c->own, &o))
        memcpy(c->best, cluster, 17);
    return 0;
}

/* Whether KEY is the cluster key of a statement of ST before I. */
static bool key_before(const ws_statement *st, size_t i, uint64_t key)
{
    for (size_t j = 0; j < i; j++)
        if (st[j].cluster == key) return true;
    return false;
}

/* The clusters of a document's rows ROWS[n] (statements ST; CLUSTER[i]
 * the writable text of row i's cluster) across
 * ingests: a statement whose cluster the database does not know, and that
 * repeats (ws_near_alike) the first statement of a cluster an earlier
 * ingest stored, takes that cluster, and so do the statements of the run
 * that joined it; a new cluster's signature is stored after the
 * document (so that two overlapping statements of one document do not
 * join), for the ingests to come.  The statements to look up are the
 * first of each cluster key that the handle does not remember (db->near),
 * all looked up in one query (the database does not change between them),
 * and the new signatures are stored in one. */
static int near_rows(ws_db *db, ws_store_row *rows, const ws_statement *st, size_t n, char *const *cluster)
{
    near_cand *cand = NULL;   /* the looked-up statements' candidates */
    uint32_t *bands = NULL;   /* their bands, WS_NEAR_BANDS each */
    size_t *set_of = NULL;    /* row i's lookup, or SIZE_MAX */
    const char **add_cl = NULL, **add_sig = NULL;
    char *sigs = NULL;
    size_t nset = 0, nadd = 0;
    int rc = WS_OK;
    if (ws_hmap_count(&db->near) > NEAR_MAP_MAX) ws_hmap_clear(&db->near);
    if (!db->near_prior) {
        /* a load into a database without clusters has no earlier ingest
         * to look up (the run's own repeats are the pipeline's) */
        int any = 0;
        if ((rc = ws_store_be(db, db->be->near_find(db->conn, NULL, 0, 0, on_any, &any)))) return rc;
        db->near_prior = any ? 1 : 2;
    }
    if (!n) return WS_OK;
    cand = ws__alloc(n * sizeof *cand);
    bands = ws__alloc(n * WS_NEAR_BANDS * sizeof *bands);
    set_of = ws__alloc(n * sizeof *set_of);
    if (!cand || !bands || !set_of) rc = WS_NOMEM;
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        uint64_t key = st[i].cluster;
        char kb[8];
        memcpy(kb, &key, sizeof kb);
        int64_t to;
        set_of[i] = SIZE_MAX;
        if (ws_hmap_get(&db->near, kb, sizeof kb, &to) || key_before(st, i, key)) continue;
        ws_store_row *r = &rows[i];
        near_cand *c = &cand[nset];
        ws_near_sig_of(r->content.text.p ? r->content.text.p : "", r->content.text.n, r->content2.text.p,
                       r->content2.text.n, &c->own);
        if (c->own.n < WS_NEAR_MIN_PAIRS) continue;
        c->self = r->cluster;
        c->self_found = 0;
        c->best[0] = 0;
        ws_near_bands(&c->own, bands + nset * WS_NEAR_BANDS);
        set_of[i] = nset++;
    }
    if (rc == WS_OK && nset && db->near_prior == 1)
        rc = ws_store_be(db, db->be->near_find(db->conn, bands, nset, WS_NEAR_BANDS, on_cand, cand));
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        uint64_t key = st[i].cluster;
        char kb[8];
        memcpy(kb, &key, sizeof kb);
        int64_t to;
        if (ws_hmap_get(&db->near, kb, sizeof kb, &to)) {
            if ((uint64_t)to != key) ws_cluster_hex((uint64_t)to, cluster[i]);
            continue;
        }
        uint64_t target = key;
        if (set_of[i] != SIZE_MAX) {
            near_cand *c = &cand[set_of[i]];
            if (!c->self_found && c->best[0]) {
                target = strtoull(c->best, NULL, 16);
                ws_cluster_hex(target, cluster[i]);
            } else if (!c->self_found) {
                /* a new cluster: its signature is stored below; cand
                 * entry nadd is free (nadd <= set_of[i]) */
                if (nadd != set_of[i]) {
                    cand[nadd] = *c;
                    memcpy(bands + nadd * WS_NEAR_BANDS, bands + set_of[i] * WS_NEAR_BANDS,
                           WS_NEAR_BANDS * sizeof *bands);
                }
                cand[nadd].self = rows[i].cluster;
                nadd++;
            }
        }
        rc = ws_hmap_put(&db->near, kb, sizeof kb, (int64_t)target);
    }
    if (rc == WS_OK && nadd) {
        add_cl = ws__alloc(nadd * sizeof *add_cl);
        add_sig = ws__alloc(nadd * sizeof *add_sig);
        sigs = ws__alloc(nadd * SIG_TEXT);
        if (!add_cl || !add_sig || !sigs) rc = WS_NOMEM;
        for (size_t k = 0; k < nadd && rc == WS_OK; k++) {
            sig_text(&cand[k].own, sigs + k * SIG_TEXT);
            add_cl[k] = cand[k].self;
            add_sig[k] = sigs + k * SIG_TEXT;
        }
        if (rc == WS_OK)
            rc = ws_store_be(db, db->be->near_add(db->conn, add_cl, add_sig, bands, nadd, WS_NEAR_BANDS));
    }
    ws__free(cand);
    ws__free(bands);
    ws__free(set_of);
    ws__free(add_cl);
    ws__free(add_sig);
    ws__free(sigs);
    return rc;
}

/* Stores the N statements of DOC (stored as DOC_ID); HITS: their topics
 * or NULL to match them here. */
static int store_statements(ws_db *db, const ws_doc *doc, int64_t doc_id, const char *doc_date,
                            const ws_statement *st, size_t n, const unsigned char *hits)
{
    size_t nt = (size_t)ws_tp_count(db->topics);
    int rc = rows_reserve(db, n, n * nt);
    if (rc) return rc;
    /* dates and cluster keys as text, 11 + 17 bytes a row */
    char *text = ws__alloc(n * 28 + 1);
    /* the holder a title alone resolved to, 0 for the others */
    int64_t *held = ws__calloc(n + 1, sizeof *held);
    if (!text || !held) {
        ws__free(text);
        ws__free(held);
        return WS_NOMEM;
    }
    size_t ntop = 0;
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        const ws_statement *s = &st[i];
        ws_store_row *r = &db->rows[i];
        fill_row(r, doc, doc_id, doc_date, s, text + i * 28, text + i * 28 + 11);
        if (s->speaker && *s->speaker) {
            int64_t spk = 0;
            /* a title alone: the one person the database saw holding it
             * around the statement's date, else the title as a speaker */
            if (ws_spk_title_alone(s->speaker, s->speaker_is_person, s->title, s->affiliation))
                rc = ws_reg_title_holder(db, s->title, s->affiliation, r->sort_date, &spk);
            if (spk) held[i] = spk;
            else if (rc == WS_OK) rc = ws_reg_resolve(db, s->speaker, s->speaker_is_person, &spk);
            if (rc == WS_OK) rc = ws_reg_count(db, spk, r->sort_date);
            if (rc == WS_OK && s->title && *s->title) rc = ws_reg_title(db, spk, "title", s->title, r->sort_date);
            if (rc == WS_OK && s->affiliation && *s->affiliation)
                rc = ws_reg_title(db, spk, "affiliation", s->affiliation, r->sort_date);
        }
        if (rc == WS_OK && nt) {
            const unsigned char *hit = hits ? hits + i * nt : db->topic_hit;
            if (!hits) rc = ws_store_match_topics(db->topics, doc, s, &db->scratch, db->topic_hit);
            r->topics = db->row_topics + ntop;
            for (size_t k = 0; k < nt && rc == WS_OK; k++)
                if (hit[k]) db->row_topics[ntop + r->ntopics++] = db->topic_ids[k];
            ntop += r->ntopics;
        }
    }
    /* the speaker each name has now: a later statement's full name may
     * have absorbed an earlier one's bare name */
    for (size_t i = 0; i < n && rc == WS_OK; i++)
        if (held[i]) db->rows[i].speaker_id = held[i];
        else if (st[i].speaker && *st[i].speaker) db->rows[i].speaker_id = ws_reg_current(&db->reg, st[i].speaker);
    /* the rows' cluster texts, which near_rows may change */
    char **clusters = rc == WS_OK ? ws__alloc((n + 1) * sizeof *clusters) : NULL;
    if (rc == WS_OK && !clusters) rc = WS_NOMEM;
    for (size_t i = 0; i < n && rc == WS_OK; i++) clusters[i] = text + i * 28 + 11;
    if (rc == WS_OK) rc = near_rows(db, db->rows, st, n, clusters);
    ws__free(clusters);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->statements_add(db->conn, db->rows, n));
    ws__free(text);
    ws__free(held);
    if (rc == WS_OK) {
        db->stats.statements += (long)n;
        db->batch_rows += n;
    }
    return rc;
}

int ws_store_emit_now(ws_db *db, const ws_doc *doc, int status, const ws_statement *st, size_t n,
                      const unsigned char *hits, const char *dhash)
{
    if (status != WS_OK) {
        db->stats.docs_failed++;
        return 0;
    }
    int rc = begin_batch(db);
    if (rc) return rc;
    char hash[17], old[17], date[11], now[32];
    if (dhash) memcpy(hash, dhash, sizeof hash);
    else ws_store_doc_hash(doc, hash);
    ws_date_format(doc->date, date);
    int64_t doc_id = 0;
    ws_store_text key = {doc->id, doc->id_len};
    if ((rc = ws_store_be(db, db->be->doc_find(db->conn, key, &doc_id, old)))) return rc;
    if (doc_id && !strcmp(old, hash)) {
        db->stats.docs_unchanged++;
    } else {
        int existed = doc_id != 0;
        time_t tnow = time(NULL);
        struct tm tm;
        gmtime_r(&tnow, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (existed) {
            if ((rc = ws_reg_flush(db))) return rc;
            if ((rc = ws_store_be(db, db->be->doc_clear(db->conn, doc_id)))) return rc;
        }
        ws_store_doc d = {key, hash, date[0] ? date : NULL, doc->title, doc->url, doc->outlet,
                          (int64_t)doc->text_len, {db->no_text ? NULL : doc->text, doc->text_len},
                          (int64_t)n, now};
        if ((rc = ws_store_be(db, db->be->doc_put(db->conn, &d, &doc_id)))) return rc;
        if ((rc = store_statements(db, doc, doc_id, date, st, n, hits))) return rc;
        if (existed) db->stats.docs_changed++;
        else db->stats.docs_new++;
    }
    if (++db->batch_n >= db->batch_docs || db->batch_rows >= PEND_MAX_ROWS ||
        (db->be->holds_lock && db->be->holds_lock(db->conn)))
        return ws_store_commit(db);
    return WS_OK;
}
