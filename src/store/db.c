/*
 * db.c -- a statement database handle (whosaid_store.h): which backend a
 * target is (backend.h), the topics registered at open, the writer
 * thread, and closing it all in order.
 */
#include "store.h"

#include <stdio.h>
#include <string.h>

/* The backends, the first that accepts a target serving it. */
static const ws_store_backend *const backends[] = {
#ifdef WS_HAVE_PG
    &ws_store_pg,
#endif
    &ws_store_sqlite,
};

int ws_store_be(ws_db *db, int rc)
{
    if (rc == WS_NOMEM && !db->err[0]) snprintf(db->err, sizeof db->err, "out of memory");
    else if (rc && db->conn) snprintf(db->err, sizeof db->err, "%s", db->be->errmsg(db->conn));
    return rc;
}

/* Registers the topics file's topics with the backend. */
static int register_topics(ws_db *db)
{
    int n = ws_tp_count(db->topics);
    if (!n) return WS_OK;
    db->topic_ids = ws__calloc((size_t)n, sizeof *db->topic_ids);
    db->topic_hit = ws__calloc((size_t)n, 1);
    const char **names = ws__calloc((size_t)n, sizeof *names);
    int rc = WS_NOMEM;
    if (db->topic_ids && db->topic_hit && names) {
        for (int i = 0; i < n; i++) names[i] = ws_tp_name(db->topics, i);
        rc = ws_store_be(db, db->be->topics_register(db->conn, names, (size_t)n, db->topic_ids));
    }
    ws__free(names);
    return rc;
}

/* Opens PATH; see whosaid_store.h. */
int ws_db_open(const char *path, const ws_db_opts *opts, ws_db **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!path) return WS_USAGE;
    ws_db *db = ws__calloc(1, sizeof *db);
    if (!db) {
        if (err) snprintf(err, errlen, "out of memory");
        return WS_NOMEM;
    }
    ws_reg_init(&db->reg);
    ws_hmap_init(&db->near, NULL);
    db->batch_docs = opts && opts->batch_docs ? opts->batch_docs : 4000;
    db->no_text = opts ? opts->no_text : 0;
    int read_only = opts ? opts->read_only : 0;
    int rc = WS_OK;
    db->be = &ws_store_sqlite;
    for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
        if (backends[i]->accepts(path)) {
            db->be = backends[i];
            break;
        }
    if (!db->be->accepts(path)) {
        snprintf(db->err, sizeof db->err, "%s: this whosaid was built without that database", path);
        rc = WS_USAGE;
        goto fail;
    }
    if (opts && opts->topics_path && !read_only) {
        rc = ws_tp_load(opts->topics_path, &db->topics, db->err, sizeof db->err);
        if (rc) goto fail;
    }
    ws_store_open o = {read_only, opts && opts->writer_thread && !read_only};
    rc = db->be->open(path, &o, &db->conn, db->err, sizeof db->err);
    if (rc) goto fail;
    if ((rc = register_topics(db))) goto fail;
    if (o.bulk && (rc = ws_store_writer_start(db))) goto fail;
    *out = db;
    return WS_OK;
fail:
    if (err) snprintf(err, errlen, "%s", rc == WS_NOMEM && !db->err[0] ? "out of memory" : db->err);
    ws_db_close(db);
    return rc;
}

const char *ws_db_errmsg(const ws_db *db) { return db ? db->err : "no database"; }

void ws_db_close(ws_db *db)
{
    if (!db) return;
    ws_store_writer_stop(db);
    if (db->threaded) {
        pthread_cond_destroy(&db->cv_room);
        pthread_cond_destroy(&db->cv_job);
        pthread_mutex_destroy(&db->mu);
    }
    /* an open batch is rolled back by the backend's close */
    if (db->conn) db->be->close(db->conn);
    ws_tp_free(db->topics);
    ws_reg_free(&db->reg);
    ws_hmap_free(&db->near);
    ws_tp_scratch_free(&db->scratch);
    ws_tp_scratch_free(&db->qscratch);
    ws__free(db->topic_ids);
    ws__free(db->topic_hit);
    ws__free(db->rows);
    ws__free(db->row_topics);
    ws__free(db);
}

void ws_db_ingest_stats_get(const ws_db *db, ws_db_ingest_stats *out) { *out = db->stats; }
