/*
 * writer.c -- the writer thread (opts.writer_thread, ingest): ws_db_emit
 * copies the document, hashes it, matches its topics and queues it (at
 * most QUEUE_BYTES) for a thread that does everything the backend does:
 * the caller's thread goes back to reading input while the workers
 * extract.  Without the thread ws_db_emit stores on the caller's thread.
 *
 * For a backend with concurrent writers (backend.h, gather) a batch
 * begins only once its documents are queued (or the queue is half full,
 * or the input ended), and the documents of the open batch are kept
 * until it commits: a batch the database asks to run again
 * (WS_STORE_RETRY) is replayed from them, up to RETRY_MAX times.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bytes of queued documents past which ws_db_emit waits for the writer. */
#define QUEUE_BYTES ((size_t)64 << 20)

/* A document queued for the writer thread: one allocation holding the
 * job, its statements and copies of every string they point at. */
struct wjob {
    struct wjob *next;
    size_t bytes;
    int status;
    ws_doc doc;
    ws_statement *st;
    size_t n;
    unsigned char *hits; /* n rows of ws_tp_count bytes: the topics matched */
    char hash[17];       /* the document's hash, computed while copying */
};

/* ------------------------------------------------------------ replay */

static void held_free(ws_db *db)
{
    while (db->held) {
        wjob *k = db->held;
        db->held = k->next;
        ws__free(k);
    }
    db->held_tail = NULL;
}

/* Runs the open batch again from its kept documents, as often as the
 * backend asks (at most RETRY_MAX times in all); the batch stays open
 * unless its last document completes it.  On the writer thread, or on
 * the caller's while the writer is idle. */
static int replay(ws_db *db)
{
    int rc = WS_STORE_RETRY;
    for (int attempt = 1; rc == WS_STORE_RETRY; attempt++) {
        long retries = db->stats.retries + 1;
        db->stats = db->batch_stats;
        db->stats.retries = retries;
        if (attempt >= RETRY_MAX) {
            snprintf(db->err, sizeof db->err, "a batch was run again %d times at the database's request and still"
                     " failed (concurrent ingesters): %s", attempt, db->be->errmsg(db->conn));
            return WS_DB;
        }
        /* the backend forgot the batch: so does the store */
        db->in_tx = 0;
        db->ahead = 0;
        ws_reg_begin(&db->reg);
        db->reg.nadds = 0;
        ws_hmap_clear(&db->reg.adds_ix);
        /* a growing pause, so that the writer met finishes first */
        struct timespec ts = {0, (long)(attempt < 10 ? attempt : 10) * 20000000L};
        nanosleep(&ts, NULL);
        rc = WS_OK;
        size_t nids = 0;
        for (wjob *k = db->held; k && rc == WS_OK; k = k->next) {
            if (k->status == WS_OK && nids < LOOKAHEAD) db->ahead_ids[nids++] = (ws_store_text){k->doc.id, k->doc.id_len};
            if (nids == LOOKAHEAD || (!k->next && nids)) {
                rc = ws_store_prefetch(db, db->ahead_ids, nids);
                nids = 0;
            }
        }
        db->ahead = 0;
        for (wjob *k = db->held; k && rc == WS_OK; k = k->next)
            rc = ws_store_emit_now(db, &k->doc, k->status, k->st, k->n, k->hits, k->hash);
    }
    if (rc == WS_OK && !db->in_tx) held_free(db);
    return rc;
}

/* After job J was stored with RC: keeps J while its batch is open (for a
 * replay; backends with concurrent writers only), frees the batch's jobs
 * once it is committed. */
static int keep(ws_db *db, wjob *j, int rc)
{
    j->next = NULL;
    if (!db->be->gather || (rc == WS_OK && !db->in_tx && !db->held)) {
        ws__free(j);
        return rc;
    }
    if (db->held_tail) db->held_tail->next = j;
    else db->held = j;
    db->held_tail = j;
    if (rc == WS_STORE_RETRY) rc = replay(db);
    else if (rc == WS_OK && !db->in_tx) held_free(db);
    return rc;
}

/* Whether the writer should wait for more documents before it begins a
 * batch (gather, under the lock). */
static int gathering(const ws_db *db)
{
    return db->be->gather && !db->in_tx && !db->stop && !db->drain && !db->werr &&
           db->qjobs < db->batch_docs && db->qbytes < QUEUE_BYTES / 2;
}

