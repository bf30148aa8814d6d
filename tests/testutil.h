/*
 * testutil.h -- helpers shared by the unit tests (cmocka).
 */
#ifndef WS_TESTUTIL_H
#define WS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "whosaid.h"

static ws_lexicon *tu_lx;

static inline int tu_setup_lexicon(void **state)
{
    (void)state;
    char err[512] = "";
    if (ws_lexicon_load(WS_DATA_DIR, &tu_lx, err, sizeof err) != WS_OK) {
        fprintf(stderr, "cannot load lexicon: %s\n", err);
        return -1;
    }
    return 0;
}

static inline int tu_teardown_lexicon(void **state)
{
    (void)state;
    ws_lexicon_free(tu_lx);
    tu_lx = NULL;
    return 0;
}

/* One extraction: the document and its statements. */
typedef struct tu_run {
    ws_extractor *ex;
    ws_doc doc;
    const ws_statement *st;
    size_t n;
} tu_run;

static inline void tu_extract(tu_run *r, const char *text, const char *date)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(ws_extractor_new(tu_lx, &r->ex), WS_OK);
    r->doc.id = "t";
    r->doc.id_len = 1;
    r->doc.text = text;
    r->doc.text_len = strlen(text);
    if (date) assert_int_equal(ws_date_parse(date, &r->doc.date), WS_OK);
    assert_int_equal(ws_extract(r->ex, &r->doc, &r->st, &r->n), WS_OK);
}

static inline void tu_done(tu_run *r) { ws_extractor_free(r->ex); }

/* The text of a span, NUL-terminated in a rotating static buffer. */
static inline const char *tu_span(const tu_run *r, ws_span s)
{
    static char bufs[4][4096];
    static int k;
    char *b = bufs[k++ & 3];
    size_t n;
    const char *p = ws_span_text(&r->doc, s, &n);
    if (!p) return NULL;
    if (n >= sizeof bufs[0]) n = sizeof bufs[0] - 1;
    memcpy(b, p, n);
    b[n] = 0;
    return b;
}

static inline char *tu_date(ws_date d)
{
    static char b[16];
    if (!d.y) return strcpy(b, "none");
    snprintf(b, sizeof b, "%04d-%02d-%02d", d.y, d.m, d.d);
    return b;
}

#endif
