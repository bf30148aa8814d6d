/*
 * segment.h -- tokens, units and quotation marks (segment/tokenize.c,
 * segment/quotes.c), for the modules that read a tokenized document.
 * Prefixes tok_, qt_.
 */
#ifndef WS_SEGMENT_H
#define WS_SEGMENT_H

#include "whosaid.h"
#include "../base/base.h"
#include "../lexicon/lexicon.h"

enum {
    TK_WORD = 1u << 0,   /* letters/digits run */
    TK_CAP = 1u << 1,    /* starts with an uppercase letter */
    TK_NUM = 1u << 2,    /* starts with a digit */
    TK_PUNCT = 1u << 3,
    TK_QUOTE = 1u << 4,  /* a double quotation mark */
    TK_QOPEN = 1u << 5,  /* ... that opens (after pairing) */
    TK_QCLOSE = 1u << 6, /* ... that closes (after pairing) */
    TK_BULLET = 1u << 8, /* a list bullet (" * ") */
    TK_UPPER = 1u << 9,  /* all letters uppercase (NATO) */
    TK_SPACE_BEFORE = 1u << 10, /* whitespace precedes it */
    TK_NEWLINE_BEFORE = 1u << 11 /* a line break precedes it */
};

typedef struct tok {
    uint32_t b, e;    /* byte offsets [b,e) into the text */
    uint32_t cb, ce;  /* code point offsets */
    uint16_t flags;   /* TK_* (twelve bits) */
    uint8_t ch;       /* a one-byte ASCII punctuation token: its byte; else 0 */
    uint32_t lxf;     /* lexicon flags of the lowercased word (LX_*) */
    const lx_entry *lx; /* its single-word entry or NULL */
    int32_t pair;     /* index of the matching quote mark, or -1 */
    uint32_t ll;      /* length of low (capped at 2^24-1: no key is that long) */
    char *low;        /* lowercased form (arena, NUL-terminated, zero-padded
                         to a multiple of eight bytes) */
} tok;

/* A unit of attribution: a sentence, a headline or a bullet item.
 * Tokens [t0,t1). */
typedef struct unit {
    int t0, t1;
} unit;

typedef struct tokdoc {
    const char *text;
    size_t len;
    tok *t;
    int n;
    unit *u;
    int nu;
    /* The punctuation tokens and the first token of each line, in order
     * and ending with n: the tokenizer's event list, kept for ws_att_find. */
    const int *ev;
    /* The capitalised words (TK_CAP), in order and ending with n: where
     * the speaker passes look for names. */
    const int *caps;
} tokdoc;


/* Tokenizes TEXT into D (arena memory), pairs its quotation marks and
 * splits units.  Returns WS_OK or WS_NOMEM. */
int ws_tok_document(arena *a, const ws_lexicon *lx, const char *text, size_t len,
                 tokdoc *d);

/* ws_tok_document by the general path alone, with the fast path for
 * plain ASCII words scanning a byte at a time, or (ws_tok_document's way)
 * sixteen bytes at a time where SSE2 is there: the same tokens, as the
 * tests check. */
enum ws_tok_mode { WS_TOK_GENERAL, WS_TOK_FAST_PLAIN, WS_TOK_FAST };
int ws__tok_document(arena *a, const ws_lexicon *lx, const char *text, size_t len, tokdoc *d,
                     enum ws_tok_mode mode);

/* The last step of ws_tok_document (units.c): pairs D's quotation marks
 * and marks its bullets (ws_qt_pair), then splits its units (memory from
 * A).  WS_OK or WS_NOMEM. */
int ws_tok_units(arena *a, tokdoc *d);

/* True when token i is the word W (lowercased compare).  Inline: the
 * patterns call it millions of times a run. */
static inline bool tok_is(const tokdoc *d, int i, const char *w)
{
    if (i < 0 || i >= d->n) return false;
    const tok *t = &d->t[i];
#if defined(__GNUC__)
    if (__builtin_constant_p(strlen(w))) {
        /* W is a literal: the length in the token settles most, without
         * reading the lowercased copy */
        size_t n = strlen(w);
        return t->ll == n && t->low && memcmp(t->low, w, n) == 0;
    }
#endif
    if (!t->low || t->low[0] != w[0]) return false;
    size_t n = strlen(w);
    return t->ll == n && memcmp(t->low, w, n) == 0;
}

/* Token T's lowercased form as a number: its first eight bytes (the
 * form is zero-padded to a multiple of eight bytes, with no NUL byte
 * inside), the first in the lowest bits; 0 without a form.  Equal to
 * TOK_W8(W) for a literal word W of at most seven bytes exactly when T is
 * W: a token is compared with several such words by one load and a
 * compare each, which '|' joins without a branch on its length. */
static inline uint64_t tok_low8(const tok *t)
{
    uint64_t w = 0;
    if (t->low) memcpy(&w, t->low, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}
/* The literal word W (at most seven bytes) as tok_low8 reads it: a
 * constant, its bytes shifted in place (byte I of W, or 0 past its end). */
#define TOK_W8(w)                                                                                          \
    (TOK_B8_(w, 0) | TOK_B8_(w, 1) | TOK_B8_(w, 2) | TOK_B8_(w, 3) | TOK_B8_(w, 4) | TOK_B8_(w, 5) |     \
     TOK_B8_(w, 6))
#define TOK_B8_(w, i)                                                                                      \
    ((uint64_t)(sizeof(w) > (i) + 1 ? (unsigned char)(w)[sizeof(w) > (i) + 1 ? (i) : 0] : 0) << (8 * (i)))

/* Is C (a mark's first byte) '.', '!' or '?': a bit of one word for
 * each ('!' 33, '.' 46, '?' 63), no branch. */
static inline bool tok_end_byte(unsigned c)
{
    const uint64_t ends = (1ull << '!') | (1ull << '.') | (1ull << '?');
    return (c < 64) & (unsigned)(ends >> (c & 63));
}

/* True when token k is the one-byte punctuation mark CH. */
static inline bool tok_punct(const tokdoc *d, int k, char ch)
{
    return k >= 0 && k < d->n && d->t[k].ch == (unsigned char)ch;
}

/* Is T (a token of D) a dash: '-', U+2013 or U+2014?  A one-byte mark
 * is its t->ch, so only the others read the text. */
static inline bool tok_dash(const tokdoc *d, const tok *t)
{
    if (!(t->flags & TK_PUNCT)) return false;
    if (t->ch) return t->ch == '-';
    const unsigned char *p = (const unsigned char *)d->text + t->b;
    size_t l = t->e - t->b;
    return (l == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) ||
           (l == 1 && p[0] == '-');
}


/* The span of tokens [t0,t1): code point and byte offsets. */
ws_span ws_span_of(const tokdoc *d, int t0, int t1);
/* The text of tokens [t0,t1), copied into A (NUL-terminated). */
char *ws_tok_text(arena *a, const tokdoc *d, int t0, int t1);

/* Over the events of D (quotes.c): marks the bullets (TK_BULLET), pairs
 * the quotation marks (TK_QOPEN/TK_QCLOSE and pair indexes), and lists
 * in UEV (room for d->n + 1) the events that can end or cut a unit or
 * open a quotation -- line starts, bullets, quotation marks and marks
 * that start with '.', '!' or '?' -- in order and ending with d->n.
 * MARKS: room for d->n ints (scratch).  Returns the number of entries. */
int ws_qt_pair(tokdoc *d, int *uev, int *marks);

#endif
