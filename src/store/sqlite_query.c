/*
 * sqlite_query.c -- the SQLite backend's queries: a ws_filter (built by
 * query.c, which says what it means) rendered as SQL, every value a bound
 * parameter (sqlq.h); rows handed to callbacks.
 *
 * Statement ids grow with sort_date, so "newest first" is rowid order
 * descending: a full-text query walks the FTS index backwards and stops
 * at the limit, a topic query walks statement_topics backwards, a date
 * range is a rowid range.
 */
#include "sqlite.h"
#include "sqlq.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ filters */

/* A LIKE pattern: PRE + S (with %, _ and \ escaped) + POST. */
static char *like_pattern(const char *pre, const char *s, const char *post)
{
    sqlite3_str *b = sqlite3_str_new(NULL);
    sqlite3_str_appendall(b, pre);
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') sqlite3_str_appendchar(b, 1, '\\');
        sqlite3_str_appendchar(b, 1, *s);
    }
    sqlite3_str_appendall(b, post);
    return sqlite3_str_finish(b);
}

/* The words of F as an FTS5 query: each a quoted string, so that no word
 * is syntax and all are required; a prefix word gets its '*'.  NULL when
 * out of memory. */
static char *fts_words(const ws_filter *f)
{
    sqlite3_str *b = sqlite3_str_new(NULL);
    for (size_t k = 0; k < f->nwords; k++) {
        const ws_store_word *w = &f->words[k];
        if (k) sqlite3_str_appendchar(b, 1, ' ');
        sqlite3_str_appendchar(b, 1, '"');
        for (size_t i = 0; i < w->n; i++) {
            if (w->p[i] == '"') sqlite3_str_appendchar(b, 1, '"');
            sqlite3_str_appendchar(b, 1, w->p[i]);
        }
        sqlite3_str_appendchar(b, 1, '"');
        if (w->prefix) sqlite3_str_appendchar(b, 1, '*');
    }
    return sqlite3_str_finish(b);
}

/* Appends to B the condition "alias matches NAME in MODE" (WS_SPK_WORD:
 * equal, or NAME as whole words at its start, end or inside; else
 * anywhere).  LIKE and the alias column's NOCASE are ASCII
 * case-insensitive. */
static void alias_match(sqlq *b, ws_spk_match mode, const char *name)
{
    if (mode == WS_SPK_WORD) {
        sqlite3_str_appendf(b->sql,
                            "alias = ?%d OR alias LIKE ?%d ESCAPE '\\' OR alias LIKE ?%d ESCAPE '\\'"
                            " OR alias LIKE ?%d ESCAPE '\\'",
                            b->n + 1, b->n + 2, b->n + 3, b->n + 4);
        ws_sqlq_text(b, sqlite3_mprintf("%s", name));
        ws_sqlq_text(b, like_pattern("", name, " %"));
        ws_sqlq_text(b, like_pattern("% ", name, ""));
        ws_sqlq_text(b, like_pattern("% ", name, " %"));
    } else {
        sqlite3_str_appendf(b->sql, "alias LIKE ?%d ESCAPE '\\'", b->n + 1);
        ws_sqlq_text(b, like_pattern("%", name, "%"));
    }
}

/* Appends to B the condition "COL is a speaker of NAME (or ID) in MODE". */
static void speaker_cond(sqlq *b, const char *col, ws_spk_match mode, const char *name, int64_t id)
{
    if (mode == WS_SPK_ID) {
        sqlite3_str_appendf(b->sql, " AND %s = ?%d", col, b->n + 1);
        ws_sqlq_int(b, id);
    } else if (mode != WS_SPK_ANY) {
        sqlite3_str_appendf(b->sql, " AND %s IN (SELECT speaker_id FROM speaker_aliases WHERE ", col);
        alias_match(b, mode, name);
        sqlite3_str_appendchar(b->sql, 1, ')');
    }
}

/* Appends " FROM ... WHERE ..." selecting statements s of F to B; *ORDER
 * gets the column whose descending order is newest first. */
