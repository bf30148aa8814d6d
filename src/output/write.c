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

static const uint64_t ones8 = 0x0101010101010101ull, high8 = 0x8080808080808080ull;

/* Whether any of the eight bytes of X needs escaping (a byte below 0x20,
 * '"' or '\').  Exact: a lane's high bit is set below only by a hit in
 * that lane or, through a borrow, in a lower one, and bytes >= 0x80 never
 * set their own (~q, ~bs and ~x clear it). */
static inline uint64_t esc_any8(uint64_t x)
{
    uint64_t q = x ^ (ones8 * '"'), bs = x ^ (ones8 * '\\');
    return (((q - ones8) & ~q) | ((bs - ones8) & ~bs) | ((x - ones8 * 0x20) & ~x)) & high8;
}

/* The index of the first byte of S[i,n) that needs escaping, or n; eight
 * bytes at a time, then byte by byte from the chunk with the hit. */
static size_t esc_scan(const char *s, size_t i, size_t n)
{
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (esc_any8(x)) break;
        i += 8;
    }
    while (i < n && !esc_class[(unsigned char)s[i]]) i++;
    return i;
}

/* A statement is written into room reserved once (jw_begin) for its
 * literals, numbers and strings as they are, so the pieces are stored
 * without a check each; an escape, which writes up to six bytes for one,
 * is the only thing that can need more, and asks for it (jw_grow). */
typedef struct jw {
    buf *b;
    char *o;   /* the next byte */
    char *lim; /* the end of the room still planned for */
} jw;

/* Makes room for ROOM bytes at the end of B.  WS_OK or WS_NOMEM. */
static int jw_begin(jw *w, buf *b, size_t room)
{
    if (room > SIZE_MAX / 2 || ws_buf_reserve(b, room) != WS_OK) return WS_NOMEM;
    w->b = b;
    w->o = b->p + b->len;
    w->lim = w->o + room;
    return WS_OK;
}

/* EXTRA more bytes of room (the buffer may move).  WS_OK or WS_NOMEM. */
static int jw_grow(jw *w, size_t extra)
{
    buf *b = w->b;
    size_t at = (size_t)(w->o - b->p), room = (size_t)(w->lim - w->o) + extra;
    if (room > SIZE_MAX / 2) return WS_NOMEM;
    b->len = at; /* ws__jsonl_append sets it back on failure */
    if (ws_buf_reserve(b, room) != WS_OK) return WS_NOMEM;
    w->o = b->p + at;
    w->lim = w->o + room;
    return WS_OK;
}

/* Writes S[i,n) escaped at w->o (no quotes): runs between escapes are
 * found eight bytes at a time and copied; each escape asks for its extra
 * room.  WS_OK or WS_NOMEM. */
static int jw_str_rest(jw *w, const char *s, size_t i, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (;;) {
        size_t j = esc_scan(s, i, n);
        memcpy(w->o, s + i, j - i);
        w->o += j - i;
        if (j == n) return WS_OK;
        /* planned as one byte, written as two or six */
        if (jw_grow(w, 5) != WS_OK) return WS_NOMEM;
        unsigned char c = (unsigned char)s[j];
        char *o = w->o;
        o[0] = '\\';
        o[1] = esc_class[c];
        if (o[1] == 'u') {
            o[2] = '0';
            o[3] = '0';
            o[4] = hex[c >> 4];
            o[5] = hex[c & 15];
            w->o += 6;
        } else {
            w->o += 2;
        }
        i = j + 1;
    }
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* Whether any of the sixteen bytes of V needs escaping. */
static inline int esc_any16(__m128i v)
{
    const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), c1f = _mm_set1_epi8(0x1F);
    /* v - 0x1F saturating is 0 exactly for the bytes <= 0x1F (unsigned) */
    __m128i ctl = _mm_cmpeq_epi8(_mm_subs_epu8(v, c1f), _mm_setzero_si128());
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)), ctl);
    return _mm_movemask_epi8(m);
}
#endif

