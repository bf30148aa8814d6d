/*
 * api.c -- the JSON API of `whosaid serve`: read-only queries on the
 * statement database (the schema of src/store/store.c, documented in
 * README.md), answered as JSON built by jansson.
 *
 *   GET /api/statements?q=&speaker=&topic=&since=&until=&kind=&limit=&offset=
 *       {"statements": [STATEMENT...], "total": N, "limit": L, "offset": O}
 *       newest first (statement date, else the document's date)
 *   GET /api/speakers?q=&limit=&offset=
 *       {"speakers": [SPEAKER...], "total": N}, most statements first
 *   GET /api/speakers/ID
 *       SPEAKER with "topics": [{"name", "count"}...]
 *   GET /api/topics
 *       {"topics": [{"name", "statements"}...]}
 *   GET /api/timeline?speaker=|topic=|q=&since=&until=&kind=&by=day|week|month
 *                    &split=none|topic|speaker
 *       {"by", "periods": ["YYYY-MM-DD"...], "total": [N...],
 *        "series": [{"name", "counts": [N...]}...]}
 *       periods are consecutive (empty ones included, up to 1000); a week
 *       is named by its Monday, a month by its first day; series are the
 *       eight topics (or speakers) with most statements in the selection
 *   GET /api/documents/ID   (ID: the number, or the document id as ingested)
 *       {"id", "doc", "title", "url", "outlet", "date", "text",
 *        "statements": [{"id", "content": {start,end}, "content2", "speaker"}]}
 *
 * STATEMENT has the fields of the extract output (doc, kind, content,
 * content2, cue, source, speaker {name,title,affiliation}, date, date_text,
 * venue, cluster, confidence, method) plus id (statements.id as a string:
 * it exceeds JavaScript's exact integers), speaker.id (the registry's),
 * speaker.said_as, topics, repeats (how many documents carry the same
 * words: the cluster's documents) and document {id, doc, title, url,
 * outlet, date}.
 *
 * `speaker` filters by registry id when it is a number, else by any name
 * the speaker was seen under (case-insensitive substring).  `q` is words,
 * all required, stemmed by the FTS5 index; a word ending in '*' is a
 * prefix.  Dates are YYYY-MM-DD, inclusive.
 *
 * Every value reaches SQL as a bound parameter; the SQL text is made only
 * of fixed pieces.  The connection is read-only (server.c).  Errors are
 * {"error": "..."} with 400 (bad parameter), 404 (no such path or id) or
 * 500 (the database failed).
 *
 * Known limits: `total` is a second COUNT query (a large full-text match
 * is counted in full); speaker name matching is a substring over aliases,
 * simpler than the store's word-wise match.
 */
#include "../internal.h"
#include "serve.h"
#include "../store/sqlq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define MAX_SERIES 8
#define MAX_PERIODS 1000

/* -------------------------------------------------------- arguments */

/* The value of parameter KEY, or NULL when absent. */
const char *ws_api_arg(const api_args *a, const char *key)
{
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->key[i], key)) return a->val[i];
    return NULL;
}

/* A non-empty value of KEY or NULL. */
static const char *arg(const api_args *a, const char *key)
{
    const char *v = ws_api_arg(a, key);
    return v && *v ? v : NULL;
}

static int all_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Parses KEY as an integer in [lo,hi]; absent gives DEF.  0 or -1. */
static int int_arg(const api_args *a, const char *key, long lo, long hi, long def, long *out)
{
    const char *v = arg(a, key);
    if (!v) {
        *out = def;
        return 0;
    }
    if (!all_digits(v) || strlen(v) > 9) return -1;
    long n = strtol(v, NULL, 10);
    if (n < lo || n > hi) return -1;
    *out = n;
    return 0;
}

/* -------------------------------------------------------- replies */

typedef struct req {
    sqlite3 *db;
    api_reply *out;
    char err[160];
    int status; /* the error status once set */
} req;

static int fail(req *r, int status, const char *msg)
{
    if (!r->status) {
        r->status = status;
        snprintf(r->err, sizeof r->err, "%s", msg);
    }
    return -1;
}

static int db_fail(req *r) { return fail(r, 500, "database error"); }

