/*
 * write.c -- statements as JSON lines and as BRAT standoff.
 *
 * JSON lines (the `extract --format jsonl` contract), one object a
 * statement, written and escaped here byte for byte as jansson would
 * (see "the JSON writer" below):
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

#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

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

/* ---- the JSON writer
 *
 * The statements are written by hand rather than built as jansson values
 * and dumped: jansson's dump decodes every code point of every string
 * through a callback and cost a third of a run's instructions (bench/
 * README.md).  The bytes are those jansson wrote with JSON_COMPACT |
 * JSON_PRESERVE_ORDER (the test suite compares the two on adversarial
 * strings): keys in the order below, no spaces, strings escaped as RFC
 * 8259 requires and as jansson does it -- '"' and '\' with a backslash,
 * \b \f \n \r \t, other bytes below 0x20 as \u00XX (uppercase hex),
 * everything else (0x7F, non-ASCII, U+2028) as is; integers in decimal;
 * the confidence as jansson prints a real ("%.17g", then ".0" added when
 * it has neither '.' nor 'e', and no '+' or leading zeros in an exponent).
 *
 * The strings are valid UTF-8 already: the text was repaired before
 * extraction (ws_utf8_sanitize), spans end on code point boundaries and
 * names come from the text or the lexicon.  Only the document id (a file
 * name, or a JSON id) is checked, and an invalid byte in it is written as
 * U+FFFD (jansson refused such a string, so that document failed). */

/* Byte classes for the escaper: 0 copies, else the character after '\'
 * ('u' for \u00XX). */
static const char esc_class[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0,  0,   0,
};

/* The index of the first byte of S[i,n) that needs escaping, or n; eight
 * bytes at a time (bytes < 0x20, '"' and '\'). */
static size_t esc_scan(const char *s, size_t i, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
        /* a zero byte in q or bs, or a byte below 0x20 in x; exact for
         * bytes below 0x80, and bytes >= 0x80 never set the high bit of
         * their own lane here (the borrow only flags lanes above a real
         * hit, which the byte loop below then finds first) */
        uint64_t t = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((x - ones * 0x20) & ~x);
        if (t & high) break;
        i += 8;
    }
    while (i < n && !esc_class[(unsigned char)s[i]]) i++;
    return i;
}

/* Appends S[0,n) to B as a JSON string (quotes included).  WS_OK or
 * WS_NOMEM.  S is valid UTF-8 (not checked). */
static int put_str(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (buf_reserve(b, n + 2) != WS_OK) return WS_NOMEM;
    b->p[b->len++] = '"';
    size_t i = 0;
    for (;;) {
        size_t j = esc_scan(s, i, n);
        memcpy(b->p + b->len, s + i, j - i);
        b->len += j - i;
        if (j == n) break;
        /* room for this escape and the rest unescaped, plus the quote */
        if (buf_reserve(b, 6 + (n - j - 1) + 1) != WS_OK) return WS_NOMEM;
        unsigned char c = (unsigned char)s[j];
        char *o = b->p + b->len;
        o[0] = '\\';
        o[1] = esc_class[c];
        if (o[1] == 'u') {
            o[2] = '0';
            o[3] = '0';
            o[4] = hex[c >> 4];
            o[5] = hex[c & 15];
            b->len += 6;
        } else {
            b->len += 2;
        }
        i = j + 1;
    }
    b->p[b->len++] = '"';
    return WS_OK;
}

/* Appends a constant (key, punctuation) of known length. */
static int put_lit(buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != WS_OK) return WS_NOMEM;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return WS_OK;
}
#define PUT(b, lit) put_lit((b), (lit), sizeof(lit) - 1)

static int put_int(buf *b, int64_t v)
{
    char tmp[24];
    int k = (int)sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) tmp[--k] = '-';
    return put_lit(b, tmp + k, sizeof tmp - (size_t)k);
}

/* The confidences the patterns give, as jansson writes them (t21 checks
 * each against jansson): snprintf is a tenth of the writer otherwise. */
static const struct {
    double v;
    const char *s;
} real_known[] = {
    {0.5, "0.5"}, {0.55, "0.55000000000000004"}, {0.6, "0.59999999999999998"},
    {0.65, "0.65000000000000002"}, {0.7, "0.69999999999999996"}, {0.75, "0.75"},
    {0.8, "0.80000000000000004"}, {0.85, "0.84999999999999998"}, {0.9, "0.90000000000000002"},
    {0.95, "0.94999999999999996"}, {1.0, "1.0"},
};

/* A real as jansson's jsonp_dtostr writes it with the default precision. */
static int put_real(buf *b, double v)
{
    for (size_t i = 0; i < sizeof real_known / sizeof *real_known; i++)
        if (v == real_known[i].v) return put_lit(b, real_known[i].s, strlen(real_known[i].s));
    char tmp[64];
    int r = snprintf(tmp, sizeof tmp - 3, "%.17g", v);
    if (r < 0 || (size_t)r >= sizeof tmp - 3) return WS_NOMEM;
    size_t len = (size_t)r;
    for (size_t i = 0; i < len; i++)
        if (tmp[i] == ',') tmp[i] = '.'; /* a locale's decimal comma */
    if (!memchr(tmp, '.', len) && !memchr(tmp, 'e', len)) {
        tmp[len++] = '.';
        tmp[len++] = '0';
    }
    char *e = memchr(tmp, 'e', len);
    if (e) {
        char *start = e + 1, *end = e + 2;
        if (*start == '-') start++;
        while (end < tmp + len && *end == '0') end++;
        if (end != start) {
            memmove(start, end, (size_t)(tmp + len - end));
            len -= (size_t)(end - start);
        }
    }
    return put_lit(b, tmp, len);
}

