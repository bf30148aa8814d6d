/*
 * fuzz_brat.c -- extract, write BRAT standoff, read it back.
 *
 * Input: any bytes, made valid UTF-8 and extracted as in fuzz_extract.c.
 * The statements are written with ws_write_brat into memory
 * (open_memstream); the .ann text is then parsed back line by line and
 * must describe exactly the statements: for each, in order, an optional
 * "Tn\tSource a b\ttext", "Tn\tCue a b\ttext", "Tn\tContent a b[;c d]\ttext"
 * (two parts each widened over its quotation marks, as PolNeAR marks an
 * interrupted quotation),
 * "Tn\tAttribution a b\ttext" (a..b covering every part) and an
 * "En\tAttribution:Tn [Source:Tn ]Cue:Tn Content:Tn" line, T numbers
 * counting up from 1.  Each text field must be the span's text with line
 * breaks and tabs as spaces, so that no line of the file is ever split.
 */
#define _GNU_SOURCE
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

typedef struct cursor {
    char *p, *end;
} cursor;

/* The next line (without '\n'), NUL-terminated in place; NULL at the end. */
static char *next_line(cursor *c)
{
    if (c->p >= c->end) return NULL;
    char *l = c->p;
    char *nl = memchr(l, '\n', (size_t)(c->end - l));
    FZ_CHECK(nl != NULL); /* every line ends with a newline */
    *nl = 0;
    c->p = nl + 1;
    return l;
}

/* The span's text as ws_write_brat writes it. */
static void expect_text(const char *text, ws_span s, const char **got)
{
    for (int64_t i = s.bstart; i < s.bend; i++) {
        char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        FZ_CHECK(**got == c);
        (*got)++;
    }
}

/* Checks "T<n>\t<type> <start> <end>\t<text>" for span S; returns n. */
static int check_t(cursor *c, int n, const char *type, const char *text, ws_span s)
{
    char *l = next_line(c);
    FZ_CHECK(l != NULL);
    char head[64];
    int used = 0;
    snprintf(head, sizeof head, "T%d\t%s %lld %lld", n, type, (long long)s.start, (long long)s.end);
    FZ_CHECK(strncmp(l, head, strlen(head)) == 0);
    used = (int)strlen(head);
    const char *p = l + used;
    FZ_CHECK(*p == '\t');
    p++;
    expect_text(text, s, &p);
    FZ_CHECK(*p == 0);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    size_t len;
    if (ws_utf8_sanitize((const char *)data, size, &text, &len) < 0) return 0;
    ws_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "fuzz";
    doc.id_len = 4;
    doc.text = text;
    doc.text_len = len;
    const ws_statement *st;
    size_t n;
    FZ_CHECK(ws_extract(ex, &doc, &st, &n) == WS_OK);

    char *ann = NULL;
    size_t annlen = 0;
    FILE *f = open_memstream(&ann, &annlen);
    if (!f) { ws_free(text); return 0; }
    int rc = ws_write_brat(f, &doc, st, n);
    FZ_CHECK(fclose(f) == 0);
    FZ_CHECK(rc == WS_OK);

    cursor c = {ann, ann + annlen};
    int t = 0;
    for (size_t i = 0; i < n; i++) {
        const ws_statement *s = &st[i];
        int ts = -1;
        if (s->source.start >= 0) ts = check_t(&c, ++t, "Source", text, s->source);
        int tq = check_t(&c, ++t, "Cue", text, s->cue);
        /* Content, possibly in two ranges, text joined by a space; the two
         * parts of an interrupted quotation each widened over the marks
         * around it (one code point before, the punctuation and a closing
         * mark after): never over a letter or a digit */
        int tc = ++t;
        char *l = next_line(&c);
        FZ_CHECK(l != NULL);
        char head[96];
        const char *p;
        if (s->content2.start >= 0) {
            long long a[4];
            int used = 0, tn = 0;
            FZ_CHECK(sscanf(l, "T%d\tContent %lld %lld;%lld %lld%n", &tn, &a[0], &a[1], &a[2], &a[3], &used) == 5);
            FZ_CHECK(tn == tc && used > 0 && l[used] == '\t');
            p = l + used + 1;
            const ws_span *sp[2] = {&s->content, &s->content2};
            for (int k = 0; k < 2; k++) {
                ws_span w = *sp[k];
                FZ_CHECK(a[2 * k] == w.start || a[2 * k] == w.start - 1);
                FZ_CHECK(a[2 * k + 1] >= w.end);
                if (a[2 * k] == w.start - 1) {
                    FZ_CHECK(w.bstart > 0);
                    do w.bstart--;
                    while (w.bstart > 0 && ((unsigned char)text[w.bstart] & 0xC0) == 0x80);
                    w.start--;
                }
                while (w.end < a[2 * k + 1]) {
                    FZ_CHECK((size_t)w.bend < len);
                    do w.bend++;
                    while ((size_t)w.bend < len && ((unsigned char)text[w.bend] & 0xC0) == 0x80);
                    w.end++;
                }
                for (int64_t i = w.bstart; i < w.bend; i++) {
                    if (i >= sp[k]->bstart && i < sp[k]->bend) continue;
                    unsigned char ch = (unsigned char)text[i];
                    FZ_CHECK(!(ch >= '0' && ch <= '9') && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z'));
                }
                if (k == 1) {
                    FZ_CHECK(*p == ' ');
                    p++;
                }
                expect_text(text, w, &p);
            }
        } else {
            snprintf(head, sizeof head, "T%d\tContent %lld %lld\t", tc, (long long)s->content.start,
                     (long long)s->content.end);
            FZ_CHECK(strncmp(l, head, strlen(head)) == 0);
            p = l + strlen(head);
            expect_text(text, s->content, &p);
        }
        FZ_CHECK(*p == 0);
        /* Attribution: from the first part to the last */
        ws_span all = s->content;
        const ws_span *parts[] = {&s->content2, &s->cue, &s->source};
        for (int k = 0; k < 3; k++) {
            if (parts[k]->start < 0) continue;
            if (parts[k]->start < all.start) { all.start = parts[k]->start; all.bstart = parts[k]->bstart; }
            if (parts[k]->end > all.end) { all.end = parts[k]->end; all.bend = parts[k]->bend; }
        }
        fz_check_span(text, len, all, 1);
        int ta = check_t(&c, ++t, "Attribution", text, all);
        l = next_line(&c);
        FZ_CHECK(l != NULL);
        char ev[128];
        if (ts > 0)
            snprintf(ev, sizeof ev, "E%zu\tAttribution:T%d Source:T%d Cue:T%d Content:T%d", i + 1, ta,
                     ts, tq, tc);
        else
            snprintf(ev, sizeof ev, "E%zu\tAttribution:T%d Cue:T%d Content:T%d", i + 1, ta, tq, tc);
        FZ_CHECK(strcmp(l, ev) == 0);
    }
    FZ_CHECK(next_line(&c) == NULL); /* nothing more in the file */
    free(ann);
    ws_free(text);
    return 0;
}
