/*
 * pg_build.c -- a PostgreSQL query under construction: its text with
 * every value a numbered parameter, the conditions a ws_filter adds
 * (query.c says what each filter means), and running it row by row.
 * Used by pg_query.c.
 */
#ifdef WS_HAVE_PG

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void ws_pgq_init(pq *q, pg *g)
{
    memset(q, 0, sizeof *q);
    q->sql = &g->sql;
    q->g = g;
    g->sql.len = 0;
}

void ws_pgq_free(pq *q)
{
    for (int i = 0; i < q->n; i++) ws__free(q->v[i]);
    q->n = 0;
}

void ws_pgq_add(pq *q, const char *s)
{
    if (ws_buf_append(q->sql, s, strlen(s)) != WS_OK) q->failed = 1;
}

/* Appends TEXT with its "%d" replaced by the number of a new parameter
 * V (owned: taken; NULL records a failure). */
void ws_pgq_param(pq *q, const char *text, char *owned)
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
        ws_pgq_add(q, text);
        return;
    }
    if (ws_buf_append(q->sql, text, (size_t)(at - text)) != WS_OK) q->failed = 1;
    ws_pgq_add(q, num);
    ws_pgq_add(q, at + 2);
}

char *ws_pgq_i64(int64_t v)
{
    char t[24];
    ws_pg_i64s(t, v);
    return ws__strndup(t, strlen(t));
}

char *ws_pgq_dup(const char *s) { return ws__strndup(s, strlen(s)); }

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
void ws_pgq_alias_match(pq *q, ws_spk_match mode, const char *name)
{
    ws_pgq_add(q, "speaker_aliases WHERE ");
    if (mode == WS_SPK_WORD)
        ws_pgq_param(q, "' ' || lower(alias COLLATE \"C\") || ' ' LIKE lower($%d COLLATE \"C\")",
                 like_pattern("% ", name, " %"));
    else ws_pgq_param(q, "lower(alias COLLATE \"C\") LIKE lower($%d COLLATE \"C\")", like_pattern("%", name, "%"));
}

/* Appends the condition "COL (a speaker id) matches NAME in MODE".  The
 * speakers are listed first (ARRAY(...)), so that the planner combines
 * one speaker index scan with the other conditions instead of a loop per
 * matching alias. */
void ws_pgq_speaker_cond(pq *q, const char *col, ws_spk_match mode, const char *name, int64_t id)
{
    char t[200];
    if (mode == WS_SPK_ID) {
        snprintf(t, sizeof t, " AND %s = $%s", col, "%d");
        ws_pgq_param(q, t, ws_pgq_i64(id));
    } else if (mode == WS_SPK_WORD && q->g->spk_name.len && !strcmp(q->g->spk_name.p, name)) {
        /* the ids alias_exists found */
        snprintf(t, sizeof t, " AND %s = ANY('{", col);
        ws_pgq_add(q, t);
        ws_pgq_add(q, q->g->spk_ids.p);
        ws_pgq_add(q, "}'::bigint[])");
    } else if (mode == WS_SPK_WORD || mode == WS_SPK_SUBSTR) {
        snprintf(t, sizeof t, " AND %s = ANY(ARRAY(SELECT speaker_id FROM ", col);
        ws_pgq_add(q, t);
        ws_pgq_alias_match(q, mode, name);
        ws_pgq_add(q, "))");
    }
}

/* Appends the conditions on statements s of F but its speaker; with
 * ROWWISE, the full-text test is one the planner cannot answer from the
 * GIN index (a test of each row walked in another index's order). */
void ws_pgq_filter_conds_as(pq *q, const ws_filter *f, int rowwise)
{
    const char *fts = rowwise ? " AND coalesce(s.fts @@ to_tsquery('english', $%d), false)"
                              : " AND s.fts @@ to_tsquery('english', $%d)";
    if (f->match && *f->match) ws_pgq_param(q, fts, ws_pgq_dup(f->match));
    else if (f->nwords) ws_pgq_param(q, fts, tsquery_words(f));
    if (f->topic)
        ws_pgq_param(q,
                 " AND s.id IN (SELECT x.statement_id FROM statement_topics x WHERE x.topic_id ="
                 " (SELECT id FROM topics WHERE lower(name COLLATE \"C\") = lower($%d COLLATE \"C\")))",
                 ws_pgq_dup(f->topic));
    /* ids begin with the julian day: an undated statement (day 0) is in
     * no date range */
    if (f->since_day || f->until_day)
        ws_pgq_param(q, " AND s.id >= $%d", ws_pgq_i64((f->since_day ? f->since_day : 1) << 32));
    if (f->until_day) ws_pgq_param(q, " AND s.id < $%d", ws_pgq_i64((f->until_day + 1) << 32));
    if (f->kind) ws_pgq_param(q, " AND s.kind = $%d", ws_pgq_dup(f->kind));
}

void ws_pgq_filter_conds(pq *q, const ws_filter *f) { ws_pgq_filter_conds_as(q, f, 0); }

/* Appends " FROM statements s WHERE ..." for F. */
void ws_pgq_filter_sql(pq *q, const ws_filter *f)
{
    ws_pgq_add(q, " FROM statements s WHERE true");
    ws_pgq_filter_conds(q, f);
    ws_pgq_speaker_cond(q, "s.speaker_id", f->speaker_mode, f->speaker, f->speaker_id);
}

/* Runs Q row by row (single-row mode), calling ROW for each; a non-zero
 * return of ROW stops and is returned. */
int ws_pgq_run(pg *g, pq *q, int (*row)(pg *, const PGresult *, void *), void *ud, const char *what)
{
    if (q->failed || ws_buf_putc(q->sql, 0) != WS_OK) {
        ws_pgq_free(q);
        return WS_NOMEM;
    }
    int rc = ws_pg_flush(g);
    if (rc) {
        ws_pgq_free(q);
        return rc;
    }
    int sent = PQsendQueryParams(g->c, q->sql->p, q->n, NULL, (const char *const *)q->v, NULL, NULL, 0);
    ws_pgq_free(q);
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

const char *ws_pgq_val(const PGresult *r, int c) { return PQgetisnull(r, 0, c) ? NULL : PQgetvalue(r, 0, c); }
int64_t ws_pgq_ival(const PGresult *r, int c) { return PQgetisnull(r, 0, c) ? 0 : strtoll(PQgetvalue(r, 0, c), NULL, 10); }
#endif
