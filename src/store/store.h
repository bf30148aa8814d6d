/*
 * store.h -- what the backend-neutral files of the store share (not API):
 *
 *   db.c        ws_db_open/close: the backend, the topics, the threads
 *   ingest.c    ws_db_emit's storing of one document (new, changed,
 *               unchanged), batches
 *   writer.c    the writer thread and its queue (opts.writer_thread)
 *   registry.c  the speaker registry across ingests, done in memory per
 *               batch (src/speaker/ holds the rules)
 *   query.c     the one query module: filters and their meaning, for the
 *               command line and the HTTP API alike (query.h)
 *   topics.c    the topics file and its matching (tp_)
 *
 * Backends implement backend.h (sqlite*.c, pg*.c).
 */
#ifndef WS_STORE_H
#define WS_STORE_H

#include "whosaid.h"
#include "../base/base.h"
#include "whosaid_store.h"
#include "backend.h"

#include <pthread.h>

/* Documents the writer thread looks up ahead at once (doc_prefetch). */
#define LOOKAHEAD 1024

/* ------------------------------------------------------------ topics */

typedef struct tp_set tp_set;

/* Working memory of ws_tp_match, kept between calls (zero-initialise). */
typedef struct tp_scratch {
    buf b;
    size_t *offs;
    size_t cap;
} tp_scratch;

int ws_tp_load(const char *path, tp_set **out, char *err, size_t errlen);
int ws_tp_count(const tp_set *t);
const char *ws_tp_name(const tp_set *t, int i);
int ws_tp_match(const tp_set *t, const char *text, size_t len, tp_scratch *sc, unsigned char *hit);
void ws_tp_scratch_free(tp_scratch *sc);
void ws_tp_free(tp_set *t);

/* ------------------------------------------------------------ registry */

/* A speaker's statements of the batch, added to its row at the commit. */
typedef struct spk_add {
    int64_t id;
    long n;
    char first[11], last[11]; /* "" for none */
} spk_add;

/* A speaker's title or affiliation of the batch, added at the commit. */
typedef struct spk_tadd {
    int64_t id;
    char kind;      /* 't' title, 'a' affiliation */
    size_t voff;    /* the value: tvals.p + voff, NUL-terminated */
    long n;
    char first[11], last[11];
} spk_tadd;

/* The registry's memory of a batch: the names resolved (name -> index
 * into ids, so that a merge renames every name of a speaker at once),
 * the titles and the statement counts to add at the commit. */
typedef struct ws_registry {
    ws_hmap names;
    int64_t *ids;
    size_t nids, capids;
    ws_hmap titles;   /* id, kind, value -> index into tadds */
    spk_tadd *tadds;
    size_t ntadds, captadds;
    buf tvals, tkey;
    ws_hmap adds_ix;
    spk_add *adds;
    size_t nadds, capadds;
    int entered; /* registry_enter called in this batch */
} ws_registry;

/* ------------------------------------------------------------ the handle */

typedef struct wjob wjob;

struct ws_db {
    const ws_store_backend *be;
    void *conn;
    /* the writer thread (opts.writer_thread) and its queue (writer.c) */
    int threaded, started, stop, busy, werr;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv_job, cv_room;
    wjob *qhead, *qtail;
    size_t qjobs; /* documents queued */
    int drain;    /* ws_store_writer_wait: store what is queued, gathered or not */
    /* the documents of the open batch, kept to replay it (WS_STORE_RETRY),
     * and the counts as they were at its begin */
    wjob *held, *held_tail;
    ws_db_ingest_stats batch_stats;
    /* documents looked up ahead (doc_prefetch) and not yet stored; ids */
    size_t ahead;
    ws_store_text ahead_ids[LOOKAHEAD];
    size_t qbytes;
    ws_registry reg;
    ws_hmap near;   /* cluster keys of this handle's ingest -> the cluster
                       they take (ingest.c: near repeats across ingests) */
    int near_prior; /* 0 not asked yet; 1 the database held clusters when
                       this handle first stored; 2 it held none */
    tp_set *topics;
    int64_t *topic_ids;
    unsigned char *topic_hit;
    tp_scratch scratch, qscratch; /* the writer's; ws_db_emit's */
    ws_store_row *rows;            /* a document's rows (ingest.c) */
    int64_t *row_topics;
    size_t caprows, caprow_topics;
    int no_text;
    size_t batch_docs;
    int in_tx;
    size_t batch_n, batch_rows;
    ws_db_ingest_stats stats;
    char err[512];
};

/* After a backend call that returned RC: a WS_DB takes the backend's
 * message.  Returns RC. */
int ws_store_be(ws_db *db, int rc);

/* ingest.c */
/* Stores one document (on the writer thread when there is one); HITS:
 * its statements' topics (ws_tp_count bytes each) or NULL to match them
 * here; DHASH its hash or NULL. */
int ws_store_emit_now(ws_db *db, const ws_doc *doc, int status, const ws_statement *st, size_t n,
                      const unsigned char *hits, const char *dhash);
/* Commits the batch in progress (the writer thread, if any, is idle). */
int ws_store_commit(ws_db *db);
/* Begins a batch (if none is open) and has the backend look documents
 * IDS[n], the next to be stored, up at once (its doc_prefetch). */
int ws_store_prefetch(ws_db *db, const ws_store_text *ids, size_t n);
/* The content hash of DOC (text, date, title, url, outlet). */
void ws_store_doc_hash(const ws_doc *doc, char out[17]);
/* Marks in HIT[ws_tp_count] the topics of statement S of DOC. */
int ws_store_match_topics(const tp_set *t, const ws_doc *doc, const ws_statement *s, tp_scratch *sc,
                          unsigned char *hit);

/* writer.c */
/* Attempts at a batch before WS_STORE_RETRY is an error. */
#define RETRY_MAX 20
int ws_store_writer_start(ws_db *db);
int ws_store_writer_wait(ws_db *db);
void ws_store_writer_stop(ws_db *db);

/* registry.c */
void ws_reg_init(ws_registry *r);
void ws_reg_begin(ws_registry *r);
/* The registry id of speaker NAME (created, or merged, by the rules). */
int ws_reg_resolve(ws_db *db, const char *name, int is_person, int64_t *id);
/* The id NAME (resolved in this batch) has now, after any merge since. */
int64_t ws_reg_current(const ws_registry *r, const char *name);
/* Counts a statement of speaker ID dated SORT (or NULL). */
int ws_reg_count(ws_db *db, int64_t id, const char *sort);
/* Counts title or affiliation VALUE (KIND "title"|"affiliation") of
 * speaker ID in a statement dated SORT (or NULL). */
int ws_reg_title(ws_db *db, int64_t id, const char *kind, const char *value, const char *sort);
/* The one person the database has seen holding TITLE with AFFILIATION
 * within WS_SPK_TITLE_DAYS of SORT (speaker.h): *id, 0 when none or
 * several. */
int ws_reg_title_holder(ws_db *db, const char *title, const char *affiliation, const char *sort, int64_t *id);
/* Writes the counts kept in memory to the speakers' rows. */
int ws_reg_flush(ws_db *db);
void ws_reg_free(ws_registry *r);

#endif