/* Writes S[0,n) as a JSON string (quotes included) at w->o, N+2 bytes of
 * room planned for it.  S is valid UTF-8 (not checked).  With FAST, a
 * string that needs no escape (nearly all) is checked and copied whole
 * words at a time -- sixteen bytes (SSE2) or eight, the last word
 * overlapping the one before instead of a byte loop -- and from the first
 * word with a byte to escape on, jw_str_rest takes it; without FAST
 * jw_str_rest takes it all (the test suite compares the two).  Every
 * store stays inside S's own N bytes of output.  WS_OK or WS_NOMEM. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int jw_str(jw *w, const char *s, size_t n, bool fast)
{
    char *o = w->o;
    *o++ = '"';
    size_t i = 0;
    if (fast) {
#if defined(__SSE2__)
        if (n >= 16) {
            for (; i + 16 <= n; i += 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                if (esc_any16(v)) goto rest;
                _mm_storeu_si128((__m128i *)(void *)(o + i), v);
            }
            if (i < n) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
                if (esc_any16(v)) goto rest;
                _mm_storeu_si128((__m128i *)(void *)(o + n - 16), v);
                i = n;
            }
        } else if (n >= 8) {
            /* the first and last eight bytes in one register, one check */
            __m128i va = _mm_loadl_epi64((const __m128i *)(const void *)s);
            __m128i vz = _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8));
            if (esc_any16(_mm_unpacklo_epi64(va, vz))) goto rest;
            _mm_storel_epi64((__m128i *)(void *)o, va);
            _mm_storel_epi64((__m128i *)(void *)(o + n - 8), vz);
            i = n;
        }
#else
        uint64_t a, z;
        if (n >= 16) {
            for (; i + 8 <= n; i += 8) {
                memcpy(&a, s + i, 8);
                if (esc_any8(a)) goto rest;
                memcpy(o + i, &a, 8);
            }
            if (i < n) {
                memcpy(&a, s + n - 8, 8);
                if (esc_any8(a)) goto rest;
                memcpy(o + n - 8, &a, 8);
                i = n;
            }
        } else if (n >= 8) {
            memcpy(&a, s, 8);
            memcpy(&z, s + n - 8, 8);
            if (esc_any8(a) || esc_any8(z)) goto rest;
            memcpy(o, &a, 8);
            memcpy(o + n - 8, &z, 8);
            i = n;
        }
#endif
        else if (n >= 4) {
            uint32_t a4, z4;
            memcpy(&a4, s, 4);
            memcpy(&z4, s + n - 4, 4);
            if (esc_any8((uint64_t)a4 | (uint64_t)z4 << 32)) goto rest;
            memcpy(o, &a4, 4);
            memcpy(o + n - 4, &z4, 4);
            i = n;
        } else {
            /* "he", "US": byte by byte up to the first escape */
            for (; i < n && !esc_class[(unsigned char)s[i]]; i++) o[i] = s[i];
        }
    }
rest:
    w->o = o + i;
    if (i < n && jw_str_rest(w, s, i, n) != WS_OK) return WS_NOMEM;
    *w->o++ = '"';
    return WS_OK;
}

int ws__json_str(buf *b, const char *s, size_t n, bool fast)
{
    jw w;
    if (n > SIZE_MAX / 4 || jw_begin(&w, b, n + 2) != WS_OK) return WS_NOMEM;
    size_t len0 = b->len;
    if (jw_str(&w, s, n, fast) != WS_OK) {
        b->len = len0;
        return WS_NOMEM;
    }
    b->len = (size_t)(w.o - b->p);
    return WS_OK;
}

/* Writes a constant (key, punctuation): a fixed-size copy the compiler
 * turns into a few stores. */
#define JW_LIT(w, lit) (memcpy((w)->o, (lit), sizeof(lit) - 1), (w)->o += sizeof(lit) - 1)

/* The most bytes an integer takes ("-9223372036854775808"). */
#define JW_INT_MAX 20