static int build_where(const ws_filter *f, sqlq *b, const char **order)
{
    char *fts = NULL;
    if (f->match && *f->match) fts = sqlite3_mprintf("%s", f->match);
    else if (f->nwords) fts = fts_words(f);
    if (((f->match && *f->match) || f->nwords) && !fts) return WS_NOMEM;
    if (fts) {
        sqlite3_str_appendf(b->sql, " FROM statements_fts f CROSS JOIN statements s ON s.id = f.rowid"
                                    " WHERE statements_fts MATCH ?%d", b->n + 1);
        ws_sqlq_text(b, fts);
        *order = "f.rowid";
    } else if (f->topic) {
        sqlite3_str_appendf(b->sql, " FROM statement_topics x CROSS JOIN statements s ON s.id = x.statement_id"
                                    " WHERE x.topic_id = (SELECT id FROM topics WHERE name = ?%d)",
                            b->n + 1);
        ws_sqlq_text(b, sqlite3_mprintf("%s", f->topic));
        *order = "x.statement_id";
    } else {
        sqlite3_str_appendall(b->sql, " FROM statements s WHERE 1");
        *order = "s.id";
    }
    if (fts && f->topic) {
        sqlite3_str_appendf(b->sql, " AND s.id IN (SELECT x.statement_id FROM statement_topics x"
                                    " WHERE x.topic_id = (SELECT id FROM topics WHERE name = ?%d))",
                            b->n + 1);
        ws_sqlq_text(b, sqlite3_mprintf("%s", f->topic));
    }
    /* a date range is an id range (ids begin with the julian day); an
     * undated statement (day 0) is in none */
    if (f->since_day || f->until_day) {
        sqlite3_str_appendf(b->sql, " AND %s >= ?%d", *order, b->n + 1);
        ws_sqlq_int(b, (f->since_day ? f->since_day : 1) << 32);
    }
    if (f->until_day) {
        sqlite3_str_appendf(b->sql, " AND %s < ?%d", *order, b->n + 1);
        ws_sqlq_int(b, (f->until_day + 1) << 32);
    }
    if (f->kind) {
        sqlite3_str_appendf(b->sql, " AND s.kind = ?%d", b->n + 1);
        ws_sqlq_text(b, sqlite3_mprintf("%s", f->kind));
    }
    speaker_cond(b, "s.speaker_id", f->speaker_mode, f->speaker, f->speaker_id);
    return ws_sqlq_ok(b) ? WS_OK : WS_NOMEM;
}

/* ------------------------------------------------------------ running */

/* Prepares B (plus TAIL) on C, frees B. */
static int prepare_built(sqlconn *c, sqlq *b, const char *tail, sqlite3_stmt **st)
{
    int rc = ws_sqlq_prepare(b, c->db, tail, st);
    ws_sqlq_free(b);
    if (rc == SQLITE_NOMEM) return WS_NOMEM;
    if (rc != SQLITE_OK) return ws_sql_fail(c, "query");
    return WS_OK;
}

/* Steps ST to its end, ROW called per row, and finalizes it.  A
 * full-text syntax error is WS_PARSE. */
static int run_rows(sqlconn *c, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, void *), void *ud)
{
    int r, rc = WS_OK;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = row(st, ud))) break;
    if (rc == WS_OK && r != SQLITE_DONE) {
        rc = ws_sql_fail(c, "query");
        if ((r & 0xff) == SQLITE_ERROR) rc = WS_PARSE;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Prepares SQL, binds ID (when I64 is set) or TEXT as ?1, runs it. */
static int run_simple(sqlconn *c, const char *sql, int64_t id, const char *text, int (*row)(sqlite3_stmt *, void *),
                      void *ud)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) return ws_sql_fail(c, "query");
    if (text) sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else sqlite3_bind_int64(st, 1, id);
    return run_rows(c, st, row, ud);
}

static const char *col(sqlite3_stmt *q, int i) { return (const char *)sqlite3_column_text(q, i); }

static int64_t col_id(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(q, i);
}

static int count_row(sqlite3_stmt *q, void *ud)
{
    *(long *)ud = (long)sqlite3_column_int64(q, 0);
    return 0;
}

/* ------------------------------------------------------------ statements */

int ws_sql_counts(void *conn, ws_db_counts *out)
{
    sqlconn *c = conn;
    static const char *const sql =
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements),"
        " (SELECT count(*) FROM speakers WHERE statements > 0),"
        " (SELECT count(DISTINCT cluster) FROM statements), (SELECT count(*) FROM topics)";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, sql, -1, &q, NULL) != SQLITE_OK) return ws_sql_fail(c, "counts");
    int rc = sqlite3_step(q) == SQLITE_ROW ? WS_OK : ws_sql_fail(c, "counts");
    if (rc == WS_OK) {
        out->documents = (long)sqlite3_column_int64(q, 0);
        out->statements = (long)sqlite3_column_int64(q, 1);
        out->speakers = (long)sqlite3_column_int64(q, 2);
        out->clusters = (long)sqlite3_column_int64(q, 3);
        out->topics = (long)sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    return rc;
}

