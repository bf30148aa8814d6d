/*
 * api.c -- the JSON API of `whosaid serve`: read-only queries on the
 * statement store (src/store/query.h), answered as JSON built by jansson.
 *
 *   GET /api/statements?q=&speaker=&topic=&since=&until=&kind=&limit=&offset=
 *       {"statements": [STATEMENT...], "total": N, "limit": L, "offset": O}
 *       newest first (statement date, else the document's date)
 *   GET /api/speakers?q=&limit=&offset=
 *       {"speakers": [SPEAKER...], "total": N}, most statements first
 *   GET /api/speakers/ID
 *       SPEAKER with "topics": [{"name", "count"}...], "names": [{"name",
 *       "first", "last", "statements"}...] (every name it was said under)
 *       and "roles": [{"title", "affiliation", "first", "last",
 *       "statements"}...] (each title and affiliation it was seen with);
 *       first/last are the dates of the first and last statement so
 *       (null when none is dated), first seen first
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
 * The filters (q, speaker, topic, since, until, kind) are read by the
 * store's one query module (src/store/query.c), so they mean what they
 * mean to `whosaid search`: `speaker` is the registry id when it is a
 * number, else a name matched word-wise against every name the speaker
 * was seen under, else as a substring; `q` is words, all required,
 * stemmed; a word ending in '*' is a prefix; dates are YYYY-MM-DD,
 * inclusive.  `q` of /api/speakers matches as `speaker` does.
 *
 * The store is opened read-only (server.c) and renders every value as a
 * bound parameter.  Errors are {"error": "..."} with 400 (bad
 * parameter), 404 (no such path or id) or 500 (the database failed).
 *
 * Known limits: `total` is a second count (a large full-text match is
 * counted in full).
 */
#include "whosaid.h"
#include "../base/base.h"
#include "serve.h"
#include "../store/query.h"

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

/* The statement filters of A (strings borrowed from A). */
static ws_query filters(const api_args *a)
{
    ws_query q;
    memset(&q, 0, sizeof q);
    q.text = arg(a, "q");
    q.speaker = arg(a, "speaker");
    q.topic = arg(a, "topic");
    q.since = arg(a, "since");
    q.until = arg(a, "until");
    q.kind = arg(a, "kind");
    return q;
}

/* -------------------------------------------------------- replies */

typedef struct req {
    ws_db *db;
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

/* The failure of a store call: a bad filter is the client's (400). */
static int store_fail(req *r, int rc)
{
    if (rc == WS_PARSE || rc == WS_USAGE) return fail(r, 400, ws_db_errmsg(r->db));
    if (rc == WS_NOMEM) return fail(r, 500, "out of memory");
    return fail(r, 500, "database error");
}

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

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *jspan(const ws_db_span *s)
{
    if (!s->text) return json_null();
    return json_pack("{s:s,s:I,s:I}", "text", s->text, "start", (json_int_t)s->start, "end", (json_int_t)s->end);
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

/* -------------------------------------------------------- statements */

static json_t *statement_json(const ws_store_hit *x)
{
    const ws_hit *h = &x->h;
    json_t *speaker = json_null();
    if (h->speaker || h->said_as)
        speaker = json_pack("{s:o,s:o,s:o,s:o,s:o}", "id", x->speaker_id ? json_integer(x->speaker_id) : json_null(),
                            "name", jstr(h->speaker ? h->speaker : h->said_as), "said_as", jstr(h->said_as), "title",
                            jstr(h->title), "affiliation", jstr(h->affiliation));
    json_t *doc = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)x->doc_id, "doc", jstr(h->doc), "title",
                            jstr(h->doc_title), "url", jstr(h->doc_url), "outlet", jstr(h->doc_outlet), "date",
                            jstr(h->doc_date));
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)h->id);
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o,s:I,s:o}", "id", id, "doc",
                     jstr(h->doc), "kind", jstr(h->kind), "content", jspan(&h->content), "content2",
                     jspan(&h->content2), "cue", jspan(&h->cue), "source", jspan(&h->source), "speaker", speaker,
                     "date", jstr(h->date), "date_text", jstr(h->date_text), "venue", jstr(h->venue), "cluster",
                     jstr(h->cluster), "confidence", h->confidence, "method", jstr(h->method), "topics",
                     split_list(h->topics, ','), "repeats", (json_int_t)x->repeats, "document", doc);
}

