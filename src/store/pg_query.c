/*
 * pg_query.c -- the PostgreSQL backend's queries: a ws_filter (query.c:
 * what each filter means) rendered into SQL with every value a parameter,
 * full text as to_tsquery('english', ...) over statements.fts, rows in
 * byte order (COLLATE "C") so that they come as SQLite gives them.
 */
#ifdef WS_HAVE_PG

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Query text and its parameters under construction. */
#define MAX_PARAMS 16
typedef struct pq {
    buf *sql;
    const pg *g;
    int n;
    char *v[MAX_PARAMS]; /* owned */
    int failed;
} pq;

static void pq_init(pq *q, pg *g)
{
    memset(q, 0, sizeof *q);
    q->sql = &g->sql;
    q->g = g;
    g->sql.len = 0;
}

static void pq_free(pq *q)
{
    for (int i = 0; i < q->n; i++) ws__free(q->v[i]);
    q->n = 0;
}

static void pq_add(pq *q, const char *s)
{
    if (ws_buf_append(q->sql, s, strlen(s)) != WS_OK) q->failed = 1;
}

/* Appends TEXT with its "%d" replaced by the number of a new parameter
 * V (owned: taken; NULL records a failure). */
static void pq_param(pq *q, const char *text, char *owned)
{
    if (!owned || q->n == MAX_PARAMS) {
        ws__free(owned);
        q->failed = 1;
        return;
    }
    q->v[q->n++] = owned;
    const char *at = strstr(text, "%d");
    char num[16];
    snprintf(num, sizeof num, "%d", q->n);
    if (!at) {
        pq_add(q, text);
        return;
    }
    if (ws_buf_append(q->sql, text, (size_t)(at - text)) != WS_OK) q->failed = 1;
    pq_add(q, num);
    pq_add(q, at + 2);
}

static char *dupf_i64(int64_t v)
{
    char t[24];
    ws_pg_i64s(t, v);
    return ws__strndup(t, strlen(t));
}

static char *dup(const char *s) { return ws__strndup(s, strlen(s)); }

