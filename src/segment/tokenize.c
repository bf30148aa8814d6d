/*
 * tokenize.c -- one pass over a document's bytes: tokens, then units.
 *
 * Tokens are words (letters, digits and combining marks, with inner
 * apostrophes, hyphens and periods: "We've", "Jean-Noel", "U.S.", "3.5"),
 * single punctuation marks, and quotation marks.  Each token has byte and
 * code point offsets.  A word followed by a period absorbs it when the
 * two make an abbreviation from the lexicon ("Feb.", "Mr.") or an initial
 * ("J."), so the period does not end a sentence.
 *
 * Units are what one attribution lives in: sentences, headline lines and
 * bullet items.  A unit ends at a line break, at a bullet (" * ", " • "),
 * or at '.', '!', '?' followed by space and not inside a quotation (so a
 * quote of several sentences stays one unit with its attribution).
 * Quotation marks are paired first (quotes.c) for that reason.
 *
 * Two apostrophes or backquotes ('' ``) are a double quotation mark, as
 * some newspapers' systems write them.
 *
 * Known limits: an abbreviation that really ends a sentence ("... in the
 * U.S. Then ...") keeps the two sentences together; single quotes are not
 * treated as quotation marks.
 *
 * Everything is allocated in the document's arena.
 */
#include "../internal.h"

#include <string.h>

#include <utf8proc.h>

static bool is_quote_cp(int32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB ||
           c == 0x00BB || c == 0x201F;
}

static inline bool is_apos(int32_t c) { return c == '\'' || c == 0x2019; }
static inline bool is_hyphen(int32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

/* Classes of the ASCII bytes, so that the common case costs one load. */
enum { AC_WORD = 1, AC_UPPER = 2, AC_LOWER = 4, AC_DIGIT = 8, AC_SPACE = 16,
       AC_NOT_UD = 32 /* a word character neither uppercase nor a digit */ };
#define W_ (AC_WORD | AC_NOT_UD)
#define U_ (AC_WORD | AC_UPPER)
#define L_ (AC_WORD | AC_LOWER | AC_NOT_UD)
#define D_ (AC_WORD | AC_DIGIT)
#define S_ AC_SPACE
static const unsigned char ascii_class[128] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  S_, S_, S_, S_, S_, 0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    S_, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, 0,  0,  0,  0,  0,  0,
    0,  U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, 0,  0,  0,  0,  W_,
    0,  L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, 0,  0,  0,  0,  0,
};
#undef W_
#undef U_
#undef L_
#undef D_
#undef S_

static inline bool is_wordch(int32_t c)
{
    if (c < 128) return ascii_class[c] & AC_WORD;
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
           cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
}

static inline bool is_upper_cp(int32_t c)
{
    if (c < 128) return ascii_class[c] & AC_UPPER;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static inline bool is_lower_cp(int32_t c)
{
    if (c < 128) return ascii_class[c] & AC_LOWER;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static inline bool is_space_cp(int32_t c)
{
    if (c < 128) return ascii_class[c] & AC_SPACE;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || c == 0xFEFF;
}

/* Decodes one code point at s[i] (text is valid UTF-8; a stray byte is
 * taken as one code point so offsets stay in step). */
static int32_t decode_mb(const char *s, size_t len, size_t i, size_t *adv)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (r <= 0) { *adv = 1; return 0xFFFD; }
    *adv = (size_t)r;
    return cp;
}

static inline int32_t decode(const char *s, size_t len, size_t i, size_t *adv)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) { *adv = 1; return c; }
    return decode_mb(s, len, i, adv);
}

/* Where lowercased tokens are written: one block of the arena a document
 * (a new block when it runs out), instead of an allocation a token. */
typedef struct lowbuf {
    arena *a;
    char *p;
    size_t left;
    size_t grow;
} lowbuf;

static char *low_take(lowbuf *lb, size_t n)
{
    if (n > lb->left) {
        size_t sz = n > lb->grow ? n : lb->grow;
        char *p = arena_alloc(lb->a, sz);
        if (!p) return NULL;
        lb->p = p;
        lb->left = sz;
    }
    char *o = lb->p;
    lb->p += n;
    lb->left -= n;
    return o;
}

/* lower_tok when the token has non-ASCII bytes or the block is full:
 * fold code point by code point (at most 3x growth for the few characters
 * whose folding expands). */