/* Writes V in decimal, two digits a step from the end.  Offsets are
 * mostly under 100000, so the number of digits is found by comparisons
 * first and by division only past them. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void jw_int(jw *w, int64_t v)
{
    static const char d2[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                             "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                             "8081828384858687888990919293949596979899";
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0) *w->o++ = '-';
    int nd;
    if (u < 100) {
        nd = u < 10 ? 1 : 2;
    } else if (u < 10000) {
        nd = u < 1000 ? 3 : 4;
    } else {
        nd = 5;
        for (uint64_t t = u / 100000; t; t /= 10) nd++;
    }
    char *p = w->o + nd;
    w->o = p;
    while (u > UINT32_MAX) {
        p -= 2;
        memcpy(p, d2 + 2 * (u % 100), 2);
        u /= 100;
    }
    uint32_t x = (uint32_t)u; /* cheaper divisions */
    while (x >= 100) {
        p -= 2;
        memcpy(p, d2 + 2 * (size_t)(x % 100), 2);
        x /= 100;
    }
    u = x;
    if (u >= 10) {
        p -= 2;
        memcpy(p, d2 + 2 * u, 2);
    } else {
        *--p = (char)('0' + u);
    }
}

/* The confidences the patterns give, as jansson writes them (t21 checks
 * each against jansson): snprintf is a tenth of the writer otherwise.
 * Entry k is k/20 + 0.5.  Each is stored in JW_REAL_KNOWN bytes and all
 * of them are copied (the room planned for a real is larger), so the copy
 * is a few fixed stores: a copy of the length alone compiled to `rep
 * movsq`, whose start-up cost was a tenth of the writer's samples. */
#define JW_REAL_KNOWN 24
static const struct {
    double v;
    char s[JW_REAL_KNOWN]; /* NUL-padded: copied whole, a fixed size */
    unsigned char len;
} real_known[] = {
    {0.5, "0.5", 3}, {0.55, "0.55000000000000004", 19}, {0.6, "0.59999999999999998", 19},
    {0.65, "0.65000000000000002", 19}, {0.7, "0.69999999999999996", 19}, {0.75, "0.75", 4},
    {0.8, "0.80000000000000004", 19}, {0.85, "0.84999999999999998", 19}, {0.9, "0.90000000000000002", 19},
    {0.95, "0.94999999999999996", 19}, {1.0, "1.0", 3},
};

/* The most bytes a real takes (below). */
#define JW_REAL_MAX 64
_Static_assert(JW_REAL_KNOWN <= JW_REAL_MAX, "a known real is copied whole into a real's room");

/* Writes a real as jansson's jsonp_dtostr writes it with the default
 * precision.  WS_OK or WS_NOMEM (snprintf failing). */
static int jw_real(jw *w, double v)
{
    if (v >= 0.5 && v <= 1.0) {
        size_t k = (size_t)((v - 0.5) * 20 + 0.5);
        if (real_known[k].v == v) {
            memcpy(w->o, real_known[k].s, JW_REAL_KNOWN);
            w->o += real_known[k].len;
            return WS_OK;
        }
    }
    char tmp[JW_REAL_MAX];
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
    memcpy(w->o, tmp, len);
    w->o += len;
    return WS_OK;
}

/* Writes KEY then the span {"text":...,"start":...,"end":...} or null;
 * P, N its text (ws_span_text). */
#define JW_SPAN(w, key, p, n, sp)                                                              \
    do {                                                                                   \
        if (!(p)) {                                                                        \
            JW_LIT(w, key "null");                                                         \
        } else {                                                                           \
            JW_LIT(w, key "{\"text\":");                                                   \
            bad |= jw_str(w, p, n, true);                                                  \
            JW_LIT(w, ",\"start\":");                                                      \
            jw_int(w, (sp).start);                                                         \
            JW_LIT(w, ",\"end\":");                                                        \
            jw_int(w, (sp).end);                                                           \
            *(w)->o++ = '}';                                                               \
        }                                                                                  \
    } while (0)

