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

/* Appends the N statements ST of DOC to B as ws__jsonl_append does, the
 * document's id escaped once for all; with OFFS (N + 1 entries), line i
 * is B[offs[i], offs[i + 1]).  WS_OK or WS_NOMEM. */
int ws__jsonl_doc(buf *b, const ws_doc *doc, const ws_statement *st, size_t n, size_t *offs);

/* Appends S[0,n) to B as a JSON string (quotes included), escaped as
 * ws__jsonl_append escapes its strings.  WS_OK or WS_NOMEM. */
int ws__json_str(buf *b, const char *s, size_t n);

/* The content of S as the BRAT writer writes it, into *C1 and *C2 (C2's
 * start -1 when S has one part): a content of two parts, a quotation
 * interrupted by its attribution, has each part widened over the
 * quotation marks around it and the punctuation between its last word
 * and its closing mark ("We will," he said, "stand firm."), as PolNeAR
 * marks them; a content of one part is S's own. */
void ws__brat_content(const ws_doc *doc, const ws_statement *s, ws_span *c1, ws_span *c2);

#endif