/* A LIKE pattern: PRE + S (with %, _ and \ escaped) + POST. */
static char *like_pattern(const char *pre, const char *s, const char *post)
{
    buf b = {0};
    int rc = ws_buf_append(&b, pre, strlen(pre));
    for (; *s && rc == WS_OK; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') rc = ws_buf_putc(&b, '\\');
        if (rc == WS_OK) rc = ws_buf_putc(&b, *s);
    }
    if (rc == WS_OK) rc = ws_buf_append(&b, post, strlen(post) + 1);
    if (rc) {
        ws_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* The tsquery text of the words of F: each word a quoted lexeme, a
 * prefix one with :*, all joined by &. */
static char *tsquery_words(const ws_filter *f)
{
    buf b = {0};
    int rc = WS_OK;
    for (size_t i = 0; i < f->nwords && rc == WS_OK; i++) {
        const ws_store_word *w = &f->words[i];
        if (i) rc = ws_buf_append(&b, " & ", 3);
        if (rc == WS_OK) rc = ws_buf_putc(&b, '\'');
        for (size_t k = 0; k < w->n && rc == WS_OK; k++) {
            if (w->p[k] == '\'' || w->p[k] == '\\') rc = ws_buf_putc(&b, w->p[k]);
            if (rc == WS_OK) rc = ws_buf_putc(&b, w->p[k]);
        }
        if (rc == WS_OK) rc = ws_buf_putc(&b, '\'');
        if (rc == WS_OK && w->prefix) rc = ws_buf_append(&b, ":*", 2);
    }
    if (rc == WS_OK) rc = ws_buf_putc(&b, 0);
    if (rc) {
        ws_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* Appends the rows "speaker_aliases WHERE the alias matches NAME in MODE"
 * (WS_SPK_WORD: equal, or NAME as whole words at its start, end or
 * inside: " alias " holding " NAME "; else anywhere).  lower() under
 * "C" folds ASCII only, as SQLite's NOCASE and LIKE do. */
static void alias_match(pq *q, ws_spk_match mode, const char *name)
{
    pq_add(q, "speaker_aliases WHERE ");
    if (mode == WS_SPK_WORD)
        pq_param(q, "' ' || lower(alias COLLATE \"C\") || ' ' LIKE lower($%d COLLATE \"C\")",
                 like_pattern("% ", name, " %"));
    else pq_param(q, "lower(alias COLLATE \"C\") LIKE lower($%d COLLATE \"C\")", like_pattern("%", name, "%"));
}

/* Appends the condition "COL (a speaker id) matches NAME in MODE".  The
 * speakers are listed first (ARRAY(...)), so that the planner combines
 * one speaker index scan with the other conditions instead of a loop per
 * matching alias. */
static void speaker_cond(pq *q, const char *col, ws_spk_match mode, const char *name, int64_t id)
{
    char t[200];
    if (mode == WS_SPK_ID) {
        snprintf(t, sizeof t, " AND %s = $%s", col, "%d");
        pq_param(q, t, dupf_i64(id));
    } else if (mode == WS_SPK_WORD && q->g->spk_name.len && !strcmp(q->g->spk_name.p, name)) {
        /* the ids alias_exists found */
        snprintf(t, sizeof t, " AND %s = ANY('{", col);
        pq_add(q, t);
        pq_add(q, q->g->spk_ids.p);
        pq_add(q, "}'::bigint[])");
    } else if (mode == WS_SPK_WORD || mode == WS_SPK_SUBSTR) {
        snprintf(t, sizeof t, " AND %s = ANY(ARRAY(SELECT speaker_id FROM ", col);
        pq_add(q, t);
        alias_match(q, mode, name);
        pq_add(q, "))");
    }
}

/* Appends the conditions on statements s of F but its speaker; with
 * ROWWISE, the full-text test is one the planner cannot answer from the
 * GIN index (a test of each row walked in another index's order). */
static void filter_conds_as(pq *q, const ws_filter *f, int rowwise)
{
    const char *fts = rowwise ? " AND coalesce(s.fts @@ to_tsquery('english', $%d), false)"
                              : " AND s.fts @@ to_tsquery('english', $%d)";
    if (f->match && *f->match) pq_param(q, fts, dup(f->match));
    else if (f->nwords) pq_param(q, fts, tsquery_words(f));
    if (f->topic)
        pq_param(q,
                 " AND s.id IN (SELECT x.statement_id FROM statement_topics x WHERE x.topic_id ="
                 " (SELECT id FROM topics WHERE lower(name COLLATE \"C\") = lower($%d COLLATE \"C\")))",
                 dup(f->topic));
    /* ids begin with the julian day: an undated statement (day 0) is in
     * no date range */
    if (f->since_day || f->until_day)
        pq_param(q, " AND s.id >= $%d", dupf_i64((f->since_day ? f->since_day : 1) << 32));
    if (f->until_day) pq_param(q, " AND s.id < $%d", dupf_i64((f->until_day + 1) << 32));
    if (f->kind) pq_param(q, " AND s.kind = $%d", dup(f->kind));
}

static void filter_conds(pq *q, const ws_filter *f) { filter_conds_as(q, f, 0); }

/* Appends " FROM statements s WHERE ..." for F. */
static void filter_sql(pq *q, const ws_filter *f)
{
    pq_add(q, " FROM statements s WHERE true");
    filter_conds(q, f);
    speaker_cond(q, "s.speaker_id", f->speaker_mode, f->speaker, f->speaker_id);
}

/* Runs Q row by row (single-row mode), calling ROW for each; a non-zero
 * return of ROW stops and is returned. */
static int run_rows(pg *g, pq *q, int (*row)(pg *, const PGresult *, void *), void *ud, const char *what)
{
    if (q->failed || ws_buf_putc(q->sql, 0) != WS_OK) {
        pq_free(q);
        return WS_NOMEM;
    }
    int rc = ws_pg_flush(g);
    if (rc) {
        pq_free(q);
        return rc;
    }
    int sent = PQsendQueryParams(g->c, q->sql->p, q->n, NULL, (const char *const *)q->v, NULL, NULL, 0);
    pq_free(q);
    if (!sent) return ws_pg_fail(g, what, NULL);
    PQsetSingleRowMode(g->c);
    PGresult *r;
    int stop = 0;
    while ((r = PQgetResult(g->c))) {
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_SINGLE_TUPLE) {
            if (!stop && rc == WS_OK && (rc = row(g, r, ud))) stop = 1;
        } else if (s != PGRES_TUPLES_OK && rc == WS_OK) {
            rc = ws_pg_ok(g, r, what);
        }
        PQclear(r);
    }
    return rc;
}

static const char *val(const PGresult *r, int c) { return PQgetisnull(r, 0, c) ? NULL : PQgetvalue(r, 0, c); }
static int64_t ival(const PGresult *r, int c) { return PQgetisnull(r, 0, c) ? 0 : strtoll(PQgetvalue(r, 0, c), NULL, 10); }

static int count_row(pg *g, const PGresult *r, void *ud)
{
    (void)g;
    *(long *)ud = (long)ival(r, 0);
    return 0;
}

int ws_pg_counts(void *conn, ws_db_counts *out)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements),"
               " (SELECT count(*) FROM speakers WHERE statements > 0),"
               " (SELECT count(DISTINCT cluster) FROM statements), (SELECT count(*) FROM topics)");
    long v[5] = {0};
    int rc = WS_OK;
    /* one row of five columns */
    if (q.failed || ws_buf_putc(q.sql, 0) != WS_OK) return WS_NOMEM;
    if ((rc = ws_pg_flush(g))) return rc;
    PGresult *r = PQexec(g->c, q.sql->p);
    rc = ws_pg_ok(g, r, "counts");
    if (rc == WS_OK && PQntuples(r) == 1)
        for (int i = 0; i < 5; i++) v[i] = (long)ival(r, i);
    PQclear(r);
    out->documents = v[0];
    out->statements = v[1];
    out->speakers = v[2];
    out->clusters = v[3];
    out->topics = v[4];
    return rc;
}