static char *lower_tok_slow(lowbuf *lb, const char *s, size_t n, size_t *outlen, uint64_t *h)
{
    size_t cap = (n * 3 + 8) & ~(size_t)7;
    char *o = low_take(lb, cap);
    if (!o) return NULL;
    size_t k = 0, i = 0;
    while (i < n) {
        size_t adv;
        int32_t c = decode(s, n, i, &adv);
        i += adv;
        if (c == 0x2019) c = '\''; /* curly apostrophe folds to ASCII */
        int32_t l = utf8proc_tolower(c);
        k += (size_t)utf8proc_encode_char(l, (utf8proc_uint8_t *)o + k);
        if (k > n * 3) break;
    }
    memset(o + k, 0, cap - k); /* zero-padded, as lx_hash reads it */
    *outlen = k;
    *h = lx_hash(o, k);
    return o;
}

/* Lowercases the ASCII letters of eight bytes at once: a byte in 'A'..'Z'
 * gets its 0x20 bit.  Bytes are all < 0x80 (the caller checks). */
#define SWAR_ONES 0x0101010101010101ull
#define SWAR_HIGH 0x8080808080808080ull
static inline uint64_t swar_lower(uint64_t x)
{
    uint64_t ge_a = (x | SWAR_HIGH) - SWAR_ONES * 'A';
    uint64_t gt_z = (x | SWAR_HIGH) - SWAR_ONES * ('Z' + 1);
    return x | ((ge_a & ~gt_z & SWAR_HIGH) >> 2);
}

/* The lowercased copy of a token for lexicon lookups, in LB: NUL-terminated
 * and zero-padded to a multiple of eight bytes; its length and its lexicon
 * hash (lx_hash).  AVAIL is how many bytes of the text start at S, so that
 * the last eight-byte load stays inside it.  ASCII words take the fast
 * path: eight bytes a step, lowercased and hashed together. */
static inline char *lower_tok(lowbuf *lb, const char *s, size_t n, size_t avail, size_t *outlen,
                              uint64_t *h)
{
    size_t need = (n + 8) & ~(size_t)7;
    if (need > lb->left) return lower_tok_slow(lb, s, n, outlen, h);
    char *o = lb->p;
    uint64_t x = LX_HASH_INIT, w;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        memcpy(&w, s + k, 8);
        if (w & SWAR_HIGH) return lower_tok_slow(lb, s, n, outlen, h);
        w = swar_lower(w);
        memcpy(o + k, &w, 8);
        x = lx_hash_word(x, w);
    }
    size_t r = n - k;
    w = 0;
    if (r) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (k + 8 <= avail) {
            memcpy(&w, s + k, 8);
            w &= ((uint64_t)1 << (8 * r)) - 1;
        } else
#endif
            memcpy(&w, s + k, r);
        if (w & SWAR_HIGH) return lower_tok_slow(lb, s, n, outlen, h);
        w = swar_lower(w);
        x = lx_hash_word(x, w);
    }
    memcpy(o + k, &w, 8); /* the last bytes, zero padding and NUL */
    lb->p += need;
    lb->left -= need;
    *outlen = n;
    *h = x;
    return o;
}

