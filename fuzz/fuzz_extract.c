/*
 * fuzz_extract.c -- the extractor on raw bytes.
 *
 * Input: any bytes.  They are made valid UTF-8 by ws_utf8_sanitize (as the
 * pipeline does), extracted with a fixed reference date, and every span of
 * every statement is checked: inside the text, start <= end, byte offsets
 * on UTF-8 boundaries, code point offsets consistent with the bytes.  The
 * sanitizer checks the same invariant: valid UTF-8 out, one U+FFFD per
 * replaced byte.  Memory errors, leaks and undefined behaviour are found by
 * the sanitizers the target is built with.
 */
#include "fuzz_common.h"

static ws_extractor *ex;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_load_lexicon();
    if (ws_extractor_new(fz_lx, &ex) != WS_OK) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    size_t len;
    long bad = ws_utf8_sanitize((const char *)data, size, &text, &len);
    if (bad < 0) return 0; /* out of memory: nothing to test */
    FZ_CHECK(len == size + 2 * (size_t)bad);
    FZ_CHECK(text[len] == 0);

    ws_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "fuzz";
    doc.id_len = 4;
    doc.text = text;
    doc.text_len = len;
    doc.date.y = 2025;
    doc.date.m = 4;
    doc.date.d = 5;
    const ws_statement *st;
    size_t n;
    int rc = ws_extract(ex, &doc, &st, &n);
    FZ_CHECK(rc == WS_OK);
    for (size_t i = 0; i < n; i++) {
        const ws_statement *s = &st[i];
        FZ_CHECK(s->kind == WS_DIRECT || s->kind == WS_INDIRECT || s->kind == WS_MIXED);
        fz_check_span(text, len, s->content, 1);
        fz_check_span(text, len, s->content2, 0);
        fz_check_span(text, len, s->cue, 1);
        fz_check_span(text, len, s->source, 0);
        FZ_CHECK(s->confidence >= 0 && s->confidence <= 1);
        if (s->speaker) (void)strlen(s->speaker);
        if (s->title) (void)strlen(s->title);
        if (s->affiliation) (void)strlen(s->affiliation);
        if (s->date_text) (void)strlen(s->date_text);
        if (s->venue) (void)strlen(s->venue);
    }
    const char *const *names;
    size_t nn = ws_extract_names(ex, &names);
    for (size_t i = 0; i < nn; i++) FZ_CHECK(names[i] != NULL && strlen(names[i]) > 0);
    ws_free(text);
    return 0;
}
