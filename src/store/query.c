/*
 * query.c -- the one query module (query.h): what a filter means, for
 * `whosaid search`/`timeline`/`speakers` and the HTTP API alike.
 *
 *   text     words (split at spaces, tabs, line breaks), all required,
 *            stemmed by the backend's full-text index; a final '*' makes a
 *            word a prefix
 *   match    a raw expression of the backend's full-text syntax
 *   speaker  digits: the registry id.  Else a name, ASCII
 *            case-insensitive: the speakers with an alias (every name a
 *            speaker was seen under, the canonical one included) equal to
 *            it or holding it as whole words ("Meloni" is "Giorgia
 *            Meloni"); when no alias matches so, those holding it anywhere
 *            ("lon" finds "Giorgia Meloni")
 *   topic    a topic's name, case-insensitive
 *   since, until  YYYY-MM-DD, inclusive, on the statement's date, else
 *            its document's
 *   kind     direct, indirect or mixed
 */
#include "store.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ws_query_is_id(const char *s, int64_t *id)
{
    size_t n = strlen(s);
    if (!n || n > 17) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    *id = strtoll(s, NULL, 10);
    return 1;
}

/* A filter under construction: the words' array is its own. */
typedef struct qfilter {
    ws_filter f;
    ws_store_word *words;
} qfilter;

/* The julian day of S (YYYY-MM-DD) to *DAY; WS_PARSE when it is none. */
static int day_of(ws_db *db, const char *s, int64_t *day, char out[11])
{
    ws_date d;
    if (ws_date_parse(s, &d) != WS_OK || !(*day = ws_date_julian(d))) {
        snprintf(db->err, sizeof db->err, "not a date (YYYY-MM-DD): '%s'", s);
        return WS_PARSE;
    }
    ws_date_format(d, out);
    return WS_OK;
}

/* Splits TEXT into Q's words. */
static int split_words(qfilter *q, const char *text)
{
    size_t cap = strlen(text) / 2 + 1, n = 0;
    q->words = ws__calloc(cap, sizeof *q->words);
    if (!q->words) return WS_NOMEM;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p) break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
        ws_store_word *x = &q->words[n++];
        x->p = w;
        x->n = (size_t)(p - w);
        x->prefix = x->n > 1 && w[x->n - 1] == '*';
        if (x->prefix) x->n--;
    }
    q->f.words = q->words;
    q->f.nwords = n;
    return WS_OK;
}

/* The speaker condition of NAME into MODE/SPK/ID. */
static int speaker_of(ws_db *db, const char *name, ws_spk_match *mode, const char **spk, int64_t *id)
{
    if (ws_query_is_id(name, id)) {
        *mode = WS_SPK_ID;
        return WS_OK;
    }
    int found = 0;
    int rc = ws_store_be(db, db->be->alias_exists(db->conn, name, WS_SPK_WORD, &found));
    if (rc) return rc;
    *mode = found ? WS_SPK_WORD : WS_SPK_SUBSTR;
    *spk = name;
    return WS_OK;
}

/* Checks Q and builds its filter into F. */
static int build(ws_db *db, const ws_query *q, qfilter *f)
{
    memset(f, 0, sizeof *f);
    db->err[0] = 0;
    int rc;
    if (q->match && *q->match) f->f.match = q->match;
    else if (q->text && *q->text && (rc = split_words(f, q->text))) return rc;
    if (q->topic && *q->topic) f->f.topic = q->topic;
    if (q->since && *q->since && (rc = day_of(db, q->since, &f->f.since_day, f->f.since))) return rc;
    if (q->until && *q->until && (rc = day_of(db, q->until, &f->f.until_day, f->f.until))) return rc;
    if (q->kind && *q->kind) {
        if (strcmp(q->kind, "direct") && strcmp(q->kind, "indirect") && strcmp(q->kind, "mixed")) {
            snprintf(db->err, sizeof db->err, "a kind is direct, indirect or mixed, not '%s'", q->kind);
            return WS_PARSE;
        }
        f->f.kind = q->kind;
    }
    if (q->speaker && *q->speaker &&
        (rc = speaker_of(db, q->speaker, &f->f.speaker_mode, &f->f.speaker, &f->f.speaker_id)))
        return rc;
    return WS_OK;
}

int ws_query_search(ws_db *db, const ws_query *q, long offset, int flags, ws_store_hit_fn fn, void *ud)
{
    qfilter f;
    int rc = build(db, q, &f);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->search(db->conn, &f.f, q->limit, offset, flags, fn, ud));
    ws__free(f.words);
    return rc;
}

int ws_query_count(ws_db *db, const ws_query *q, long *n)
{
    qfilter f;
    int rc = build(db, q, &f);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->count(db->conn, &f.f, n));
    ws__free(f.words);
    return rc;
}

int ws_query_timeline(ws_db *db, const ws_query *q, ws_period by, ws_split split, int max_series,
                      ws_period_fn fn, void *ud)
{
    if ((int)by < 0 || by > WS_BY_MONTH) return WS_USAGE;
    qfilter f;
    int rc = build(db, q, &f);
    if (rc == WS_OK) rc = ws_store_be(db, db->be->timeline(db->conn, &f.f, by, split, max_series, fn, ud));
    ws__free(f.words);
    return rc;
}

