/*
 * test_store.c -- the statement database: documents and statements stored
 * through ws_db_emit (statements made by hand, so that these tests do not
 * depend on what the extractor finds), idempotence, replacement, the
 * speaker registry, topics, full-text search with filters, timelines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "whosaid_store.h"

#include <sqlite3.h>
#include <unistd.h>

/* A statement of DOC whose content is the first occurrence of WORDS. */
static ws_statement mk(const ws_doc *doc, const char *words, const char *speaker, int person, const char *date)
{
    ws_statement s;
    memset(&s, 0, sizeof s);
    const char *p = strstr(doc->text, words);
    assert_non_null(p);
    int64_t b = p - doc->text, e = b + (int64_t)strlen(words);
    s.kind = WS_DIRECT;
    s.content = (ws_span){b, e, b, e};
    s.content2 = (ws_span){-1, -1, -1, -1};
    s.cue = (ws_span){-1, -1, -1, -1};
    s.source = (ws_span){-1, -1, -1, -1};
    s.speaker = speaker;
    s.speaker_is_person = person;
    if (date) assert_int_equal(ws_date_parse(date, &s.date), WS_OK);
    s.cluster = ws_cluster_key(words, strlen(words));
    s.confidence = 0.9;
    s.method = "test";
    return s;
}

static ws_doc mkdoc(const char *id, const char *text, const char *date)
{
    ws_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.id_len = strlen(id);
    d.text = text;
    d.text_len = strlen(text);
    if (date) assert_int_equal(ws_date_parse(date, &d.date), WS_OK);
    return d;
}

static const char *T1 = "\"Peacekeeping troops must come first,\" Giorgia Meloni said. \"No sanctions relief,\" she added.";
static const char *T2 = "\"We want security guarantees before any ceasefire,\" Zelensky said on Monday.";
static const char *T3 = "\"The minerals deal is ready,\" Volodymyr Zelensky said. \"Peacekeepers are welcome,\" the Kremlin said.";

static void ingest_all(ws_db *db)
{
    ws_doc d1 = mkdoc("a:1", T1, "2025-03-10");
    ws_statement s1[2] = {mk(&d1, "Peacekeeping troops must come first", "Giorgia Meloni", 1, "2025-03-08"),
                          mk(&d1, "No sanctions relief", "Giorgia Meloni", 1, NULL)};
    assert_int_equal(ws_db_emit(db, &d1, WS_OK, NULL, s1, 2), WS_OK);
    ws_doc d2 = mkdoc("a:2", T2, "2025-03-20");
    ws_statement s2[1] = {mk(&d2, "We want security guarantees before any ceasefire", "Zelensky", 1, "2025-03-17")};
    assert_int_equal(ws_db_emit(db, &d2, WS_OK, NULL, s2, 1), WS_OK);
    ws_doc d3 = mkdoc("b:1", T3, "2025-04-02");
    ws_statement s3[2] = {mk(&d3, "The minerals deal is ready", "Volodymyr Zelensky", 1, NULL),
                          mk(&d3, "Peacekeepers are welcome", "the Kremlin", 0, NULL)};
    assert_int_equal(ws_db_emit(db, &d3, WS_OK, NULL, s3, 2), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
}

/* Makes PATH (a mkstemp template) a new empty file. */
static void tmp_db(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

/* Removes the database PATH and its WAL files. */
static void rm_db(const char *path)
{
    char side[64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static ws_db *open_db_with(const char *path, int writer_thread)
{
    ws_db *db = NULL;
    char err[512] = "";
    ws_db_opts o = {WS_DATA_DIR "/topics.txt", 0, 2, writer_thread, 0};
    int rc = ws_db_open(path, &o, &db, err, sizeof err);
    if (rc != WS_OK) fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, WS_OK);
    return db;
}

static ws_db *open_db(const char *path) { return open_db_with(path, 0); }

typedef struct hits {
    int n;
    char content[8][128];
    char speaker[8][64];
    char date[8][16];
    char topics[8][128];
} hits;

static int collect(void *ud, const ws_hit *h)
{
    hits *x = ud;
    if (x->n < 8) {
        snprintf(x->content[x->n], sizeof x->content[0], "%s", h->content.text);
        snprintf(x->speaker[x->n], sizeof x->speaker[0], "%s", h->speaker ? h->speaker : "");
        snprintf(x->date[x->n], sizeof x->date[0], "%s", h->sort_date ? h->sort_date : "");
        snprintf(x->topics[x->n], sizeof x->topics[0], "%s", h->topics ? h->topics : "");
    }
    x->n++;
    return 0;
}

static hits search(ws_db *db, const char *text, const char *speaker, const char *topic, const char *since)
{
    hits h;
    memset(&h, 0, sizeof h);
    ws_query q = {0};
    q.text = text;
    q.speaker = speaker;
    q.topic = topic;
    q.since = since;
    assert_int_equal(ws_db_search(db, &q, collect, &h), WS_OK);
    return h;
}

/* 1. Stemmed search with a speaker filter, newest first. */
static void test_search_stemmed(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    ingest_all(db);
    hits h = search(db, "peacekeepers", NULL, NULL, NULL);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.content[0], "Peacekeepers are welcome"); /* 2025-04-02 */
    assert_string_equal(h.content[1], "Peacekeeping troops must come first");
    assert_string_equal(h.date[1], "2025-03-08"); /* the statement's own date */
    h = search(db, "peacekeepers", "Meloni", NULL, NULL);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.speaker[0], "Giorgia Meloni");
    h = search(db, "peacekeepers", "meloni", NULL, "2025-03-09");
    assert_int_equal(h.n, 0);
    h = search(db, NULL, "Meloni", NULL, NULL);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.date[0], "2025-03-10"); /* undated: the document's date */
    ws_db_close(db);
}

