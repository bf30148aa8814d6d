/*
 * pg.c -- the PostgreSQL backend of the store (ws_store_pg; the
 * operations are those of backend.h), through libpq only.  A --db target
 * beginning "postgresql://" or "postgres://" is any libpq connection URI.
 *
 * Schema: the tables, columns and meaning of SQLite's (backend.h,
 * README.md), in PostgreSQL types (bigint ids, text dates YYYY-MM-DD so
 * that they print and compare as on SQLite, double precision confidence):
 *
 *   documents, speakers, topics  id bigserial
 *   statements        id bigint: julian day << 32 | nextval('statement_seq')
 *                     fts: tsvector GENERATED ALWAYS AS
 *                       to_tsvector('english', content || ' ' || content2)
 *                       STORED, indexed by GIN (statements_fts): the
 *                       english configuration stems, so "peacekeepers"
 *                       finds "peacekeeping"
 *   speaker_aliases   unique on lower(alias COLLATE "C"): ASCII
 *                     case-insensitive, as SQLite's NOCASE
 *   clusters          the same VIEW
 *   meta              schema version
 * Text order is byte order everywhere (COLLATE "C" in every ORDER BY), so
 * that the order of rows is SQLite's whatever the server's locale.
 *
 * Several ingesters at once.  A batch is one transaction, begun once its
 * documents are queued (backend.h, gather); a killed ingester loses its
 * open batch (PostgreSQL rolls it back) and a rerun stores it.  A batch
 * runs without a lock as long as every speaker name it meets is an alias
 * already; the first that is not (the registry is about to decide and
 * write), a changed document or a merge takes one transaction-level
 * advisory lock (PG_LOCK_KEY, ws_pg_lock) until the batch commits, so
 * that registry decisions are made one batch after another on what the
 * others committed: a person becomes one speaker whatever the
 * interleaving.  Such a batch commits after the document that took the
 * lock (holds_lock), so that the others wait for the registry's work,
 * not for the rest of a batch of thousands of documents.  What a batch without the lock could meet is caught by
 * the database and the batch replayed (WS_STORE_RETRY; the next attempt
 * takes the lock at begin):
 *   - a document another ingester stores at the same time: the unique
 *     index on documents.doc (23505, or a deadlock 40P01 when two
 *     batches hold each other's documents);
 *   - a speaker merged away by another batch after this one looked it
 *     up: the rows' speakers are locked FOR KEY SHARE when written
 *     (ws_pg_flush) and counted, a merge locks its speakers FOR UPDATE
 *     before it moves their rows;
 *   - counts of one speaker: rows are locked in id order, so that two
 *     batches do not deadlock on them.
 * So the COPY of concurrent batches, the server's bulk of the work, runs
 * in parallel once the registry knows the names.
 *
 * Writing.  Within a batch, new documents, statements with their topics,
 * speaker counts and titles are buffered in memory and written by COPY (or
 * one UPDATE/INSERT over arrays) when the batch commits, and before any
 * operation that must see them (pg_flush's callers): a round trip a row
 * is what would cost.  Document ids and statement sequence numbers are
 * drawn from their sequences in blocks (BLOCK_IDS).
 *
 * This file: the connection, the schema, batches and the ingest's rows;
 * pg_sql.c the schema's and the prepared statements' SQL; pg_registry.c the speaker registry's primitives; pg_query.c the
 * queries; pg.h what they share.
 */
#ifdef WS_HAVE_PG

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Attempts at the schema's or the deferred indexes' transaction. */
#define PG_ATTEMPTS 20
/* The advisory lock of schema creation and of every ingest batch. */
#define PG_LOCK_KEY "7526426153826829158"
/* Bytes handed to PQputCopyData at once. */
#define COPY_CHUNK ((size_t)1 << 20)

/* ------------------------------------------------------------ helpers */

/* Whether the connection is gone or going: the server shut down or
 * ended the session (class 57P), or the connection broke (class 08). */
static int conn_lost(pg *g, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return PQstatus(g->c) == CONNECTION_BAD ||
           (state && (!strncmp(state, "57P", 3) || !strncmp(state, "08", 2)));
}

/* Whether PostgreSQL asks to run the transaction again (serialization
 * failure, deadlock) or met a concurrent ingester's row (unique key). */
static int retryable(const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "23505"));
}

/* Records WHAT and PostgreSQL's message (its first line) as the error;
 * during an ingest batch, with the document it had reached.  WS_DB, or
 * WS_STORE_RETRY when the batch should be run again. */