int ws_query_speakers(ws_db *db, const char *name, long limit, long offset, int all_aliases, long *total,
                      ws_speaker_fn fn, void *ud)
{
    db->err[0] = 0;
    ws_speaker_query sq = {WS_SPK_ANY, NULL, 0, limit, offset, all_aliases};
    int rc = WS_OK;
    if (name && *name) rc = speaker_of(db, name, &sq.mode, &sq.name, &sq.id);
    if (rc == WS_OK && total) rc = ws_store_be(db, db->be->speakers_count(db->conn, &sq, total));
    if (rc == WS_OK) rc = ws_store_be(db, db->be->speakers(db->conn, &sq, fn, ud));
    return rc;
}

typedef struct one_ctx {
    ws_speaker_fn fn;
    void *ud;
    int *found;
} one_ctx;

static int one_speaker(void *ud, const ws_speaker_row *r)
{
    one_ctx *c = ud;
    *c->found = 1;
    return c->fn(c->ud, r);
}

int ws_query_speaker(ws_db *db, int64_t id, int *found, ws_speaker_fn fn, void *ud)
{
    db->err[0] = 0;
    *found = 0;
    ws_speaker_query sq = {WS_SPK_ID, NULL, id, 1, 0, 1};
    one_ctx c = {fn, ud, found};
    return ws_store_be(db, db->be->speakers(db->conn, &sq, one_speaker, &c));
}

int ws_query_speaker_topics(ws_db *db, int64_t id, ws_count_fn fn, void *ud)
{
    db->err[0] = 0;
    return ws_store_be(db, db->be->speaker_topics(db->conn, id, fn, ud));
}

int ws_db_speaker_titles(ws_db *db, int64_t id, ws_title_fn fn, void *ud)
{
    if (!db || !fn) return WS_USAGE;
    db->err[0] = 0;
    return ws_store_be(db, db->be->speaker_titles(db->conn, id, fn, ud));
}

int ws_query_speaker_names(ws_db *db, int64_t id, ws_seen_fn fn, void *ud)
{
    db->err[0] = 0;
    return ws_store_be(db, db->be->speaker_names(db->conn, id, fn, ud));
}

int ws_query_speaker_roles(ws_db *db, int64_t id, ws_seen_fn fn, void *ud)
{
    db->err[0] = 0;
    return ws_store_be(db, db->be->speaker_roles(db->conn, id, fn, ud));
}

int ws_query_topics(ws_db *db, ws_count_fn fn, void *ud)
{
    db->err[0] = 0;
    return ws_store_be(db, db->be->topics(db->conn, fn, ud));
}

int ws_query_document(ws_db *db, int64_t id, const char *doc, int *found,
                      int (*dfn)(void *ud, const ws_store_docrow *d),
                      int (*sfn)(void *ud, const ws_store_docst *s), void *ud)
{
    db->err[0] = 0;
    return ws_store_be(db, db->be->document(db->conn, id, doc, found, dfn, sfn, ud));
}

/* ------------------------------------------------------------ public calls */

int ws_db_counts_get(ws_db *db, ws_db_counts *out)
{
    db->err[0] = 0;
    return ws_store_be(db, db->be->counts(db->conn, out));
}

typedef struct hit_ctx {
    ws_hit_fn fn;
    void *ud;
} hit_ctx;

static int hit_row(void *ud, const ws_store_hit *h)
{
    hit_ctx *c = ud;
    return c->fn(c->ud, &h->h);
}

/* Searches; see whosaid_store.h. */
int ws_db_search(ws_db *db, const ws_query *q, ws_hit_fn fn, void *ud)
{
    hit_ctx c = {fn, ud};
    return ws_query_search(db, q, 0, 0, hit_row, &c);
}

/* Lists speakers; see whosaid_store.h. */
int ws_db_speakers(ws_db *db, const char *name, ws_speaker_fn fn, void *ud)
{
    return ws_query_speakers(db, name, 0, 0, 0, NULL, fn, ud);
}

typedef struct tl_ctx {
    int (*fn)(void *, const char *, long);
    void *ud;
    ws_period by;
} tl_ctx;

static int timeline_row(void *ud, const char *series, const char *period, long n)
{
    tl_ctx *c = ud;
    (void)series;
    /* a month is named "YYYY-MM" here */
    char p[11];
    snprintf(p, sizeof p, "%.*s", c->by == WS_BY_MONTH ? 7 : 10, period);
    return c->fn(c->ud, p, n);
}

/* Counts per period; see whosaid_store.h. */
int ws_db_timeline(ws_db *db, const ws_query *q, ws_period by, int (*fn)(void *, const char *, long), void *ud)
{
    tl_ctx c = {fn, ud, by};
    return ws_query_timeline(db, q, by, WS_SPLIT_NONE, 0, timeline_row, &c);
}