static void reply_json(req *r, json_t *o)
{
    if (!o) {
        if (!r->status) fail(r, 500, "out of memory");
    } else {
        char *s = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (s) {
            r->out->status = 200;
            r->out->body = s;
            r->out->len = strlen(s);
            return;
        }
        fail(r, 500, "out of memory");
    }
    json_t *e = json_pack("{s:s}", "error", r->err);
    char *s = e ? json_dumps(e, JSON_COMPACT) : NULL;
    json_decref(e);
    r->out->status = r->status;
    r->out->body = s;
    r->out->len = s ? strlen(s) : 0;
}

static json_t *col_str(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? json_stringn((const char *)t, (size_t)sqlite3_column_bytes(q, i)) : json_null();
}

static json_t *col_span(sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL) return json_null();
    return json_pack("{s:o,s:I,s:I}", "text", col_str(q, i), "start", (json_int_t)sqlite3_column_int64(q, i + 1),
                     "end", (json_int_t)sqlite3_column_int64(q, i + 2));
}

/* "a; b" (or "a,b" with SEP ',') as a JSON array of strings. */
static json_t *split_list(const char *s, char sep)
{
    json_t *a = json_array();
    if (!a || !s) return a;
    while (*s) {
        while (*s == ' ') s++;
        const char *e = strchr(s, sep);
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n) json_array_append_new(a, json_stringn(s, n));
        if (!e) break;
        s = e + 1;
    }
    return a;
}

/* -------------------------------------------------------- statement filters */



/* '%S%' for LIKE with '\' escaping S's own wildcards. */
static char *like_any(const char *s)
{
    sqlite3_str *b = sqlite3_str_new(NULL);
    sqlite3_str_appendchar(b, 1, '%');
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') sqlite3_str_appendchar(b, 1, '\\');
        sqlite3_str_appendchar(b, 1, *s);
    }
    sqlite3_str_appendchar(b, 1, '%');
    return sqlite3_str_finish(b);
}

static int valid_date(const char *s)
{
    ws_date d;
    return strlen(s) == 10 && ws_date_parse(s, &d) == WS_OK && d.y;
}

/* Appends " FROM ... WHERE ..." selecting statements s by the filters of
 * A.  Returns 0, or -1 with the error set on R. */
static int build_filter(req *r, const api_args *a, sqlq *f)
{
    const char *q = arg(a, "q"), *speaker = arg(a, "speaker"), *topic = arg(a, "topic");
    const char *since = arg(a, "since"), *until = arg(a, "until"), *kind = arg(a, "kind");
    char *fts = q ? ws_sqlq_fts_words(q) : NULL;
    if (q && !fts) return fail(r, 500, "out of memory");
    if (fts && !*fts) {
        sqlite3_free(fts);
        fts = NULL;
    }
    if (fts) {
        sqlite3_str_appendf(f->sql, " FROM statements_fts f CROSS JOIN statements s ON s.id = f.rowid"
                                    " WHERE statements_fts MATCH ?%d", f->n + 1);
        ws_sqlq_text(f, fts);
    } else {
        sqlite3_str_appendall(f->sql, " FROM statements s WHERE 1");
    }
    if (topic) {
        sqlite3_str_appendf(f->sql, " AND s.id IN (SELECT x.statement_id FROM statement_topics x"
                                    " JOIN topics t ON t.id = x.topic_id WHERE t.name = ?%d)", f->n + 1);
        ws_sqlq_text(f, sqlite3_mprintf("%s", topic));
    }
    if (speaker && all_digits(speaker) && strlen(speaker) < 18) {
        sqlite3_str_appendf(f->sql, " AND s.speaker_id = ?%d", f->n + 1);
        ws_sqlq_int(f, strtoll(speaker, NULL, 10));
    } else if (speaker) {
        sqlite3_str_appendf(f->sql, " AND s.speaker_id IN (SELECT speaker_id FROM speaker_aliases"
                                    " WHERE alias LIKE ?%d ESCAPE '\\')", f->n + 1);
        ws_sqlq_text(f, like_any(speaker));
    }
    if (since) {
        if (!valid_date(since)) return fail(r, 400, "since must be a date YYYY-MM-DD");
        sqlite3_str_appendf(f->sql, " AND s.sort_date >= ?%d", f->n + 1);
        ws_sqlq_text(f, sqlite3_mprintf("%s", since));
    }
    if (until) {
        if (!valid_date(until)) return fail(r, 400, "until must be a date YYYY-MM-DD");
        sqlite3_str_appendf(f->sql, " AND s.sort_date <= ?%d", f->n + 1);
        ws_sqlq_text(f, sqlite3_mprintf("%s", until));
    }
    if (kind) {
        if (strcmp(kind, "direct") && strcmp(kind, "indirect") && strcmp(kind, "mixed"))
            return fail(r, 400, "kind must be direct, indirect or mixed");
        sqlite3_str_appendf(f->sql, " AND s.kind = ?%d", f->n + 1);
        ws_sqlq_text(f, sqlite3_mprintf("%s", kind));
    }
    if (!ws_sqlq_ok(f)) return fail(r, 500, "out of memory");
    return 0;
}

