/*
 * pg_registry.c -- the PostgreSQL backend's speaker registry primitives
 * (backend.h; the rules that use them are registry.c's): aliases looked
 * up case-insensitively, new speakers and aliases, merges, and counts and
 * titles buffered as array literals until the batch is flushed.
 */
#ifdef WS_HAVE_PG

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs prepared P (text parameters V) and gives its first column's
 * integer (0 when no row) to *ID. */
static int lookup(pg *g, int p, const char *const *v, int64_t *id, const char *what)
{
    PGresult *r = NULL;
    int rc = ws_pg_run(g, p, v, &r, what);
    *id = rc == WS_OK ? ws_pg_first_id(r) : 0;
    PQclear(r);
    return rc;
}

int ws_pg_alias_get(void *conn, const char *name, int64_t *id)
{
    pg *g = conn;
    const char *v[1] = {name};
    int rc = lookup(g, P_ALIAS_GET, v, id, "speaker lookup");
    /* not an alias: the registry decides and writes under the ingest
     * lock, on what the others committed until it was taken (pg.c) */
    if (rc == WS_OK && !*id && !g->locked && g->in_tx && (rc = ws_pg_lock(g)) == WS_OK)
        rc = lookup(g, P_ALIAS_GET, v, id, "speaker lookup");
    return rc;
}

int ws_pg_surname_best(void *conn, const char *word, int64_t *id)
{
    pg *g = conn;
    /* "most statements": the buffered counts first */
    int rc = ws_pg_flush_adds(g);
    if (rc) return rc;
    const char *v[1] = {word};
    return lookup(g, P_SURNAME, v, id, "speaker lookup");
}

int ws_pg_speaker_new(void *conn, const char *name, int is_person, const char *surname, int64_t *id)
{
    const char *v[3] = {name, is_person ? "1" : "0", surname};
    return lookup(conn, P_SPK_NEW, v, id, "speaker");
}

int ws_pg_alias_add(void *conn, const char *name, int64_t id)
{
    char ids[24];
    ws_pg_i64s(ids, id);
    const char *v[2] = {name, ids};
    return ws_pg_run(conn, P_ALIAS_ADD, v, NULL, "alias");
}

int ws_pg_speaker_single(void *conn, const char *word, int64_t except, int64_t *id)
{
    char ex[24];
    ws_pg_i64s(ex, except);
    const char *v[2] = {word, ex};
    return lookup(conn, P_SPK_SINGLE, v, id, "speaker lookup");
}

int ws_pg_speaker_merge(void *conn, int64_t from, int64_t to)
{
    pg *g = conn;
    int rc = ws_pg_flush(g);
    if (rc) return rc;
    char f[24], t[24];
    ws_pg_i64s(f, from);
    ws_pg_i64s(t, to);
    const char *v[2] = {f, t};
    static const char *const steps[] = {
        /* first: batches whose rows point at FROM are committed (pg.c) */
        "SELECT id FROM speakers WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
        ("UPDATE speakers SET statements = speakers.statements + m.statements,"
        " first_date = CASE WHEN m.first_date IS NULL THEN speakers.first_date"
        "   WHEN speakers.first_date IS NULL OR m.first_date < speakers.first_date COLLATE \"C\" THEN m.first_date"
        "   ELSE speakers.first_date END,"
        " last_date = CASE WHEN m.last_date IS NULL THEN speakers.last_date"
        "   WHEN speakers.last_date IS NULL OR m.last_date > speakers.last_date COLLATE \"C\" THEN m.last_date"
        "   ELSE speakers.last_date END"
        " FROM (SELECT statements, first_date, last_date FROM speakers WHERE id = $1) AS m WHERE speakers.id = $2"),
        "UPDATE statements SET speaker_id = $2 WHERE speaker_id = $1",
        "UPDATE speaker_aliases SET speaker_id = $2 WHERE speaker_id = $1",
        ("INSERT INTO speaker_titles SELECT $2, kind, value FROM speaker_titles WHERE speaker_id = $1"
        " ON CONFLICT DO NOTHING"),
        "DELETE FROM speaker_titles WHERE speaker_id = $1 AND $2::bigint IS NOT NULL",
        "DELETE FROM speakers WHERE id = $1 AND $2::bigint IS NOT NULL",
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps && rc == WS_OK; i++) {
        PGresult *r = PQexecParams(g->c, steps[i], 2, NULL, v, NULL, NULL, 0);
        rc = ws_pg_ok(g, r, "speaker merge");
        PQclear(r);
    }
    return rc;
}

int ws_pg_speaker_add(void *conn, int64_t id, long n, const char *first, const char *last)
{
    pg *g = conn;
    char ids[24], ns[24];
    ws_pg_i64s(ids, id);
    ws_pg_i64s(ns, n);
    int rc = ws_pg_arr_add(&g->add_id, ids);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->add_n, ns);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->add_first, first);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->add_last, last);
    if (rc == WS_OK) g->nadds++;
    return rc;
}

int ws_pg_title_add(void *conn, int64_t id, const char *kind, const char *value)
{
    pg *g = conn;
    char ids[24];
    ws_pg_i64s(ids, id);
    int rc = ws_pg_arr_add(&g->title_id, ids);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_kind, kind);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_value, value);
    if (rc == WS_OK) g->ntitles++;
    return rc;
}


#else
/* Built without libpq: no PostgreSQL backend. */
typedef int ws_store_pg_registry_absent;
#endif
