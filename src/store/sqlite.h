/*
 * sqlite.h -- what the SQLite backend's files share (sqlite.c: open,
 * schema, batches, the checkpointer; sqlite_ingest.c: document, statement
 * and registry rows; sqlite_query.c: the queries).  Prefix ws_sql_.
 */
#ifndef WS_STORE_SQLITE_H
#define WS_STORE_SQLITE_H

#include "whosaid.h"
#include "../base/base.h"
#include "backend.h"

#include <pthread.h>
#include <sqlite3.h>

/* The prepared statements of ingest, reused for every document. */
enum {
    Q_DOC_GET, Q_DOC_INS, Q_DOC_UPD, Q_DOC_SPEAKERS, Q_DEL_TOPICS, Q_DEL_ST,
    Q_SPK_RECOUNT, Q_ALIAS_GET, Q_SPK_SURNAME, Q_SPK_INS, Q_ALIAS_INS,
    Q_SPK_SINGLE, Q_ST_INS, Q_SPK_ADD, Q_TITLE_INS, Q_TITLE_CLEAR, Q_TITLE_RECOUNT, Q_TITLE_HOLDERS, Q_NEAR_FIND, Q_NEAR_SIG, Q_NEAR_BAND, Q_NEAR_ANY, Q_TOPIC_INS, Q_SEQ_GET,
    Q_SEQ_SET, Q_FTS_INS, Q_SPK_MERGE, Q_COUNT
};

extern const char *const ws_sql_ingest[Q_COUNT];

/* A statement's full-text row waiting for its batch's commit: FTS5
 * flushes its in-memory index whenever a rowid lower than the previous
 * one arrives, and the rowids follow dates, not arrival; so a batch's
 * content is kept here (the statement rows themselves are inserted at
 * once) and indexed in rowid order just before the commit. */
typedef struct pend_fts {
    int64_t id;
    size_t off;   /* content, then content2, in pend_text */
    uint32_t len; /* content's bytes */
    int64_t len2; /* content2's bytes, or -1 for NULL */
} pend_fts;

/* A connection of the SQLite backend. */
typedef struct sqlconn {
    sqlite3 *db;
    int read_only;
    sqlite3_stmt *q[Q_COUNT];
    int in_tx;
    int deferred;     /* the deferred indexes are missing, built at finish */
    int64_t seq;      /* the statement sequence, in the batch */
    int64_t written;  /* statements this connection wrote */
    pend_fts *pend;
    size_t npend, cappend;
    buf pend_text;
    /* the checkpointer thread, its connection and its work (sqlite.c);
     * wal_frames: the WAL's length after the last commit */
    sqlite3 *ck;
    pthread_t ckth;
    pthread_mutex_t ck_mu;
    pthread_cond_t cv_ck, cv_ckdone;
    int ck_started, ck_stop, ck_busy;
    unsigned long ck_commits, ck_seen;
    int wal_frames;
    char err[512];
} sqlconn;

/* Sets C's error to WHAT and SQLite's message; returns WS_DB. */
int ws_sql_fail(sqlconn *c, const char *what);
/* Runs SQL (several statements); WS_OK or WS_DB with the error set. */
int ws_sql_exec(sqlconn *c, const char *sql);
/* Binds S[n] (S NULL: SQL NULL) as text; S must live until the step. */
int ws_sql_bind_text(sqlite3_stmt *q, int i, const char *s, size_t n);
int ws_sql_bind_str(sqlite3_stmt *q, int i, const char *s);
/* Steps Q (no rows, or the first ignored) and resets it, keeping its
 * bindings; ws_sql_step_done clears them too. */
int ws_sql_step_bound(sqlconn *c, sqlite3_stmt *q, const char *what);
int ws_sql_step_done(sqlconn *c, sqlite3_stmt *q, const char *what);
/* Builds the deferred indexes when this connection's statements passed
 * the point where scanning for a speaker costs more (sqlite.c). */
int ws_sql_need_speaker_index(sqlconn *c);
/* Indexes the full-text rows waiting for the commit (sqlite_ingest.c). */
int ws_sql_insert_pending(sqlconn *c);

/* sqlite_ingest.c's operations */
int ws_sql_doc_find(void *conn, ws_store_text doc, int64_t *id, char hash[17]);
int ws_sql_doc_clear(void *conn, int64_t id);
int ws_sql_doc_put(void *conn, const ws_store_doc *d, int64_t *id);
int ws_sql_statements_add(void *conn, ws_store_row *rows, size_t n);
int ws_sql_alias_get(void *conn, const char *name, int64_t *id);
int ws_sql_surname_best(void *conn, const char *word, int64_t *id);
int ws_sql_speaker_new(void *conn, const char *name, int is_person, const char *surname, int64_t *id);
int ws_sql_alias_add(void *conn, const char *name, int64_t id);
int ws_sql_speaker_single(void *conn, const char *word, int64_t except, int64_t *id);
int ws_sql_speaker_merge(void *conn, int64_t from, int64_t to);
int ws_sql_speaker_add(void *conn, int64_t id, long n, const char *first, const char *last);
int ws_sql_title_add(void *conn, int64_t id, const char *kind, const char *value, long n, const char *first,
                     const char *last);
int ws_sql_title_holders(void *conn, const char *title, const char *affiliation, const char *from,
                         const char *to, int64_t *id);
int ws_sql_speaker_titles(void *conn, int64_t id, ws_title_fn fn, void *ud);
int ws_sql_near_find(void *conn, const uint32_t *bands, size_t nsets, size_t n,
                    int (*fn)(void *ud, size_t k, const char *cluster, const char *sig), void *ud);
int ws_sql_near_add(void *conn, const char *const *clusters, const char *const *sigs, const uint32_t *bands,
                   size_t nsets, size_t n);

/* sqlite_query.c's operations */
int ws_sql_counts(void *conn, ws_db_counts *out);
int ws_sql_alias_exists(void *conn, const char *name, ws_spk_match mode, int *found);
int ws_sql_search(void *conn, const ws_filter *f, long limit, long offset, int flags, ws_store_hit_fn fn,
                  void *ud);
int ws_sql_count(void *conn, const ws_filter *f, long *n);
int ws_sql_timeline(void *conn, const ws_filter *f, ws_period by, ws_split split, int max_series,
                    ws_period_fn fn, void *ud);
int ws_sql_speakers(void *conn, const ws_speaker_query *q, ws_speaker_fn fn, void *ud);
int ws_sql_speakers_count(void *conn, const ws_speaker_query *q, long *n);
int ws_sql_speaker_topics(void *conn, int64_t id, ws_count_fn fn, void *ud);
int ws_sql_topics(void *conn, ws_count_fn fn, void *ud);
int ws_sql_speaker_names(void *conn, int64_t id, ws_seen_fn fn, void *ud);
int ws_sql_speaker_roles(void *conn, int64_t id, ws_seen_fn fn, void *ud);
int ws_sql_document(void *conn, int64_t id, const char *doc, int *found,
                    int (*dfn)(void *ud, const ws_store_docrow *d), int (*sfn)(void *ud, const ws_store_docst *s),
                    void *ud);

#endif
