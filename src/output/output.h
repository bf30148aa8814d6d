/*
 * output.h -- the JSON lines writer's one-statement call (output/write.c),
 * for the pipeline's writer thread and the tests.
 */
#ifndef WS_OUTPUT_H
#define WS_OUTPUT_H

#include "whosaid.h"
#include "../base/base.h"

/* Appends statement S of DOC to B as one JSON line (with its newline),
 * exactly as ws_write_jsonl writes it.  WS_OK or WS_NOMEM. */
int ws__jsonl_append(buf *b, const ws_doc *doc, const ws_statement *s);

/* Appends S[0,n) to B as a JSON string (quotes included), escaped as
 * ws__jsonl_append escapes its strings (for the tests).  WS_OK or
 * WS_NOMEM. */
int ws__json_str(buf *b, const char *s, size_t n);

#endif