static int put_str_or_null(buf *b, const char *s)
{
    return s ? put_str(b, s, strlen(s)) : PUT(b, "null");
}

static int put_span(buf *b, const ws_doc *doc, ws_span s)
{
    size_t n;
    const char *p = ws_span_text(doc, s, &n);
    if (!p) return PUT(b, "null");
    int bad = PUT(b, "{\"text\":");
    bad |= put_str(b, p, n);
    bad |= PUT(b, ",\"start\":");
    bad |= put_int(b, s.start);
    bad |= PUT(b, ",\"end\":");
    bad |= put_int(b, s.end);
    bad |= PUT(b, "}");
    return bad ? WS_NOMEM : WS_OK;
}

/* The document id, repaired when it is not valid UTF-8. */
static int put_id(buf *b, const ws_doc *doc)
{
    const char *id = doc->id ? doc->id : "";
    size_t n = doc->id ? doc->id_len : 0, i = 0;
    while (i < n) {
        if ((unsigned char)id[i] < 0x80) { i++; continue; }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)id + i,
                                              (utf8proc_ssize_t)(n - i), &c);
        if (r <= 0) break;
        i += (size_t)r;
    }
    if (i == n) return put_str(b, id, n);
    char *fixed;
    size_t fl;
    if (ws_utf8_sanitize(id, n, &fixed, &fl) < 0) return WS_NOMEM;
    int rc = put_str(b, fixed, fl);
    ws__free(fixed);
    return rc;
}

int ws__jsonl_append(buf *b, const ws_doc *doc, const ws_statement *s)
{
    char date[16], cl[17];
    ws_cluster_hex(s->cluster, cl);
    size_t len0 = b->len;
    /* the order of the keys is the order of the output */
    int bad = PUT(b, "{\"doc\":");
    bad |= put_id(b, doc);
    bad |= PUT(b, ",\"kind\":");
    bad |= put_str_or_null(b, ws_kind_name(s->kind));
    bad |= PUT(b, ",\"content\":");
    bad |= put_span(b, doc, s->content);
    bad |= PUT(b, ",\"content2\":");
    bad |= put_span(b, doc, s->content2);
    bad |= PUT(b, ",\"cue\":");
    bad |= put_span(b, doc, s->cue);
    bad |= PUT(b, ",\"source\":");
    bad |= put_span(b, doc, s->source);
    bad |= PUT(b, ",\"speaker\":");
    if (s->speaker) {
        bad |= PUT(b, "{\"name\":");
        bad |= put_str_or_null(b, s->speaker);
        bad |= PUT(b, ",\"title\":");
        bad |= put_str_or_null(b, s->title);
        bad |= PUT(b, ",\"affiliation\":");
        bad |= put_str_or_null(b, s->affiliation);
        bad |= PUT(b, "}");
    } else {
        bad |= PUT(b, "null");
    }
    bad |= PUT(b, ",\"date\":");
    if (s->date.y) {
        const ws_date *dt = &s->date;
        size_t dlen = 10;
        if (dt->y > 0 && dt->y <= 9999 && dt->m >= 0 && dt->m <= 99 && dt->d >= 0 && dt->d <= 99) {
            char *o = date; /* "%04d-%02d-%02d" without snprintf */
            *o++ = (char)('0' + dt->y / 1000);
            *o++ = (char)('0' + dt->y / 100 % 10);
            *o++ = (char)('0' + dt->y / 10 % 10);
            *o++ = (char)('0' + dt->y % 10);
            *o++ = '-';
            *o++ = (char)('0' + dt->m / 10);
            *o++ = (char)('0' + dt->m % 10);
            *o++ = '-';
            *o++ = (char)('0' + dt->d / 10);
            *o++ = (char)('0' + dt->d % 10);
            *o = 0;
        } else {
            int r = snprintf(date, sizeof date, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
            dlen = r < 0 ? 0 : (size_t)r < sizeof date ? (size_t)r : sizeof date - 1;
        }
        bad |= put_str(b, date, dlen);
    } else {
        bad |= PUT(b, "null");
    }
    bad |= PUT(b, ",\"date_text\":");
    bad |= put_str_or_null(b, s->date_text);
    bad |= PUT(b, ",\"venue\":");
    bad |= put_str_or_null(b, s->venue);
    bad |= PUT(b, ",\"cluster\":");
    bad |= put_str(b, cl, 16);
    bad |= PUT(b, ",\"confidence\":");
    bad |= put_real(b, s->confidence);
    bad |= PUT(b, ",\"method\":");
    bad |= put_str_or_null(b, s->method);
    bad |= PUT(b, "}\n");
    if (bad) {
        b->len = len0;
        return WS_NOMEM;
    }
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