int ws_sql_alias_exists(void *conn, const char *name, ws_spk_match mode, int *found)
{
    sqlconn *c = conn;
    sqlq b;
    ws_sqlq_init(&b, c->db);
    sqlite3_str_appendall(b.sql, "SELECT count(*) FROM (SELECT 1 FROM speaker_aliases WHERE ");
    alias_match(&b, mode, name);
    sqlite3_stmt *st;
    int rc = prepare_built(c, &b, " LIMIT 1)", &st);
    if (rc) return rc;
    long n = 0;
    rc = run_rows(c, st, count_row, &n);
    *found = n > 0;
    return rc;
}

static ws_db_span span_col(sqlite3_stmt *q, int i)
{
    ws_db_span s = {col(q, i), -1, -1};
    if (s.text) {
        s.start = sqlite3_column_int64(q, i + 1);
        s.end = sqlite3_column_int64(q, i + 2);
    }
    return s;
}

typedef struct hit_ctx {
    ws_store_hit_fn fn;
    void *ud;
    int repeats;
} hit_ctx;

static int hit_row(sqlite3_stmt *q, void *ud)
{
    hit_ctx *c = ud;
    ws_store_hit x;
    ws_hit *h = &x.h;
    h->id = sqlite3_column_int64(q, 0);
    h->doc = col(q, 1);
    h->doc_date = col(q, 2);
    h->doc_title = col(q, 3);
    h->doc_url = col(q, 4);
    h->doc_outlet = col(q, 5);
    h->kind = col(q, 6);
    h->content = span_col(q, 7);
    h->content2 = span_col(q, 10);
    h->cue = span_col(q, 13);
    h->source = span_col(q, 16);
    h->speaker = col(q, 19);
    h->said_as = col(q, 20);
    h->title = col(q, 21);
    h->affiliation = col(q, 22);
    h->date = col(q, 23);
    h->date_text = col(q, 24);
    h->venue = col(q, 25);
    h->sort_date = col(q, 26);
    h->cluster = col(q, 27);
    h->confidence = sqlite3_column_double(q, 28);
    h->method = col(q, 29);
    h->topics = col(q, 30);
    x.speaker_id = col_id(q, 31);
    x.doc_id = sqlite3_column_int64(q, 32);
    x.repeats = c->repeats ? (long)sqlite3_column_int64(q, 33) : 0;
    return c->fn(c->ud, &x);
}

int ws_sql_search(void *conn, const ws_filter *f, long limit, long offset, int flags, ws_store_hit_fn fn, void *ud)
{
    sqlconn *c = conn;
    sqlq b;
    ws_sqlq_init(&b, c->db);
    const char *order = "s.id";
    sqlite3_str_appendall(b.sql, "SELECT s.id, d.doc, d.date, d.title, d.url, d.outlet, s.kind,"
                                 " s.content, s.content_start, s.content_end, s.content2, s.content2_start,"
                                 " s.content2_end, s.cue, s.cue_start, s.cue_end, s.source, s.source_start,"
                                 " s.source_end, sp.name, s.speaker, s.title, s.affiliation, s.date, s.date_text,"
                                 " s.venue, s.sort_date, s.cluster, s.confidence, s.method,"
                                 " (SELECT group_concat(t.name, ',') FROM statement_topics y"
                                 "   JOIN topics t ON t.id = y.topic_id WHERE y.statement_id = s.id),"
                                 " s.speaker_id, d.id");
    if (flags & WS_HIT_REPEATS)
        sqlite3_str_appendall(b.sql, ", (SELECT count(DISTINCT r.doc_id) FROM statements r WHERE r.cluster = s.cluster)");
    sqlite3_str_appendall(b.sql, " FROM (SELECT s.id AS hid");
    int rc = build_where(f, &b, &order);
    if (rc == WS_OK) {
        sqlite3_str_appendf(b.sql, " ORDER BY %s DESC", order);
        if (limit > 0 || offset > 0) sqlite3_str_appendf(b.sql, " LIMIT %ld", limit > 0 ? limit : -1L);
        if (offset > 0) sqlite3_str_appendf(b.sql, " OFFSET %ld", offset);
        sqlite3_str_appendall(b.sql, ") h JOIN statements s ON s.id = h.hid JOIN documents d ON d.id = s.doc_id"
                                     " LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.id DESC");
    }
    sqlite3_stmt *st = NULL;
    if (rc == WS_OK) rc = prepare_built(c, &b, NULL, &st);
    else ws_sqlq_free(&b);
    if (rc) return rc;
    hit_ctx hc = {fn, ud, (flags & WS_HIT_REPEATS) != 0};
    return run_rows(c, st, hit_row, &hc);
}