/* Prepares F's SQL (plus TAIL) and binds its parameters. */
static int prepare_filt(req *r, sqlq *f, const char *tail, sqlite3_stmt **st)
{
    int rc = ws_sqlq_prepare(f, r->db, tail, st);
    if (rc == SQLITE_NOMEM) return fail(r, 500, "out of memory");
    if (rc != SQLITE_OK) return db_fail(r);
    return 0;
}

/* -------------------------------------------------------- statements */

#define STATEMENT_COLUMNS                                                                          \
    "s.id, d.doc, s.kind, s.content, s.content_start, s.content_end,"                               \
    " s.content2, s.content2_start, s.content2_end, s.cue, s.cue_start, s.cue_end,"                 \
    " s.source, s.source_start, s.source_end, s.speaker_id, sp.name, s.speaker, s.title,"           \
    " s.affiliation, s.date, s.date_text, s.venue, s.cluster, s.confidence, s.method,"              \
    " (SELECT group_concat(t.name, ',') FROM statement_topics y JOIN topics t ON t.id = y.topic_id" \
    "   WHERE y.statement_id = s.id),"                                                              \
    " (SELECT count(DISTINCT c.doc_id) FROM statements c WHERE c.cluster = s.cluster),"             \
    " d.id, d.title, d.url, d.outlet, d.date"

static json_t *statement_json(sqlite3_stmt *q)
{
    json_t *speaker = json_null();
    if (sqlite3_column_type(q, 16) != SQLITE_NULL || sqlite3_column_type(q, 17) != SQLITE_NULL) {
        json_t *id = sqlite3_column_type(q, 15) == SQLITE_NULL ? json_null()
                                                               : json_integer(sqlite3_column_int64(q, 15));
        speaker = json_pack("{s:o,s:o,s:o,s:o,s:o}", "id", id, "name",
                            sqlite3_column_type(q, 16) != SQLITE_NULL ? col_str(q, 16) : col_str(q, 17),
                            "said_as", col_str(q, 17), "title", col_str(q, 18), "affiliation", col_str(q, 19));
    }
    json_t *doc = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)sqlite3_column_int64(q, 28), "doc",
                            col_str(q, 1), "title", col_str(q, 29), "url", col_str(q, 30), "outlet",
                            col_str(q, 31), "date", col_str(q, 32));
    const unsigned char *topics = sqlite3_column_text(q, 26);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(q, 0));
    json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o,s:I,s:o}", "id",
                          id, "doc", col_str(q, 1), "kind", col_str(q, 2),
                          "content", col_span(q, 3), "content2", col_span(q, 6), "cue", col_span(q, 9),
                          "source", col_span(q, 12), "speaker", speaker, "date", col_str(q, 20), "date_text",
                          col_str(q, 21), "venue", col_str(q, 22), "cluster", col_str(q, 23), "confidence",
                          sqlite3_column_double(q, 24), "method", col_str(q, 25), "topics",
                          split_list((const char *)topics, ','), "repeats",
                          (json_int_t)sqlite3_column_int64(q, 27), "document", doc);
    return o;
}

static long count_rows(req *r, const api_args *a)
{
    sqlq f;
    ws_sqlq_init(&f, r->db);
    sqlite3_str_appendall(f.sql, "SELECT count(*)");
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (build_filter(r, a, &f) == 0 && prepare_filt(r, &f, NULL, &st) == 0) {
        if (sqlite3_step(st) == SQLITE_ROW) n = (long)sqlite3_column_int64(st, 0);
        else db_fail(r);
    }
    sqlite3_finalize(st);
    ws_sqlq_free(&f);
    return n;
}