/* The writer: stores queued documents in order until told to stop with
 * an empty queue.  After a failure it discards what is queued (the error
 * stays in werr for the caller's thread). */
static void *writer_main(void *arg)
{
    ws_db *db = arg;
    /* a name for `top -H` and WHOSAID_STATS (cmd_store.c); failure is harmless */
    (void)pthread_setname_np(pthread_self(), "whosaid-writer");
    pthread_mutex_lock(&db->mu);
    for (;;) {
        while ((!db->qhead && !db->stop) || (db->qhead && gathering(db))) pthread_cond_wait(&db->cv_job, &db->mu);
        wjob *j = db->qhead;
        if (!j) break;
        db->qhead = j->next;
        if (!db->qhead) db->qtail = NULL;
        db->qjobs--;
        db->busy = 1;
        int failed = db->werr;
        /* the documents about to be stored, looked up at once (doc_prefetch) */
        size_t nids = 0;
        size_t cap = db->batch_docs - (db->in_tx ? db->batch_n : 0); /* the batch's rest */
        if (cap > LOOKAHEAD) cap = LOOKAHEAD;
        if (!db->ahead && db->be->doc_prefetch && !failed && j->status == WS_OK)
            for (wjob *k = j; k && nids < cap; k = k->next)
                if (k->status == WS_OK) db->ahead_ids[nids++] = (ws_store_text){k->doc.id, k->doc.id_len};
        pthread_mutex_unlock(&db->mu);
        if (!failed && !db->in_tx) db->batch_stats = db->stats;
        if (nids && !failed) failed = ws_store_prefetch(db, db->ahead_ids, nids);
        if (db->ahead) db->ahead--;
        int rc = failed && failed != WS_STORE_RETRY ? failed
                 : failed ? WS_STORE_RETRY
                          : ws_store_emit_now(db, &j->doc, j->status, j->st, j->n, j->hits, j->hash);
        size_t bytes = j->bytes;
        if (failed && failed != WS_STORE_RETRY) ws__free(j);
        else rc = keep(db, j, rc);
        pthread_mutex_lock(&db->mu);
        db->qbytes -= bytes;
        db->busy = 0;
        if (rc && !db->werr) db->werr = rc;
        pthread_cond_broadcast(&db->cv_room);
    }
    pthread_mutex_unlock(&db->mu);
    return NULL;
}

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

/* Copies S[n] (NULL stays NULL) to *P, NUL-terminated; advances *P. */
static const char *copy_str(char **p, const char *s, size_t n)
{
    if (!s) return NULL;
    char *d = *p;
    memcpy(d, s, n);
    d[n] = 0;
    *p += n + 1;
    return d;
}

static const char *copy_cstr(char **p, const char *s) { return s ? copy_str(p, s, strlen(s)) : NULL; }

/* A queued copy of DOC and its statements (spans stay valid: they index
 * the copied text) with their topics matched here, or NULL when out of
 * memory. */
static wjob *job_new(ws_db *db, const ws_doc *doc, int status, const ws_statement *st, size_t n)
{
    if (status != WS_OK) n = 0;
    size_t nt = (size_t)ws_tp_count(db->topics);
    size_t bytes = sizeof(wjob) + n * sizeof(ws_statement) + n * nt;
    if (status == WS_OK) {
        bytes += doc->id_len + 1 + (doc->text ? doc->text_len + 1 : 0) + str_size(doc->title) +
                 str_size(doc->url) + str_size(doc->outlet);
        for (size_t i = 0; i < n; i++)
            bytes += str_size(st[i].speaker) + str_size(st[i].title) + str_size(st[i].affiliation) +
                     str_size(st[i].date_text) + str_size(st[i].venue) + str_size(st[i].method);
    }
    wjob *j = ws__alloc(bytes);
    if (!j) return NULL;
    memset(j, 0, sizeof *j);
    j->bytes = bytes;
    j->status = status;
    if (status != WS_OK) return j;
    j->st = (ws_statement *)(j + 1);
    j->n = n;
    char *p = (char *)(j->st + n);
    if (nt) {
        j->hits = (unsigned char *)p;
        p += n * nt;
    }
    j->doc = *doc;
    ws_store_doc_hash(doc, j->hash);
    j->doc.id = copy_str(&p, doc->id, doc->id_len);
    j->doc.text = copy_str(&p, doc->text, doc->text_len);
    j->doc.title = copy_cstr(&p, doc->title);
    j->doc.url = copy_cstr(&p, doc->url);
    j->doc.outlet = copy_cstr(&p, doc->outlet);
    for (size_t i = 0; i < n; i++) {
        ws_statement *s = &j->st[i];
        *s = st[i];
        s->speaker = copy_cstr(&p, st[i].speaker);
        s->title = copy_cstr(&p, st[i].title);
        s->affiliation = copy_cstr(&p, st[i].affiliation);
        s->date_text = copy_cstr(&p, st[i].date_text);
        s->venue = copy_cstr(&p, st[i].venue);
        s->method = copy_cstr(&p, st[i].method);
    }
    for (size_t i = 0; i < n && nt; i++)
        if (ws_store_match_topics(db->topics, &j->doc, &j->st[i], &db->qscratch, j->hits + i * nt) != WS_OK) {
            ws__free(j);
            return NULL;
        }
    return j;
}

