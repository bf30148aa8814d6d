/*
 * sqlite_ingest.c -- the SQLite backend's writes: documents, statement
 * rows with their topics and (at the commit) their full-text rows, and
 * the speaker registry's rows.  Every call runs in the batch's
 * transaction (sqlite.c) with the prepared statements of ws_sql_ingest.
 */
#include "sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ full text */

static int pend_cmp(const void *a, const void *b)
{
    int64_t x = ((const pend_fts *)a)->id, y = ((const pend_fts *)b)->id;
    return x < y ? -1 : x > y;
}

/* Indexes the batch's statements, in rowid order: one statement without
 * a trigger opens no savepoint, so FTS5 keeps the batch's terms in memory
 * and writes them as one segment at the commit. */
int ws_sql_insert_pending(sqlconn *c)
{
    if (!c->npend) return WS_OK;
    qsort(c->pend, c->npend, sizeof *c->pend, pend_cmp);
    sqlite3_stmt *f = c->q[Q_FTS_INS];
    int rc = WS_OK;
    for (size_t k = 0; k < c->npend && rc == WS_OK; k++) {
        const pend_fts *p = &c->pend[k];
        const char *t = c->pend_text.p + p->off;
        sqlite3_bind_int64(f, 1, p->id);
        ws_sql_bind_text(f, 2, t, p->len);
        if (p->len2 >= 0) ws_sql_bind_text(f, 3, t + p->len, (size_t)p->len2);
        else sqlite3_bind_null(f, 3);
        rc = ws_sql_step_bound(c, f, "full-text index");
    }
    c->npend = 0;
    c->pend_text.len = 0;
    return rc;
}

/* Keeps row R's full-text content for the commit. */
static int pend_add(sqlconn *c, const ws_store_row *r)
{
    if (c->npend == c->cappend) {
        size_t nc = c->cappend ? c->cappend * 2 : 1024;
        pend_fts *np = ws__realloc(c->pend, nc * sizeof *np);
        if (!np) return WS_NOMEM;
        c->pend = np;
        c->cappend = nc;
    }
    pend_fts *p = &c->pend[c->npend];
    const ws_store_text *t = &r->content.text, *t2 = &r->content2.text;
    p->id = r->id;
    p->off = c->pend_text.len;
    p->len = t->p ? (uint32_t)t->n : 0;
    p->len2 = t2->p ? (int64_t)t2->n : -1;
    if (t->p && ws_buf_append(&c->pend_text, t->p, t->n) != WS_OK) return WS_NOMEM;
    if (t2->p && ws_buf_append(&c->pend_text, t2->p, t2->n) != WS_OK) return WS_NOMEM;
    c->npend++;
    return WS_OK;
}

/* ------------------------------------------------------------ documents */

int ws_sql_doc_find(void *conn, ws_store_text doc, int64_t *id, char hash[17])
{
    sqlconn *c = conn;
    sqlite3_stmt *q = c->q[Q_DOC_GET];
    ws_sql_bind_text(q, 1, doc.p, doc.n);
    *id = 0;
    hash[0] = 0;
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        const unsigned char *h = sqlite3_column_text(q, 1);
        snprintf(hash, 17, "%s", h ? (const char *)h : "");
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (s != SQLITE_ROW && s != SQLITE_DONE) return ws_sql_fail(c, "document lookup");
    return WS_OK;
}

/* Counts speaker SPEAKER's statements, dates, titles and affiliations
 * again from its statements. */
static int recount(sqlconn *c, int64_t speaker)
{
    static const int steps[] = {Q_SPK_RECOUNT, Q_TITLE_CLEAR, Q_TITLE_RECOUNT};
    int rc = WS_OK;
    for (size_t i = 0; i < sizeof steps / sizeof *steps && rc == WS_OK; i++) {
        sqlite3_bind_int64(c->q[steps[i]], 1, speaker);
        rc = ws_sql_step_done(c, c->q[steps[i]], "speaker count");
    }
    return rc;
}