int ws_pg_fail(pg *g, const char *what, const PGresult *r)
{
    const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(g->state, sizeof g->state, "%s", st ? st : "");
    if (g->in_tx && retryable(r)) {
        const char *m = PQresultErrorMessage(r);
        snprintf(g->err, sizeof g->err, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
        g->forgot = 1;
        g->lock_next = 1;
        return WS_STORE_RETRY;
    }
    const char *m = r ? PQresultErrorMessage(r) : "";
    if (!m || !*m) m = PQerrorMessage(g->c);
    if (!m || !*m) m = "unknown error";
    size_t n = strcspn(m, "\n");
    int lost = conn_lost(g, r);
    if (g->in_tx && g->doc[0])
        snprintf(g->err, sizeof g->err, "%sat document '%s' (its batch is rolled back: run the ingest again to store it): %s: %.*s",
                 lost ? "lost the connection to PostgreSQL " : "", g->doc, what, (int)n, m);
    else if (lost && g->doc[0])
        snprintf(g->err, sizeof g->err,
                 "lost the connection to PostgreSQL after document '%s' (stored: run the ingest again to store the"
                 " rest): %s: %.*s",
                 g->doc, what, (int)n, m);
    else if (lost)
        snprintf(g->err, sizeof g->err, "lost the connection to PostgreSQL: %s: %.*s", what, (int)n, m);
    else snprintf(g->err, sizeof g->err, "%s: %.*s", what, (int)n, m);
    return WS_DB;
}

/* Whether R ended well (a command, or rows); else records the error. */
int ws_pg_ok(pg *g, PGresult *r, const char *what)
{
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) return WS_OK;
    int rc = ws_pg_fail(g, what, r);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    /* syntax errors (a bad --match expression) */
    if (state && !strcmp(state, "42601")) rc = WS_PARSE;
    return rc;
}

static int pg_exec(pg *g, const char *sql, const char *what)
{
    PGresult *r = PQexec(g->c, sql);
    int rc = ws_pg_ok(g, r, what);
    PQclear(r);
    return rc;
}

/* Runs prepared statement P with text parameters V; the result to *OUT
 * (the caller clears it) when OUT is not NULL. */
int ws_pg_run(pg *g, int p, const char *const *v, PGresult **out, const char *what)
{
    PGresult *r = PQexecPrepared(g->c, ws_pg_prepared[p].name, ws_pg_prepared[p].nparams, v, NULL, NULL, 0);
    int rc = ws_pg_ok(g, r, what);
    if (rc == WS_OK && out) *out = r;
    else PQclear(r);
    return rc;
}

/* The first column of the first row of R as an integer, 0 when none. */
int64_t ws_pg_first_id(const PGresult *r)
{
    return PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
}

void ws_pg_i64s(char out[24], int64_t v) { snprintf(out, 24, "%lld", (long long)v); }

/* Appends S[n] to B escaped for COPY's text format; NULL is \N.  A NUL
 * byte, which PostgreSQL's text cannot hold, becomes U+FFFD (one code
 * point, as NUL was: offsets stay right). */
static int copy_text(buf *b, const char *s, size_t n)
{
    if (!s) return ws_buf_append(b, "\\N", 2);
    if (ws_buf_reserve(b, n + 16) != WS_OK) return WS_NOMEM;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '\\' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t' && s[j] != 0) j++;
        if (j > i && ws_buf_append(b, s + i, j - i) != WS_OK) return WS_NOMEM;
        if (j == n) break;
        const char *e = s[j] == '\\' ? "\\\\" : s[j] == '\n' ? "\\n" : s[j] == '\r' ? "\\r" : s[j] == '\t' ? "\\t"
                                                                                                           : "\xef\xbf\xbd";
        if (ws_buf_append(b, e, strlen(e)) != WS_OK) return WS_NOMEM;
        i = j + 1;
    }
    return WS_OK;
}

static int copy_str(buf *b, const char *s) { return copy_text(b, s, s ? strlen(s) : 0); }

static int copy_int(buf *b, int64_t v)
{
    char t[24];
    ws_pg_i64s(t, v);
    return ws_buf_append(b, t, strlen(t));
}

/* Appends the end of a field (tab) or of a row (newline). */
static int copy_sep(buf *b, char c) { return ws_buf_putc(b, c); }

/* The next id of sequence SEQ, drawn in blocks. */
static int next_id(pg *g, idblock *blk, const char *seq, int64_t *id)
{
    *id = 0;
    if (blk->pos == blk->n) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT nextval('%s') FROM generate_series(1, %d) ORDER BY 1", seq, BLOCK_IDS);
        PGresult *r = PQexec(g->c, sql);
        int rc = ws_pg_ok(g, r, "ids");
        if (rc == WS_OK) {
            int n = PQntuples(r);
            for (int i = 0; i < n && i < BLOCK_IDS; i++) blk->v[i] = strtoll(PQgetvalue(r, i, 0), NULL, 10);
            blk->n = (size_t)(n < BLOCK_IDS ? n : BLOCK_IDS);
            blk->pos = 0;
        }
        PQclear(r);
        if (rc) return rc;
        if (!blk->n) return ws_pg_fail(g, "ids", NULL);
    }
    *id = blk->v[blk->pos++];
    return WS_OK;
}

/* ------------------------------------------------------------ flushing */