/* The fast path for a word of ASCII letters, digits and '_' (most words):
 * scans it sixteen bytes at a time (SSE2, on every x86-64) and writes its
 * lowercased, zero-padded copy into LB and its lexicon hash as it goes, in
 * one pass.  Returns the word's length, or 0 when the general path must
 * take the word: it runs into the last sixteen bytes of the text or into a
 * byte that may continue it (an apostrophe, hyphen, period or '&', or any
 * non-ASCII byte).  LB is advanced only on success.  *FLAGS gets TK_UPPER
 * when the word qualifies; the caller sets the flags that depend on the
 * first character.  Elsewhere (no SSE2, big-endian) the general path takes
 * every word. */
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <emmintrin.h>
static inline uint64_t low_bytes(uint64_t x, unsigned n) /* the first N (0..8) bytes of X */
{
    return n >= 8 ? x : x & ((((uint64_t)1) << (8 * n)) - 1);
}
static inline size_t word_fast(lowbuf *lb, const char *s, size_t len, size_t i, uint64_t *h,
                               uint32_t *flags)
{
    const __m128i b20 = _mm_set1_epi8(0x20);
    uint64_t hx = LX_HASH_INIT;
    unsigned seen_lower = 0, seen_not_ud = 0;
    size_t j = i;
    char *o = lb->p;
    for (;;) {
        if (j + 16 > len || (j - i) + 24 > lb->left) return 0;
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        /* a letter: (v | 0x20) in 'a'..'z'; as signed bytes after a bias */
        __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, b20), _mm_set1_epi8(0x80 - 'a')),
                                        _mm_set1_epi8(-128 + 26));
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '0')),
                                       _mm_set1_epi8(-128 + 10));
        __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
        __m128i small = _mm_and_si128(letter, _mm_cmpeq_epi8(_mm_and_si128(v, b20), b20));
        __m128i upper = _mm_andnot_si128(small, letter);
        unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), under));
        unsigned ms = (unsigned)_mm_movemask_epi8(small);
        unsigned mu = (unsigned)_mm_movemask_epi8(under);
        __m128i low = _mm_or_si128(v, _mm_and_si128(upper, b20));
        unsigned run = word == 0xFFFF ? 16 : (unsigned)__builtin_ctz(~word);
        uint64_t w0 = (uint64_t)_mm_cvtsi128_si64(low);
        uint64_t w1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(low, low));
        if (run == 16) {
            seen_lower |= ms;
            seen_not_ud |= ms | mu;
            _mm_storeu_si128((__m128i *)(void *)(o + (j - i)), low);
            hx = lx_hash_word(lx_hash_word(hx, w0), w1);
            j += 16;
            continue;
        }
        unsigned char nx = (unsigned char)s[j + run];
        if (nx >= 0x80 || nx == '\'' || nx == '-' || nx == '.' || nx == '&') return 0;
        unsigned keep = (1u << run) - 1;
        seen_lower |= ms & keep;
        seen_not_ud |= (ms | mu) & keep;
        w0 = low_bytes(w0, run);
        w1 = run > 8 ? low_bytes(w1, run - 8) : 0;
        memcpy(o + (j - i), &w0, 8); /* the last bytes, zero padding and NUL */
        memcpy(o + (j - i) + 8, &w1, 8);
        if (run) hx = lx_hash_word(hx, w0);
        if (run > 8) hx = lx_hash_word(hx, w1);
        j += run;
        break;
    }
    size_t n = j - i;
    if (n == 0) return 0;
    size_t need = (n + 8) & ~(size_t)7;
    lb->p += need;
    lb->left -= need;
    *h = hx;
    unsigned char c0 = (unsigned char)s[i];
    if (c0 >= 'A' && c0 <= 'Z' && !seen_not_ud && !seen_lower && n > 1) *flags |= TK_UPPER;
    return n;
}
#else
static inline size_t word_fast(lowbuf *lb, const char *s, size_t len, size_t i, uint64_t *h,
                               uint32_t *flags)
{
    (void)lb; (void)s; (void)len; (void)i; (void)h; (void)flags;
    return 0;
}
#endif

typedef struct tbuild {
    arena *a;
    tok *t;
    int n, cap;
    int first_cap; /* sized from the text: news runs ~5 bytes a token */
} tbuild;

static tok *push_tok(tbuild *tb)
{
    if (tb->n == tb->cap) {
        int ncap = tb->cap ? tb->cap * 2 : tb->first_cap;
        tok *nt = arena_alloc(tb->a, (size_t)ncap * sizeof(tok));
        if (!nt) return NULL;
        if (tb->n) memcpy(nt, tb->t, (size_t)tb->n * sizeof(tok));
        tb->t = nt; /* old block stays in the arena: reclaimed at reset */
        tb->cap = ncap;
    }
    tok *t = &tb->t[tb->n++];
    memset(t, 0, sizeof *t);
    t->pair = -1;
    return t;
}

typedef struct ubuild {
    arena *a;
    unit *u;
    int n, cap;
} ubuild;

static int push_unit(ubuild *ub, int t0, int t1)
{
    if (ub->n == ub->cap) {
        int ncap = ub->cap ? ub->cap * 2 : 16;
        unit *nu = arena_alloc(ub->a, (size_t)ncap * sizeof(unit));
        if (!nu) return WS_NOMEM;
        if (ub->n) memcpy(nu, ub->u, (size_t)ub->n * sizeof(unit));
        ub->u = nu;
        ub->cap = ncap;
    }
    memset(&ub->u[ub->n], 0, sizeof(unit));
    ub->u[ub->n].t0 = t0;
    ub->u[ub->n].t1 = t1;
    ub->n++;
    return WS_OK;
}