int ws_sql_count(void *conn, const ws_filter *f, long *n)
{
    sqlconn *c = conn;
    sqlq b;
    ws_sqlq_init(&b, c->db);
    const char *order;
    sqlite3_str_appendall(b.sql, "SELECT count(*)");
    int rc = build_where(f, &b, &order);
    sqlite3_stmt *st = NULL;
    if (rc == WS_OK) rc = prepare_built(c, &b, NULL, &st);
    else ws_sqlq_free(&b);
    if (rc) return rc;
    *n = 0;
    return run_rows(c, st, count_row, n);
}

/* ------------------------------------------------------------ timelines */

typedef struct period_ctx {
    ws_period_fn fn;
    void *ud;
    int split;
} period_ctx;

static int period_row(sqlite3_stmt *q, void *ud)
{
    period_ctx *c = ud;
    if (!c->split) {
        const char *p = col(q, 0);
        return p ? c->fn(c->ud, NULL, p, (long)sqlite3_column_int64(q, 1)) : 0;
    }
    const char *k = col(q, 0), *p = col(q, 1);
    return k && p ? c->fn(c->ud, k, p, (long)sqlite3_column_int64(q, 2)) : 0;
}

int ws_sql_timeline(void *conn, const ws_filter *f, ws_period by, ws_split split, int max_series,
                    ws_period_fn fn, void *ud)
{
    static const char *const bucket[] = {"s.sort_date", "date(s.sort_date, '-6 days', 'weekday 1')",
                                         "substr(s.sort_date, 1, 7) || '-01'"};
    static const char *const key[] = {NULL, "t.name", "coalesce(spk.name, s.speaker)"};
    static const char *const join[] = {
        NULL, " JOIN statement_topics x ON x.statement_id = s.id JOIN topics t ON t.id = x.topic_id",
        " LEFT JOIN speakers spk ON spk.id = s.speaker_id"};
    sqlconn *c = conn;
    sqlq b;
    ws_sqlq_init(&b, c->db);
    const char *order;
    char tail[640];
    if (split == WS_SPLIT_NONE) {
        sqlite3_str_appendf(b.sql, "SELECT %s AS p, count(*)", bucket[by]);
        snprintf(tail, sizeof tail, " AND s.sort_date IS NOT NULL GROUP BY p ORDER BY p");
    } else {
        sqlite3_str_appendf(b.sql, "WITH sel AS (SELECT s.id AS sid, %s AS p", bucket[by]);
        snprintf(tail, sizeof tail,
                 " AND s.sort_date IS NOT NULL), named AS (SELECT sel.p, %s AS k FROM sel JOIN statements s"
                 " ON s.id = sel.sid%s),"
                 " top AS (SELECT k, count(*) AS n FROM named WHERE k IS NOT NULL GROUP BY k ORDER BY n DESC, k"
                 " LIMIT %d)"
                 " SELECT named.k, named.p, count(*) FROM named JOIN top ON top.k = named.k"
                 " GROUP BY named.k, named.p ORDER BY top.n DESC, named.k, named.p",
                 key[split], join[split], max_series);
    }
    int rc = build_where(f, &b, &order);
    sqlite3_stmt *st = NULL;
    if (rc == WS_OK) rc = prepare_built(c, &b, tail, &st);
    else ws_sqlq_free(&b);
    if (rc) return rc;
    period_ctx pc = {fn, ud, split != WS_SPLIT_NONE};
    return run_rows(c, st, period_row, &pc);
}

/* ------------------------------------------------------------ speakers */

/* Appends the FROM and WHERE of speaker listing Q to B. */
static void speakers_where(sqlq *b, const ws_speaker_query *q)
{
    sqlite3_str_appendall(b->sql, " FROM speakers sp WHERE ");
    sqlite3_str_appendall(b->sql, q->mode == WS_SPK_ID ? "1" : "sp.statements > 0");
    speaker_cond(b, "sp.id", q->mode, q->name, q->id);
}

typedef struct spk_ctx {
    ws_speaker_fn fn;
    void *ud;
} spk_ctx;