/* Writes buffer B by "COPY TABLE FROM STDIN" and empties it. */
static int copy_in(pg *g, buf *b, const char *table)
{
    if (!b->len) return WS_OK;
    char sql[400];
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN", table);
    PGresult *r = PQexec(g->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = ws_pg_fail(g, "copy", r);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    int ok = 1;
    for (size_t off = 0; off < b->len && ok; off += COPY_CHUNK) {
        size_t n = b->len - off < COPY_CHUNK ? b->len - off : COPY_CHUNK;
        ok = PQputCopyData(g->c, b->p + off, (int)n) == 1;
    }
    ok = PQputCopyEnd(g->c, ok ? NULL : "whosaid: sending failed") == 1 && ok;
    b->len = 0;
    int rc = WS_OK;
    while ((r = PQgetResult(g->c))) {
        if (rc == WS_OK && PQresultStatus(r) != PGRES_COMMAND_OK) rc = ws_pg_fail(g, "copy", r);
        PQclear(r);
    }
    if (rc == WS_OK && !ok) rc = ws_pg_fail(g, "copy", NULL);
    return rc;
}

/* Adds the buffered speaker counts to their rows. */
int ws_pg_flush_adds(pg *g)
{
    if (!g->nadds) return WS_OK;
    const char *v[4] = {ws_pg_arr_end(&g->add_id), ws_pg_arr_end(&g->add_n), ws_pg_arr_end(&g->add_first), ws_pg_arr_end(&g->add_last)};
    if (!v[0] || !v[1] || !v[2] || !v[3]) return WS_NOMEM;
    /* the rows locked in id order: concurrent batches counting the same
     * speakers wait for each other instead of deadlocking */
    PGresult *r = PQexecParams(g->c, "SELECT id FROM speakers WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE",
                               1, NULL, v, NULL, NULL, 0);
    int rc = ws_pg_ok(g, r, "speaker counts");
    PQclear(r);
    if (rc) return rc;
    r = PQexecParams(
        g->c,
        "UPDATE speakers s SET statements = s.statements + a.n,"
        " first_date = CASE WHEN a.f IS NULL THEN s.first_date"
        "   WHEN s.first_date IS NULL OR a.f < s.first_date COLLATE \"C\" THEN a.f ELSE s.first_date END,"
        " last_date = CASE WHEN a.l IS NULL THEN s.last_date"
        "   WHEN s.last_date IS NULL OR a.l > s.last_date COLLATE \"C\" THEN a.l ELSE s.last_date END"
        " FROM (SELECT id, sum(n) AS n, min(f COLLATE \"C\") AS f, max(l COLLATE \"C\") AS l"
        "   FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, n, f, l) GROUP BY id) a"
        " WHERE s.id = a.id",
        4, NULL, v, NULL, NULL, 0);
    rc = ws_pg_ok(g, r, "speaker counts");
    PQclear(r);
    g->nadds = 0;
    g->add_id.len = g->add_n.len = g->add_first.len = g->add_last.len = 0;
    return rc;
}

static int flush_titles(pg *g)
{
    if (!g->ntitles) return WS_OK;
    const char *v[6] = {ws_pg_arr_end(&g->title_id), ws_pg_arr_end(&g->title_kind), ws_pg_arr_end(&g->title_value),
                        ws_pg_arr_end(&g->title_n), ws_pg_arr_end(&g->title_first), ws_pg_arr_end(&g->title_last)};
    for (int i = 0; i < 6; i++)
        if (!v[i]) return WS_NOMEM;
    PGresult *r = PQexecParams(
        g->c,
        "INSERT INTO speaker_titles AS t(speaker_id, kind, value, statements, first_date, last_date)"
        " SELECT id, k, v, sum(n), min(f COLLATE \"C\"), max(l COLLATE \"C\") FROM"
        " unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[]) AS u(id, k, v, n, f, l)"
        " GROUP BY id, k, v ORDER BY id, k, v ON CONFLICT (speaker_id, kind, value) DO UPDATE SET"
        " statements = t.statements + excluded.statements,"
        " first_date = CASE WHEN excluded.first_date IS NULL THEN t.first_date"
        "   WHEN t.first_date IS NULL OR excluded.first_date < t.first_date COLLATE \"C\" THEN excluded.first_date"
        "   ELSE t.first_date END,"
        " last_date = CASE WHEN excluded.last_date IS NULL THEN t.last_date"
        "   WHEN t.last_date IS NULL OR excluded.last_date > t.last_date COLLATE \"C\" THEN excluded.last_date"
        "   ELSE t.last_date END",
        6, NULL, v, NULL, NULL, 0);
    int rc = ws_pg_ok(g, r, "speaker titles");
    PQclear(r);
    g->ntitles = 0;
    g->title_id.len = g->title_kind.len = g->title_value.len = 0;
    g->title_n.len = g->title_first.len = g->title_last.len = 0;
    return rc;
}

/* Locks the speakers of the rows written FOR KEY SHARE (a merge that
 * would delete one waits for this batch's commit); one that is gone
 * already (merged since it was looked up) makes the batch run again. */
static int hold_speakers(pg *g)
{
    if (!g->used_ids.len) return WS_OK;
    size_t n = ws_hmap_count(&g->used);
    const char *v[1] = {ws_pg_arr_end(&g->used_ids)};
    if (!v[0]) return WS_NOMEM;
    PGresult *r = PQexecParams(g->c, "SELECT count(*) FROM (SELECT id FROM speakers WHERE id = ANY($1::bigint[])"
                               " ORDER BY id FOR KEY SHARE) x", 1, NULL, v, NULL, NULL, 0);
    int rc = ws_pg_ok(g, r, "speakers");
    if (rc == WS_OK && ws_pg_first_id(r) != (int64_t)n) {
        snprintf(g->err, sizeof g->err, "a speaker of the batch was merged by another ingester meanwhile");
        g->forgot = 1;
        g->lock_next = 1;
        rc = WS_STORE_RETRY;
    }
    PQclear(r);
    g->used_ids.len = 0;
    ws_hmap_clear(&g->used);
    return rc;
}

/* Takes the ingest lock until the batch commits (see the essay). */
int ws_pg_lock(pg *g)
{
    if (g->locked || !g->in_tx) return WS_OK;
    int rc = pg_exec(g, "SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")", "lock");
    if (rc == WS_OK) g->locked = 1;
    return rc;
}

/* Writes everything buffered (see the essay). */
int ws_pg_flush(pg *g)
{
    int rc = copy_in(g, &g->docs,
                     "documents(id, doc, hash, date, title, url, outlet, bytes, text, statements, ingested)");
    if (rc == WS_OK)
        rc = copy_in(g, &g->st,
                     "statements(id, doc_id, kind, content, content_start, content_end, content2, content2_start,"
                     " content2_end, cue, cue_start, cue_end, source, source_start, source_end, speaker_id, speaker,"
                     " title, affiliation, date, date_text, venue, sort_date, cluster, confidence, method)");
    if (rc == WS_OK) rc = copy_in(g, &g->tp, "statement_topics(topic_id, statement_id)");
    if (rc == WS_OK) rc = hold_speakers(g);
    if (rc == WS_OK) rc = ws_pg_flush_adds(g);
    if (rc == WS_OK) rc = flush_titles(g);
    return rc;
}

/* ------------------------------------------------------------ open */

static int pg_accepts(const char *target)
{
    return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11));
}