static json_t *api_statements(req *r, const api_args *a)
{
    long limit, offset;
    if (int_arg(a, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT, &limit))
        return fail(r, 400, "limit must be a number from 1 to 200"), NULL;
    if (int_arg(a, "offset", 0, 100000000, 0, &offset))
        return fail(r, 400, "offset must be a number from 0"), NULL;
    long total = count_rows(r, a);
    if (total < 0) return NULL;

    sqlq f;
    ws_sqlq_init(&f, r->db);
    sqlite3_str_appendall(f.sql, "SELECT " STATEMENT_COLUMNS " FROM (SELECT s.id AS hid");
    sqlite3_stmt *st = NULL;
    json_t *list = json_array(), *res = NULL;
    if (build_filter(r, a, &f) == 0) {
        sqlite3_str_appendf(f.sql, " ORDER BY s.id DESC LIMIT %ld OFFSET %ld) h JOIN statements s ON s.id = h.hid"
                                   " JOIN documents d ON d.id = s.doc_id LEFT JOIN speakers sp ON sp.id = s.speaker_id"
                                   " ORDER BY s.id DESC", limit, offset);
        if (prepare_filt(r, &f, NULL, &st) == 0 && list) {
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(list, statement_json(st));
            if (rc != SQLITE_DONE) db_fail(r);
            else res = json_pack("{s:O,s:I,s:I,s:I}", "statements", list, "total", (json_int_t)total, "limit",
                                 (json_int_t)limit, "offset", (json_int_t)offset);
        }
    }
    json_decref(list);
    sqlite3_finalize(st);
    ws_sqlq_free(&f);
    return res;
}

/* -------------------------------------------------------- speakers, topics */

#define SPEAKER_COLUMNS                                                                                     \
    "sp.id, sp.name, sp.is_person, sp.statements, sp.first_date, sp.last_date,"                             \
    " (SELECT group_concat(value, '; ') FROM speaker_titles WHERE speaker_id = sp.id AND kind = 'title'),"  \
    " (SELECT group_concat(value, '; ') FROM speaker_titles WHERE speaker_id = sp.id AND kind = 'affiliation')," \
    " (SELECT group_concat(alias, '; ') FROM speaker_aliases WHERE speaker_id = sp.id)"

static json_t *speaker_json(sqlite3_stmt *q)
{
    return json_pack("{s:I,s:o,s:b,s:I,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)sqlite3_column_int64(q, 0), "name",
                     col_str(q, 1), "is_person", sqlite3_column_int(q, 2), "statements",
                     (json_int_t)sqlite3_column_int64(q, 3), "first", col_str(q, 4), "last", col_str(q, 5),
                     "titles", split_list((const char *)sqlite3_column_text(q, 6), ';'), "affiliations",
                     split_list((const char *)sqlite3_column_text(q, 7), ';'), "aliases",
                     split_list((const char *)sqlite3_column_text(q, 8), ';'));
}

static json_t *api_speakers(req *r, const api_args *a)
{
    long limit, offset;
    if (int_arg(a, "limit", 1, 1000, 100, &limit)) return fail(r, 400, "limit must be a number from 1 to 1000"), NULL;
    if (int_arg(a, "offset", 0, 100000000, 0, &offset)) return fail(r, 400, "offset must be a number from 0"), NULL;
    const char *name = arg(a, "q");
    char *like = like_any(name ? name : "");
    if (!like) return fail(r, 500, "out of memory"), NULL;
    static const char *const where = " FROM speakers sp WHERE sp.statements > 0 AND (?4 = 0 OR sp.id IN"
                                     " (SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ?1 ESCAPE '\\'))";
    char sql[1024];
    sqlite3_stmt *st = NULL;
    json_t *list = json_array(), *res = NULL;
    long total = -1;
    snprintf(sql, sizeof sql, "SELECT count(*)%s AND ?2 IS NULL AND ?3 IS NULL", where);
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, name != NULL);
        if (sqlite3_step(st) == SQLITE_ROW) total = (long)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    st = NULL;
    snprintf(sql, sizeof sql, "SELECT " SPEAKER_COLUMNS "%s ORDER BY sp.statements DESC, sp.name LIMIT ?2 OFFSET ?3",
             where);
    if (total < 0 || !list || sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_fail(r);
    } else {
        sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, limit);
        sqlite3_bind_int64(st, 3, offset);
        sqlite3_bind_int(st, 4, name != NULL);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(list, speaker_json(st));
        if (rc != SQLITE_DONE) db_fail(r);
        else res = json_pack("{s:O,s:I}", "speakers", list, "total", (json_int_t)total);
    }
    sqlite3_finalize(st);
    sqlite3_free(like);
    json_decref(list);
    return res;
}