/* Stores one document and its statements, or queues a copy for the
 * writer thread; see whosaid_store.h. */
int ws_db_emit(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st, size_t n)
{
    ws_db *db = ud;
    (void)errmsg;
    if (!db->started) {
        /* no copy of the batch to replay it */
        int rc = ws_store_emit_now(db, doc, status, st, n, NULL, NULL);
        return rc == WS_STORE_RETRY ? ws_store_be(db, WS_DB) : rc;
    }
    wjob *j = job_new(db, doc, status, st, n);
    if (!j) return WS_NOMEM;
    pthread_mutex_lock(&db->mu);
    while (db->qbytes > QUEUE_BYTES && !db->werr) pthread_cond_wait(&db->cv_room, &db->mu);
    int rc = db->werr;
    if (!rc) {
        if (db->qtail) db->qtail->next = j;
        else db->qhead = j;
        db->qtail = j;
        db->qjobs++;
        db->qbytes += j->bytes;
        pthread_cond_signal(&db->cv_job);
    }
    pthread_mutex_unlock(&db->mu);
    if (rc) ws__free(j);
    return rc;
}

/* Waits until the writer thread (if any) has stored everything queued;
 * returns its error, if it had one. */
int ws_store_writer_wait(ws_db *db)
{
    if (!db->started) return WS_OK;
    pthread_mutex_lock(&db->mu);
    db->drain = 1;
    pthread_cond_signal(&db->cv_job);
    while ((db->qhead || db->busy) && !db->werr) pthread_cond_wait(&db->cv_room, &db->mu);
    while (db->busy) pthread_cond_wait(&db->cv_room, &db->mu);
    db->drain = 0;
    int rc = db->werr;
    pthread_mutex_unlock(&db->mu);
    return rc;
}

/* Commits the batch in progress, then builds the indexes a load into an
 * empty database deferred; see whosaid_store.h. */
int ws_db_flush(ws_db *db)
{
    int rc = ws_store_writer_wait(db);
    if (rc == WS_OK) rc = ws_store_commit(db);
    while (rc == WS_STORE_RETRY && db->held) {
        rc = replay(db);
        if (rc == WS_OK) rc = ws_store_commit(db);
    }
    if (rc == WS_OK) held_free(db);
    if (rc == WS_STORE_RETRY) rc = ws_store_be(db, WS_DB);
    return rc ? rc : ws_store_be(db, db->be->finish(db->conn));
}

/* Stops the writer thread after it has stored what is queued (or dropped
 * it after an error). */
void ws_store_writer_stop(ws_db *db)
{
    if (!db->started) return;
    pthread_mutex_lock(&db->mu);
    db->stop = 1;
    pthread_cond_signal(&db->cv_job);
    pthread_mutex_unlock(&db->mu);
    pthread_join(db->th, NULL);
    db->started = 0;
    held_free(db);
}

/* Starts the writer thread; without one (a failure to start it) the
 * caller's thread stores. */
int ws_store_writer_start(ws_db *db)
{
    if (pthread_mutex_init(&db->mu, NULL)) return WS_OK;
    if (pthread_cond_init(&db->cv_job, NULL)) {
        pthread_mutex_destroy(&db->mu);
        return WS_OK;
    }
    if (pthread_cond_init(&db->cv_room, NULL)) {
        pthread_cond_destroy(&db->cv_job);
        pthread_mutex_destroy(&db->mu);
        return WS_OK;
    }
    db->threaded = 1;
    if (pthread_create(&db->th, NULL, writer_main, db) == 0) db->started = 1;
    return WS_OK;
}