static void pg_close(void *conn)
{
    pg *g = conn;
    if (!g) return;
    if (g->c) {
        if (g->in_tx && PQstatus(g->c) == CONNECTION_OK) PQclear(PQexec(g->c, "ROLLBACK"));
        PQfinish(g->c);
    }
    buf *bufs[] = {&g->docs, &g->st, &g->tp, &g->add_id, &g->add_n, &g->add_first, &g->add_last,
                   &g->title_id, &g->title_kind, &g->title_value, &g->title_n, &g->title_first,
                   &g->title_last, &g->sql, &g->used_ids, &g->spk_name, &g->spk_ids};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) ws_buf_free(bufs[i]);
    ws_hmap_free(&g->asked);
    ws_hmap_free(&g->known);
    ws_hmap_free(&g->used);
    ws__free(g->kn);
    ws__free(g);
}

static const char *pg_errmsg(void *conn) { return conn ? ((pg *)conn)->err : "no database"; }

/* Whether the store's tables are there. */
static int has_schema(pg *g, int *yes)
{
    PGresult *r = PQexec(g->c, "SELECT to_regclass('statements') IS NOT NULL AND to_regclass('speaker_aliases') IS NOT NULL"
                               " AND to_regclass('meta') IS NOT NULL");
    int rc = ws_pg_ok(g, r, "schema");
    if (rc == WS_OK) *yes = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return rc;
}

/* Whether the deferred indexes and statements_speaker_id are there (else
 * an open for writing creates the schema's missing parts, and replaces
 * the single-column statements_speaker of a database made before it: a
 * user who may only read a complete database needs no rights to create). */
static int indexes_there(pg *g, int *yes)
{
    PGresult *r = PQexec(g->c, "SELECT to_regclass('statements_fts') IS NOT NULL AND to_regclass('statements_cluster') IS NOT NULL"
                               " AND to_regclass('statements_speaker_id') IS NOT NULL");
    int rc = ws_pg_ok(g, r, "schema");
    if (rc == WS_OK) *yes = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return rc;
}

/* An empty database gets its deferred indexes at the end of the load; a
 * non-empty one now, if they are missing. */
static int defer_or_build(pg *g)
{
    PGresult *r = PQexec(g->c, "SELECT EXISTS(SELECT 1 FROM statements)");
    int rc = ws_pg_ok(g, r, "schema");
    int empty = rc == WS_OK && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 'f';
    PQclear(r);
    if (rc) return rc;
    g->deferred = empty;
    return pg_exec(g, empty ? ws_pg_undefer_sql : ws_pg_deferred_sql, "schema");
}

/* Runs SQL, then STEP (when not NULL), in one transaction under the
 * ingest lock.  Creating or indexing a table waits for the batches
 * writing it, which may wait for the lock: PostgreSQL then breaks the
 * deadlock, and this runs again. */
static int locked_tx(pg *g, const char *sql, int (*step)(pg *), const char *what)
{
    int rc = WS_OK;
    for (int attempt = 1;; attempt++) {
        rc = pg_exec(g, "BEGIN", what);
        if (rc == WS_OK) rc = pg_exec(g, "SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")", what);
        if (rc == WS_OK) rc = pg_exec(g, sql, what);
        if (rc == WS_OK && step) rc = step(g);
        if (rc == WS_OK) rc = pg_exec(g, "COMMIT", what);
        if (rc == WS_OK) return WS_OK;
        char keep[sizeof g->err];
        memcpy(keep, g->err, sizeof keep);
        PQclear(PQexec(g->c, "ROLLBACK"));
        memcpy(g->err, keep, sizeof keep);
        if (attempt >= PG_ATTEMPTS || (strcmp(g->state, "40P01") && strcmp(g->state, "40001"))) return rc;
        struct timespec ts = {0, (long)(attempt < 10 ? attempt : 10) * 20000000L};
        nanosleep(&ts, NULL);
    }
}