static json_t *api_speaker(req *r, const char *id)
{
    if (!all_digits(id) || strlen(id) > 17) return fail(r, 404, "no such speaker"), NULL;
    sqlite3_stmt *st = NULL;
    json_t *o = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT " SPEAKER_COLUMNS " FROM speakers sp WHERE sp.id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return db_fail(r), NULL;
    sqlite3_bind_int64(st, 1, strtoll(id, NULL, 10));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) o = speaker_json(st);
    else if (rc == SQLITE_DONE) fail(r, 404, "no such speaker");
    else db_fail(r);
    sqlite3_finalize(st);
    if (!o) return NULL;
    json_t *topics = json_array();
    if (sqlite3_prepare_v2(r->db,
                           "SELECT t.name, count(*) AS n FROM statements s JOIN statement_topics x ON x.statement_id = s.id"
                           " JOIN topics t ON t.id = x.topic_id WHERE s.speaker_id = ?1 GROUP BY t.id ORDER BY n DESC, t.name",
                           -1, &st, NULL) != SQLITE_OK) {
        json_decref(topics);
        json_decref(o);
        return db_fail(r), NULL;
    }
    sqlite3_bind_int64(st, 1, strtoll(id, NULL, 10));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(topics, json_pack("{s:o,s:I}", "name", col_str(st, 0), "count",
                                                (json_int_t)sqlite3_column_int64(st, 1)));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(topics);
        json_decref(o);
        return db_fail(r), NULL;
    }
    json_object_set_new(o, "topics", topics);
    return o;
}

static json_t *api_topics(req *r)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db,
                           "SELECT t.name, (SELECT count(*) FROM statement_topics x WHERE x.topic_id = t.id) AS n"
                           " FROM topics t ORDER BY n DESC, t.name", -1, &st, NULL) != SQLITE_OK)
        return db_fail(r), NULL;
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (sqlite3_column_int64(st, 1) > 0)
            json_array_append_new(list, json_pack("{s:o,s:I}", "name", col_str(st, 0), "statements",
                                                  (json_int_t)sqlite3_column_int64(st, 1)));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return db_fail(r), NULL;
    }
    return json_pack("{s:o}", "topics", list);
}