int ws_sql_doc_clear(void *conn, int64_t doc_id)
{
    sqlconn *c = conn;
    int64_t *spk = NULL;
    size_t n = 0, cap = 0;
    int rc = ws_sql_insert_pending(c), s;
    if (rc == WS_OK) rc = ws_sql_need_speaker_index(c);
    if (rc) return rc;
    sqlite3_stmt *q = c->q[Q_DOC_SPEAKERS];
    sqlite3_bind_int64(q, 1, doc_id);
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *ns = ws__realloc(spk, cap * sizeof *ns);
            if (!ns) {
                rc = WS_NOMEM;
                break;
            }
            spk = ns;
        }
        spk[n++] = sqlite3_column_int64(q, 0);
    }
    if (rc == WS_OK && s != SQLITE_ROW && s != SQLITE_DONE) rc = ws_sql_fail(c, "replace");
    sqlite3_reset(q);
    if (rc == WS_OK) {
        sqlite3_bind_int64(c->q[Q_DEL_TOPICS], 1, doc_id);
        rc = ws_sql_step_done(c, c->q[Q_DEL_TOPICS], "replace");
    }
    if (rc == WS_OK) {
        sqlite3_bind_int64(c->q[Q_DEL_ST], 1, doc_id);
        rc = ws_sql_step_done(c, c->q[Q_DEL_ST], "replace");
    }
    for (size_t i = 0; i < n && rc == WS_OK; i++) rc = recount(c, spk[i]);
    ws__free(spk);
    return rc;
}

int ws_sql_doc_put(void *conn, const ws_store_doc *d, int64_t *id)
{
    sqlconn *c = conn;
    sqlite3_stmt *q = c->q[*id ? Q_DOC_UPD : Q_DOC_INS];
    ws_sql_bind_text(q, 1, d->id.p, d->id.n);
    ws_sql_bind_str(q, 2, d->hash);
    ws_sql_bind_str(q, 3, d->date);
    ws_sql_bind_str(q, 4, d->title);
    ws_sql_bind_str(q, 5, d->url);
    ws_sql_bind_str(q, 6, d->outlet);
    sqlite3_bind_int64(q, 7, d->bytes);
    ws_sql_bind_text(q, 8, d->text.p, d->text.n);
    sqlite3_bind_int64(q, 9, d->statements);
    ws_sql_bind_str(q, 10, d->ingested);
    if (*id) sqlite3_bind_int64(q, 11, *id);
    int rc = ws_sql_step_done(c, q, "document");
    if (rc == WS_OK && !*id) *id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

/* ------------------------------------------------------------ statements */

/* Binds span S to parameter I of Q, its start and end to I+1 and I+2
 * (all NULL when S is absent). */
static void bind_span(sqlite3_stmt *q, int i, const ws_store_span *s)
{
    ws_sql_bind_text(q, i, s->text.p, s->text.n);
    if (s->text.p) {
        sqlite3_bind_int64(q, i + 1, s->start);
        sqlite3_bind_int64(q, i + 2, s->end);
    } else {
        sqlite3_bind_null(q, i + 1);
        sqlite3_bind_null(q, i + 2);
    }
}

static int statement_add(sqlconn *c, ws_store_row *r)
{
    r->id = (r->day << 32) | (++c->seq & 0xffffffffll);
    sqlite3_stmt *q = c->q[Q_ST_INS];
    const ws_store_text *t = &r->content.text;
    sqlite3_bind_int64(q, 1, r->id);
    sqlite3_bind_int64(q, 2, r->doc_id);
    ws_sql_bind_str(q, 3, r->kind);
    ws_sql_bind_text(q, 4, t->p ? t->p : "", t->p ? t->n : 0);
    sqlite3_bind_int64(q, 5, r->content.start);
    sqlite3_bind_int64(q, 6, r->content.end);
    bind_span(q, 7, &r->content2);
    bind_span(q, 10, &r->cue);
    bind_span(q, 13, &r->source);
    if (r->speaker_id) sqlite3_bind_int64(q, 16, r->speaker_id);
    else sqlite3_bind_null(q, 16);
    ws_sql_bind_str(q, 17, r->speaker);
    ws_sql_bind_str(q, 18, r->title);
    ws_sql_bind_str(q, 19, r->affiliation);
    ws_sql_bind_str(q, 20, r->date);
    ws_sql_bind_str(q, 21, r->date_text);
    ws_sql_bind_str(q, 22, r->venue);
    ws_sql_bind_str(q, 23, r->sort_date);
    ws_sql_bind_str(q, 24, r->cluster);
    sqlite3_bind_double(q, 25, r->confidence);
    ws_sql_bind_str(q, 26, r->method);
    int rc = ws_sql_step_bound(c, q, "statement");
    /* its full-text row waits for the batch's commit (see pend_fts) */
    if (rc == WS_OK) rc = pend_add(c, r);
    if (rc) return rc;
    c->written++;
    for (size_t i = 0; i < r->ntopics; i++) {
        sqlite3_bind_int64(c->q[Q_TOPIC_INS], 1, r->topics[i]);
        sqlite3_bind_int64(c->q[Q_TOPIC_INS], 2, r->id);
        if ((rc = ws_sql_step_done(c, c->q[Q_TOPIC_INS], "topic"))) return rc;
    }
    return WS_OK;
}

int ws_sql_statements_add(void *conn, ws_store_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = statement_add(conn, &rows[i]);
        if (rc) return rc;
    }
    return WS_OK;
}

