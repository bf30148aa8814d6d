/*
 * write.c -- statements as JSON lines and as BRAT standoff.
 *
 * JSON lines (the `extract --format jsonl` contract), one object a
 * statement, built and escaped by jansson:
 *
 *   doc        the document id
 *   kind       "direct" | "indirect" | "mixed"
 *   content    {"text","start","end"}: code point offsets into the text
 *   content2   the second part of an interrupted quote, or null
 *   cue        {"text","start","end"}
 *   source     {"text","start","end"} or null
 *   speaker    {"name","title","affiliation"} or null
 *   date       "YYYY-MM-DD" or null;  date_text  the expression or null
 *   venue      "on X", "in an interview with ...", or null
 *   cluster    16 hex digits, equal for statements repeating each other
 *   confidence 0..1;  method  which pattern found it
 *
 * BRAT: for each statement T lines for Source, Cue, Content (two ranges
 * "a b;c d" for an interrupted quote) and Attribution (the whole), and an
 * E line tying them, numbered per document as PolNeAR's files are.
 */
#include "../internal.h"

#include <string.h>

#include <jansson.h>

const char *ws_kind_name(ws_kind k)
{
    switch (k) {
    case WS_DIRECT: return "direct";
    case WS_MIXED: return "mixed";
    default: return "indirect";
    }
}

const char *ws_span_text(const ws_doc *doc, ws_span s, size_t *len)
{
    if (s.start < 0 || s.bstart < 0 || (size_t)s.bend > doc->text_len) {
        *len = 0;
        return NULL;
    }
    *len = (size_t)(s.bend - s.bstart);
    return doc->text + s.bstart;
}

/* Values are built with jansson's nocheck calls: the text was made valid
 * UTF-8 before extraction (ws_utf8_sanitize) and spans end on code point
 * boundaries, so validating every string again only costs time. */