/* -------------------------------------------------------- timeline */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The period after P ("YYYY-MM-DD") by BY (0 day, 1 week, 2 month). */
static void next_period(const char *p, int by, char out[16])
{
    int y = 0, m = 0, d = 0;
    sscanf(p, "%4d-%2d-%2d", &y, &m, &d);
    if (by == 2) {
        if (++m > 12) {
            m = 1;
            y++;
        }
        d = 1;
    } else {
        civil_from_days(days_from_civil(y, m, d) + (by == 1 ? 7 : 1), &y, &m, &d);
    }
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

typedef struct tl_cell {
    char period[11];
    char *name; /* series name or NULL (total) */
    long n;
} tl_cell;

static json_t *api_timeline(req *r, const api_args *a)
{
    static const char *const bucket[] = {"s.sort_date", "date(s.sort_date, '-6 days', 'weekday 1')",
                                         "substr(s.sort_date, 1, 7) || '-01'"};
    static const char *const names[] = {"day", "week", "month"};
    const char *byv = arg(a, "by");
    int by = 2;
    if (byv) {
        for (by = 0; by < 3 && strcmp(byv, names[by]); by++) {
        }
        if (by == 3) return fail(r, 400, "by must be day, week or month"), NULL;
    }
    const char *split = arg(a, "split");
    int sp = 0; /* 0 none, 1 topic, 2 speaker */
    if (split && !strcmp(split, "topic")) sp = 1;
    else if (split && !strcmp(split, "speaker")) sp = 2;
    else if (split && strcmp(split, "none")) return fail(r, 400, "split must be none, topic or speaker"), NULL;

    /* Totals per period. */
    sqlq f;
    ws_sqlq_init(&f, r->db);
    sqlite3_str_appendf(f.sql, "SELECT %s AS p, count(*)", bucket[by]);
    sqlite3_stmt *st = NULL;
    json_t *periods = json_array(), *total = json_array(), *series = json_array(), *res = NULL;
    char last[16] = "";
    int ok = periods && total && series && build_filter(r, a, &f) == 0 &&
             prepare_filt(r, &f, " AND s.sort_date IS NOT NULL GROUP BY p ORDER BY p", &st) == 0;
    ws_sqlq_free(&f);
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        if (!p || strlen(p) != 10) continue;
        /* empty periods between the last one and this */
        if (last[0] && json_array_size(periods) < MAX_PERIODS) {
            char nx[16];
            next_period(last, by, nx);
            while (strcmp(nx, p) < 0 && json_array_size(periods) < MAX_PERIODS) {
                json_array_append_new(periods, json_string(nx));
                json_array_append_new(total, json_integer(0));
                next_period(nx, by, nx);
            }
        }
        json_array_append_new(periods, json_string(p));
        json_array_append_new(total, json_integer(sqlite3_column_int64(st, 1)));
        snprintf(last, sizeof last, "%s", p);
    }
    if (ok && rc != SQLITE_DONE) {
        db_fail(r);
        ok = 0;
    }
    sqlite3_finalize(st);
    st = NULL;

    /* The largest series, then their counts per period. */
    if (ok && sp) {
        static const char *const key[] = {NULL, "t.name", "coalesce(spk.name, s.speaker)"};
        static const char *const join[] = {NULL,
                                           " JOIN statement_topics x ON x.statement_id = s.id JOIN topics t ON t.id = x.topic_id",
                                           " LEFT JOIN speakers spk ON spk.id = s.speaker_id"};
        sqlq g;
    ws_sqlq_init(&g, r->db);
        sqlite3_str_appendf(g.sql, "WITH sel AS (SELECT s.id AS sid, %s AS p", bucket[by]);
        char tail[600];
        snprintf(tail, sizeof tail,
                 " AND s.sort_date IS NOT NULL), named AS (SELECT sel.p, %s AS k FROM sel JOIN statements s ON s.id = sel.sid%s),"
                 " top AS (SELECT k, count(*) AS n FROM named WHERE k IS NOT NULL GROUP BY k ORDER BY n DESC, k LIMIT %d)"
                 " SELECT named.k, named.p, count(*) FROM named JOIN top ON top.k = named.k GROUP BY named.k, named.p"
                 " ORDER BY top.n DESC, named.k, named.p",
                 key[sp], join[sp], MAX_SERIES);
        ok = build_filter(r, a, &g) == 0 && prepare_filt(r, &g, tail, &st) == 0;
        ws_sqlq_free(&g);
        json_t *cur = NULL;
        const char *curname = NULL;
        while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(st, 0);
            const char *p = (const char *)sqlite3_column_text(st, 1);
            if (!k || !p) continue;
            if (!curname || strcmp(curname, k)) {
                json_t *counts = json_array();
                for (size_t i = 0; i < json_array_size(periods); i++) json_array_append_new(counts, json_integer(0));
                cur = json_pack("{s:s,s:o}", "name", k, "counts", counts);
                if (!cur) break;
                json_array_append_new(series, cur);
                curname = json_string_value(json_object_get(cur, "name"));
            }
            json_t *counts = json_object_get(cur, "counts");
            for (size_t i = 0; i < json_array_size(periods); i++)
                if (!strcmp(json_string_value(json_array_get(periods, i)), p)) {
                    json_array_set_new(counts, i, json_integer(sqlite3_column_int64(st, 2)));
                    break;
                }
        }
        if (ok && rc != SQLITE_DONE) {
        db_fail(r);
        ok = 0;
    }
        sqlite3_finalize(st);
    }
    if (ok) res = json_pack("{s:s,s:O,s:O,s:O}", "by", names[by], "periods", periods, "total", total, "series", series);
    json_decref(periods);
    json_decref(total);
    json_decref(series);
    return res;
}

/* -------------------------------------------------------- documents */

