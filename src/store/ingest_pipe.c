/*
 * ingest_pipe.c -- the pipeline of an ingest (ws_db_ingest_pipeline_new).
 *
 * In an ingest the database writer is the slower stage: the extraction
 * workers run at a lower priority so that it gets the CPU first, and the
 * caller's thread, which hands documents to the writer, does not extract.
 */
#include "../pipeline.h"
#include "whosaid_store.h"

/* The nice value of an ingest's extraction workers. */
#define INGEST_WORKER_NICE 10

int ws_db_ingest_pipeline_new(const ws_lexicon *lx, const ws_pipeline_opts *opts, ws_emit_fn emit, void *ud,
                              ws_pipeline **out)
{
    static const ws__pipeline_tuning tune = {.worker_nice = INGEST_WORKER_NICE, .caller_works = 0};
    return ws__pipeline_new(lx, opts, &tune, emit, ud, out);
}