/* libpq's notices (and the server's last words before it ends a
 * session) would go to standard error: the library prints nothing, and
 * an error that follows says what happened. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int pg_open(const char *target, const ws_store_open *o, void **conn, char *err, size_t errlen)
{
    *conn = NULL;
    pg *g = ws__calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return WS_NOMEM;
    }
    ws_hmap_init(&g->asked, NULL);
    ws_hmap_init(&g->known, NULL);
    ws_hmap_init(&g->used, NULL);
    g->read_only = o && o->read_only;
    int rc = WS_OK, yes = 0;
    g->c = PQconnectdb(target);
    if (!g->c) {
        snprintf(g->err, sizeof g->err, "out of memory");
        rc = WS_NOMEM;
        goto fail;
    }
    PQsetNoticeProcessor(g->c, quiet, NULL);
    if (PQstatus(g->c) != CONNECTION_OK) {
        const char *m = PQerrorMessage(g->c);
        /* libpq's message may span lines (one per address tried): the
         * last non-empty line says why */
        const char *line = m, *p = m;
        while ((p = strchr(p, '\n')) && p[1]) line = ++p;
        snprintf(g->err, sizeof g->err, "cannot connect to PostgreSQL: %.*s", (int)strcspn(line, "\n"), line);
        rc = WS_DB;
        goto fail;
    }
    if (PQsetClientEncoding(g->c, "UTF8") != 0) {
        rc = ws_pg_fail(g, "client encoding", NULL);
        goto fail;
    }
    if ((rc = pg_exec(g, "SET client_min_messages = warning", "open"))) goto fail;
    /* a search's bitmaps of many rows stay exact (past work_mem they turn
     * lossy and every row of their pages is checked again); no JIT
     * compilation: the planner's cost of a search that stops at its page
     * counts every row it could read, and compiling takes longer than
     * reading the page */
    if (g->read_only && (rc = pg_exec(g, "SET work_mem = '64MB'; SET jit = off", "open"))) goto fail;
    if ((rc = has_schema(g, &yes))) goto fail;
    if (!yes && g->read_only) {
        snprintf(g->err, sizeof g->err, "not a whosaid database (no statements table)");
        rc = WS_DB;
        goto fail;
    }
    int complete = 0;
    if (yes && (rc = indexes_there(g, &complete))) goto fail;
    if (!g->read_only && !complete) {
        /* the first of several ingesters starting at once creates it */
        if ((rc = locked_tx(g, ws_pg_schema_sql, defer_or_build, "schema"))) goto fail;
    }
    if (!g->read_only) {
        for (int i = 0; i < P_COUNT; i++) {
            PGresult *r = PQprepare(g->c, ws_pg_prepared[i].name, ws_pg_prepared[i].sql, ws_pg_prepared[i].nparams, NULL);
            rc = ws_pg_ok(g, r, "prepare");
            PQclear(r);
            if (rc) goto fail;
        }
    }
    *conn = g;
    return WS_OK;
fail:
    snprintf(err, errlen, "%s", g->err);
    pg_close(g);
    return rc;
}

/* ------------------------------------------------------------ ingest */

static int pg_topics_register(void *conn, const char *const *names, size_t n, int64_t *ids)
{
    pg *g = conn;
    for (size_t i = 0; i < n; i++) {
        const char *v[1] = {names[i]};
        PGresult *r = PQexecParams(g->c, "INSERT INTO topics(name) VALUES ($1) ON CONFLICT DO NOTHING", 1, NULL, v,
                                   NULL, NULL, 0);
        int rc = ws_pg_ok(g, r, "topics");
        PQclear(r);
        if (rc) return rc;
        r = PQexecParams(g->c, "SELECT id FROM topics WHERE lower(name COLLATE \"C\") = lower($1 COLLATE \"C\")", 1,
                         NULL, v, NULL, NULL, 0);
        rc = ws_pg_ok(g, r, "topics");
        if (rc == WS_OK) ids[i] = ws_pg_first_id(r);
        PQclear(r);
        if (rc) return rc;
    }
    return WS_OK;
}

static int pg_begin(void *conn)
{
    pg *g = conn;
    if (g->forgot) {
        /* a batch to be run again (WS_STORE_RETRY): rolled back, its
         * buffered rows dropped */
        PQclear(PQexec(g->c, "ROLLBACK"));
        g->in_tx = g->locked = g->forgot = 0;
        buf *bufs[] = {&g->docs, &g->st, &g->tp, &g->add_id, &g->add_n, &g->add_first, &g->add_last,
                       &g->title_id, &g->title_kind, &g->title_value, &g->title_n, &g->title_first,
                       &g->title_last, &g->used_ids};
        for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) bufs[i]->len = 0;
        g->nadds = g->ntitles = 0;
        ws_hmap_clear(&g->used);
    }
    if (g->in_tx) return WS_OK;
    int rc = pg_exec(g, "BEGIN", "begin");
    if (rc) return rc;
    g->in_tx = 1;
    g->locked = g->lock_begun = 0;
    /* what was looked up ahead held for the last batch only */
    ws_hmap_clear(&g->asked);
    ws_hmap_clear(&g->known);
    g->nkn = 0;
    /* a batch run again takes the lock at once (see the essay) */
    if (g->lock_next) {
        g->lock_next = 0;
        g->lock_begun = 1;
        return ws_pg_lock(g);
    }
    return WS_OK;
}