static json_t *api_document(req *r, const char *id)
{
    sqlite3_stmt *st = NULL;
    int num = all_digits(id) && strlen(id) < 18;
    const char *sql = num ? "SELECT id, doc, title, url, outlet, date, text FROM documents WHERE id = ?1"
                          : "SELECT id, doc, title, url, outlet, date, text FROM documents WHERE doc = ?1";
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) return db_fail(r), NULL;
    if (num) sqlite3_bind_int64(st, 1, strtoll(id, NULL, 10));
    else sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    json_t *o = NULL;
    sqlite3_int64 did = 0;
    if (rc == SQLITE_ROW) {
        did = sqlite3_column_int64(st, 0);
        o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)did, "doc", col_str(st, 1), "title",
                      col_str(st, 2), "url", col_str(st, 3), "outlet", col_str(st, 4), "date", col_str(st, 5),
                      "text", col_str(st, 6));
    } else if (rc == SQLITE_DONE) {
        fail(r, 404, "no such document");
    } else {
        db_fail(r);
    }
    sqlite3_finalize(st);
    if (!o) return NULL;
    json_t *list = json_array();
    if (sqlite3_prepare_v2(r->db,
                           "SELECT s.id, s.content_start, s.content_end, s.content2_start, s.content2_end,"
                           " coalesce(sp.name, s.speaker), s.speaker_id FROM statements s"
                           " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.doc_id = ?1 ORDER BY s.content_start",
                           -1, &st, NULL) != SQLITE_OK) {
        json_decref(list);
        json_decref(o);
        return db_fail(r), NULL;
    }
    sqlite3_bind_int64(st, 1, did);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *c2 = sqlite3_column_type(st, 3) == SQLITE_NULL
                         ? json_null()
                         : json_pack("{s:I,s:I}", "start", (json_int_t)sqlite3_column_int64(st, 3), "end",
                                     (json_int_t)sqlite3_column_int64(st, 4));
        json_t *sid = sqlite3_column_type(st, 6) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 6));
        char sid_s[24];
        snprintf(sid_s, sizeof sid_s, "%lld", (long long)sqlite3_column_int64(st, 0));
        json_array_append_new(list, json_pack("{s:s,s:{s:I,s:I},s:o,s:o,s:o}", "id", sid_s, "content", "start",
                                              (json_int_t)sqlite3_column_int64(st, 1), "end",
                                              (json_int_t)sqlite3_column_int64(st, 2), "content2", c2, "speaker",
                                              col_str(st, 5), "speaker_id", sid));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        json_decref(o);
        return db_fail(r), NULL;
    }
    json_object_set_new(o, "statements", list);
    return o;
}

/* -------------------------------------------------------- routing */

/* Answers GET PATH; see serve.h. */
int ws_api_handle(sqlite3 *db, const char *path, const api_args *args, api_reply *out)
{
    req r = {.db = db, .out = out};
    out->body = NULL;
    json_t *o = NULL;
    const char *p = path + (strncmp(path, "/api/", 5) ? strlen(path) : 5);
    if (!strcmp(p, "statements")) o = api_statements(&r, args);
    else if (!strcmp(p, "speakers")) o = api_speakers(&r, args);
    else if (!strncmp(p, "speakers/", 9)) o = api_speaker(&r, p + 9);
    else if (!strcmp(p, "topics")) o = api_topics(&r);
    else if (!strcmp(p, "timeline")) o = api_timeline(&r, args);
    else if (!strncmp(p, "documents/", 10) && p[10]) o = api_document(&r, p + 10);
    else fail(&r, 404, "no such API path");
    reply_json(&r, o);
    return out->body ? WS_OK : WS_NOMEM;
}

/* Checks the tables this API reads; see serve.h. */
int ws_api_check_schema(sqlite3 *db, char *err, size_t errlen)
{
    static const char *const tables[] = {"documents", "statements", "speakers", "speaker_aliases",
                                         "speaker_titles", "topics", "statement_topics", "statements_fts"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &st, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "cannot read the database: %s", sqlite3_errmsg(db));
            return WS_DB;
        }
        sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_ROW) continue;
        if (rc == SQLITE_DONE)
            snprintf(err, errlen, "not a whosaid database (no table '%s'): run whosaid ingest first", tables[i]);
        else
            snprintf(err, errlen, "cannot read the database: %s", sqlite3_errmsg(db));
        return WS_DB;
    }
    return WS_OK;
}