static int spk_id_row(pg *g, const PGresult *r, void *ud)
{
    (void)ud;
    int rc = g->spk_ids.len ? ws_buf_putc(&g->spk_ids, ',') : WS_OK;
    return rc ? rc : ws_buf_append(&g->spk_ids, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
}

int ws_pg_alias_exists(void *conn, const char *name, ws_spk_match mode, int *found)
{
    pg *g = conn;
    pq q;
    g->spk_name.len = 0;
    g->spk_ids.len = 0;
    pq_init(&q, g);
    pq_add(&q, "SELECT sp.id FROM speakers sp WHERE true");
    speaker_cond(&q, "sp.id", mode, name, 0);
    pq_add(&q, " ORDER BY sp.id");
    int rc = run_rows(g, &q, spk_id_row, NULL, "speaker");
    *found = g->spk_ids.len > 0;
    if (rc == WS_OK) rc = ws_buf_putc(&g->spk_ids, 0);
    if (rc == WS_OK && mode == WS_SPK_WORD && *found) rc = ws_buf_append(&g->spk_name, name, strlen(name) + 1);
    if (rc) g->spk_name.len = 0;
    return rc;
}

static ws_db_span span_val(const PGresult *r, int c)
{
    ws_db_span s = {val(r, c), -1, -1};
    if (s.text) {
        s.start = ival(r, c + 1);
        s.end = ival(r, c + 2);
    }
    return s;
}

typedef struct hit_ctx {
    ws_store_hit_fn fn;
    void *ud;
} hit_ctx;

static int hit_row(pg *g, const PGresult *r, void *ud)
{
    hit_ctx *c = ud;
    (void)g;
    ws_store_hit x;
    ws_hit *h = &x.h;
    h->id = ival(r, 0);
    h->doc = val(r, 1);
    h->doc_date = val(r, 2);
    h->doc_title = val(r, 3);
    h->doc_url = val(r, 4);
    h->doc_outlet = val(r, 5);
    h->kind = val(r, 6);
    h->content = span_val(r, 7);
    h->content2 = span_val(r, 10);
    h->cue = span_val(r, 13);
    h->source = span_val(r, 16);
    h->speaker = val(r, 19);
    h->said_as = val(r, 20);
    h->title = val(r, 21);
    h->affiliation = val(r, 22);
    h->date = val(r, 23);
    h->date_text = val(r, 24);
    h->venue = val(r, 25);
    h->sort_date = val(r, 26);
    h->cluster = val(r, 27);
    h->confidence = PQgetisnull(r, 0, 28) ? 0 : strtod(PQgetvalue(r, 0, 28), NULL);
    h->method = val(r, 29);
    h->topics = val(r, 30);
    x.speaker_id = ival(r, 31);
    x.doc_id = ival(r, 32);
    x.repeats = (long)ival(r, 33);
    return c->fn(c->ud, &x);
}

/* The newest statements a full-text search first looks at (probe). */
#define PROBE_ROWS 20000

typedef struct probe_ctx {
    buf ids; /* an array literal */
    long n;
} probe_ctx;

static int probe_row(pg *g, const PGresult *r, void *ud)
{
    probe_ctx *p = ud;
    (void)g;
    p->n++;
    return ws_pg_arr_add(&p->ids, PQgetvalue(r, 0, 0));
}

/* The ids of the newest WANT matches of F among the newest PROBE_ROWS
 * statements (in its date range) into P, newest first.  When there are
 * WANT of them they are the newest WANT of all statements (every other
 * statement is older); else the caller asks the full-text index.  GIN
 * gives a bitmap of every match, which a frequent word makes large: the
 * probe costs the same whatever the size. */
static int probe(pg *g, const ws_filter *f, long want, probe_ctx *p)
{
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT s.id FROM (SELECT * FROM statements w");
    if (f->since_day || f->until_day)
        pq_param(&q, " WHERE w.id >= $%d", dupf_i64((f->since_day ? f->since_day : 1) << 32));
    if (f->until_day) pq_param(&q, " AND w.id < $%d", dupf_i64((f->until_day + 1) << 32));
    char t[80];
    snprintf(t, sizeof t, " ORDER BY w.id DESC LIMIT %d) s WHERE true", PROBE_ROWS);
    pq_add(&q, t);
    filter_conds(&q, f);
    speaker_cond(&q, "s.speaker_id", f->speaker_mode, f->speaker, f->speaker_id);
    snprintf(t, sizeof t, " ORDER BY s.id DESC LIMIT %ld", want);
    pq_add(&q, t);
    return run_rows(g, &q, probe_row, p, "query");
}

/* How a full-text search with a speaker finds its rows. */
enum { PLAN_PLAIN, PLAN_WALK, PLAN_TEXT, PLAN_BITMAP, PLAN_RANGE };

typedef struct spk_set {
    buf ids;      /* the matching speakers' ids, "1,2,3" */
    long n;       /* how many */
    double rows;  /* their statements */
    double total; /* all statements (the planner's count) */
    char big[24]; /* the id of the speaker of most statements */
    double bigrows;
    double walk;  /* the rows PLAN_WALK expects to read */
} spk_set;

static int spk_set_row(pg *g, const PGresult *r, void *ud)
{
    spk_set *c = ud;
    (void)g;
    int rc = c->n ? ws_buf_putc(&c->ids, ',') : WS_OK;
    if (rc == WS_OK) rc = ws_buf_append(&c->ids, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
    c->n++;
    double n = strtod(PQgetvalue(r, 0, 1), NULL);
    if (n >= c->bigrows) {
        c->bigrows = n;
        snprintf(c->big, sizeof c->big, "%s", PQgetvalue(r, 0, 0));
    }
    c->rows += n;
    c->total = strtod(PQgetvalue(r, 0, 2), NULL);
    return rc;
}

/* The planner's expectations from EXPLAIN's lines: the rows of the
 * whole filter (the first line) and the matches of the text alone (the
 * scan of the full-text index). */
typedef struct estimate {
    double rows, text;
} estimate;

static int estimate_row(pg *g, const PGresult *r, void *ud)
{
    estimate *e = ud;
    (void)g;
    const char *line = PQgetvalue(r, 0, 0), *at = strstr(line, "rows=");
    if (!at) return 0;
    if (e->rows < 0) e->rows = strtod(at + 5, NULL);
    if (e->text < 0 && strstr(line, " on statements_fts ")) e->text = strtod(at + 5, NULL);
    return 0;
}

/* What an index entry read into a bitmap costs against a row fetched
 * from the table (a page, often not in the server's buffers). */
#define ENTRY_COST (1.0 / 5)

/* PLAN_RANGE instead, when the other ways expect to fetch more than
 * RANGE_MIN rows and the text is whole words with at most RANGE_TEXT_MAX
 * matches (its GIN bitmap is read whole; a prefix's reads every word it
 * begins); the range's first length in the rows a walk expects
 * (range_ids). */
#define RANGE_MIN 3000.0
#define RANGE_TEXT_MAX 50000.0
#define RANGE_FACTOR 8.0

/* Full text and a speaker: which index leads, by what each way reads.
 *   PLAN_WALK: the rows of the speaker of most statements walked newest
 *     first (statements_speaker_id), each tested for the text, until the
 *     page is full, then the other speakers' rows as new as those
 *     (walk_sql): about WANT / (the share of statements matching the
 *     rest of F) rows fetched, at most the speakers' statements;
 *   PLAN_TEXT: the text's GIN bitmap, every match fetched and tested for
 *     the speakers;
 *   PLAN_BITMAP: the bitmaps of the speakers' rows and of the text ANDed
 *     (what the planner does by itself): every entry of both read, only
 *     the rows in both fetched.
 * The speakers' counts and the planner's estimates of the text's matches
 * (the column's statistics, one EXPLAIN) give those numbers. */
static int text_speaker_plan(pg *g, const ws_filter *f, long want, spk_set *sp, int *plan)
{
    *plan = PLAN_PLAIN;
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT sp.id, sp.statements, (SELECT reltuples FROM pg_class WHERE oid = 'statements'::regclass)"
               " FROM speakers sp WHERE true");
    speaker_cond(&q, "sp.id", f->speaker_mode, f->speaker, f->speaker_id);
    pq_add(&q, " ORDER BY sp.id");
    int rc = run_rows(g, &q, spk_set_row, sp, "query");
    if (rc || !sp->n || sp->total <= 0) return rc;
    estimate e = {-1, -1};
    pq_init(&q, g);
    pq_add(&q, "EXPLAIN SELECT 1 FROM statements s WHERE true");
    filter_conds(&q, f);
    if ((rc = run_rows(g, &q, estimate_row, &e, "query")) || e.rows < 0) return rc;
    if (e.text < e.rows) e.text = e.rows;
    double share = (e.rows < 1 ? 1 : e.rows) / sp->total;
    double walk = (double)want / share;
    if (walk > sp->rows) walk = sp->rows;
    double text = e.text;
    double bitmap = (sp->rows + e.text) * ENTRY_COST + sp->rows * share;
    *plan = PLAN_BITMAP;
    if (text < bitmap) *plan = PLAN_TEXT;
    if (walk < (text < bitmap ? text : bitmap)) *plan = PLAN_WALK;
    sp->walk = walk;
    double least = walk < text ? walk : text;
    int words = !(f->match && *f->match);
    for (size_t i = 0; i < f->nwords; i++)
        if (f->words[i].prefix) words = 0;
    if (words && least > RANGE_MIN && e.text <= RANGE_TEXT_MAX && bitmap > least) *plan = PLAN_RANGE;
    return WS_OK;
}

typedef struct span_ctx {
    int64_t newest, oldest;
} span_ctx;

static int span_row(pg *g, const PGresult *r, void *ud)
{
    span_ctx *c = ud;
    (void)g;
    c->newest = ival(r, 0);
    c->oldest = ival(r, 1);
    return 0;
}

/* PLAN_RANGE: the newest WANT matches of F among the speakers' rows no
 * older than a bound, into P (as the probe's).  The bound is a day of
 * the speaker of most statements: as far back as RANGE_FACTOR times the
 * rows a walk expects (its dates taken as even over its first to last
 * statement); the text's bitmap ANDed with that range of the speakers'
 * index reads no row but the matches.  When the range holds fewer than
 * WANT, one four times as long, until it holds them or is everything. */
static int range_ids(pg *g, const ws_filter *f, long want, const spk_set *sp, probe_ctx *p)
{
    span_ctx span = {0, 0};
    pq q;
    pq_init(&q, g);
    char t[240];
    snprintf(t, sizeof t,
             "SELECT (SELECT id FROM statements WHERE speaker_id = %s ORDER BY id DESC LIMIT 1),"
             " (SELECT id FROM statements WHERE speaker_id = %s ORDER BY id LIMIT 1)",
             sp->big, sp->big);
    pq_add(&q, t);
    int rc = run_rows(g, &q, span_row, &span, "query");
    int64_t last = span.newest >> 32, first = span.oldest >> 32;
    double k = sp->walk * RANGE_FACTOR;
    while (rc == WS_OK) {
        int64_t lo = 0;
        if (k < sp->bigrows && last > first) lo = (last - (int64_t)((double)(last - first + 1) * k / sp->bigrows)) << 32;
        p->ids.len = 0;
        p->n = 0;
        pq_init(&q, g);
        pq_add(&q, "SELECT s.id FROM statements s WHERE s.speaker_id = ANY('{");
        pq_add(&q, sp->ids.p);
        pq_add(&q, "}'::bigint[])");
        if (lo > 0) pq_param(&q, " AND s.id >= $%d", dupf_i64(lo));
        filter_conds(&q, f);
        snprintf(t, sizeof t, " ORDER BY s.id DESC LIMIT %ld", want);
        pq_add(&q, t);
        rc = run_rows(g, &q, probe_row, p, "query");
        if (rc || p->n >= want || lo <= 0) break;
        k *= 4;
    }
    if (rc == WS_OK && !p->n) rc = ws_buf_append(&p->ids, "{", 1);
    return rc;
}

/* Appends " FROM (... SELECT s.id AS hid FROM (PLAN_WALK's rows) s": the
 * speaker of SP with most statements walked newest first (b), its rows
 * tested for F, until WANT match; when it has WANT, the oldest of them
 * bounds the rows of the other speakers (lo: the page's rows are no
 * older, that speaker alone has WANT as new), which are read from the
 * same index from the newest to that bound. */
static void walk_sql(pq *q, const ws_filter *f, const spk_set *sp, long want)
{
    buf conds = {0}, others = {0};
    char t[240];
    snprintf(t, sizeof t, " FROM (WITH b AS MATERIALIZED (SELECT s.id FROM statements s WHERE s.speaker_id = %s",
             sp->big);
    pq_add(q, t);
    /* the conditions' parameters once, their text twice */
    size_t at = q->sql->len;
    filter_conds_as(q, f, 1);
    int rc = ws_buf_append(&conds, q->sql->p + at, q->sql->len - at);
    if (rc == WS_OK) rc = ws_buf_putc(&conds, 0);
    const char *id = sp->ids.p;
    for (long i = 0; i < sp->n && rc == WS_OK; i++) {
        size_t n = strcspn(id, ",");
        if (n != strlen(sp->big) || strncmp(id, sp->big, n)) {
            rc = ws_buf_putc(&others, others.len ? ',' : '{');
            if (rc == WS_OK) rc = ws_buf_append(&others, id, n);
        }
        id += n + (id[n] == ',');
    }
    if (rc == WS_OK && others.len) rc = ws_buf_append(&others, "}", 2);
    if (rc) q->failed = 1;
    snprintf(t, sizeof t,
             " ORDER BY s.id DESC LIMIT %ld), lo AS MATERIALIZED (SELECT CASE WHEN count(*) = %ld THEN min(id)"
             " ELSE 0 END AS lo FROM b) SELECT s.id AS hid FROM (SELECT id FROM b",
             want, want);
    pq_add(q, t);
    if (rc == WS_OK && others.len) {
        pq_add(q, " UNION ALL SELECT s.id FROM statements s WHERE s.speaker_id = ANY('");
        pq_add(q, others.p);
        pq_add(q, "'::bigint[]) AND s.id >= (SELECT lo FROM lo)");
        pq_add(q, conds.p);
    }
    pq_add(q, ") s");
    ws_buf_free(&conds);
    ws_buf_free(&others);
}

int ws_pg_search(void *conn, const ws_filter *f, long limit, long offset, int flags, ws_store_hit_fn fn, void *ud)
{
    pg *g = conn;
    pq q;
    probe_ctx pr = {{0}, 0};
    spk_set sp = {{0}, 0, 0, 0, "", -1, 0};
    int plan = PLAN_PLAIN;
    long want = limit + (offset > 0 ? offset : 0);
    int text = f->nwords || (f->match && *f->match);
    int rc = WS_OK;
    if (limit > 0 && text && !f->topic &&
        (f->speaker_mode == WS_SPK_WORD || f->speaker_mode == WS_SPK_SUBSTR || f->speaker_mode == WS_SPK_ID))
        rc = text_speaker_plan(g, f, want, &sp, &plan);
    if (rc == WS_OK && limit > 0 && text && plan == PLAN_PLAIN) {
        rc = probe(g, f, want, &pr);
        if (pr.n < want) pr.n = -1;
    }
    if (rc == WS_OK && plan == PLAN_RANGE) {
        /* sp.ids as an array's text, for the query */
        rc = ws_buf_putc(&sp.ids, 0);
        if (rc == WS_OK) rc = range_ids(g, f, want, &sp, &pr);
    }
    if (rc) {
        ws_buf_free(&pr.ids);
        ws_buf_free(&sp.ids);
        return rc;
    }
    pq_init(&q, g);
    pq_add(&q, "SELECT s.id, d.doc, d.date, d.title, d.url, d.outlet, s.kind,"
               " s.content, s.content_start, s.content_end, s.content2, s.content2_start, s.content2_end,"
               " s.cue, s.cue_start, s.cue_end, s.source, s.source_start, s.source_end,"
               " sp.name, s.speaker, s.title, s.affiliation, s.date, s.date_text, s.venue, s.sort_date,"
               " s.cluster, s.confidence, s.method,"
               " (SELECT string_agg(t.name, ',' ORDER BY y.topic_id) FROM statement_topics y"
               "   JOIN topics t ON t.id = y.topic_id WHERE y.statement_id = s.id),"
               " s.speaker_id, s.doc_id, ");
    pq_add(&q, flags & WS_HIT_REPEATS ? "(SELECT count(DISTINCT c.doc_id) FROM statements c WHERE c.cluster = s.cluster)"
                                      : "0");
    char t[80];
    if (pr.n > 0 || plan == PLAN_RANGE) {
        /* the probe (or range_ids) found them */
        rc = ws_buf_append(&pr.ids, "}", 2);
        pq_param(&q, " FROM (SELECT s.id AS hid FROM unnest($%d::bigint[]) AS s(id)", rc ? NULL : dup(pr.ids.p));
    } else if (plan == PLAN_WALK) {
        walk_sql(&q, f, &sp, want);
    } else if (plan == PLAN_TEXT) {
        /* the text's rows (OFFSET 0: a subquery the planner keeps as it
         * is, so a bitmap scan, not a walk of the primary key that
         * expects the speakers' rows soon), tested for the speakers */
        pq_add(&q, " FROM (SELECT s.id AS hid FROM (SELECT s.id, s.speaker_id FROM statements s WHERE true");
        filter_conds(&q, f);
        rc = ws_buf_putc(&sp.ids, 0);
        pq_param(&q, " OFFSET 0) s WHERE s.speaker_id = ANY(('{' || $%d || '}')::bigint[])", rc ? NULL : dup(sp.ids.p));
    } else if ((f->speaker_mode == WS_SPK_WORD || f->speaker_mode == WS_SPK_SUBSTR) && !f->nwords &&
               !(f->match && *f->match)) {
        pq_add(&q, " FROM (SELECT s.id AS hid");
        /* the newest of each matching speaker (statements_speaker_id
         * walked backwards), then the newest of those: a page costs the
         * same whatever the speakers' statements.  Not with full text,
         * where one bitmap of the speakers' rows ANDed with the text's
         * costs less than walking each speaker's rows for matches. */
        if (f->speaker_mode == WS_SPK_WORD && g->spk_name.len && !strcmp(g->spk_name.p, f->speaker)) {
            pq_add(&q, " FROM (SELECT unnest('{");
            pq_add(&q, g->spk_ids.p);
            pq_add(&q, "}'::bigint[]) AS sid");
        } else {
            pq_add(&q, " FROM (SELECT DISTINCT speaker_id AS sid FROM ");
            alias_match(&q, f->speaker_mode, f->speaker);
        }
        pq_add(&q, ") k CROSS JOIN LATERAL (SELECT s.id FROM statements s WHERE s.speaker_id = k.sid");
        filter_conds(&q, f);
        pq_add(&q, " ORDER BY s.id DESC");
        if (limit > 0) {
            snprintf(t, sizeof t, " LIMIT %ld", limit + (offset > 0 ? offset : 0));
            pq_add(&q, t);
        }
        pq_add(&q, ") s");
    } else {
        pq_add(&q, " FROM (SELECT s.id AS hid");
        filter_sql(&q, f);
    }
    ws_buf_free(&pr.ids);
    ws_buf_free(&sp.ids);
    pq_add(&q, " ORDER BY s.id DESC");
    if (limit > 0) {
        snprintf(t, sizeof t, " LIMIT %ld", limit);
        pq_add(&q, t);
    }
    if (offset > 0) {
        snprintf(t, sizeof t, " OFFSET %ld", offset);
        pq_add(&q, t);
    }
    pq_add(&q, ") h JOIN statements s ON s.id = h.hid JOIN documents d ON d.id = s.doc_id"
               " LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.id DESC");
    hit_ctx c = {fn, ud};
    return run_rows(g, &q, hit_row, &c, "query");
}

int ws_pg_count(void *conn, const ws_filter *f, long *n)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT count(*)");
    filter_sql(&q, f);
    *n = 0;
    return run_rows(g, &q, count_row, n, "query");
}

typedef struct period_ctx {
    ws_period_fn fn;
    void *ud;
    int split;
} period_ctx;

static int period_row(pg *g, const PGresult *r, void *ud)
{
    period_ctx *c = ud;
    (void)g;
    if (c->split) {
        const char *k = val(r, 0), *p = val(r, 1);
        return k && p ? c->fn(c->ud, k, p, (long)ival(r, 2)) : 0;
    }
    const char *p = val(r, 0);
    return p ? c->fn(c->ud, NULL, p, (long)ival(r, 1)) : 0;
}

int ws_pg_timeline(void *conn, const ws_filter *f, ws_period by, ws_split split, int max_series, ws_period_fn fn,
                       void *ud)
{
    static const char *const bucket[] = {
        "s.sort_date", "to_char(date_trunc('week', s.sort_date::date), 'YYYY-MM-DD')",
        "substr(s.sort_date, 1, 7) || '-01'"};
    if ((int)by < 0 || by > WS_BY_MONTH) return WS_USAGE;
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    char t[900];
    if (split == WS_SPLIT_NONE) {
        snprintf(t, sizeof t, "SELECT (%s) COLLATE \"C\" AS p, count(*)", bucket[by]);
        pq_add(&q, t);
        filter_sql(&q, f);
        pq_add(&q, " AND s.sort_date IS NOT NULL GROUP BY p ORDER BY p");
    } else {
        static const char *const key[] = {NULL, "t.name", "coalesce(spk.name, s.speaker)"};
        static const char *const join[] = {
            NULL, " JOIN statement_topics x ON x.statement_id = s.id JOIN topics t ON t.id = x.topic_id",
            " LEFT JOIN speakers spk ON spk.id = s.speaker_id"};
        int sp = split == WS_SPLIT_TOPIC ? 1 : 2;
        snprintf(t, sizeof t, "WITH sel AS (SELECT s.id AS sid, %s AS p", bucket[by]);
        pq_add(&q, t);
        filter_sql(&q, f);
        snprintf(t, sizeof t,
                 " AND s.sort_date IS NOT NULL), named AS (SELECT sel.p, %s AS k FROM sel JOIN statements s ON s.id = sel.sid%s),"
                 " top AS (SELECT k, count(*) AS n FROM named WHERE k IS NOT NULL GROUP BY k"
                 "  ORDER BY n DESC, k COLLATE \"C\" LIMIT %d)"
                 " SELECT named.k, named.p, count(*) FROM named JOIN top ON top.k = named.k GROUP BY named.k, named.p, top.n"
                 " ORDER BY top.n DESC, named.k COLLATE \"C\", named.p COLLATE \"C\"",
                 key[sp], join[sp], max_series > 0 ? max_series : 1);
        pq_add(&q, t);
    }
    period_ctx c = {fn, ud, split != WS_SPLIT_NONE};
    return run_rows(g, &q, period_row, &c, "query");
}

/* Appends " FROM speakers sp WHERE ..." for Q. */
static void speakers_where(pq *q, const ws_speaker_query *s)
{
    pq_add(q, " FROM speakers sp WHERE ");
    pq_add(q, s->mode == WS_SPK_ID ? "true" : "sp.statements > 0");
    speaker_cond(q, "sp.id", s->mode, s->name, s->id);
}

typedef struct spk_ctx {
    ws_speaker_fn fn;
    void *ud;
} spk_ctx;

static int speaker_row(pg *g, const PGresult *r, void *ud)
{
    spk_ctx *c = ud;
    (void)g;
    ws_speaker_row s;
    s.id = ival(r, 0);
    s.name = val(r, 1);
    s.is_person = (int)ival(r, 2);
    s.statements = (long)ival(r, 3);
    s.first = val(r, 4);
    s.last = val(r, 5);
    s.titles = val(r, 6);
    s.affiliations = val(r, 7);
    s.aliases = val(r, 8);
    return c->fn(c->ud, &s);
}

int ws_pg_speakers(void *conn, const ws_speaker_query *s, ws_speaker_fn fn, void *ud)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT sp.id, sp.name, sp.is_person, sp.statements, sp.first_date, sp.last_date,"
               " (SELECT string_agg(value, '; ' ORDER BY value COLLATE \"C\") FROM speaker_titles"
               "   WHERE speaker_id = sp.id AND kind = 'title'),"
               " (SELECT string_agg(value, '; ' ORDER BY value COLLATE \"C\") FROM speaker_titles"
               "   WHERE speaker_id = sp.id AND kind = 'affiliation'),"
               " (SELECT string_agg(alias, '; ' ORDER BY lower(alias COLLATE \"C\")) FROM speaker_aliases"
               "   WHERE speaker_id = sp.id");
    if (!s->all_aliases) pq_add(&q, " AND lower(alias COLLATE \"C\") <> lower(sp.name COLLATE \"C\")");
    pq_add(&q, ")");
    speakers_where(&q, s);
    pq_add(&q, " ORDER BY sp.statements DESC, sp.name COLLATE \"C\"");
    char t[80];
    if (s->limit > 0) {
        snprintf(t, sizeof t, " LIMIT %ld", s->limit);
        pq_add(&q, t);
    }
    if (s->offset > 0) {
        snprintf(t, sizeof t, " OFFSET %ld", s->offset);
        pq_add(&q, t);
    }
    spk_ctx c = {fn, ud};
    return run_rows(g, &q, speaker_row, &c, "speakers");
}