/* Writes KEY then the string S (N bytes) or null. */
#define JW_STR_OR_NULL(w, key, s, n)                                                           \
    do {                                                                                   \
        if (!(s)) {                                                                        \
            JW_LIT(w, key "null");                                                         \
        } else {                                                                           \
            JW_LIT(w, key);                                                                \
            bad |= jw_str(w, s, n, true);                                                  \
        }                                                                                  \
    } while (0)

/* Whether S[0,n) is valid UTF-8: ASCII eight bytes at a time. */
static bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (!(x & high8)) {
                i += 8;
                continue;
            }
        }
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

/* Whether S[0,n) is all ASCII (so valid UTF-8): the bytes or-ed sixteen
 * (SSE2) or eight at a time, the last word overlapping the one before
 * (four and four below eight bytes);
 * the document id, checked for each of its statements, nearly always is. */
static bool ascii_only(const char *s, size_t n)
{
    uint64_t x, acc = 0;
#if defined(__SSE2__)
    if (n >= 16) {
        __m128i v = _mm_setzero_si128();
        for (size_t i = 0; i + 16 <= n; i += 16)
            v = _mm_or_si128(v, _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        v = _mm_or_si128(v, _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)));
        return !_mm_movemask_epi8(v);
    }
#endif
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&x, s + i, 8);
        acc |= x;
    }
    if (n >= 8) {
        memcpy(&x, s + n - 8, 8);
        acc |= x;
    } else if (n >= 4) {
        /* "100.txt": the first and last four bytes, overlapping */
        uint32_t a4, z4;
        memcpy(&a4, s, 4);
        memcpy(&z4, s + n - 4, 4);
        acc = a4 | z4;
    } else {
        for (; i < n; i++) acc |= (unsigned char)s[i];
    }
    return !(acc & high8);
}

/* Writes KEY as ws_cluster_hex does (16 lowercase hex digits, the most
 * significant first; no NUL) at O: with SSE2 the nibbles spread into
 * sixteen bytes and made digits at once. */
static inline void jw_hex16(char *o, uint64_t key)
{
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    __m128i v = _mm_cvtsi64_si128((long long)__builtin_bswap64(key));
    const __m128i lo4 = _mm_set1_epi8(0x0F);
    __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), lo4), lo = _mm_and_si128(v, lo4);
    __m128i d = _mm_unpacklo_epi8(hi, lo); /* a byte's high nibble first */
    __m128i ge10 = _mm_cmpgt_epi8(d, _mm_set1_epi8(9));
    d = _mm_add_epi8(_mm_add_epi8(d, _mm_set1_epi8('0')), _mm_and_si128(ge10, _mm_set1_epi8('a' - '0' - 10)));
    _mm_storeu_si128((__m128i *)(void *)o, d);
#else
    char tmp[17];
    ws_cluster_hex(key, tmp);
    memcpy(o, tmp, 16);
#endif
}

/* The room a statement takes besides its strings: the keys, braces,
 * quotes, "null"s and the kind (at most 317 bytes: all present, the five
 * optional strings null), the eight integers, the date (at most 15 bytes
 * and its quotes), the cluster (16 hex digits and the NUL ws_cluster_hex
 * writes), the confidence. */
#define JW_FIXED (384 + 8 * JW_INT_MAX + 20 + 20 + JW_REAL_MAX)