static json_t *span_json(const ws_doc *doc, ws_span s)
{
    size_t n;
    const char *p = ws_span_text(doc, s, &n);
    if (!p) return json_null();
    json_t *o = json_object();
    if (!o) return NULL;
    if (json_object_set_new_nocheck(o, "text", json_stringn_nocheck(p, n)) ||
        json_object_set_new_nocheck(o, "start", json_integer((json_int_t)s.start)) ||
        json_object_set_new_nocheck(o, "end", json_integer((json_int_t)s.end))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *str_or_null(const char *s) { return s ? json_string_nocheck(s) : json_null(); }

int ws__jsonl_append(buf *b, const ws_doc *doc, const ws_statement *s)
{
    char date[16], cl[17];
    ws_cluster_hex(s->cluster, cl);
    if (s->date.y) snprintf(date, sizeof date, "%04d-%02d-%02d", s->date.y, s->date.m, s->date.d);
    json_t *sp = json_null();
    if (s->speaker) {
        sp = json_object();
        if (!sp) return WS_NOMEM;
        if (json_object_set_new_nocheck(sp, "name", str_or_null(s->speaker)) ||
            json_object_set_new_nocheck(sp, "title", str_or_null(s->title)) ||
            json_object_set_new_nocheck(sp, "affiliation", str_or_null(s->affiliation))) {
            json_decref(sp);
            return WS_NOMEM;
        }
    }
    json_t *o = json_object();
    if (!o) { json_decref(sp); return WS_NOMEM; }
    /* the order of the keys is the order of the output */
    int bad = json_object_set_new_nocheck(o, "doc", json_stringn_nocheck(doc->id, doc->id_len));
    bad |= json_object_set_new_nocheck(o, "kind", json_string_nocheck(ws_kind_name(s->kind)));
    bad |= json_object_set_new_nocheck(o, "content", span_json(doc, s->content));
    bad |= json_object_set_new_nocheck(o, "content2", span_json(doc, s->content2));
    bad |= json_object_set_new_nocheck(o, "cue", span_json(doc, s->cue));
    bad |= json_object_set_new_nocheck(o, "source", span_json(doc, s->source));
    bad |= json_object_set_new_nocheck(o, "speaker", sp);
    bad |= json_object_set_new_nocheck(o, "date", s->date.y ? json_string_nocheck(date) : json_null());
    bad |= json_object_set_new_nocheck(o, "date_text", str_or_null(s->date_text));
    bad |= json_object_set_new_nocheck(o, "venue", str_or_null(s->venue));
    bad |= json_object_set_new_nocheck(o, "cluster", json_string_nocheck(cl));
    bad |= json_object_set_new_nocheck(o, "confidence", json_real(s->confidence));
    bad |= json_object_set_new_nocheck(o, "method", str_or_null(s->method));
    if (bad) { json_decref(o); return WS_NOMEM; }
    /* dump straight into the buffer; grow and redo when it did not fit */
    size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
    size_t avail = b->cap > b->len ? b->cap - b->len : 0;
    size_t need = json_dumpb(o, b->p ? b->p + b->len : NULL, avail, flags);
    if (need == 0) { json_decref(o); return WS_NOMEM; }
    if (need + 1 >= avail) {
        if (buf_reserve(b, need + 1) != WS_OK) { json_decref(o); return WS_NOMEM; }
        need = json_dumpb(o, b->p + b->len, b->cap - b->len, flags);
    }
    json_decref(o);
    if (need == 0) return WS_NOMEM;
    b->len += need;
    b->p[b->len++] = '\n';
    return WS_OK;
}

int ws_write_jsonl(FILE *f, const ws_doc *doc, const ws_statement *st, size_t n)
{
    buf b = {NULL, 0, 0};
    int rc = WS_OK;
    for (size_t i = 0; i < n && rc == WS_OK; i++) rc = ws__jsonl_append(&b, doc, &st[i]);
    if (rc == WS_OK && b.len && fwrite(b.p, 1, b.len, f) != b.len) rc = WS_IO;
    buf_free(&b);
    return rc;
}

/* Writes the span's text with line breaks and tabs as spaces. */
static void brat_text(FILE *f, const ws_doc *doc, ws_span s)
{
    size_t n;
    const char *p = ws_span_text(doc, s, &n);
    for (size_t i = 0; p && i < n; i++) {
        char c = p[i];
        fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, f);
    }
}

int ws_write_brat(FILE *f, const ws_doc *doc, const ws_statement *st, size_t n)
{
    int t = 0;
    for (size_t i = 0; i < n; i++) {
        const ws_statement *s = &st[i];
        int ts = -1, tq, tc, ta;
        if (s->source.start >= 0) {
            ts = ++t;
            fprintf(f, "T%d\tSource %lld %lld\t", ts, (long long)s->source.start, (long long)s->source.end);
            brat_text(f, doc, s->source);
            fputc('\n', f);
        }
        tq = ++t;
        fprintf(f, "T%d\tCue %lld %lld\t", tq, (long long)s->cue.start, (long long)s->cue.end);
        brat_text(f, doc, s->cue);
        fputc('\n', f);
        tc = ++t;
        fprintf(f, "T%d\tContent %lld %lld", tc, (long long)s->content.start, (long long)s->content.end);
        if (s->content2.start >= 0)
            fprintf(f, ";%lld %lld", (long long)s->content2.start, (long long)s->content2.end);
        fputc('\t', f);
        brat_text(f, doc, s->content);
        if (s->content2.start >= 0) {
            fputc(' ', f);
            brat_text(f, doc, s->content2);
        }
        fputc('\n', f);
        ws_span all = s->content;
        const ws_span *parts[] = {&s->content2, &s->cue, &s->source};
        for (int k = 0; k < 3; k++) {
            const ws_span *p = parts[k];
            if (p->start < 0) continue;
            if (p->start < all.start) { all.start = p->start; all.bstart = p->bstart; }
            if (p->end > all.end) { all.end = p->end; all.bend = p->bend; }
        }
        ta = ++t;
        fprintf(f, "T%d\tAttribution %lld %lld\t", ta, (long long)all.start, (long long)all.end);
        brat_text(f, doc, all);
        fputc('\n', f);
        fprintf(f, "E%zu\tAttribution:T%d", i + 1, ta);
        if (ts > 0) fprintf(f, " Source:T%d", ts);
        fprintf(f, " Cue:T%d Content:T%d\n", tq, tc);
    }
    return ferror(f) ? WS_IO : WS_OK;
}