/* 1b. The query module's meaning of the speaker and date filters (the
 * same for the HTTP API, tests/e2e/serve_api.sh): a name word-wise, else
 * a substring; digits an id; a date range holds dated statements only. */
static int first_id(void *ud, const ws_speaker_row *r)
{
    if (!*(int64_t *)ud) *(int64_t *)ud = r->id;
    return 0;
}

static void test_filter_meaning(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    ingest_all(db);
    /* a word of a name, any case: word-wise */
    assert_int_equal(search(db, NULL, "giorgia", NULL, NULL).n, 2);
    /* "Zelensky" matches "Volodymyr Zelensky" word-wise */
    assert_int_equal(search(db, NULL, "Zelensky", NULL, NULL).n, 2);
    /* no alias holds "elens" as a word: a substring */
    assert_int_equal(search(db, NULL, "elens", NULL, NULL).n, 2);
    /* "Kreml" is a substring of "the Kremlin" only */
    hits h = search(db, NULL, "Kreml", NULL, NULL);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.speaker[0], "the Kremlin");
    /* digits: the registry id */
    int64_t id = 0;
    assert_int_equal(ws_db_speakers(db, "Meloni", first_id, &id), WS_OK);
    assert_true(id > 0);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    h = search(db, NULL, ids, NULL, NULL);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.speaker[0], "Giorgia Meloni");
    /* an undated statement is in no date range */
    ws_doc d = mkdoc("u:1", "\"Nothing dated here,\" the spokesman said.", NULL);
    ws_statement st = mk(&d, "Nothing dated here", "the spokesman", 0, NULL);
    assert_int_equal(ws_db_emit(db, &d, WS_OK, NULL, &st, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    assert_int_equal(search(db, NULL, NULL, NULL, NULL).n, 6);
    ws_query q = {0};
    q.until = "2025-12-31";
    h.n = 0;
    assert_int_equal(ws_db_search(db, &q, collect, &h), WS_OK);
    assert_int_equal(h.n, 5);
    ws_db_close(db);
}

/* 2. The registry: "Zelensky" and "Volodymyr Zelensky" are one speaker. */
static int count_speakers(void *ud, const ws_speaker_row *r)
{
    long *n = ud;
    if (!strcmp(r->name, "Volodymyr Zelensky")) {
        n[0]++;
        n[1] = r->statements;
        assert_non_null(r->aliases);
        assert_non_null(strstr(r->aliases, "Zelensky"));
        assert_string_equal(r->first, "2025-03-17");
        assert_string_equal(r->last, "2025-04-02");
    }
    if (!strcmp(r->name, "Zelensky")) n[2]++;
    return 0;
}

static void test_speaker_registry(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    ingest_all(db);
    long n[3] = {0, 0, 0};
    assert_int_equal(ws_db_speakers(db, NULL, count_speakers, n), WS_OK);
    assert_int_equal(n[0], 1);
    assert_int_equal(n[1], 2);
    assert_int_equal(n[2], 0);
    /* a later surname-only statement joins the full name */
    ws_doc d = mkdoc("c:1", "\"Hold the line,\" Zelensky said.", "2025-04-03");
    ws_statement s = mk(&d, "Hold the line", "Zelensky", 1, NULL);
    assert_int_equal(ws_db_emit(db, &d, WS_OK, NULL, &s, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    memset(n, 0, sizeof n);
    hits h = search(db, NULL, "Volodymyr Zelensky", NULL, NULL);
    assert_int_equal(h.n, 3);
    ws_db_close(db);
}

/* 3. Topics from the default topics file. */
static void test_topics(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    ingest_all(db);
    hits h = search(db, NULL, NULL, "ceasefire", NULL);
    assert_int_equal(h.n, 1);
    assert_non_null(strstr(h.topics[0], "security guarantees"));
    h = search(db, NULL, NULL, "peacekeepers", NULL);
    assert_int_equal(h.n, 2);
    h = search(db, NULL, NULL, "sanctions", NULL);
    assert_int_equal(h.n, 1);
    h = search(db, NULL, NULL, "minerals deal", NULL);
    assert_int_equal(h.n, 1);
    ws_db_close(db);
}

/* 4. Idempotence and replacement, across handles on a file. */
static void test_idempotent(void **state)
{
    (void)state;
    char path[] = "/tmp/ws_store_XXXXXX";
    tmp_db(path);
    ws_db *db = open_db(path);
    ingest_all(db);
    ws_db_counts c1, c2;
    assert_int_equal(ws_db_counts_get(db, &c1), WS_OK);
    assert_int_equal(c1.documents, 3);
    assert_int_equal(c1.statements, 5);
    ws_db_close(db);
    db = open_db(path);
    ingest_all(db);
    ws_db_ingest_stats st;
    ws_db_ingest_stats_get(db, &st);
    assert_int_equal(st.docs_unchanged, 3);
    assert_int_equal(st.statements, 0);
    assert_int_equal(ws_db_counts_get(db, &c2), WS_OK);
    assert_memory_equal(&c1, &c2, sizeof c1);
    /* a changed document replaces its statements */
    ws_doc d = mkdoc("a:2", "\"A ceasefire now,\" Zelensky said.", "2025-03-21");
    ws_statement s = mk(&d, "A ceasefire now", "Zelensky", 1, NULL);
    assert_int_equal(ws_db_emit(db, &d, WS_OK, NULL, &s, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    assert_int_equal(ws_db_counts_get(db, &c2), WS_OK);
    assert_int_equal(c2.documents, 3);
    assert_int_equal(c2.statements, 5);
    hits h = search(db, "guarantees", NULL, NULL, NULL);
    assert_int_equal(h.n, 0);
    h = search(db, "ceasefire", "Zelensky", NULL, NULL);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.content[0], "A ceasefire now");
    /* a rolled-back batch leaves nothing */
    ws_doc d4 = mkdoc("z:9", "\"Never stored,\" Ann Lee said.", NULL);
    ws_statement s4 = mk(&d4, "Never stored", "Ann Lee", 1, NULL);
    assert_int_equal(ws_db_emit(db, &d4, WS_OK, NULL, &s4, 1), WS_OK);
    ws_db_close(db); /* without flush */
    db = open_db(path);
    assert_int_equal(ws_db_counts_get(db, &c2), WS_OK);
    assert_int_equal(c2.documents, 3);
    ws_db_close(db);
    rm_db(path);
}

/* 5. Timeline buckets and bad queries. */
static int add_bucket(void *ud, const char *period, long count)
{
    char *out = ud;
    char b[64];
    snprintf(b, sizeof b, "%s=%ld;", period, count);
    strcat(out, b);
    return 0;
}

static void test_timeline_and_errors(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    ingest_all(db);
    char out[512] = "";
    ws_query q = {0};
    assert_int_equal(ws_db_timeline(db, &q, WS_BY_MONTH, add_bucket, out), WS_OK);
    assert_string_equal(out, "2025-03=3;2025-04=2;");
    out[0] = 0;
    q.speaker = "Zelensky";
    assert_int_equal(ws_db_timeline(db, &q, WS_BY_WEEK, add_bucket, out), WS_OK);
    assert_string_equal(out, "2025-03-17=1;2025-03-31=1;");
    hits h;
    ws_query bad = {0};
    bad.match = "AND AND (";
    assert_int_equal(ws_db_search(db, &bad, collect, &h), WS_PARSE);
    ws_query bad2 = {0};
    bad2.since = "March";
    assert_int_equal(ws_db_search(db, &bad2, collect, &h), WS_PARSE);
    /* punctuation in plain words is literal, not FTS syntax */
    h = search(db, "\"security\" guarantees:", NULL, NULL, NULL);
    assert_int_equal(h.n, 1);
    ws_db_close(db);
    ws_db_close(NULL);
}

/* 6. With a writer thread, ws_db_flush leaves the same database. */
static void test_writer_thread(void **state)
{
    (void)state;
    ws_db *db = open_db_with(":memory:", 1);
    ingest_all(db);
    hits h = search(db, "peacekeepers", NULL, NULL, NULL);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.content[0], "Peacekeepers are welcome");
    h = search(db, NULL, "Zelensky", NULL, NULL);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.speaker[0], "Volodymyr Zelensky");
    assert_string_equal(h.speaker[1], "Volodymyr Zelensky");
    ws_db_ingest_stats st;
    ws_db_ingest_stats_get(db, &st);
    assert_int_equal(st.docs_new, 3);
    assert_int_equal(st.statements, 5);
    ingest_all(db); /* again: unchanged */
    ws_db_ingest_stats_get(db, &st);
    assert_int_equal(st.docs_unchanged, 3);
    ws_db_close(db);
}

/* 7. One batch that merges a speaker and replaces a document it stored:
 * the statement rows go in at once and their full-text rows wait for the
 * commit, so both must see each other (FTS5's integrity check agrees). */
static void test_same_batch(void **state)
{
    (void)state;
    char path[] = "/tmp/ws_store_XXXXXX";
    tmp_db(path);
    ws_db *db = NULL;
    char err[512] = "";
    ws_db_opts o = {WS_DATA_DIR "/topics.txt", 0, 100, 1, 0};
    assert_int_equal(ws_db_open(path, &o, &db, err, sizeof err), WS_OK);
    ws_doc d2 = mkdoc("a:2", T2, "2025-03-20");
    ws_statement s2 = mk(&d2, "We want security guarantees before any ceasefire", "Zelensky", 1, "2025-03-17");
    assert_int_equal(ws_db_emit(db, &d2, WS_OK, NULL, &s2, 1), WS_OK);
    ws_doc d3 = mkdoc("b:1", T3, "2025-04-02");
    ws_statement s3[2] = {mk(&d3, "The minerals deal is ready", "Volodymyr Zelensky", 1, NULL),
                          mk(&d3, "Peacekeepers are welcome", "the Kremlin", 0, NULL)};
    assert_int_equal(ws_db_emit(db, &d3, WS_OK, NULL, s3, 2), WS_OK);
    ws_doc d4 = mkdoc("a:2", "\"A ceasefire now,\" Zelensky said.", "2025-03-21");
    ws_statement s4 = mk(&d4, "A ceasefire now", "Zelensky", 1, NULL);
    assert_int_equal(ws_db_emit(db, &d4, WS_OK, NULL, &s4, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    hits h = search(db, "guarantees", NULL, NULL, NULL);
    assert_int_equal(h.n, 0);
    h = search(db, "ceasefire", NULL, NULL, NULL);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.speaker[0], "Volodymyr Zelensky");
    h = search(db, NULL, "Zelensky", NULL, NULL);
    assert_int_equal(h.n, 2);
    ws_db_counts c;
    assert_int_equal(ws_db_counts_get(db, &c), WS_OK);
    assert_int_equal(c.statements, 3);
    assert_int_equal(c.speakers, 2);
    ws_db_close(db);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(raw, "INSERT INTO statements_fts(statements_fts) VALUES('integrity-check')", NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "integrity-check: %s\n", msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(raw);
    rm_db(path);
}

/* 9. The registry's titles over time: counts and first/last dates,
 * summed when a surname joins its full name, counted again when a
 * document changes. */
typedef struct tcoll {
    int n;
    char row[8][96];
} tcoll;

static int collect_title(void *ud, const ws_title_row *t)
{
    tcoll *c = ud;
    if (c->n < 8)
        snprintf(c->row[c->n++], sizeof c->row[0], "%s %s %ld %s %s", t->kind, t->value, t->statements,
                 t->first ? t->first : "-", t->last ? t->last : "-");
    return 0;
}

static tcoll titles_of(ws_db *db, const char *name)
{
    int64_t id = 0;
    assert_int_equal(ws_db_speakers(db, name, first_id, &id), WS_OK);
    assert_true(id > 0);
    tcoll c;
    memset(&c, 0, sizeof c);
    assert_int_equal(ws_db_speaker_titles(db, id, collect_title, &c), WS_OK);
    return c;
}

static void test_title_history(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    static const char *A = "\"We will hold,\" President Zelensky said.";
    static const char *B = "\"The front is stable,\" Ukrainian President Volodymyr Zelensky said.";
    ws_doc d1 = mkdoc("t:1", A, "2025-03-17");
    ws_statement s1 = mk(&d1, "We will hold", "Zelensky", 1, NULL);
    s1.title = "President";
    assert_int_equal(ws_db_emit(db, &d1, WS_OK, NULL, &s1, 1), WS_OK);
    ws_doc d2 = mkdoc("t:2", B, "2025-04-02");
    ws_statement s2 = mk(&d2, "The front is stable", "Volodymyr Zelensky", 1, NULL);
    s2.title = "President";
    s2.affiliation = "UA";
    assert_int_equal(ws_db_emit(db, &d2, WS_OK, NULL, &s2, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    tcoll c = titles_of(db, "Volodymyr Zelensky");
    assert_int_equal(c.n, 2);
    assert_string_equal(c.row[0], "affiliation UA 1 2025-04-02 2025-04-02");
    assert_string_equal(c.row[1], "title President 2 2025-03-17 2025-04-02");
    /* the first document changes: its statement is no longer his */
    static const char *A2 = "\"We will hold,\" officials said.";
    ws_doc d3 = mkdoc("t:1", A2, "2025-03-17");
    ws_statement s3 = mk(&d3, "We will hold", "officials", 0, NULL);
    assert_int_equal(ws_db_emit(db, &d3, WS_OK, NULL, &s3, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    c = titles_of(db, "Volodymyr Zelensky");
    assert_int_equal(c.n, 2);
    assert_string_equal(c.row[1], "title President 1 2025-04-02 2025-04-02");
    ws_db_close(db);
}

/* 10. A title alone stored by a later ingest is the person the database
 * saw holding it within a year; two years on, or with two holders, it
 * stays the title. */
static void test_title_alone(void **state)
{
    (void)state;
    ws_db *db = open_db(":memory:");
    static const char *H = "\"The budget will balance,\" Austrian Chancellor Karl Weber said.";
    ws_doc d1 = mkdoc("h:1", H, "2024-03-04");
    ws_statement s1 = mk(&d1, "The budget will balance", "Karl Weber", 1, NULL);
    s1.title = "Chancellor";
    s1.affiliation = "AT";
    assert_int_equal(ws_db_emit(db, &d1, WS_OK, NULL, &s1, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    static const char *L = "\"Taxes will not rise,\" the Austrian chancellor said.";
    ws_doc d2 = mkdoc("h:2", L, "2024-03-11");
    ws_statement s2 = mk(&d2, "Taxes will not rise", "the Austrian chancellor", 0, NULL);
    s2.title = "chancellor";
    s2.affiliation = "AT";
    assert_int_equal(ws_db_emit(db, &d2, WS_OK, NULL, &s2, 1), WS_OK);
    static const char *F = "\"The pensions are safe,\" the Austrian chancellor said.";
    ws_doc d3 = mkdoc("h:3", F, "2026-05-01");
    ws_statement s3 = mk(&d3, "The pensions are safe", "the Austrian chancellor", 0, NULL);
    s3.title = "chancellor";
    s3.affiliation = "AT";
    assert_int_equal(ws_db_emit(db, &d3, WS_OK, NULL, &s3, 1), WS_OK);
    assert_int_equal(ws_db_flush(db), WS_OK);
    hits h = search(db, NULL, "Karl Weber", NULL, NULL);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.content[0], "Taxes will not rise");
    h = search(db, NULL, "the Austrian chancellor", NULL, NULL);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.content[0], "The pensions are safe");
    ws_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_stemmed),
        cmocka_unit_test(test_filter_meaning),
        cmocka_unit_test(test_speaker_registry),
        cmocka_unit_test(test_topics),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_timeline_and_errors),
        cmocka_unit_test(test_writer_thread),
        cmocka_unit_test(test_same_batch),
        cmocka_unit_test(test_title_history),
        cmocka_unit_test(test_title_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