int ws_pg_speakers_count(void *conn, const ws_speaker_query *s, long *n)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT count(*)");
    speakers_where(&q, s);
    *n = 0;
    return run_rows(g, &q, count_row, n, "speakers");
}

typedef struct cnt_ctx {
    ws_count_fn fn;
    void *ud;
} cnt_ctx;

static int name_count_row(pg *g, const PGresult *r, void *ud)
{
    cnt_ctx *c = ud;
    (void)g;
    return c->fn(c->ud, val(r, 0), (long)ival(r, 1));
}

int ws_pg_speaker_topics(void *conn, int64_t id, ws_count_fn fn, void *ud)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_param(&q,
             "SELECT t.name, count(*) AS n FROM statements s JOIN statement_topics x ON x.statement_id = s.id"
             " JOIN topics t ON t.id = x.topic_id WHERE s.speaker_id = $%d GROUP BY t.id, t.name"
             " ORDER BY n DESC, t.name COLLATE \"C\"",
             dupf_i64(id));
    cnt_ctx c = {fn, ud};
    return run_rows(g, &q, name_count_row, &c, "topics");
}

int ws_pg_topics(void *conn, ws_count_fn fn, void *ud)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_add(&q, "SELECT t.name, (SELECT count(*) FROM statement_topics x WHERE x.topic_id = t.id) AS n"
               " FROM topics t ORDER BY n DESC, t.name COLLATE \"C\"");
    cnt_ctx c = {fn, ud};
    return run_rows(g, &q, name_count_row, &c, "topics");
}