int ws__jsonl_append(buf *b, const ws_doc *doc, const ws_statement *s)
{
    /* the document id, repaired when it is not valid UTF-8 (jansson
     * refused such a string) */
    const char *id = doc->id ? doc->id : "";
    size_t idn = doc->id ? doc->id_len : 0;
    char *fixed = NULL;
    if (!ascii_only(id, idn) && !utf8_valid(id, idn)) {
        if (ws_utf8_sanitize(id, idn, &fixed, &idn) < 0) return WS_NOMEM;
        id = fixed;
    }
    size_t cn, c2n, qn, srcn;
    const char *cp = ws_span_text(doc, s->content, &cn), *c2p = ws_span_text(doc, s->content2, &c2n),
               *qp = ws_span_text(doc, s->cue, &qn), *srcp = ws_span_text(doc, s->source, &srcn);
    size_t spn = s->speaker ? strlen(s->speaker) : 0,
           tin = s->title ? strlen(s->title) : 0, afn = s->affiliation ? strlen(s->affiliation) : 0,
           dtn = s->date_text ? strlen(s->date_text) : 0, ven = s->venue ? strlen(s->venue) : 0,
           men = s->method ? strlen(s->method) : 0;
    /* each term is a string's own length (bounded: text offsets, names),
     * so the sum does not overflow before jw_begin checks it */
    size_t room = JW_FIXED + idn + cn + c2n + qn + srcn + spn + tin + afn + dtn + ven + men;
    size_t len0 = b->len;
    jw w;
    if (jw_begin(&w, b, room) != WS_OK) {
        ws__free(fixed);
        return WS_NOMEM;
    }
    /* the order of the keys is the order of the output */
    int bad = 0;
    JW_LIT(&w, "{\"doc\":");
    bad |= jw_str(&w, id, idn, true);
    switch (s->kind) { /* ws_kind_name's, quoted */
    case WS_DIRECT: JW_LIT(&w, ",\"kind\":\"direct\""); break;
    case WS_MIXED: JW_LIT(&w, ",\"kind\":\"mixed\""); break;
    default: JW_LIT(&w, ",\"kind\":\"indirect\""); break;
    }
    JW_SPAN(&w, ",\"content\":", cp, cn, s->content);
    JW_SPAN(&w, ",\"content2\":", c2p, c2n, s->content2);
    JW_SPAN(&w, ",\"cue\":", qp, qn, s->cue);
    JW_SPAN(&w, ",\"source\":", srcp, srcn, s->source);
    if (s->speaker) {
        JW_LIT(&w, ",\"speaker\":{\"name\":");
        bad |= jw_str(&w, s->speaker, spn, true);
        JW_STR_OR_NULL(&w, ",\"title\":", s->title, tin);
        JW_STR_OR_NULL(&w, ",\"affiliation\":", s->affiliation, afn);
        *w.o++ = '}';
    } else {
        JW_LIT(&w, ",\"speaker\":null");
    }
    if (s->date.y) {
        const ws_date *dt = &s->date;
        char date[16];
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
        JW_LIT(&w, ",\"date\":");
        bad |= jw_str(&w, date, dlen, true);
    } else {
        JW_LIT(&w, ",\"date\":null");
    }
    JW_STR_OR_NULL(&w, ",\"date_text\":", s->date_text, dtn);
    JW_STR_OR_NULL(&w, ",\"venue\":", s->venue, ven);
    JW_LIT(&w, ",\"cluster\":\"");
    jw_hex16(w.o, s->cluster); /* hex digits need no escape */
    w.o += 16;
    JW_LIT(&w, "\",\"confidence\":");
    bad |= jw_real(&w, s->confidence);
    JW_STR_OR_NULL(&w, ",\"method\":", s->method, men);
    JW_LIT(&w, "}\n");
    ws__free(fixed);
    if (bad) {
        b->len = len0;
        return WS_NOMEM;
    }
    b->len = (size_t)(w.o - b->p);
    return WS_OK;
}

int ws_write_jsonl(FILE *f, const ws_doc *doc, const ws_statement *st, size_t n)
{
    buf b = {NULL, 0, 0};
    int rc = WS_OK;
    for (size_t i = 0; i < n && rc == WS_OK; i++) rc = ws__jsonl_append(&b, doc, &st[i]);
    if (rc == WS_OK && b.len && fwrite(b.p, 1, b.len, f) != b.len) rc = WS_IO;
    ws_buf_free(&b);
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