static int speaker_row(sqlite3_stmt *q, void *ud)
{
    spk_ctx *c = ud;
    ws_speaker_row r;
    r.id = sqlite3_column_int64(q, 0);
    r.name = col(q, 1);
    r.is_person = sqlite3_column_int(q, 2);
    r.statements = (long)sqlite3_column_int64(q, 3);
    r.first = col(q, 4);
    r.last = col(q, 5);
    r.titles = col(q, 6);
    r.affiliations = col(q, 7);
    r.aliases = col(q, 8);
    return c->fn(c->ud, &r);
}

int ws_sql_speakers(void *conn, const ws_speaker_query *q, ws_speaker_fn fn, void *ud)
{
    sqlconn *c = conn;
    sqlq b;
    ws_sqlq_init(&b, c->db);
    sqlite3_str_appendf(b.sql,
        "SELECT sp.id, sp.name, sp.is_person, sp.statements, sp.first_date, sp.last_date,"
        " (SELECT group_concat(value, '; ') FROM speaker_titles WHERE speaker_id = sp.id AND kind = 'title'),"
        " (SELECT group_concat(value, '; ') FROM speaker_titles WHERE speaker_id = sp.id AND kind = 'affiliation'),"
        " (SELECT group_concat(alias, '; ') FROM speaker_aliases WHERE speaker_id = sp.id%s)",
        q->all_aliases ? "" : " AND alias <> sp.name");
    speakers_where(&b, q);
    sqlite3_str_appendall(b.sql, " ORDER BY sp.statements DESC, sp.name");
    if (q->limit > 0 || q->offset > 0) sqlite3_str_appendf(b.sql, " LIMIT %ld", q->limit > 0 ? q->limit : -1L);
    if (q->offset > 0) sqlite3_str_appendf(b.sql, " OFFSET %ld", q->offset);
    sqlite3_stmt *st = NULL;
    int rc = prepare_built(c, &b, NULL, &st);
    if (rc) return rc;
    spk_ctx sc = {fn, ud};
    return run_rows(c, st, speaker_row, &sc);
}

int ws_sql_speakers_count(void *conn, const ws_speaker_query *q, long *n)
{
    sqlconn *c = conn;
    sqlq b;
    ws_sqlq_init(&b, c->db);
    sqlite3_str_appendall(b.sql, "SELECT count(*)");
    speakers_where(&b, q);
    sqlite3_stmt *st = NULL;
    int rc = prepare_built(c, &b, NULL, &st);
    if (rc) return rc;
    *n = 0;
    return run_rows(c, st, count_row, n);
}

/* ------------------------------------------------------------ topics, documents */

typedef struct cnt_ctx {
    ws_count_fn fn;
    void *ud;
} cnt_ctx;

static int cnt_row(sqlite3_stmt *q, void *ud)
{
    cnt_ctx *c = ud;
    return c->fn(c->ud, col(q, 0), (long)sqlite3_column_int64(q, 1));
}

int ws_sql_speaker_topics(void *conn, int64_t id, ws_count_fn fn, void *ud)
{
    cnt_ctx cc = {fn, ud};
    return run_simple(conn,
                      "SELECT t.name, count(*) AS n FROM statements s JOIN statement_topics x ON x.statement_id = s.id"
                      " JOIN topics t ON t.id = x.topic_id WHERE s.speaker_id = ?1 GROUP BY t.id ORDER BY n DESC, t.name",
                      id, NULL, cnt_row, &cc);
}

typedef struct title_ctx {
    ws_title_fn fn;
    void *ud;
} title_ctx;

static int title_row(sqlite3_stmt *q, void *ud)
{
    title_ctx *c = ud;
    ws_title_row t = {col(q, 0), col(q, 1), (long)sqlite3_column_int64(q, 2), col(q, 3), col(q, 4)};
    return c->fn(c->ud, &t);
}

int ws_sql_speaker_titles(void *conn, int64_t id, ws_title_fn fn, void *ud)
{
    title_ctx tc = {fn, ud};
    return run_simple(conn,
                      "SELECT kind, value, statements, first_date, last_date FROM speaker_titles"
                      " WHERE speaker_id = ?1 ORDER BY kind, first_date IS NULL, first_date, value",
                      id, NULL, title_row, &tc);
}

