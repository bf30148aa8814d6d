/*
 * extract.h -- the extractor with a caller's scratch arena (extract.c), for
 * the pipeline.
 */
#ifndef WS_EXTRACT_H
#define WS_EXTRACT_H

#include "whosaid.h"
#include "base/base.h"

/* ws_extract with SCRATCH for what only the extraction needs (the tokens,
 * the cluster keys' buffers): reset here, so it may serve every extractor
 * that one thread runs, one document after another (extract.c says why).
 * The statements and names stay valid as ws_extract's do, whatever
 * happens to SCRATCH afterwards. */
int ws__extract(ws_extractor *ex, arena *scratch, const ws_doc *doc, const ws_statement **st, size_t *n);

#endif