int tok_document(arena *a, const ws_lexicon *lx, const char *s, size_t len, tokdoc *d)
{
    memset(d, 0, sizeof *d);
    d->text = s;
    d->len = len;
    tbuild tb = {a, NULL, 0, 0, len / 4 < (1u << 20) ? (int)(len / 4) + 64 : (1 << 20)};
    /* ~5 bytes a token; each lowercased copy takes 8 or 16 */
    lowbuf lb = {a, NULL, 0, len * 2 + 64 < ((size_t)1 << 22) ? len * 2 + 64 : (size_t)1 << 22};
    size_t i = 0;
    uint32_t cp = 0; /* code point index of s[i] */
    bool space = true, newline = true;
    while (i < len) {
        size_t adv;
        int32_t c = decode(s, len, i, &adv);
        if (is_space_cp(c)) {
            space = true;
            if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) newline = true;
            i += adv;
            cp++;
            continue;
        }
        tok *t = push_tok(&tb);
        if (!t) return WS_NOMEM;
        t->b = (uint32_t)i;
        t->cb = cp;
        if (space) t->flags |= TK_SPACE_BEFORE;
        if (newline) t->flags |= TK_NEWLINE_BEFORE;
        space = newline = false;
        size_t fn;
        uint64_t fh;
        if (c < 0x80 && (ascii_class[c] & AC_WORD) && (fn = word_fast(&lb, s, len, i, &fh, &t->flags))) {
            /* an ASCII word, already lowercased and hashed */
            t->flags |= TK_WORD;
            if (ascii_class[c] & AC_UPPER) t->flags |= TK_CAP;
            if (c >= '0' && c <= '9') t->flags |= TK_NUM;
            t->e = (uint32_t)(i + fn);
            t->ce = cp + (uint32_t)fn;
            t->low = lb.p - ((fn + 8) & ~(size_t)7);
            t->ll = fn < 0xFFFFFF ? (uint32_t)fn : 0xFFFFFF;
            i += fn;
            cp += (uint32_t)fn;
            const lx_entry *e = lx_get_padded(lx, t->low, fn, fh);
            t->lx = e;
            t->lxf = e ? e->flags : 0;
            continue;
        }
        if (is_wordch(c)) {
            t->flags |= TK_WORD;
            if (is_upper_cp(c)) t->flags |= TK_CAP;
            if (c >= '0' && c <= '9') t->flags |= TK_NUM;
            bool all_upper = is_upper_cp(c), any_lower = false;
            size_t j = i + adv;
            uint32_t cj = cp + 1;
            for (;;) {
                if (j >= len) break;
                /* ASCII word characters: one table load each */
                unsigned char b0 = (unsigned char)s[j];
                if (b0 < 0x80 && (ascii_class[b0] & AC_WORD)) {
                    unsigned acc = 0;
                    do {
                        acc |= ascii_class[b0];
                        j++;
                        cj++;
                    } while (j < len && (b0 = (unsigned char)s[j]) < 0x80 && (ascii_class[b0] & AC_WORD));
                    if (acc & AC_LOWER) any_lower = true;
                    if (acc & AC_NOT_UD) all_upper = false;
                    continue;
                }
                size_t a1;
                int32_t c1 = decode(s, len, j, &a1);
                if (is_wordch(c1)) {
                    if (is_lower_cp(c1)) any_lower = true;
                    if (!is_upper_cp(c1) && !(c1 >= '0' && c1 <= '9')) all_upper = false;
                    j += a1;
                    cj++;
                    continue;
                }
                /* inner apostrophe, hyphen or period followed by a word char */
                if ((is_apos(c1) || is_hyphen(c1) || c1 == '.' || c1 == '&') && j + a1 < len) {
                    size_t a2;
                    int32_t c2 = decode(s, len, j + a1, &a2);
                    if (is_wordch(c2) && !(c1 == '.' && !(t->flags & TK_NUM) && !is_upper_cp(c2) &&
                                           !is_lower_cp(c2))) {
                        /* "U.S" continues; "end.Next" is rare and taken as one */
                        if (c1 == '.') {
                            /* only join letter.letter when the part before is
                             * a single letter (U.S., U.K.) or numbers (3.5) */
                            size_t seglen = 0;
                            for (size_t k = j; k > t->b; k--) {
                                unsigned char ch = (unsigned char)s[k - 1];
                                if (ch == '.') break;
                                seglen++;
                            }
                            if (!(t->flags & TK_NUM) && seglen > 1) break;
                        }
                        j += a1;
                        cj++;
                        continue;
                    }
                }
                break;
            }
            /* absorb a final period for abbreviations and initials */
            if (j < len && s[j] == '.') {
                size_t wl = j - i;
                bool absorb = false;
                bool has_dot = memchr(s + i, '.', wl) != NULL;
                if (has_dot && !(t->flags & TK_NUM)) absorb = true;          /* U.S. */
                else if (wl == 1 && is_upper_cp(c)) {
                    /* an initial ("J. Smith"), not a letter ending a
                     * sentence ("on X.") */
                    absorb = j + 2 < len && s[j + 1] == ' ' && s[j + 2] >= 'A' && s[j + 2] <= 'Z';
                }
                else if (wl < 12) {
                    char tmp[16];
                    size_t ll;
                    uint64_t h0;
                    char *lo = lower_tok(&lb, s + i, wl, len - i, &ll, &h0);
                    if (!lo) return WS_NOMEM;
                    if (ll < 14) {
                        memcpy(tmp, lo, ll);
                        tmp[ll] = '.';
                        const lx_entry *e = lx_get(lx, tmp, ll + 1);
                        if (e && (e->flags & LX_ABBREV)) absorb = true;
                    }
                }
                if (absorb) { j++; cj++; }
            }
            if (all_upper && !any_lower && (j - i) > 1 && !(t->flags & TK_NUM)) t->flags |= TK_UPPER;
            t->e = (uint32_t)j;
            t->ce = cj;
            i = j;
            cp = cj;
        } else {
            t->flags |= TK_PUNCT;
            if (is_quote_cp(c)) t->flags |= TK_QUOTE;
            t->e = (uint32_t)(i + adv);
            t->ce = cp + 1;
            i += adv;
            cp++;
            /* two apostrophes or two backquotes are a double quotation
             * mark (''like this'', ``like this'') */
            if ((c == '\'' || c == '`') && i < len && (s[i] == '\'' || (c == '`' && s[i] == '`'))) {
                t->flags |= TK_QUOTE;
                t->e = (uint32_t)++i;
                t->ce = ++cp;
            }
            /* a run of periods is one token (ellipsis) */
            if (c == '.') {
                while (i < len && s[i] == '.') { i++; cp++; }
                t->e = (uint32_t)i;
                t->ce = cp;
            }
            if (t->e - t->b == 1 && c > 0 && c < 0x80) {
                /* one ASCII mark: its own lowercase form, looked up only
                 * when the lexicon has it */
                char *o = low_take(&lb, 8);
                if (!o) return WS_NOMEM;
                memset(o, 0, 8);
                o[0] = (char)c;
                t->low = o;
                t->ll = 1;
                t->ch = (uint32_t)c;
                if (lx->single[c]) {
                    uint64_t w;
                    memcpy(&w, o, 8);
                    const lx_entry *e = lx_get_padded(lx, o, 1, lx_hash_word(LX_HASH_INIT, w));
                    t->lx = e;
                    t->lxf = e ? e->flags : 0;
                }
                continue;
            }
        }
        size_t ll;
        uint64_t h;
        t->low = lower_tok(&lb, s + t->b, t->e - t->b, len - t->b, &ll, &h);
        if (!t->low) return WS_NOMEM;
        if (!t->low[0]) {
            /* a NUL byte: looked up as the empty key, as strlen saw it */
            ll = 0;
            h = lx_hash("", 0);
        }
        t->ll = ll < 0xFFFFFF ? (uint32_t)ll : 0xFFFFFF;
        if ((t->flags & TK_PUNCT) && t->e - t->b == 1 && c < 0x80) t->ch = (uint32_t)c;
        const lx_entry *e = lx_get_padded(lx, t->low, ll, h);
        t->lx = e;
        t->lxf = e ? e->flags : 0;
        if (ll > 1 && t->low[ll - 1] == '.') {
            /* "Feb." is also "feb": a month */
            const lx_entry *e2 = lx_get(lx, t->low, ll - 1);
            if (e2) {
                t->lx = e2;
                t->lxf |= e2->flags;
            }
        }
    }
    d->t = tb.t;
    d->n = tb.n;

    /* The tokens the loops below act on: punctuation and the first token
     * of a line; a sentinel d->n ends the list.  Branch-free. */
    int *ev = arena_alloc(a, ((size_t)d->n + 1) * sizeof *ev);
    if (!ev) return WS_NOMEM;
    int nev = 0;
    for (int k = 0; k < d->n; k++) {
        ev[nev] = k;
        nev += (d->t[k].flags & (TK_PUNCT | TK_NEWLINE_BEFORE)) != 0;
    }
    ev[nev] = d->n;

    /* bullets: '*' or '•' standing alone between spaces */
    for (int ei = 0; ei < nev; ei++) {
        int k = ev[ei];
        tok *t = &d->t[k];
        if (!(t->flags & TK_PUNCT)) continue;
        const char *p = s + t->b;
        size_t l = t->e - t->b;
        bool star = (l == 1 && (*p == '*' || *p == '-')) || (l == 3 && memcmp(p, "\xe2\x80\xa2", 3) == 0);
        if (!star) continue;
        bool after_space = (t->flags & TK_SPACE_BEFORE) || k == 0;
        bool before_space = k + 1 >= d->n || (d->t[k + 1].flags & TK_SPACE_BEFORE);
        if (after_space && before_space && (*p != '-' || (t->flags & TK_NEWLINE_BEFORE)))
            t->flags |= TK_BULLET;
    }

    qt_pair(d, ev);

    /* units */
    ubuild ub = {a, NULL, 0, 0};
    int start = 0, open_quote_until = -1;
    /* only the tokens of EV can cut a unit, open a quotation or end a
     * sentence: the others are skipped */
    for (int ei = 0; ei <= nev; ei++) {
        int k = ev[ei];
        bool cut_before = k == d->n;
        if (k < d->n && k > start &&
            (d->t[k].flags & (TK_NEWLINE_BEFORE | TK_BULLET)))
            cut_before = true;
        if (cut_before && k > start) {
            int t0 = start;
            while (t0 < k && (d->t[t0].flags & TK_BULLET)) t0++;
            if (t0 < k && push_unit(&ub, t0, k) != WS_OK) return WS_NOMEM;
            start = k;
            open_quote_until = -1;
        }
        if (k == d->n) break;
        tok *t = &d->t[k];
        if ((t->flags & TK_QOPEN) && t->pair > k && t->pair > open_quote_until)
            open_quote_until = t->pair;
        /* sentence end: . ! ? (and ellipsis) followed by optional closing
         * quote / bracket, then space and not inside a quotation; or a
         * closing quotation mark right after such a mark ("... it.") */
        if (!(t->flags & TK_PUNCT)) continue;
        char c0 = s[t->b];
        if (k < open_quote_until) continue;
        if ((t->flags & TK_QCLOSE) && k == open_quote_until && k > 0 &&
            (d->t[k - 1].flags & TK_PUNCT) && strchr(".!?", s[d->t[k - 1].b]))
            c0 = '.';
        if (c0 != '.' && c0 != '!' && c0 != '?') continue;
        int j = k + 1;
        while (j < d->n && (d->t[j].flags & TK_QCLOSE) && !(d->t[j].flags & TK_SPACE_BEFORE)) j++;
        while (j < d->n && s[d->t[j].b] == ')' && !(d->t[j].flags & TK_SPACE_BEFORE)) j++;
        if (j >= d->n) continue;
        tok *nx = &d->t[j];
        if (!(nx->flags & TK_SPACE_BEFORE)) continue;
        if (!(nx->flags & (TK_CAP | TK_QUOTE | TK_NUM | TK_BULLET | TK_NEWLINE_BEFORE)) &&
            s[nx->b] != '(')
            continue;
        if (j > start) {
            if (push_unit(&ub, start, j) != WS_OK) return WS_NOMEM;
            start = j;
            open_quote_until = -1;
        }
        while (ev[ei + 1] < j) ei++; /* on at j */
    }
    d->u = ub.u;
    d->nu = ub.n;
    return WS_OK;
}

ws_span span_of(const tokdoc *d, int t0, int t1)
{
    ws_span sp = {-1, -1, -1, -1};
    if (t0 < 0 || t1 <= t0 || t1 > d->n) return sp;
    sp.start = d->t[t0].cb;
    sp.end = d->t[t1 - 1].ce;
    sp.bstart = d->t[t0].b;
    sp.bend = d->t[t1 - 1].e;
    return sp;
}

char *tok_text(arena *a, const tokdoc *d, int t0, int t1)
{
    if (t0 < 0 || t1 <= t0) return NULL;
    return arena_strndup(a, d->text + d->t[t0].b, d->t[t1 - 1].e - d->t[t0].b);
}