int ws_sql_topics(void *conn, ws_count_fn fn, void *ud)
{
    cnt_ctx cc = {fn, ud};
    return run_simple(conn,
                      "SELECT t.name, (SELECT count(*) FROM statement_topics x WHERE x.topic_id = t.id) AS n"
                      " FROM topics t WHERE ?1 = 0 ORDER BY n DESC, t.name",
                      0, NULL, cnt_row, &cc);
}

typedef struct doc_ctx {
    int (*dfn)(void *ud, const ws_store_docrow *d);
    int (*sfn)(void *ud, const ws_store_docst *s);
    void *ud;
    int found;
    int64_t id;
} doc_ctx;

static int doc_row(sqlite3_stmt *q, void *ud)
{
    doc_ctx *c = ud;
    ws_store_docrow d = {sqlite3_column_int64(q, 0), col(q, 1), col(q, 2), col(q, 3), col(q, 4), col(q, 5),
                         col(q, 6)};
    c->found = 1;
    c->id = d.id;
    return c->dfn(c->ud, &d);
}

static int docst_row(sqlite3_stmt *q, void *ud)
{
    doc_ctx *c = ud;
    int two = sqlite3_column_type(q, 3) != SQLITE_NULL;
    ws_store_docst s = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
                        two ? sqlite3_column_int64(q, 3) : -1, two ? sqlite3_column_int64(q, 4) : -1,
                        col(q, 5), col_id(q, 6)};
    return c->sfn(c->ud, &s);
}

int ws_sql_document(void *conn, int64_t id, const char *doc, int *found,
                    int (*dfn)(void *ud, const ws_store_docrow *d), int (*sfn)(void *ud, const ws_store_docst *s),
                    void *ud)
{
    doc_ctx dc = {dfn, sfn, ud, 0, 0};
    int rc = run_simple(conn,
                        doc ? "SELECT id, doc, title, url, outlet, date, text FROM documents WHERE doc = ?1"
                            : "SELECT id, doc, title, url, outlet, date, text FROM documents WHERE id = ?1",
                        id, doc, doc_row, &dc);
    *found = dc.found;
    if (rc || !dc.found) return rc;
    return run_simple(conn,
                      "SELECT s.id, s.content_start, s.content_end, s.content2_start, s.content2_end,"
                      " coalesce(sp.name, s.speaker), s.speaker_id FROM statements s"
                      " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.doc_id = ?1 ORDER BY s.content_start",
                      dc.id, NULL, docst_row, &dc);
}

/* ------------------------------------------------------------ a speaker over time */

typedef struct seen_ctx {
    ws_seen_fn fn;
    void *ud;
    int roles;
} seen_ctx;

static int seen_row(sqlite3_stmt *q, void *ud)
{
    seen_ctx *c = ud;
    ws_store_seen s = {NULL, NULL, NULL, NULL, NULL, 0};
    if (c->roles) {
        s.title = col(q, 0);
        s.affiliation = col(q, 1);
    } else {
        s.name = col(q, 0);
    }
    s.first = col(q, 2);
    s.last = col(q, 3);
    s.statements = (long)sqlite3_column_int64(q, 4);
    return c->fn(c->ud, &s);
}

int ws_sql_speaker_names(void *conn, int64_t id, ws_seen_fn fn, void *ud)
{
    seen_ctx sc = {fn, ud, 0};
    return run_simple(conn,
                      "SELECT speaker, NULL, min(sort_date), max(sort_date), count(*) FROM statements"
                      " WHERE speaker_id = ?1 AND coalesce(speaker, '') <> '' GROUP BY speaker"
                      " ORDER BY min(sort_date) IS NULL, min(sort_date), count(*) DESC, speaker",
                      id, NULL, seen_row, &sc);
}

/* Titles over time come from the statements (each keeps the title and
 * affiliation it was said with), grouped per pair. */
int ws_sql_speaker_roles(void *conn, int64_t id, ws_seen_fn fn, void *ud)
{
    seen_ctx sc = {fn, ud, 1};
    return run_simple(conn,
                      "SELECT nullif(title, ''), nullif(affiliation, ''), min(sort_date), max(sort_date), count(*)"
                      " FROM statements WHERE speaker_id = ?1"
                      " AND (coalesce(title, '') <> '' OR coalesce(affiliation, '') <> '')"
                      " GROUP BY nullif(title, ''), nullif(affiliation, '')"
                      " ORDER BY min(sort_date) IS NULL, min(sort_date), count(*) DESC,"
                      " coalesce(nullif(title, ''), ''), coalesce(nullif(affiliation, ''), '')",
                      id, NULL, seen_row, &sc);
}
