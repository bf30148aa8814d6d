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
 * E line tying them, numbered per document as PolNeAR's files are.  The
 * two parts of an interrupted quotation are written as PolNeAR marks
 * them, each with its quotation marks and the punctuation before its
 * closing mark ("We will," ... "stand firm."; ws__brat_content); the
 * statement itself, and the JSON, keep the words alone.
 */
#include "output.h"

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
 * through a callback.  The bytes are those jansson wrote with
 * JSON_COMPACT | JSON_PRESERVE_ORDER (tests/test_extract.c compares the
 * two): keys in the order below, no spaces, strings escaped as RFC 8259
 * requires and as jansson does it -- '"' and '\' with a backslash,
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

/* A line is written into room reserved once for the worst case (every
 * byte of every string escaped as six), so the pieces are stored without
 * a check each. */
typedef struct jw {
    char *o; /* the next byte */
    int rc;  /* WS_OK, or WS_NOMEM when a real did not print */
} jw;

static void jw_put(jw *w, const char *s, size_t n)
{
    memcpy(w->o, s, n);
    w->o += n;
}

/* Writes a constant (a key, punctuation, null). */
#define JW_LIT(w, lit) jw_put((w), (lit), sizeof(lit) - 1)

/* Writes the escape of byte C (one jw_str must escape) at w->o. */
static void jw_escape(jw *w, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[6] = {'\\', esc_class[c], '0', '0', hex[c >> 4], hex[c & 15]};
    jw_put(w, e, e[1] == 'u' ? 6 : 2);
}

/* Writes S[0,n) as a JSON string, quotes included (at most 6n+2 bytes).
 * The bytes are copied as they are scanned, eight at a time while none is
 * escaped (stored whole before the test: the room reserved holds them),
 * then one at a time: no call to copy each run between escapes (the runs
 * are short, and memcpy's choice of a method by length mispredicted). */
/* Whether any of the four bytes at P is escaped (esc_class), tested
 * together: one branch for the four. */
static inline unsigned esc_in4(const unsigned char *p)
{
    return esc_class[p[0]] | esc_class[p[1]] | esc_class[p[2]] | esc_class[p[3]];
}

static void jw_str(jw *w, const char *s, size_t n)
{
    JW_LIT(w, "\"");
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    for (;;) {
        char *o = w->o - i; /* o[j] is where byte j goes */
        size_t j = i;
        while (j + 8 <= n) {
            memcpy(o + j, u + j, 8);
            if (esc_in4(u + j) | esc_in4(u + j + 4)) break;
            j += 8;
        }
        /* the last bytes: of a run of eight or more, its last eight,
         * stored over those before (the same bytes); of four to seven,
         * its first four and its last four */
        if (j + 8 > n && j < n) {
            size_t k = n - 8;
            if (n - i >= 8) {
                memcpy(o + k, u + k, 8);
                if (!(esc_in4(u + k) | esc_in4(u + k + 4))) j = n;
            } else if (n - i >= 4) {
                k = n - 4;
                memcpy(o + i, u + i, 4);
                memcpy(o + k, u + k, 4);
                if (!(esc_in4(u + i) | esc_in4(u + k))) j = n;
            }
        }
        while (j < n && !esc_class[u[j]]) {
            o[j] = (char)u[j];
            j++;
        }
        w->o = o + j;
        if (j == n) break;
        jw_escape(w, u[j]);
        i = j + 1;
    }
    JW_LIT(w, "\"");
}

int ws__json_str(buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX / 8 || ws_buf_reserve(b, 6 * n + 2) != WS_OK) return WS_NOMEM;
    jw w = {b->p + b->len, WS_OK};
    jw_str(&w, s, n);
    b->len = (size_t)(w.o - b->p);
    return WS_OK;
}

/* Writes V in decimal (at most 20 bytes): its digits counted, then
 * written from the last, two a step. */
static void jw_int(jw *w, int64_t v)
{
    static const char two[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                              "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                              "8081828384858687888990919293949596979899";
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0) *w->o++ = '-';
    size_t nd = 1; /* the digits: four a step, then those of the top four */
    uint64_t top = u;
    for (; top >= 10000; top /= 10000) nd += 4;
    nd += (top >= 10) + (top >= 100) + (top >= 1000);
    char *o = w->o + nd;
    w->o = o;
    for (; u >= 100; u /= 100) {
        o -= 2;
        memcpy(o, two + 2 * (u % 100), 2);
    }
    if (u >= 10) memcpy(o - 2, two + 2 * u, 2);
    else o[-1] = (char)('0' + u);
}