static int add_statement(void *ud, const ws_store_hit *h)
{
    json_t *o = statement_json(h);
    return o && json_array_append_new(ud, o) == 0 ? 0 : WS_NOMEM;
}

static json_t *api_statements(req *r, const api_args *a)
{
    long limit, offset, total = 0;
    if (int_arg(a, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT, &limit))
        return fail(r, 400, "limit must be a number from 1 to 200"), NULL;
    if (int_arg(a, "offset", 0, 100000000, 0, &offset))
        return fail(r, 400, "offset must be a number from 0"), NULL;
    ws_query q = filters(a);
    q.limit = limit;
    int rc = ws_query_count(r->db, &q, &total);
    if (rc) return store_fail(r, rc), NULL;
    json_t *list = json_array();
    if (!list) return NULL;
    rc = ws_query_search(r->db, &q, offset, WS_HIT_REPEATS, add_statement, list);
    if (rc) {
        json_decref(list);
        return store_fail(r, rc), NULL;
    }
    return json_pack("{s:o,s:I,s:I,s:I}", "statements", list, "total", (json_int_t)total, "limit",
                     (json_int_t)limit, "offset", (json_int_t)offset);
}

/* -------------------------------------------------------- speakers, topics */

static json_t *speaker_json(const ws_speaker_row *s)
{
    return json_pack("{s:I,s:o,s:b,s:I,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)s->id, "name", jstr(s->name),
                     "is_person", s->is_person, "statements", (json_int_t)s->statements, "first", jstr(s->first),
                     "last", jstr(s->last), "titles", split_list(s->titles, ';'), "affiliations",
                     split_list(s->affiliations, ';'), "aliases", split_list(s->aliases, ';'));
}

static int add_speaker(void *ud, const ws_speaker_row *s)
{
    json_t *o = speaker_json(s);
    return o && json_array_append_new(ud, o) == 0 ? 0 : WS_NOMEM;
}

static json_t *api_speakers(req *r, const api_args *a)
{
    long limit, offset, total = 0;
    if (int_arg(a, "limit", 1, 1000, 100, &limit)) return fail(r, 400, "limit must be a number from 1 to 1000"), NULL;
    if (int_arg(a, "offset", 0, 100000000, 0, &offset)) return fail(r, 400, "offset must be a number from 0"), NULL;
    json_t *list = json_array();
    if (!list) return NULL;
    int rc = ws_query_speakers(r->db, arg(a, "q"), limit, offset, 1, &total, add_speaker, list);
    if (rc) {
        json_decref(list);
        return store_fail(r, rc), NULL;
    }
    return json_pack("{s:o,s:I}", "speakers", list, "total", (json_int_t)total);
}

static int one_speaker(void *ud, const ws_speaker_row *s)
{
    *(json_t **)ud = speaker_json(s);
    return *(json_t **)ud ? 0 : WS_NOMEM;
}

static int add_count(void *ud, const char *name, long n)
{
    json_t *o = json_pack("{s:s,s:I}", "name", name ? name : "", "count", (json_int_t)n);
    return o && json_array_append_new(ud, o) == 0 ? 0 : WS_NOMEM;
}

static int add_seen(void *ud, const ws_store_seen *s)
{
    json_t *o = s->name ? json_pack("{s:s}", "name", s->name)
                        : json_pack("{s:o,s:o}", "title", jstr(s->title), "affiliation", jstr(s->affiliation));
    if (!o || json_object_set_new(o, "first", jstr(s->first)) || json_object_set_new(o, "last", jstr(s->last)) ||
        json_object_set_new(o, "statements", json_integer(s->statements))) {
        json_decref(o);
        return WS_NOMEM;
    }
    return json_array_append_new(ud, o) == 0 ? 0 : WS_NOMEM;
}

/* Sets O's KEY to the list FN gives for speaker ID. */
static int speaker_list(req *r, json_t *o, const char *key, int (*fn)(ws_db *, int64_t, ws_seen_fn, void *),
                        int64_t id)
{
    json_t *list = json_array();
    int rc = list ? fn(r->db, id, add_seen, list) : WS_NOMEM;
    if (rc == WS_OK && json_object_set_new(o, key, list)) rc = WS_NOMEM;
    else if (rc) json_decref(list);
    return rc;
}