static int pg_holds_lock(void *conn)
{
    const pg *g = conn;
    return g->in_tx && g->locked && !g->lock_begun;
}

static int pg_commit(void *conn)
{
    pg *g = conn;
    if (!g->in_tx) return WS_OK;
    int rc = ws_pg_flush(g);
    if (rc == WS_OK) rc = pg_exec(g, "COMMIT", "commit");
    if (rc == WS_OK) g->in_tx = g->locked = 0;
    return rc;
}

/* The end of a load: builds the deferred indexes (under the ingest lock:
 * the first ingester to finish does, the others find them) and updates
 * the planner's statistics of what was written. */
static int pg_finish(void *conn)
{
    pg *g = conn;
    int rc = WS_OK;
    if (g->deferred) {
        if ((rc = locked_tx(g, ws_pg_deferred_sql, NULL, "index"))) return rc;
        g->deferred = 0;
    }
    if (g->wrote) rc = pg_exec(g, "ANALYZE documents, statements, speakers, speaker_aliases, statement_topics", "analyze");
    g->wrote = 0;
    return rc;
}

static int pg_doc_find(void *conn, ws_store_text doc, int64_t *id, char hash[17])
{
    pg *g = conn;
    int rc;
    *id = 0;
    hash[0] = 0;
    snprintf(g->doc, sizeof g->doc, "%.*s", (int)(doc.n < sizeof g->doc - 1 ? doc.n : sizeof g->doc - 1), doc.p);
    int64_t k;
    if (ws_hmap_count(&g->known) && ws_hmap_get(&g->known, doc.p, doc.n, &k)) {
        *id = g->kn[k].id;
        memcpy(hash, g->kn[k].hash, 17);
        return WS_OK;
    }
    if (ws_hmap_count(&g->asked) && ws_hmap_get(&g->asked, doc.p, doc.n, NULL)) return WS_OK;
    char *d = ws__strndup(doc.p, doc.n);
    if (!d) return WS_NOMEM;
    const char *v[1] = {d};
    PGresult *r = NULL;
    rc = ws_pg_run(g, P_DOC_FIND, v, &r, "document lookup");
    ws__free(d);
    if (rc) return rc;
    if (PQntuples(r) > 0) {
        *id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        snprintf(hash, 17, "%s", PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return WS_OK;
}

/* Records that document DOC[n] is stored as ID with HASH (for doc_find). */
static int know_doc(pg *g, const char *doc, size_t n, int64_t id, const char *hash)
{
    int64_t k;
    if (!ws_hmap_get(&g->known, doc, n, &k)) {
        if (g->nkn == g->capkn) {
            size_t nc = g->capkn ? g->capkn * 2 : 1024;
            struct kdoc *nk = ws__realloc(g->kn, nc * sizeof *nk);
            if (!nk) return WS_NOMEM;
            g->kn = nk;
            g->capkn = nc;
        }
        k = (int64_t)g->nkn++;
        if (ws_hmap_put(&g->known, doc, n, k) != WS_OK) return WS_NOMEM;
    }
    g->kn[k].id = id;
    snprintf(g->kn[k].hash, sizeof g->kn[k].hash, "%s", hash ? hash : "");
    return WS_OK;
}

/* Looks documents IDS[n] up in one query, so that doc_find answers them
 * without a round trip each, with this connection's own writes of the
 * batch (doc_put).  Another ingester may store one of them before this
 * batch commits: the unique index on documents.doc then has the batch run
 * again (see the essay). */
static int pg_doc_prefetch(void *conn, const ws_store_text *ids, size_t n)
{
    pg *g = conn;
    if (!g->in_tx || !n) return WS_OK;
    buf arr = {0};
    int rc = WS_OK;
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        char *d = ws__strndup(ids[i].p, ids[i].n);
        if (!d) rc = WS_NOMEM;
        else rc = ws_pg_arr_add(&arr, d);
        ws__free(d);
    }
    const char *v[1] = {rc == WS_OK ? ws_pg_arr_end(&arr) : NULL};
    if (!v[0]) {
        ws_buf_free(&arr);
        return WS_NOMEM;
    }
    /* the batch's own documents, maybe still buffered, are known already */
    PGresult *r = PQexecParams(g->c, "SELECT doc, id, hash FROM documents WHERE doc = ANY($1::text[])", 1, NULL, v,
                               NULL, NULL, 0);
    ws_buf_free(&arr);
    rc = ws_pg_ok(g, r, "document lookup");
    for (int i = 0; rc == WS_OK && i < PQntuples(r); i++)
        rc = know_doc(g, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0), strtoll(PQgetvalue(r, i, 1), NULL, 10),
                      PQgetvalue(r, i, 2));
    PQclear(r);
    for (size_t i = 0; i < n && rc == WS_OK; i++) rc = ws_hmap_put(&g->asked, ids[i].p, ids[i].n, 1);
    return rc;
}