typedef struct doc_ctx {
    int (*dfn)(void *ud, const ws_store_docrow *d);
    int (*sfn)(void *ud, const ws_store_docst *s);
    void *ud;
    int found;
    int64_t id;
} doc_ctx;

static int doc_row(pg *g, const PGresult *r, void *ud)
{
    doc_ctx *c = ud;
    (void)g;
    ws_store_docrow d = {ival(r, 0), val(r, 1), val(r, 2), val(r, 3), val(r, 4), val(r, 5), val(r, 6)};
    c->found = 1;
    c->id = d.id;
    return c->dfn ? c->dfn(c->ud, &d) : 0;
}

static int docst_row(pg *g, const PGresult *r, void *ud)
{
    doc_ctx *c = ud;
    (void)g;
    ws_store_docst s;
    s.id = ival(r, 0);
    s.content_start = ival(r, 1);
    s.content_end = ival(r, 2);
    s.content2_start = PQgetisnull(r, 0, 3) ? -1 : ival(r, 3);
    s.content2_end = PQgetisnull(r, 0, 4) ? -1 : ival(r, 4);
    s.speaker = val(r, 5);
    s.speaker_id = ival(r, 6);
    return c->sfn ? c->sfn(c->ud, &s) : 0;
}

int ws_pg_document(void *conn, int64_t id, const char *doc, int *found,
                       int (*dfn)(void *ud, const ws_store_docrow *d), int (*sfn)(void *ud, const ws_store_docst *s),
                       void *ud)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    if (doc) pq_param(&q, "SELECT id, doc, title, url, outlet, date, text FROM documents WHERE doc = $%d", dup(doc));
    else pq_param(&q, "SELECT id, doc, title, url, outlet, date, text FROM documents WHERE id = $%d", dupf_i64(id));
    doc_ctx c = {dfn, sfn, ud, 0, 0};
    int rc = run_rows(g, &q, doc_row, &c, "document");
    *found = c.found;
    if (rc || !c.found) return rc;
    pq_init(&q, g);
    pq_param(&q,
             "SELECT s.id, s.content_start, s.content_end, s.content2_start, s.content2_end,"
             " coalesce(sp.name, s.speaker), s.speaker_id FROM statements s"
             " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.doc_id = $%d ORDER BY s.content_start, s.id",
             dupf_i64(c.id));
    return run_rows(g, &q, docst_row, &c, "document");
}


