/*
 * jsonl.h -- decoding one JSON line into a document (src/input/jsonl.c).
 * Shared by the reader (ws_reader_next) and the pipeline's workers
 * (ws_pipeline_push_jsonl), so both say the same about the same line.
 */
#ifndef WS_INPUT_JSONL_H
#define WS_INPUT_JSONL_H

#include "../base/base.h"

/* A decoded line: doc's strings point into the decoded value (or into the
 * id buffer given to ws_jl_decode) until ws_jl_release. */
typedef struct jl_doc {
    ws_doc doc;
    void *jv;    /* the jansson value holding the strings, or NULL */
    int utf8_ok; /* doc.text is valid UTF-8 (always, once decoded: jansson
                  * refuses invalid UTF-8 and escapes of lone surrogates) */
} jl_doc;

/* Decodes LINE[len] (a JSON object: text, id, date, title, url, outlet)
 * into JD.  DEFID[defid_len] ("FILE:LINE") is the id when the line has
 * none; a string or integer id is written to IDB, which doc.id then points
 * into.  Documents without a date get DEFDATE.  Returns WS_OK, or WS_PARSE
 * (WS_NOMEM) with what was wrong written to WHAT[whatlen] (without the
 * "FILE:LINE: " prefix).  JD is released first, so it may be reused. */
int ws_jl_decode(const char *line, size_t len, const char *defid, size_t defid_len, ws_date defdate, jl_doc *jd,
              buf *idb, char *what, size_t whatlen);

/* Releases what ws_jl_decode holds in JD (accepts a zeroed or released JD). */
void ws_jl_release(jl_doc *jd);

#endif