/* Writes D as "%04d-%02d-%02d" does (at most 40 bytes). */
static void jw_date(jw *w, ws_date d)
{
    if (d.y > 0 && d.y <= 9999 && d.m >= 0 && d.m <= 99 && d.d >= 0 && d.d <= 99) {
        char t[10] = {(char)('0' + d.y / 1000), (char)('0' + d.y / 100 % 10), (char)('0' + d.y / 10 % 10),
                      (char)('0' + d.y % 10), '-', (char)('0' + d.m / 10), (char)('0' + d.m % 10), '-',
                      (char)('0' + d.d / 10), (char)('0' + d.d % 10)};
        jw_put(w, t, sizeof t);
        return;
    }
    char t[48];
    int r = snprintf(t, sizeof t, "%04d-%02d-%02d", d.y, d.m, d.d);
    jw_put(w, t, r < 0 ? 0 : (size_t)r < sizeof t ? (size_t)r : sizeof t - 1);
}

/* Writes a real as jansson's jsonp_dtostr writes it with the default
 * precision (at most 60 bytes): the plain way, snprintf. */
static void jw_real_printf(jw *w, double v)
{
    char tmp[64];
    int r = snprintf(tmp, sizeof tmp - 3, "%.17g", v);
    if (r < 0 || (size_t)r >= sizeof tmp - 3) {
        w->rc = WS_NOMEM;
        return;
    }
    size_t len = (size_t)r;
    for (size_t i = 0; i < len; i++)
        if (tmp[i] == ',') tmp[i] = '.'; /* a locale's decimal comma */
    if (!memchr(tmp, '.', len) && !memchr(tmp, 'e', len)) {
        tmp[len++] = '.';
        tmp[len++] = '0';
    }
    char *e = memchr(tmp, 'e', len);
    if (e) { /* no '+' and no leading zeros in the exponent */
        char *start = e + 1, *end = e + 2;
        if (*start == '-') start++;
        while (end < tmp + len && *end == '0') end++;
        if (end != start) {
            memmove(start, end, (size_t)(tmp + len - end));
            len -= (size_t)(end - start);
        }
    }
    jw_put(w, tmp, len);
}

/* Writes a real as jw_real_printf does.  The confidences the patterns
 * give (multiples of 0.05 from 0.5 to 1) are printed once, here: a
 * statement's snprintf of "%.17g" took more instructions than the rest
 * of its line (tests/test_extract.c t21 checks each against jansson). */
static void jw_real(jw *w, double v)
{
    static const struct {
        double v;
        const char *s;
    } known[] = {
        {0.5, "0.5"}, {0.55, "0.55000000000000004"}, {0.6, "0.59999999999999998"},
        {0.65, "0.65000000000000002"}, {0.7, "0.69999999999999996"}, {0.75, "0.75"},
        {0.8, "0.80000000000000004"}, {0.85, "0.84999999999999998"}, {0.9, "0.90000000000000002"},
        {0.95, "0.94999999999999996"}, {1.0, "1.0"},
    };
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (known[k].v == v) {
            jw_put(w, known[k].s, strlen(known[k].s));
            return;
        }
    jw_real_printf(w, v);
}

/* Writes KEY then the span {"text":...,"start":...,"end":...} (its text
 * P[n], from ws_span_text) or null. */
static inline void jw_span(jw *w, const char *key, const char *p, size_t n, ws_span sp)
{
    jw_put(w, key, strlen(key));
    if (!p) {
        JW_LIT(w, "null");
        return;
    }
    JW_LIT(w, "{\"text\":");
    jw_str(w, p, n);
    JW_LIT(w, ",\"start\":");
    jw_int(w, sp.start);
    JW_LIT(w, ",\"end\":");
    jw_int(w, sp.end);
    JW_LIT(w, "}");
}

/* Writes KEY then the string S[n] or null. */
static inline void jw_str_or_null(jw *w, const char *key, const char *s, size_t n)
{
    jw_put(w, key, strlen(key));
    if (s) jw_str(w, s, n);
    else JW_LIT(w, "null");
}

/* Whether S[0,n) is valid UTF-8. */
static bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    for (uint64_t x; i + 8 <= n; i += 8) { /* ASCII eight bytes a step */
        memcpy(&x, s + i, 8);
        if (x & 0x8080808080808080ull) break;
    }
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &c);
        if (r <= 0) return false;
        i += (size_t)r;
    }
    return true;
}

/* The room a statement takes besides its strings: the keys, braces,
 * quotes, "null"s and the kind (at most 317 bytes), the eight integers,
 * the date and its quotes, the cluster, the confidence. */
#define JW_FIXED (384 + 8 * 20 + 20 + 20 + 64)

/* A document's id as its statements' lines write it: escaped once for
 * all of them (in ID, or in HEAP when longer). */
typedef struct jw_id {
    char id[256];
    char *heap;
    const char *p; /* the escaped id, quotes included */
    size_t n;
} jw_id;

/* Escapes DOC's id into *J, repaired when it is not valid UTF-8 (jansson
 * refused such a string).  WS_OK or WS_NOMEM; free with jw_id_free. */