static json_t *api_speaker(req *r, const char *id)
{
    int64_t sid;
    if (!ws_query_is_id(id, &sid)) return fail(r, 404, "no such speaker"), NULL;
    json_t *o = NULL;
    int found = 0;
    int rc = ws_query_speaker(r->db, sid, &found, one_speaker, &o);
    if (rc) {
        json_decref(o);
        return store_fail(r, rc), NULL;
    }
    if (!found) return fail(r, 404, "no such speaker"), NULL;
    json_t *topics = json_array();
    rc = topics ? ws_query_speaker_topics(r->db, sid, add_count, topics) : WS_NOMEM;
    if (rc) {
        json_decref(topics);
        json_decref(o);
        return store_fail(r, rc), NULL;
    }
    json_object_set_new(o, "topics", topics);
    if ((rc = speaker_list(r, o, "names", ws_query_speaker_names, sid)) ||
        (rc = speaker_list(r, o, "roles", ws_query_speaker_roles, sid))) {
        json_decref(o);
        return store_fail(r, rc), NULL;
    }
    return o;
}

static int add_topic(void *ud, const char *name, long n)
{
    if (n <= 0) return 0;
    json_t *o = json_pack("{s:s,s:I}", "name", name ? name : "", "statements", (json_int_t)n);
    return o && json_array_append_new(ud, o) == 0 ? 0 : WS_NOMEM;
}

static json_t *api_topics(req *r)
{
    json_t *list = json_array();
    int rc = list ? ws_query_topics(r->db, add_topic, list) : WS_NOMEM;
    if (rc) {
        json_decref(list);
        return store_fail(r, rc), NULL;
    }
    return json_pack("{s:o}", "topics", list);
}

/* -------------------------------------------------------- timeline */

/* The period after P ("YYYY-MM-DD", a period's first day) by BY. */
static void next_period(const char *p, ws_period by, char out[16])
{
    ws_date d = {0, 0, 0};
    if (ws_date_parse(p, &d) != WS_OK) {
        snprintf(out, 16, "9999-12-31");
        return;
    }
    if (by == WS_BY_MONTH) {
        d = ws_date_month_start(d);
        if (++d.m > 12) {
            d.m = 1;
            d.y++;
        }
    } else {
        d = ws_date_from_days(ws_date_to_days(d) + (by == WS_BY_WEEK ? 7 : 1));
    }
    char f[11] = "";
    ws_date_format(d, f);
    snprintf(out, 16, "%s", f[0] ? f : "9999-12-31");
}

typedef struct tl_state {
    ws_period by;
    json_t *periods, *total, *series;
    json_t *cur;           /* the series being filled */
    const char *curname;
    char last[16];
} tl_state;

/* A total: the empty periods since the last one, then this one. */
static int tl_total(void *ud, const char *series, const char *p, long n)
{
    tl_state *t = ud;
    (void)series;
    if (strlen(p) != 10) return 0;
    if (t->last[0] && json_array_size(t->periods) < MAX_PERIODS) {
        char nx[16];
        next_period(t->last, t->by, nx);
        while (strcmp(nx, p) < 0 && json_array_size(t->periods) < MAX_PERIODS) {
            json_array_append_new(t->periods, json_string(nx));
            json_array_append_new(t->total, json_integer(0));
            next_period(nx, t->by, nx);
        }
    }
    json_array_append_new(t->periods, json_string(p));
    json_array_append_new(t->total, json_integer(n));
    snprintf(t->last, sizeof t->last, "%s", p);
    return 0;
}