/* ------------------------------------------------------------ a speaker over time */

typedef struct seen_ctx {
    ws_seen_fn fn;
    void *ud;
    int roles;
} seen_ctx;

static int seen_row(pg *g, const PGresult *r, void *ud)
{
    seen_ctx *c = ud;
    (void)g;
    ws_store_seen s = {NULL, NULL, NULL, NULL, NULL, 0};
    if (c->roles) {
        s.title = val(r, 0);
        s.affiliation = val(r, 1);
    } else {
        s.name = val(r, 0);
    }
    s.first = val(r, 2);
    s.last = val(r, 3);
    s.statements = (long)ival(r, 4);
    return c->fn(c->ud, &s);
}

int ws_pg_speaker_names(void *conn, int64_t id, ws_seen_fn fn, void *ud)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_param(&q,
             "SELECT speaker, NULL, min(sort_date COLLATE \"C\"), max(sort_date COLLATE \"C\"), count(*)"
             " FROM statements WHERE speaker_id = $%d AND coalesce(speaker, '') <> '' GROUP BY speaker"
             " ORDER BY min(sort_date COLLATE \"C\") IS NULL, min(sort_date COLLATE \"C\"), count(*) DESC,"
             " speaker COLLATE \"C\"",
             dupf_i64(id));
    seen_ctx c = {fn, ud, 0};
    return run_rows(g, &q, seen_row, &c, "speaker names");
}

/* Titles over time come from the statements (each keeps the title and
 * affiliation it was said with), grouped per pair. */
int ws_pg_speaker_roles(void *conn, int64_t id, ws_seen_fn fn, void *ud)
{
    pg *g = conn;
    pq q;
    pq_init(&q, g);
    pq_param(&q,
             "SELECT nullif(title, ''), nullif(affiliation, ''), min(sort_date COLLATE \"C\"),"
             " max(sort_date COLLATE \"C\"), count(*) FROM statements WHERE speaker_id = $%d"
             " AND (coalesce(title, '') <> '' OR coalesce(affiliation, '') <> '')"
             " GROUP BY nullif(title, ''), nullif(affiliation, '')"
             " ORDER BY min(sort_date COLLATE \"C\") IS NULL, min(sort_date COLLATE \"C\"), count(*) DESC,"
             " coalesce(nullif(title, ''), '') COLLATE \"C\", coalesce(nullif(affiliation, ''), '') COLLATE \"C\"",
             dupf_i64(id));
    seen_ctx c = {fn, ud, 1};
    return run_rows(g, &q, seen_row, &c, "speaker titles");
}


#else
/* Built without libpq: no PostgreSQL backend. */
typedef int ws_store_pg_query_absent;
#endif