/* ------------------------------------------------------------ speakers */

/* Steps Q, a lookup of one id: *ID (0 when no row). */
static int lookup_id(sqlconn *c, sqlite3_stmt *q, int64_t *id)
{
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? WS_OK : ws_sql_fail(c, "speaker lookup");
}

int ws_sql_alias_get(void *conn, const char *name, int64_t *id)
{
    sqlconn *c = conn;
    ws_sql_bind_str(c->q[Q_ALIAS_GET], 1, name);
    return lookup_id(c, c->q[Q_ALIAS_GET], id);
}

int ws_sql_surname_best(void *conn, const char *word, int64_t *id)
{
    sqlconn *c = conn;
    ws_sql_bind_str(c->q[Q_SPK_SURNAME], 1, word);
    return lookup_id(c, c->q[Q_SPK_SURNAME], id);
}

int ws_sql_speaker_new(void *conn, const char *name, int is_person, const char *surname, int64_t *id)
{
    sqlconn *c = conn;
    sqlite3_stmt *q = c->q[Q_SPK_INS];
    ws_sql_bind_str(q, 1, name);
    sqlite3_bind_int(q, 2, is_person ? 1 : 0);
    if (surname) ws_sql_bind_str(q, 3, surname);
    int rc = ws_sql_step_done(c, q, "speaker");
    if (rc == WS_OK) *id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

int ws_sql_alias_add(void *conn, const char *name, int64_t id)
{
    sqlconn *c = conn;
    ws_sql_bind_str(c->q[Q_ALIAS_INS], 1, name);
    sqlite3_bind_int64(c->q[Q_ALIAS_INS], 2, id);
    return ws_sql_step_done(c, c->q[Q_ALIAS_INS], "alias");
}

int ws_sql_speaker_single(void *conn, const char *word, int64_t except, int64_t *id)
{
    sqlconn *c = conn;
    ws_sql_bind_str(c->q[Q_SPK_SINGLE], 1, word);
    sqlite3_bind_int64(c->q[Q_SPK_SINGLE], 2, except);
    return lookup_id(c, c->q[Q_SPK_SINGLE], id);
}

int ws_sql_speaker_merge(void *conn, int64_t from, int64_t to)
{
    sqlconn *c = conn;
    int rc = ws_sql_need_speaker_index(c);
    if (rc) return rc;
    sqlite3_bind_int64(c->q[Q_SPK_MERGE], 1, from);
    sqlite3_bind_int64(c->q[Q_SPK_MERGE], 2, to);
    rc = ws_sql_step_done(c, c->q[Q_SPK_MERGE], "speaker merge");
    if (rc) return rc;
    char *sql = sqlite3_mprintf(
        "UPDATE statements SET speaker_id = %lld WHERE speaker_id = %lld;"
        "UPDATE speaker_aliases SET speaker_id = %lld WHERE speaker_id = %lld;"
        "INSERT INTO speaker_titles(speaker_id, kind, value, statements, first_date, last_date)"
        " SELECT %lld, kind, value, statements, first_date, last_date FROM speaker_titles WHERE speaker_id = %lld"
        " ON CONFLICT(speaker_id, kind, value) DO UPDATE SET statements = statements + excluded.statements,"
        " first_date = CASE WHEN excluded.first_date IS NULL THEN first_date"
        "   WHEN first_date IS NULL OR excluded.first_date < first_date THEN excluded.first_date ELSE first_date END,"
        " last_date = CASE WHEN excluded.last_date IS NULL THEN last_date"
        "   WHEN last_date IS NULL OR excluded.last_date > last_date THEN excluded.last_date ELSE last_date END;"
        "DELETE FROM speaker_titles WHERE speaker_id = %lld;"
        "DELETE FROM speakers WHERE id = %lld;",
        (long long)to, (long long)from, (long long)to, (long long)from, (long long)to, (long long)from,
        (long long)from, (long long)from);
    if (!sql) return WS_NOMEM;
    rc = ws_sql_exec(c, sql);
    sqlite3_free(sql);
    return rc;
}

int ws_sql_speaker_add(void *conn, int64_t id, long n, const char *first, const char *last)
{
    sqlconn *c = conn;
    sqlite3_stmt *q = c->q[Q_SPK_ADD];
    sqlite3_bind_int64(q, 1, id);
    ws_sql_bind_str(q, 2, first);
    sqlite3_bind_int64(q, 3, n);
    ws_sql_bind_str(q, 4, last);
    return ws_sql_step_done(c, q, "speaker count");
}

int ws_sql_title_add(void *conn, int64_t id, const char *kind, const char *value, long n, const char *first,
                     const char *last)
{
    sqlconn *c = conn;
    sqlite3_stmt *q = c->q[Q_TITLE_INS];
    sqlite3_bind_int64(q, 1, id);
    ws_sql_bind_str(q, 2, kind);
    ws_sql_bind_str(q, 3, value);
    sqlite3_bind_int64(q, 4, n);
    ws_sql_bind_str(q, 5, first);
    ws_sql_bind_str(q, 6, last);
    return ws_sql_step_done(c, q, "speaker title");
}

int ws_sql_title_holders(void *conn, const char *title, const char *affiliation, const char *from,
                         const char *to, int64_t *id)
{
    sqlconn *c = conn;
    sqlite3_stmt *q = c->q[Q_TITLE_HOLDERS];
    ws_sql_bind_str(q, 1, title);
    ws_sql_bind_str(q, 2, affiliation);
    ws_sql_bind_str(q, 3, from);
    ws_sql_bind_str(q, 4, to);
    int s, rows = 0;
    *id = 0;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        if (++rows == 1) *id = sqlite3_column_int64(q, 0);
        else *id = 0;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return s == SQLITE_DONE ? WS_OK : ws_sql_fail(c, "title lookup");
}

/* ------------------------------------------------------------ near repeats */

/* The clusters of one band list BANDS[n] (n 0: any one cluster), as
 * near_find's list K. */
static int near_find_one(sqlconn *c, const uint32_t *bands, size_t n, size_t k,
                         int (*fn)(void *ud, size_t k, const char *cluster, const char *sig), void *ud)
{
    sqlite3_stmt *q = c->q[n ? Q_NEAR_FIND : Q_NEAR_ANY];
    /* the statement has sixteen places: a shorter list repeats its last */
    for (int i = 0; n && i < 16; i++) sqlite3_bind_int64(q, i + 1, bands[(size_t)i < n ? (size_t)i : n - 1]);
    int s, rc = 0;
    while (rc == 0 && (s = sqlite3_step(q)) == SQLITE_ROW) {
        char cl[17];
        ws_cluster_hex((uint64_t)sqlite3_column_int64(q, 0), cl);
        const unsigned char *sg = sqlite3_column_text(q, 1);
        if (sg) rc = fn(ud, k, cl, (const char *)sg);
    }
    if (rc == 0 && s != SQLITE_DONE) rc = ws_sql_fail(c, "cluster lookup");
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc;
}

int ws_sql_near_find(void *conn, const uint32_t *bands, size_t nsets, size_t n,
                     int (*fn)(void *ud, size_t k, const char *cluster, const char *sig), void *ud)
{
    sqlconn *c = conn;
    if (!nsets) return near_find_one(c, NULL, 0, 0, fn, ud);
    int rc = 0;
    for (size_t k = 0; k < nsets && rc == 0; k++) rc = near_find_one(c, bands + k * n, n, k, fn, ud);
    return rc;
}

static int near_add_one(sqlconn *c, const char *cluster, const uint32_t *bands, size_t n, const char *sig)
{
    sqlite3_stmt *q = c->q[Q_NEAR_SIG];
    int64_t key = (int64_t)strtoull(cluster, NULL, 16);
    sqlite3_bind_int64(q, 1, key);
    ws_sql_bind_str(q, 2, sig);
    int rc = ws_sql_step_done(c, q, "cluster signature");
    if (rc || sqlite3_changes(c->db) == 0) return rc;
    if (!n) return WS_OK;
    /* sixteen rows at once: a shorter list repeats its last */
    for (int i = 0; i < 16; i++) sqlite3_bind_int64(c->q[Q_NEAR_BAND], i + 1, bands[(size_t)i < n ? (size_t)i : n - 1]);
    sqlite3_bind_int64(c->q[Q_NEAR_BAND], 17, key);
    return ws_sql_step_done(c, c->q[Q_NEAR_BAND], "cluster band");
}

int ws_sql_near_add(void *conn, const char *const *clusters, const char *const *sigs, const uint32_t *bands,
                    size_t nsets, size_t n)
{
    sqlconn *c = conn;
    int rc = WS_OK;
    for (size_t k = 0; k < nsets && rc == WS_OK; k++) rc = near_add_one(c, clusters[k], bands + k * n, n, sigs[k]);
    return rc;
}
