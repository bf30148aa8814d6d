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
        ("INSERT INTO speaker_titles AS t(speaker_id, kind, value, statements, first_date, last_date)"
        " SELECT $2, kind, value, statements, first_date, last_date FROM speaker_titles WHERE speaker_id = $1"
        " ON CONFLICT (speaker_id, kind, value) DO UPDATE SET statements = t.statements + excluded.statements,"
        " first_date = CASE WHEN excluded.first_date IS NULL THEN t.first_date"
        "   WHEN t.first_date IS NULL OR excluded.first_date < t.first_date COLLATE \"C\" THEN excluded.first_date"
        "   ELSE t.first_date END,"
        " last_date = CASE WHEN excluded.last_date IS NULL THEN t.last_date"
        "   WHEN t.last_date IS NULL OR excluded.last_date > t.last_date COLLATE \"C\" THEN excluded.last_date"
        "   ELSE t.last_date END"),
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

int ws_pg_title_add(void *conn, int64_t id, const char *kind, const char *value, long n, const char *first,
                    const char *last)
{
    pg *g = conn;
    char ids[24], ns[24];
    ws_pg_i64s(ids, id);
    ws_pg_i64s(ns, n);
    int rc = ws_pg_arr_add(&g->title_id, ids);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_kind, kind);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_value, value);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_n, ns);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_first, first);
    if (rc == WS_OK) rc = ws_pg_arr_add(&g->title_last, last);
    if (rc == WS_OK) g->ntitles++;
    return rc;
}

int ws_pg_title_holders(void *conn, const char *title, const char *affiliation, const char *from,
                        const char *to, int64_t *id)
{
    pg *g = conn;
    *id = 0;
    /* the batch's buffered titles count, read from its arrays rather
     * than written first: writing them would lock their rows (and the
     * speakers' counts) until the batch commits, and every concurrent
     * batch with a title of the same speaker would wait for that */
    buf *arr[5] = {&g->title_id, &g->title_kind, &g->title_value, &g->title_first, &g->title_last};
    size_t len[5];
    const char *v[9] = {title, affiliation, from, to};
    for (int i = 0; i < 5; i++) {
        len[i] = arr[i]->len;
        v[4 + i] = g->ntitles ? ws_pg_arr_end(arr[i]) : "{}";
    }
    int rc = WS_OK;
    for (int i = 0; i < 9; i++)
        if (i != 1 && !v[i]) rc = WS_NOMEM;
    PGresult *r = NULL;
    if (rc == WS_OK)
        r = PQexecParams(
            g->c,
            "WITH t AS (SELECT speaker_id, kind, value, min(first_date COLLATE \"C\") AS first_date,"
            "   max(last_date COLLATE \"C\") AS last_date FROM ("
            "   SELECT speaker_id, kind, value, first_date, last_date FROM speaker_titles"
            "    WHERE lower(value COLLATE \"C\") IN (lower($1 COLLATE \"C\"), lower($2 COLLATE \"C\"))"
            "   UNION ALL SELECT * FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[])"
            "    AS u(speaker_id, kind, value, first_date, last_date)"
            "    WHERE lower(value COLLATE \"C\") IN (lower($1 COLLATE \"C\"), lower($2 COLLATE \"C\"))) x"
            "  GROUP BY speaker_id, kind, value)"
            " SELECT t.speaker_id FROM t JOIN speakers sp ON sp.id = t.speaker_id"
            " WHERE lower(t.value COLLATE \"C\") = lower($1 COLLATE \"C\") AND t.kind = 'title' AND sp.is_person = 1"
            " AND sp.name LIKE '% %' AND t.first_date <= $4 COLLATE \"C\" AND t.last_date >= $3 COLLATE \"C\""
            " AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM t a WHERE a.speaker_id = t.speaker_id"
            "   AND a.kind = 'affiliation' AND lower(a.value COLLATE \"C\") = lower($2 COLLATE \"C\")"
            "   AND a.first_date <= $4 COLLATE \"C\" AND a.last_date >= $3 COLLATE \"C\"))"
            " GROUP BY t.speaker_id ORDER BY t.speaker_id LIMIT 2",
            9, NULL, v, NULL, NULL, 0);
    for (int i = 0; i < 5; i++) arr[i]->len = len[i];
    if (rc) return rc;
    rc = ws_pg_ok(g, r, "title lookup");
    if (rc == WS_OK && PQntuples(r) == 1) *id = ws_pg_first_id(r);
    PQclear(r);
    return rc;
}

int ws_pg_speaker_titles(void *conn, int64_t id, ws_title_fn fn, void *ud)
{
    pg *g = conn;
    int rc = ws_pg_flush(g);
    if (rc) return rc;
    char ids[24];
    ws_pg_i64s(ids, id);
    const char *v[1] = {ids};
    PGresult *r = PQexecParams(g->c,
                               "SELECT kind, value, statements, first_date, last_date FROM speaker_titles"
                               " WHERE speaker_id = $1 ORDER BY kind COLLATE \"C\", first_date IS NULL,"
                               " first_date COLLATE \"C\", value COLLATE \"C\"",
                               1, NULL, v, NULL, NULL, 0);
    rc = ws_pg_ok(g, r, "speaker titles");
    for (int i = 0; rc == WS_OK && i < PQntuples(r); i++) {
        ws_title_row t = {PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), strtol(PQgetvalue(r, i, 2), NULL, 10),
                          PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3),
                          PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4)};
        rc = fn(ud, &t);
    }
    PQclear(r);
    return rc;
}