static int pg_doc_clear(void *conn, int64_t id)
{
    pg *g = conn;
    int rc = ws_pg_lock(g);
    if (rc == WS_OK) rc = ws_pg_flush(g);
    if (rc) return rc;
    char ids[24];
    ws_pg_i64s(ids, id);
    const char *v[1] = {ids};
    static const char *const steps[] = {
        "CREATE TEMP TABLE IF NOT EXISTS ws_recount(id bigint) ON COMMIT DELETE ROWS",
        "INSERT INTO ws_recount SELECT DISTINCT speaker_id FROM statements WHERE doc_id = $1 AND speaker_id IS NOT NULL",
        "DELETE FROM statement_topics WHERE statement_id IN (SELECT id FROM statements WHERE doc_id = $1)",
        "DELETE FROM statements WHERE doc_id = $1",
        ("UPDATE speakers sp SET statements = c.n, first_date = c.f, last_date = c.l FROM"
        " (SELECT r.id, count(s.id) AS n, min(s.sort_date COLLATE \"C\") AS f, max(s.sort_date COLLATE \"C\") AS l"
        "  FROM ws_recount r LEFT JOIN statements s ON s.speaker_id = r.id GROUP BY r.id) c WHERE sp.id = c.id"),
        /* their titles and affiliations, counted again */
        "DELETE FROM speaker_titles WHERE speaker_id IN (SELECT id FROM ws_recount)",
        ("INSERT INTO speaker_titles(speaker_id, kind, value, statements, first_date, last_date)"
        " SELECT s.speaker_id, 'title', s.title, count(*), min(s.sort_date COLLATE \"C\"),"
        " max(s.sort_date COLLATE \"C\") FROM statements s JOIN ws_recount r ON r.id = s.speaker_id"
        " WHERE s.title <> '' GROUP BY s.speaker_id, s.title"
        " UNION ALL SELECT s.speaker_id, 'affiliation', s.affiliation, count(*), min(s.sort_date COLLATE \"C\"),"
        " max(s.sort_date COLLATE \"C\") FROM statements s JOIN ws_recount r ON r.id = s.speaker_id"
        " WHERE s.affiliation <> '' GROUP BY s.speaker_id, s.affiliation"),
        "DELETE FROM ws_recount",
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps && rc == WS_OK; i++) {
        int np = strstr(steps[i], "$1") ? 1 : 0;
        PGresult *r = PQexecParams(g->c, steps[i], np, NULL, np ? v : NULL, NULL, NULL, 0);
        rc = ws_pg_ok(g, r, "replace");
        PQclear(r);
    }
    return rc;
}

static int pg_doc_put(void *conn, const ws_store_doc *d, int64_t *id)
{
    pg *g = conn;
    int rc;
    if (*id && (rc = ws_pg_lock(g))) return rc;
    if (*id) {
        char *doc = ws__strndup(d->id.p, d->id.n), *text = d->text.p ? ws__strndup(d->text.p, d->text.n) : NULL;
        char bytes[24], n[24], ids[24];
        ws_pg_i64s(bytes, d->bytes);
        ws_pg_i64s(n, d->statements);
        ws_pg_i64s(ids, *id);
        if (!doc || (d->text.p && !text)) rc = WS_NOMEM;
        else {
            const char *v[11] = {doc, d->hash, d->date, d->title, d->url, d->outlet, bytes, text, n, d->ingested, ids};
            rc = ws_pg_run(g, P_DOC_UPD, v, NULL, "document");
        }
        if (rc == WS_OK) rc = know_doc(g, d->id.p, d->id.n, *id, d->hash);
        ws__free(doc);
        ws__free(text);
        return rc;
    }
    if ((rc = next_id(g, &g->doc_seq, "documents_id_seq", id))) return rc;
    buf *b = &g->docs;
    if ((rc = copy_int(b, *id)) || (rc = copy_sep(b, '\t')) || (rc = copy_text(b, d->id.p, d->id.n)) ||
        (rc = copy_sep(b, '\t')) || (rc = copy_str(b, d->hash)) || (rc = copy_sep(b, '\t')) ||
        (rc = copy_str(b, d->date)) || (rc = copy_sep(b, '\t')) || (rc = copy_str(b, d->title)) ||
        (rc = copy_sep(b, '\t')) || (rc = copy_str(b, d->url)) || (rc = copy_sep(b, '\t')) ||
        (rc = copy_str(b, d->outlet)) || (rc = copy_sep(b, '\t')) || (rc = copy_int(b, d->bytes)) ||
        (rc = copy_sep(b, '\t')) || (rc = copy_text(b, d->text.p, d->text.n)) || (rc = copy_sep(b, '\t')) ||
        (rc = copy_int(b, d->statements)) || (rc = copy_sep(b, '\t')) || (rc = copy_str(b, d->ingested)) ||
        (rc = copy_sep(b, '\n')))
        return rc;
    g->wrote = 1;
    return know_doc(g, d->id.p, d->id.n, *id, d->hash);
}

