/*
 * pipeline.h -- the pipeline's private entry (src/pipeline.c): how its
 * threads share the machine with the caller's.  The public
 * ws_pipeline_new takes the choice that suits a caller that only reads
 * and writes (extract, eval); the store's ingest, whose caller feeds the
 * database writer, takes another (ws_db_ingest_pipeline_new).
 */
#ifndef WS_PIPELINE_H
#define WS_PIPELINE_H

#include "whosaid.h"

typedef struct ws__pipeline_tuning {
    int worker_nice;  /* > 0: the worker threads run at this nice value
                         (Linux, best effort), so that the caller's own
                         threads, when they are the slower stage, get the
                         CPU first; 0: unchanged */
    int caller_works; /* non-zero: with THREADS > 1 the caller's thread is
                         one of them (THREADS - 1 workers are started):
                         while it waits to deliver, it extracts the
                         documents no worker has taken yet */
} ws__pipeline_tuning;

/* ws_pipeline_new with T's tuning (ws_pipeline_new: worker_nice 0,
 * caller_works 1). */
int ws__pipeline_new(const ws_lexicon *lx, const ws_pipeline_opts *opts, const ws__pipeline_tuning *t,
                     ws_emit_fn emit, void *ud, ws_pipeline **out);

#endif