/* A series' count: into its row of counts, one a period. */
static int tl_series(void *ud, const char *k, const char *p, long n)
{
    tl_state *t = ud;
    if (!t->curname || strcmp(t->curname, k)) {
        json_t *counts = json_array();
        for (size_t i = 0; i < json_array_size(t->periods); i++) json_array_append_new(counts, json_integer(0));
        t->cur = json_pack("{s:s,s:o}", "name", k, "counts", counts);
        if (!t->cur) return WS_NOMEM;
        json_array_append_new(t->series, t->cur);
        t->curname = json_string_value(json_object_get(t->cur, "name"));
    }
    json_t *counts = json_object_get(t->cur, "counts");
    for (size_t i = 0; i < json_array_size(t->periods); i++)
        if (!strcmp(json_string_value(json_array_get(t->periods, i)), p)) {
            json_array_set_new(counts, i, json_integer(n));
            break;
        }
    return 0;
}

static json_t *api_timeline(req *r, const api_args *a)
{
    static const char *const names[] = {"day", "week", "month"};
    const char *byv = arg(a, "by");
    int by = WS_BY_MONTH;
    if (byv) {
        for (by = 0; by < 3 && strcmp(byv, names[by]); by++) {
        }
        if (by == 3) return fail(r, 400, "by must be day, week or month"), NULL;
    }
    const char *split = arg(a, "split");
    ws_split sp = WS_SPLIT_NONE;
    if (split && !strcmp(split, "topic")) sp = WS_SPLIT_TOPIC;
    else if (split && !strcmp(split, "speaker")) sp = WS_SPLIT_SPEAKER;
    else if (split && strcmp(split, "none")) return fail(r, 400, "split must be none, topic or speaker"), NULL;

    ws_query q = filters(a);
    tl_state t = {(ws_period)by, json_array(), json_array(), json_array(), NULL, NULL, ""};
    json_t *res = NULL;
    int rc = t.periods && t.total && t.series ? WS_OK : WS_NOMEM;
    if (rc == WS_OK) rc = ws_query_timeline(r->db, &q, t.by, WS_SPLIT_NONE, 0, tl_total, &t);
    if (rc == WS_OK && sp != WS_SPLIT_NONE) rc = ws_query_timeline(r->db, &q, t.by, sp, MAX_SERIES, tl_series, &t);
    if (rc) store_fail(r, rc);
    else
        res = json_pack("{s:s,s:O,s:O,s:O}", "by", names[by], "periods", t.periods, "total", t.total, "series",
                        t.series);
    json_decref(t.periods);
    json_decref(t.total);
    json_decref(t.series);
    return res;
}

/* -------------------------------------------------------- documents */

static int doc_row(void *ud, const ws_store_docrow *d)
{
    *(json_t **)ud = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)d->id, "doc", jstr(d->doc),
                               "title", jstr(d->title), "url", jstr(d->url), "outlet", jstr(d->outlet), "date",
                               jstr(d->date), "text", jstr(d->text));
    if (!*(json_t **)ud) return WS_NOMEM;
    return json_object_set_new(*(json_t **)ud, "statements", json_array()) == 0 ? 0 : WS_NOMEM;
}

static int doc_statement(void *ud, const ws_store_docst *s)
{
    json_t *list = json_object_get(*(json_t **)ud, "statements");
    json_t *c2 = s->content2_start < 0 ? json_null()
                                       : json_pack("{s:I,s:I}", "start", (json_int_t)s->content2_start, "end",
                                                   (json_int_t)s->content2_end);
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)s->id);
    json_t *o = json_pack("{s:s,s:{s:I,s:I},s:o,s:o,s:o}", "id", sid, "content", "start",
                          (json_int_t)s->content_start, "end", (json_int_t)s->content_end, "content2", c2,
                          "speaker", jstr(s->speaker), "speaker_id",
                          s->speaker_id ? json_integer(s->speaker_id) : json_null());
    return o && json_array_append_new(list, o) == 0 ? 0 : WS_NOMEM;
}

static json_t *api_document(req *r, const char *id)
{
    int64_t did = 0;
    int num = ws_query_is_id(id, &did);
    json_t *o = NULL;
    int found = 0;
    int rc = ws_query_document(r->db, did, num ? NULL : id, &found, doc_row, doc_statement, &o);
    if (rc) {
        json_decref(o);
        return store_fail(r, rc), NULL;
    }
    if (!found) return fail(r, 404, "no such document"), NULL;
    return o;
}

/* -------------------------------------------------------- routing */

/* Answers GET PATH; see serve.h. */
int ws_api_handle(ws_db *db, const char *path, const api_args *args, api_reply *out)
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