static int copy_span(buf *b, const ws_store_span *s)
{
    int rc = copy_text(b, s->text.p, s->text.n);
    if (rc == WS_OK) rc = copy_sep(b, '\t');
    if (rc) return rc;
    if (!s->text.p) return ws_buf_append(b, "\\N\t\\N", 5);
    if ((rc = copy_int(b, s->start)) || (rc = copy_sep(b, '\t'))) return rc;
    return copy_int(b, s->end);
}

static int pg_statements_add(void *conn, ws_store_row *rows, size_t n)
{
    pg *g = conn;
    buf *b = &g->st;
    int rc = WS_OK;
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        ws_store_row *w = &rows[i];
        int64_t seq = 0;
        if ((rc = next_id(g, &g->st_seq, "statement_seq", &seq))) return rc;
        w->id = (w->day << 32) | (seq & 0xffffffffll);
        char conf[40];
        snprintf(conf, sizeof conf, "%.17g", w->confidence);
        const char *content = w->content.text.p ? w->content.text.p : "";
        if ((rc = copy_int(b, w->id)) || (rc = copy_sep(b, '\t')) || (rc = copy_int(b, w->doc_id)) ||
            (rc = copy_sep(b, '\t')) || (rc = copy_str(b, w->kind)) || (rc = copy_sep(b, '\t')) ||
            (rc = copy_text(b, content, w->content.text.n)) || (rc = copy_sep(b, '\t')) ||
            (rc = copy_int(b, w->content.start)) || (rc = copy_sep(b, '\t')) || (rc = copy_int(b, w->content.end)) ||
            (rc = copy_sep(b, '\t')) || (rc = copy_span(b, &w->content2)) || (rc = copy_sep(b, '\t')) ||
            (rc = copy_span(b, &w->cue)) || (rc = copy_sep(b, '\t')) || (rc = copy_span(b, &w->source)) ||
            (rc = copy_sep(b, '\t')))
            return rc;
        if (w->speaker_id) {
            char key[8];
            memcpy(key, &w->speaker_id, sizeof key);
            if (!ws_hmap_get(&g->used, key, sizeof key, NULL)) {
                char ids[24];
                ws_pg_i64s(ids, w->speaker_id);
                if ((rc = ws_hmap_put(&g->used, key, sizeof key, 1)) || (rc = ws_pg_arr_add(&g->used_ids, ids)))
                    return rc;
            }
            rc = copy_int(b, w->speaker_id);
        } else rc = copy_str(b, NULL);
        const char *strs[] = {w->speaker, w->title, w->affiliation, w->date, w->date_text, w->venue, w->sort_date,
                              w->cluster};
        for (size_t k = 0; k < sizeof strs / sizeof *strs && rc == WS_OK; k++) {
            rc = copy_sep(b, '\t');
            if (rc == WS_OK) rc = copy_str(b, strs[k]);
        }
        if (rc || (rc = copy_sep(b, '\t')) || (rc = ws_buf_append(b, conf, strlen(conf))) ||
            (rc = copy_sep(b, '\t')) || (rc = copy_str(b, w->method)) || (rc = copy_sep(b, '\n')))
            return rc;
        for (size_t k = 0; k < w->ntopics && rc == WS_OK; k++) {
            if ((rc = copy_int(&g->tp, w->topics[k])) || (rc = copy_sep(&g->tp, '\t')) ||
                (rc = copy_int(&g->tp, w->id)))
                return rc;
            rc = copy_sep(&g->tp, '\n');
        }
    }
    return rc;
}

const ws_store_backend ws_store_pg = {
    .name = "postgresql",
    .gather = 1,
    .accepts = pg_accepts,
    .open = pg_open,
    .close = pg_close,
    .errmsg = pg_errmsg,
    .topics_register = pg_topics_register,
    .begin = pg_begin,
    .commit = pg_commit,
    .holds_lock = pg_holds_lock,
    .finish = pg_finish,
    .doc_find = pg_doc_find,
    .doc_prefetch = pg_doc_prefetch,
    .doc_clear = pg_doc_clear,
    .doc_put = pg_doc_put,
    .statements_add = pg_statements_add,
    .registry_enter = NULL,
    .alias_get = ws_pg_alias_get,
    .surname_best = ws_pg_surname_best,
    .speaker_new = ws_pg_speaker_new,
    .alias_add = ws_pg_alias_add,
    .speaker_single = ws_pg_speaker_single,
    .speaker_merge = ws_pg_speaker_merge,
    .speaker_add = ws_pg_speaker_add,
    .title_add = ws_pg_title_add,
    .title_holders = ws_pg_title_holders,
    .near_find = ws_pg_near_find,
    .near_add = ws_pg_near_add,
    .counts = ws_pg_counts,
    .alias_exists = ws_pg_alias_exists,
    .search = ws_pg_search,
    .count = ws_pg_count,
    .timeline = ws_pg_timeline,
    .speakers = ws_pg_speakers,
    .speakers_count = ws_pg_speakers_count,
    .speaker_titles = ws_pg_speaker_titles,
    .speaker_topics = ws_pg_speaker_topics,
    .topics = ws_pg_topics,
    .speaker_names = ws_pg_speaker_names,
    .speaker_roles = ws_pg_speaker_roles,
    .document = ws_pg_document,
};

#else
/* Built without libpq: no PostgreSQL backend. */
typedef int ws_store_pg_absent;
#endif