static int jw_id_of(const ws_doc *doc, jw_id *j)
{
    const char *id = doc->id ? doc->id : "";
    size_t idn = doc->id ? doc->id_len : 0;
    char *fixed = NULL;
    j->heap = NULL;
    if (!utf8_valid(id, idn)) {
        if (ws_utf8_sanitize(id, idn, &fixed, &idn) < 0) return WS_NOMEM;
        id = fixed;
    }
    char *o = j->id;
    if (idn > (sizeof j->id - 2) / 6) {
        if (idn > SIZE_MAX / 8 || !(o = j->heap = ws__alloc(6 * idn + 2))) {
            ws__free(fixed);
            return WS_NOMEM;
        }
    }
    jw w = {o, WS_OK};
    jw_str(&w, id, idn);
    j->p = o;
    j->n = (size_t)(w.o - o);
    ws__free(fixed);
    return WS_OK;
}

static void jw_id_free(jw_id *j) { ws__free(j->heap); }

/* Appends statement S of a document whose escaped id is ID to B. */
static int jsonl_line(buf *b, const jw_id *id, const ws_doc *doc, const ws_statement *s)
{
    size_t cn, c2n, qn, srcn;
    const char *cp = ws_span_text(doc, s->content, &cn), *c2p = ws_span_text(doc, s->content2, &c2n),
               *qp = ws_span_text(doc, s->cue, &qn), *srcp = ws_span_text(doc, s->source, &srcn);
    size_t spn = s->speaker ? strlen(s->speaker) : 0,
           tin = s->title ? strlen(s->title) : 0, afn = s->affiliation ? strlen(s->affiliation) : 0,
           dtn = s->date_text ? strlen(s->date_text) : 0, ven = s->venue ? strlen(s->venue) : 0,
           men = s->method ? strlen(s->method) : 0;
    /* each term is a string's own length (bounded: text offsets, names),
     * so the sum does not overflow before the check */
    size_t strings = cn + c2n + qn + srcn + spn + tin + afn + dtn + ven + men;
    if (strings > SIZE_MAX / 8 || id->n > SIZE_MAX / 2 ||
        ws_buf_reserve(b, JW_FIXED + id->n + 6 * strings) != WS_OK)
        return WS_NOMEM;
    jw w = {b->p + b->len, WS_OK};
    /* the order of the keys is the order of the output */
    JW_LIT(&w, "{\"doc\":");
    jw_put(&w, id->p, id->n);
    JW_LIT(&w, ",\"kind\":\"");
    jw_put(&w, ws_kind_name(s->kind), strlen(ws_kind_name(s->kind)));
    JW_LIT(&w, "\"");
    jw_span(&w, ",\"content\":", cp, cn, s->content);
    jw_span(&w, ",\"content2\":", c2p, c2n, s->content2);
    jw_span(&w, ",\"cue\":", qp, qn, s->cue);
    jw_span(&w, ",\"source\":", srcp, srcn, s->source);
    if (s->speaker) {
        JW_LIT(&w, ",\"speaker\":{\"name\":");
        jw_str(&w, s->speaker, spn);
        jw_str_or_null(&w, ",\"title\":", s->title, tin);
        jw_str_or_null(&w, ",\"affiliation\":", s->affiliation, afn);
        JW_LIT(&w, "}");
    } else {
        JW_LIT(&w, ",\"speaker\":null");
    }
    if (s->date.y) {
        JW_LIT(&w, ",\"date\":\"");
        jw_date(&w, s->date);
        JW_LIT(&w, "\"");
    } else {
        JW_LIT(&w, ",\"date\":null");
    }
    jw_str_or_null(&w, ",\"date_text\":", s->date_text, dtn);
    jw_str_or_null(&w, ",\"venue\":", s->venue, ven);
    JW_LIT(&w, ",\"cluster\":\"");
    ws_cluster_hex(s->cluster, w.o); /* its NUL is written over next */
    w.o += 16;
    JW_LIT(&w, "\",\"confidence\":");
    jw_real(&w, s->confidence);
    jw_str_or_null(&w, ",\"method\":", s->method, men);
    JW_LIT(&w, "}\n");
    if (w.rc != WS_OK) return WS_NOMEM;
    b->len = (size_t)(w.o - b->p);
    return WS_OK;
}

int ws__jsonl_append(buf *b, const ws_doc *doc, const ws_statement *s)
{
    jw_id id;
    int rc = jw_id_of(doc, &id);
    if (rc == WS_OK) rc = jsonl_line(b, &id, doc, s);
    jw_id_free(&id);
    return rc;
}