/* ------------------------------------------------------------ near repeats */

/* NSETS lists of N band hashes (BANDS) as one PostgreSQL array literal,
 * list K at places K * N + 1 .. K * N + N; NULL when out of memory. */
static char *band_array(const uint32_t *bands, size_t nsets, size_t n)
{
    char *out = ws__alloc(nsets * n * 11 + 3);
    if (!out) return NULL;
    size_t k = 0;
    out[k++] = '{';
    for (size_t i = 0; i < nsets * n; i++) k += (size_t)sprintf(out + k, i ? ",%u" : "%u", (unsigned)bands[i]);
    out[k++] = '}';
    out[k] = 0;
    return out;
}

/* STRS[n] (cluster keys and signatures: hex digits) as an array literal. */
static char *text_array(const char *const *strs, size_t n)
{
    buf b = {0};
    int rc = ws_buf_putc(&b, '{');
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        if (i) rc = ws_buf_putc(&b, ',');
        if (rc == WS_OK) rc = ws_buf_append(&b, strs[i], strlen(strs[i]));
    }
    if (rc == WS_OK) rc = ws_buf_append(&b, "}", 2);
    if (rc) ws_buf_free(&b);
    return rc ? NULL : b.p;
}

int ws_pg_near_find(void *conn, const uint32_t *bands, size_t nsets, size_t n,
                    int (*fn)(void *ud, size_t k, const char *cluster, const char *sig), void *ud)
{
    pg *g = conn;
    if (!nsets) {
        PGresult *r = PQexec(g->c, "SELECT cluster, sig FROM cluster_sigs LIMIT 1");
        int rc = ws_pg_ok(g, r, "cluster lookup");
        for (int i = 0; rc == WS_OK && i < PQntuples(r); i++) rc = fn(ud, 0, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
        PQclear(r);
        return rc;
    }
    char *arr = band_array(bands, nsets, n), sets[24], per[24];
    if (!arr) return WS_NOMEM;
    snprintf(sets, sizeof sets, "%zu", nsets);
    snprintf(per, sizeof per, "%zu", n);
    const char *v[3] = {arr, sets, per};
    /* list k's clusters, the lists one after the other (a nested loop
     * keeps k's order; the ORDER BY says so) */
    PGresult *r = PQexecParams(g->c,
                               "SELECT k - 1, c.cluster, c.sig FROM generate_series(1, $2::int) AS k CROSS JOIN LATERAL"
                               " (SELECT cluster, sig FROM cluster_sigs WHERE cluster IN (SELECT cluster FROM cluster_bands"
                               " WHERE band = ANY(($1::bigint[])[(k - 1) * $3::int + 1 : k * $3::int]))"
                               " ORDER BY cluster COLLATE \"C\" LIMIT 64) c ORDER BY k, c.cluster COLLATE \"C\"",
                               3, NULL, v, NULL, NULL, 0);
    ws__free(arr);
    int rc = ws_pg_ok(g, r, "cluster lookup");
    for (int i = 0; rc == WS_OK && i < PQntuples(r); i++)
        rc = fn(ud, (size_t)strtoull(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
    PQclear(r);
    return rc;
}

int ws_pg_near_add(void *conn, const char *const *clusters, const char *const *sigs, const uint32_t *bands,
                   size_t nsets, size_t n)
{
    pg *g = conn;
    if (!nsets) return WS_OK;
    char *arr = band_array(bands, nsets, n), *cl = text_array(clusters, nsets), *sg = text_array(sigs, nsets);
    char per[24];
    snprintf(per, sizeof per, "%zu", n);
    int rc = WS_NOMEM;
    if (arr && cl && sg) {
        const char *v[4] = {cl, sg, arr, per};
        /* in cluster order, as every ingester takes the keys' locks */
        PGresult *r = PQexecParams(
            g->c,
            "WITH u AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(cluster, sig, k)),"
            " s AS (INSERT INTO cluster_sigs(cluster, sig) SELECT cluster, sig FROM u ORDER BY cluster COLLATE \"C\""
            " ON CONFLICT DO NOTHING RETURNING cluster)"
            " INSERT INTO cluster_bands(band, cluster) SELECT b, s.cluster FROM s JOIN u ON u.cluster = s.cluster"
            " CROSS JOIN LATERAL unnest(($3::bigint[])[(u.k - 1) * $4::int + 1 : u.k * $4::int]) AS b"
            " ORDER BY b, s.cluster COLLATE \"C\" ON CONFLICT DO NOTHING",
            4, NULL, v, NULL, NULL, 0);
        rc = ws_pg_ok(g, r, "cluster signature");
        PQclear(r);
    }
    ws__free(arr);
    ws__free(cl);
    ws__free(sg);
    return rc;
}

#else
/* Built without libpq: no PostgreSQL backend. */
typedef int ws_store_pg_registry_absent;
#endif