int ws__jsonl_doc(buf *b, const ws_doc *doc, const ws_statement *st, size_t n, size_t *offs)
{
    jw_id id;
    int rc = jw_id_of(doc, &id);
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        if (offs) offs[i] = b->len;
        rc = jsonl_line(b, &id, doc, &st[i]);
    }
    if (offs && rc == WS_OK) offs[n] = b->len;
    jw_id_free(&id);
    return rc;
}

int ws_write_jsonl(FILE *f, const ws_doc *doc, const ws_statement *st, size_t n)
{
    buf b = {NULL, 0, 0};
    int rc = ws__jsonl_doc(&b, doc, st, n, NULL);
    if (rc == WS_OK && b.len && fwrite(b.p, 1, b.len, f) != b.len) rc = WS_IO;
    ws_buf_free(&b);
    return rc;
}

/* The classes of the characters around an interrupted quotation's parts. */
enum { CH_OTHER, CH_WORD, CH_OPEN, CH_CLOSE, CH_STRAIGHT, CH_PUNCT };

static int char_class(uint32_t c)
{
    switch (c) {
    case 0x201C: case 0x2018: case 0xAB: return CH_OPEN;   /* curly double and single, guillemet */
    case 0x201D: case 0x2019: case 0xBB: return CH_CLOSE;
    case '"': case '\'': return CH_STRAIGHT;
    case ',': case '.': case '?': case '!': case ';': case ':': case '-':
    case 0x2026: case 0x2013: case 0x2014: return CH_PUNCT; /* ellipsis, en and em dash */
    default: return c >= 0x80 || (c < 0x80 && (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
                        ? CH_WORD : CH_OTHER;
    }
}

/* The code point at byte I of T[len] into *C; returns its length (1 for
 * an invalid byte, read as itself). */
static size_t cp_at(const unsigned char *t, size_t len, size_t i, uint32_t *c)
{
    utf8proc_int32_t v;
    utf8proc_ssize_t n = utf8proc_iterate(t + i, (utf8proc_ssize_t)(len - i), &v);
    if (n <= 0) {
        *c = t[i];
        return 1;
    }
    *c = (uint32_t)v;
    return (size_t)n;
}

/* The start of the code point that ends before byte I of T. */
static size_t cp_before(const unsigned char *t, size_t i)
{
    size_t k = i - 1;
    while (k > 0 && i - k < 4 && (t[k] & 0xC0) == 0x80) k--;
    return k;
}

void ws__brat_content(const ws_doc *doc, const ws_statement *s, ws_span *c1, ws_span *c2)
{
    *c1 = s->content;
    *c2 = s->content2;
    if (s->content.start < 0 || s->content2.start < 0 || !doc->text) return;
    const unsigned char *t = (const unsigned char *)doc->text;
    size_t len = doc->text_len;
    ws_span *part[2] = {c1, c2};
    for (int k = 0; k < 2; k++) {
        ws_span *p = part[k];
        if (p->bstart < 0 || p->bend < p->bstart || (size_t)p->bend > len) continue;
        /* back over an opening mark before the first word (a straight mark
         * opens where no word is glued before it) */
        uint32_t c, before;
        size_t b = (size_t)p->bstart;
        if (b > 0) {
            size_t m = cp_before(t, b);
            cp_at(t, len, m, &c);
            int cl = char_class(c);
            if (cl == CH_STRAIGHT && m > 0) {
                cp_at(t, len, cp_before(t, m), &before);
                if (char_class(before) == CH_WORD) cl = CH_OTHER;
            }
            if (cl == CH_OPEN || cl == CH_STRAIGHT) {
                p->bstart = (int64_t)m;
                p->start--;
            }
        }
        /* forward over the punctuation before a closing mark and the mark
         * (a straight mark closes where no word is glued after it) */
        size_t e = (size_t)p->bend, n;
        int64_t cps = 0;
        for (; e < len; e += n) {
            n = cp_at(t, len, e, &c);
            int cl = char_class(c);
            cps++;
            if (cl == CH_PUNCT) continue;
            if (cl == CH_CLOSE || cl == CH_STRAIGHT) {
                /* a single mark right after a word is an apostrophe ("the players' union") */
                if ((c == '\'' || c == 0x2019) && cps == 1) break;
                if (e + n < len) {
                    cp_at(t, len, e + n, &c);
                    if (char_class(c) == CH_WORD) break;
                }
                p->bend = (int64_t)(e + n);
                p->end += cps;
            }
            break;
        }
    }
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
        ws_span c1, c2;
        ws__brat_content(doc, s, &c1, &c2);
        fprintf(f, "T%d\tContent %lld %lld", tc, (long long)c1.start, (long long)c1.end);
        if (c2.start >= 0) fprintf(f, ";%lld %lld", (long long)c2.start, (long long)c2.end);
        fputc('\t', f);
        brat_text(f, doc, c1);
        if (c2.start >= 0) {
            fputc(' ', f);
            brat_text(f, doc, c2);
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
