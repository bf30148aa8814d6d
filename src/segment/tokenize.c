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
 * The loop takes the common tokens itself: ASCII words (scanned sixteen
 * bytes a step where SSE2 is there, lowercased and hashed for the lexicon
 * in the same pass, with inner ' - & or ’ before another ASCII word
 * character, and a following period or space; a word also ends before a
 * no-break space or one of the marks below), one-byte ASCII marks, quotes
 * written '' `` or `', and the three-byte marks – — ‘ ’ “ ” „ ‟ …,
 * writing each token once.  Everything else (other non-ASCII text and
 * spaces, inner periods, ellipses) goes to the general path,
 * take_general, which defines what a token is; the fast loop only ever
 * takes tokens it would take the same way.
 *
 * Words that end before a byte that cannot continue them, each followed
 * by a plain space or not, take an inner loop that calls nothing, so
 * that word_fast's constants and the loop's state stay in registers; a
 * word before a joining byte (' - & ’ or a period: about one in ten) is
 * finished out of line by word_join.  TK_UPPER comes from word_fast's
 * compares (no byte above 'Z'), and the lexicon lookup of a word of at
 * most eight bytes selects its answer with conditional moves from the
 * two cuckoo slots it reads (lexicon.c; lx_lookup_padded).
 *
 * Tried and dropped (task-clock on 100 MB of news, medians of runs
 * alternating with the kept build; none faster, most 1-4% slower):
 * taking a word's length from the previous word's load when it ends
 * inside it (sixteen bytes, or thirty-two from a second load: the chain
 * from one word's end to the next word's scan is not what bounds the
 * loop); word_fast's keep mask from a compare, or the hash's bytes
 * masked in registers; word_fast's first sixteen bytes inlined and
 * longer words out of line; a token written in six eight-byte stores;
 * the key of a word and its period made in registers (the byte store
 * then the load stalls, but the time moves elsewhere).  Kept (callgrind
 * on PolNeAR train, 308.1M instructions in all before): word_join out of
 * line and TK_UPPER from word_fast (302.4M); the inner loop, without the
 * clamp of ll, which the lowbuf block bounds (296.7M, task-clock -5%);
 * the lookup's hit as one compare (no test of the candidate mask, since
 * with none slot i + 16 cannot hold the key) and two conditional moves,
 * the tag broadcast by a multiply, flags/ch/spare in one store (292.1M,
 * task-clock unchanged); slot copies after the table's end, so no wrap
 * mask (291.7M); TK_UPPER by a select on the class bit (290.4M).
 * Profiles put
 * about a third of the loop's samples on the lexicon lookup (hash, tag
 * load, slot load); a build that skips the slot read altogether saves
 * about 4% of the whole run, an upper bound for smaller slots.
 *
 * After the loop, one pass over the event list, with no branch but for
 * the rare bullet candidates, marks the bullets and lists the events
 * ws_qt_pair needs (quotation marks, line starts) and those the unit pass
 * acts on (these, bullet candidates, marks that start with . ! ?), so
 * that each visits its own and no longer tests (and mispredicts on)
 * every comma.
 *
 * A later round (tok7) measured with callgrind's branch simulator on
 * PolNeAR train (2.308M mispredicts, 250.9M instructions in all before)
 * and, as that model is not the machine's predictor, with a
 * tokenizer-only bench (ws_tok_document over bench/out/text/1 twenty times,
 * medians of alternating runs) and task-clock.  Kept: the event pass
 * above (2.224M mispredicts; tokenizer -7%, task-clock -3%); the unit
 * pass up to the sentinel, push_unit's fast path inline, . ! ? by class
 * (-1%); '•' looked for by its copy only in a text that has one; the
 * tag vector held in a register (GCC had stored it to the stack to
 * compare from memory; -1%); word_join's period first (-1.1M
 * instructions).  Tried and dropped, most with fewer mispredicts in
 * callgrind's model but none faster on the machine, whose predictor
 * (long history) gets most of these right, while a select makes the
 * next load wait where a predicted branch runs ahead: the space after a
 * mark or a joined word taken without a branch (tokenizer 5% slower,
 * task-clock 1%); after a word (callgrind's mispredicts just move to the
 * next test); keys of nine to fifteen bytes looked up without a branch,
 * both hash words and a select (+10M instructions, tokenizer 10%
 * slower); the line-start event or TK_UPPER by a select (2% slower;
 * neutral); a word test of its own after marks (callgrind +87k); the
 * lookup reading a static empty slot when no tag matches, not slot
 * i + 16 (neutral); word_join's lookups by lx_lookup_padded (1-2%
 * slower); word_join's keys rebuilt from the text in whole-word stores,
 * which removes the store-forwarding stalls perf shows there but no
 * time (neutral); ws_tok_document cloned for AVX2 (2% slower); ws_qt_pair
 * over the quotation marks only, with line numbers from the event pass
 * (its mispredicts 26k -> 7k, but +1.2M instructions in all; neutral).
 *
 * Everything is allocated in the document's arena.
 */
#include "segment.h"

#include <string.h>

#include <utf8proc.h>

static bool is_quote_cp(int32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB ||
           c == 0x00BB || c == 0x201F;
}

static inline bool is_apos(int32_t c) { return c == '\'' || c == 0x2019; }
static inline bool is_hyphen(int32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

/* Classes of the bytes, so that the common case costs one load.  The
 * first three are the token flags a word gets from its first character
 * (TK_WORD, TK_CAP, TK_NUM), and AC_SPACE / AC_NL shifted are
 * TK_SPACE_BEFORE / TK_NEWLINE_BEFORE, so that flags are copied, not
 * tested.  AC_JOIN marks the bytes that may continue a word or start a
 * multibyte character (' - . & and every byte from 0x80): where the
 * fast word scanner hands over to the general path.  AC_MARK marks the
 * ASCII punctuation and control bytes that are always a token of one
 * byte (not ' ` . which may start a longer one, AC_MARK2, nor NUL). */
enum { AC_WORD = 1, AC_UPPER = 2, AC_DIGIT = 4, AC_LOWER = 8, AC_SPACE = 16, AC_NL = 32,
       AC_NOT_UD = 64 /* a word character neither uppercase nor a digit */, AC_JOIN = 128,
       AC_MARK = 256 /* an ASCII mark that is a token by itself, one byte long */,
       AC_MARK2 = 512 /* ' ` . : one such mark unless the next byte is one of them */,
       AC_END = 1024 /* . ! ? : a mark that starts with one may end a sentence */ };
#define AC_END_SHIFT 10
_Static_assert(AC_END == 1 << AC_END_SHIFT, "AC_END_SHIFT");
#define AC_TK_SHIFT 6 /* AC_SPACE/AC_NL << AC_TK_SHIFT: TK_SPACE_BEFORE/TK_NEWLINE_BEFORE */
#define AC_UPPER_SHIFT 8 /* AC_UPPER << AC_UPPER_SHIFT: TK_UPPER */
_Static_assert((int)AC_WORD == (int)TK_WORD && (int)AC_UPPER == (int)TK_CAP &&
               (int)AC_DIGIT == (int)TK_NUM &&
               (AC_SPACE << AC_TK_SHIFT) == TK_SPACE_BEFORE &&
               (AC_NL << AC_TK_SHIFT) == TK_NEWLINE_BEFORE &&
               (AC_UPPER << AC_UPPER_SHIFT) == TK_UPPER,
               "byte classes double as token flags");
#define W_ (AC_WORD | AC_NOT_UD)
#define U_ (AC_WORD | AC_UPPER)
#define L_ (AC_WORD | AC_LOWER | AC_NOT_UD)
#define D_ (AC_WORD | AC_DIGIT)
#define S_ AC_SPACE
#define N_ (AC_SPACE | AC_NL)
#define J_ AC_JOIN
#define M_ AC_MARK
#define JM (AC_JOIN | AC_MARK)
#define K_ AC_MARK2
#define JK (AC_JOIN | AC_MARK2)
#define ME (AC_MARK | AC_END)
#define JKE (AC_JOIN | AC_MARK2 | AC_END)
static const uint16_t ascii_class[256] = {
    0,   M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  S_,  N_,  S_,  S_,  N_,  M_,  M_,
    M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,  M_,
    S_,  ME,  M_,  M_,  M_,  M_,  JM,  JK,  M_,  M_,  M_,  M_,  M_,  JM,  JKE, M_,
    D_,  D_,  D_,  D_,  D_,  D_,  D_,  D_,  D_,  D_,  M_,  M_,  M_,  M_,  M_,  ME,
    M_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,
    U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,  M_,  M_,  M_,  M_,  W_,
    K_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,
    L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,  M_,  M_,  M_,  M_,  M_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
    J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,  J_,
};
#undef N_
#undef J_
#undef M_
#undef JM
#undef K_
#undef JK
#undef ME
#undef JKE
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
        char *p = ws_arena_alloc(lb->a, sz);
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
    memset(o + k, 0, cap - k); /* zero-padded, as ws_lx_hash reads it */
    *outlen = k;
    *h = ws_lx_hash(o, k);
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
 * hash (ws_lx_hash).  AVAIL is how many bytes of the text start at S, so that
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
 * lowercased, zero-padded copy to O (LEFT bytes free there) and its
 * lexicon hash as it goes, in one pass.  Returns the length of the run of
 * such characters, or 0 when the general path must take the word: it runs
 * into the last sixteen bytes of the text, or O has too little room (it
 * keeps 24 bytes past the run: room for a period and its padding).  The
 * run ends before a byte inside the text; when that byte may continue the
 * word (AC_JOIN: an apostrophe, hyphen, period, '&' or a non-ASCII byte)
 * the caller decides.  The caller advances O by the word's padded size.
 * Elsewhere (no SSE2, big-endian) the general path takes every word. */
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <emmintrin.h>
/* 16 bytes 0xFF then 16 zero bytes: a load at 16 - N keeps the first N */
static const unsigned char keep_mask[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};
static inline size_t word_fast(char *o, size_t left, const char *s, size_t len, size_t i,
                               uint64_t *h, uint64_t *k0, unsigned *big)
{
    const __m128i b20 = _mm_set1_epi8(0x20);
    uint64_t hx = LX_HASH_INIT;
    unsigned bg = 0; /* bytes above 'Z': lowercase letters and '_' */
    size_t j = i;
    for (;;) {
        if (j + 16 > len || (j - i) + 24 > left) return 0;
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        /* a letter: (v | 0x20) in 'a'..'z'; as signed bytes after a bias */
        __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, b20), _mm_set1_epi8(0x80 - 'a')),
                                        _mm_set1_epi8(-128 + 26));
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '0')),
                                       _mm_set1_epi8(-128 + 10));
        __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
        unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), under));
        __m128i low = _mm_or_si128(v, _mm_and_si128(letter, b20)); /* letters get 0x20 */
        unsigned run = (unsigned)__builtin_ctz(~word | 0x10000u);
        unsigned gz = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8('Z')));
        if (run == 16) {
            bg |= gz;
            _mm_storeu_si128((__m128i *)(void *)(o + (j - i)), low);
            uint64_t w0 = (uint64_t)_mm_cvtsi128_si64(low);
            uint64_t w1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(low, low));
            hx = lx_hash_word(lx_hash_word(hx, w0), w1);
            j += 16;
            continue;
        }
        /* the last bytes, zero padding and NUL */
        low = _mm_and_si128(low, _mm_loadu_si128((const __m128i *)(const void *)(keep_mask + 16 - run)));
        _mm_storeu_si128((__m128i *)(void *)(o + (j - i)), low);
        *k0 = (uint64_t)_mm_cvtsi128_si64(low);
        bg |= gz & ((1u << run) - 1);
        if (run) {
            hx = lx_hash_word(hx, *k0);
            if (run > 8) hx = lx_hash_word(hx, (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(low, low)));
        }
        j += run;
        break;
    }
    *h = hx;
    *big = bg;
    return j - i;
}
#else
static inline size_t word_fast(char *o, size_t left, const char *s, size_t len, size_t i,
                               uint64_t *h, uint64_t *k0, unsigned *big)
{
    (void)o; (void)left; (void)s; (void)len; (void)i; (void)h; (void)k0; (void)big;
    return 0;
}
#endif

/* True when the N bytes at P (ASCII word characters) are all uppercase
 * letters or digits: what TK_UPPER asks of a word after its first
 * letter.  Of the word characters, the lowercase letters and '_' are the
 * ones above 'Z'. */
static inline bool all_upper_ud(const char *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)p[k] > 'Z') return false;
    return true;
}

/* True for the third byte of the punctuation marks E2 80 xx that are a
 * token of their own: – — ‘ ’ “ ” „ ‟ …  (U+2013, 2014, 2018, 2019,
 * 201C..201F, 2026).  None is a word character or a space. */
static inline bool mark3(char b)
{
    switch ((unsigned char)b) {
    case 0x93: case 0x94: case 0x98: case 0x99: case 0x9C: case 0x9D: case 0x9E: case 0x9F:
    case 0xA6:
        return true;
    default:
        return false;
    }
}

/* True when the bytes at S[k] (k < len) are a no-break space (U+00A0) or
 * one of mark3's marks: characters that are no word character, so a word
 * before them ends (and the no-break space is spacing). */
static inline bool nonword_mb(const char *s, size_t len, size_t k)
{
    unsigned char b = (unsigned char)s[k];
    if (b == 0xC2) return k + 1 < len && (unsigned char)s[k + 1] == 0xA0;
    return b == 0xE2 && k + 2 < len && (unsigned char)s[k + 1] == 0x80 && mark3(s[k + 2]);
}

/* What word_join gives back: the token of an ASCII word whose run
 * word_fast ended before a byte that may continue it. */
typedef struct wjoin {
    size_t tl, kl;      /* the token's length in bytes; its lowercased copy's */
    uint32_t xc;        /* continuation bytes in it (a ’ has two) */
    bool up;            /* no lowercase letter in it (TK_UPPER, if longer than one byte) */
    const lx_entry *e;  /* its lexicon entry and flags */
    uint32_t lxf;
} wjoin;

/* The fast loop's word when the byte after the run of FN word bytes at
 * S[i] (lowercased at LP, LLEFT bytes free there, with hash FH and first
 * eight bytes FK0; UP when no byte of it is above 'Z' and the first is an
 * uppercase letter) may continue it (AC_JOIN): an inner ' - & or ’
 * before another ASCII word character joins the word ("don't",
 * "well-known", "AT&T"), and a period is absorbed for abbreviations and
 * initials as the general path does.  Fills *W and returns true, or
 * returns false when the general path must take the word.  Kept out of
 * the loop (about one word in ten comes here), so that the loop's common
 * path keeps its state in registers. */
static __attribute__((noinline)) bool word_join(const ws_lexicon *lx, const char *s, size_t len,
                                                size_t i, char *lp, size_t lleft, unsigned cls,
                                                size_t fn, uint64_t fh, uint64_t fk0, bool up,
                                                wjoin *w)
{
    size_t tl = fn;   /* the token's length in bytes */
    size_t kl = fn;   /* its lowercased copy's */
    uint32_t xc = 0;  /* continuation bytes in it (a ’ has two) */
    const lx_entry *e = NULL;
    uint32_t lxf = 0;
    unsigned char nx = (unsigned char)s[i + fn];
    bool plain = false;
    if (nx != '.') { /* a period (most calls) neither joins nor is plain */
        /* an inner ' - & or ’ followed by an ASCII word character:
         * the word goes on ("don't", "well-known", "AT&T") */
        bool joined = false;
        for (;;) {
            size_t jl;
            if (nx == '\'' || nx == '-' || nx == '&') jl = 1;
            else if (nx == 0xE2 && i + tl + 2 < len && (unsigned char)s[i + tl + 1] == 0x80 &&
                     (unsigned char)s[i + tl + 2] == 0x99)
                jl = 3;
            else break;
            if (i + tl + jl >= len) return false;
            unsigned char c2 = (unsigned char)s[i + tl + jl];
            if (c2 >= 0x80) return false; /* may be a word character */
            if (!(ascii_class[c2] & AC_WORD)) break; /* the word ends before it */
            lp[kl] = jl == 1 ? (char)nx : '\''; /* ’ folds to ' */
            uint64_t dh, dk0;
            unsigned db;
            size_t m = word_fast(lp + kl + 1, lleft - kl - 1, s, len, i + tl + jl, &dh, &dk0, &db);
            if (!m) return false;
            if (up) up = all_upper_ud(s + i + tl + jl, m);
            tl += jl + m;
            kl += 1 + m;
            xc += (uint32_t)jl - 1;
            joined = true;
            nx = (unsigned char)s[i + tl];
        }
        if (joined) {
            memset(lp + kl, 0, 8); /* the padding, and the hash of the whole */
            uint64_t x = LX_HASH_INIT, wd;
            for (size_t k = 0; k < kl; k += 8) {
                memcpy(&wd, lp + k, 8);
                x = lx_hash_word(x, wd);
            }
            fh = x;
            memcpy(&fk0, lp, 8);
        }
        /* the word ends before a byte that cannot continue it (an
         * ASCII joiner here is followed by no word character, and the
         * three-byte marks are punctuation): the plain lookup, below */
        plain = !(ascii_class[nx] & AC_JOIN) || nx == '\'' || nx == '-' || nx == '&' ||
                nonword_mb(s, len, i + tl);
    }
    if (!plain) {
        /* a period that no word character follows (else, and for
         * the other joining bytes, the general path): absorbed
         * as the general path does, for abbreviations and
         * initials */
        unsigned char n2 = i + tl + 1 < len ? (unsigned char)s[i + tl + 1] : ' ';
        if (nx != '.' || (ascii_class[n2] & AC_WORD) ||
            (n2 >= 0x80 && !nonword_mb(s, len, i + tl + 1)))
            return false;
        bool absorb = false;
        lp[kl] = '.'; /* the word and its period, as a key */
        const lx_slot *sl = NULL;
        if (tl < 12) {
            /* the key is zero-padded (word_fast's last store, or
             * the joined word's padding): its hash is that of
             * its first one or two eight-byte words */
            uint64_t w0, w1;
            memcpy(&w0, lp, 8);
            uint64_t hd = lx_hash_word(LX_HASH_INIT, w0);
            if (kl + 1 > 8) {
                memcpy(&w1, lp + 8, 8);
                hd = lx_hash_word(hd, w1);
            }
            sl = lx_find_padded(lx, lp, kl + 1, hd);
        }
        if (tl == 1 && (cls & AC_UPPER))
            absorb = i + 3 < len && n2 == ' ' && s[i + 3] >= 'A' && s[i + 3] <= 'Z';
        else
            absorb = sl && (sl->flags & LX_ABBREV);
        if (!absorb) {
            lp[kl] = 0;
            plain = true;
        } else {
            tl++;
            kl++;
            if (!(kl & 7)) memset(lp + kl, 0, 8); /* the padding */
            e = sl ? &sl->n->e : NULL;
            lxf = sl ? sl->flags : 0;
            /* "Feb." is also "feb": a month */
            const lx_entry *e2 = lx_get_h(lx, lp, kl - 1, fh);
            if (e2) {
                e = e2;
                lxf |= e2->flags;
            }
        }
    }
    if (plain) {
        const lx_slot *sl = lx_find_padded(lx, lp, kl, fh);
        e = sl ? &sl->n->e : NULL;
        lxf = sl ? sl->flags : 0;
    }
    w->tl = tl;
    w->kl = kl;
    w->xc = xc;
    w->up = up;
    w->e = e;
    w->lxf = lxf;
    return true;
}

/* The token array and, beside it, the event list: the indexes of the
 * punctuation tokens and of the first token of each line (what the loops
 * after tokenizing act on), both grown together so that the event list
 * always has room for every token and a sentinel. */
typedef struct tbuild {
    arena *a;
    tok *t;
    int *ev;
    int n, nev, cap;
    int first_cap; /* sized from the text: news runs ~5 bytes a token */
} tbuild;

/* Makes room for one more token (and event).  WS_OK or WS_NOMEM. */
static int grow_toks(tbuild *tb)
{
    int ncap = tb->cap ? tb->cap * 2 : tb->first_cap;
    tok *nt = ws_arena_alloc(tb->a, (size_t)ncap * sizeof(tok));
    int *nev = ws_arena_alloc(tb->a, ((size_t)ncap + 1) * sizeof(int));
    if (!nt || !nev) return WS_NOMEM;
    if (tb->n) memcpy(nt, tb->t, (size_t)tb->n * sizeof(tok));
    if (tb->nev) memcpy(nev, tb->ev, (size_t)tb->nev * sizeof(int));
    tb->t = nt; /* old blocks stay in the arena: reclaimed at reset */
    tb->ev = nev;
    tb->cap = ncap;
    return WS_OK;
}

typedef struct ubuild {
    arena *a;
    unit *u;
    int n, cap;
} ubuild;

/* Makes room for more units (twice as many).  WS_OK or WS_NOMEM. */
static __attribute__((noinline)) int grow_units(ubuild *ub)
{
    int ncap = ub->cap ? ub->cap * 2 : 16;
    unit *nu = ws_arena_alloc(ub->a, (size_t)ncap * sizeof(unit));
    if (!nu) return WS_NOMEM;
    if (ub->n) memcpy(nu, ub->u, (size_t)ub->n * sizeof(unit));
    ub->u = nu;
    ub->cap = ncap;
    return WS_OK;
}

/* Appends the unit of tokens [t0, t1).  WS_OK or WS_NOMEM. */
static inline int push_unit(ubuild *ub, int t0, int t1)
{
    if (ub->n == ub->cap && grow_units(ub) != WS_OK) return WS_NOMEM;
    ub->u[ub->n++] = (unit){.t0 = t0, .t1 = t1};
    return WS_OK;
}

/* What ws_tok_document's loop carries, for the general path. */
typedef struct tstate {
    const ws_lexicon *lx;
    const char *s;
    size_t len;
    tbuild tb;
    lowbuf lb;
    size_t i;     /* where the next token or space starts */
    uint32_t cp;  /* code point index of s[i] */
    uint32_t pre; /* the next token's flags from spacing */
    bool dot;     /* a '•' was taken (a bullet candidate, which only this
                   * path takes) */
} tstate;

/* The general path of the tokenizer: takes the token (or non-ASCII
 * space) at st->i, any character, and moves st->i past it.  WS_OK or
 * WS_NOMEM.  Not inlined, so that the fast loop keeps its state in
 * registers. */
static __attribute__((noinline)) int take_general(tstate *st)
{
    const ws_lexicon *lx = st->lx;
    const char *s = st->s;
    size_t len = st->len;
    size_t i = st->i;
    uint32_t cp = st->cp;
    unsigned char c0 = (unsigned char)s[i];
    size_t adv;
    int32_t c = decode(s, len, i, &adv);
    if (c0 >= 0x80 && is_space_cp(c)) {
        st->pre |= TK_SPACE_BEFORE;
        if (c == 0x2028 || c == 0x2029) st->pre |= TK_NEWLINE_BEFORE;
        i += adv;
        cp++;
        goto done;
    }
    if (st->tb.n == st->tb.cap && grow_toks(&st->tb) != WS_OK) return WS_NOMEM;
    tok *t = &st->tb.t[st->tb.n];
    *t = (tok){.b = (uint32_t)i, .cb = cp, .flags = st->pre, .pair = -1};
    st->tb.ev[st->tb.nev] = st->tb.n; /* kept when a punctuation mark or first of a line */
    st->tb.n++;
    uint32_t pre_t = st->pre;
    st->pre = 0;
    if (is_wordch(c)) {
        st->tb.nev += (pre_t & TK_NEWLINE_BEFORE) != 0;
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
                char *lo = lower_tok(&st->lb, s + i, wl, len - i, &ll, &h0);
                if (!lo) return WS_NOMEM;
                if (ll < 14) {
                    memcpy(tmp, lo, ll);
                    tmp[ll] = '.';
                    const lx_entry *e = ws_lx_get(lx, tmp, ll + 1);
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
        st->tb.nev++;
        t->flags |= TK_PUNCT;
        if (is_quote_cp(c)) t->flags |= TK_QUOTE;
        if (c == 0x2022) st->dot = true;
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
            char *o = low_take(&st->lb, 8);
            if (!o) return WS_NOMEM;
            memset(o, 0, 8);
            o[0] = (char)c;
            t->low = o;
            t->ll = 1;
            t->ch = (uint32_t)c;
            if (lx->single[c]) {
                uint64_t w;
                memcpy(&w, o, 8);
                const lx_slot *e = lx_find_padded(lx, o, 1, lx_hash_word(LX_HASH_INIT, w));
                t->lx = e ? &e->n->e : NULL;
                t->lxf = e ? e->flags : 0;
            }
            goto done;
        }
    }
    size_t ll;
    uint64_t h;
    t->low = lower_tok(&st->lb, s + t->b, t->e - t->b, len - t->b, &ll, &h);
    if (!t->low) return WS_NOMEM;
    if (!t->low[0]) {
        /* a NUL byte: looked up as the empty key, as strlen saw it */
        ll = 0;
        h = ws_lx_hash("", 0);
    }
    t->ll = ll < 0xFFFFFF ? (uint32_t)ll : 0xFFFFFF;
    if ((t->flags & TK_PUNCT) && t->e - t->b == 1 && c < 0x80) t->ch = (uint32_t)c;
    const lx_slot *e = lx_find_padded(lx, t->low, ll, h);
    t->lx = e ? &e->n->e : NULL;
    t->lxf = e ? e->flags : 0;
    if (ll > 1 && t->low[ll - 1] == '.') {
        /* "Feb." is also "feb": a month */
        const lx_entry *e2 = ws_lx_get(lx, t->low, ll - 1);
        if (e2) {
            t->lx = e2;
            t->lxf |= e2->flags;
        }
    }
done:
    st->i = i;
    st->cp = cp;
    return WS_OK;
}

/* Writes the mark token T of bytes [b, e) and code points [cb, ce), with
 * FLAGS, one-byte mark CH (0 for none), short lexicon slot SLOT (or NULL) and
 * its lowercased form LOW[ll]: every field once, as the fast loop writes
 * its tokens. */
static inline void put_mark(tok *t, size_t b, size_t e, size_t cb, size_t ce, unsigned flags, unsigned char ch,
                            const lx_short *slot, size_t ll, char *low)
{
    t->b = (uint32_t)b;
    t->e = (uint32_t)e;
    t->cb = (uint32_t)cb;
    t->ce = (uint32_t)ce;
    t->flags = (uint16_t)flags;
    t->ch = ch;
    t->spare = 0;
    t->lxf = slot ? slot->flags : 0;
    t->lx = slot ? slot->e : NULL;
    t->pair = -1;
    t->ll = (uint32_t)ll;
    t->low = low;
}

/* Writes the word token of bytes [b, b + tl) and code points [cb, cb + cl),
 * with its flags, lexicon flags and entry, and lowercased copy LOW[ll]. */
static inline void put_word(tok *t, size_t b, size_t tl, uint32_t cb, size_t cl, uint32_t flags,
                            uint32_t lxf, const lx_entry *e, size_t ll, char *low)
{
    t->b = (uint32_t)b;
    t->e = (uint32_t)(b + tl);
    t->cb = cb;
    t->ce = cb + (uint32_t)cl;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* flags, ch and spare (0) in one store */
    _Static_assert(offsetof(tok, ch) == offsetof(tok, flags) + 2 &&
                   offsetof(tok, spare) == offsetof(tok, flags) + 3, "flags, ch, spare");
    uint32_t fw = (uint16_t)flags;
    memcpy((char *)t + offsetof(tok, flags), &fw, 4);
#else
    t->flags = (uint16_t)flags;
    t->ch = 0;
    t->spare = 0;
#endif
    t->lxf = lxf;
    t->lx = e;
    t->pair = -1;
    t->ll = (uint32_t)ll;
    t->low = low;
}

/* The first eight bytes at P, as one word (a token's lowercased form is
 * zero-padded to a multiple of eight bytes). */
static inline uint64_t low8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* GCC would pack a token's four offsets into a vector register before
 * storing them: more instructions than four plain stores. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-slp-vectorize")))
#endif
int ws_tok_document(arena *a, const ws_lexicon *lx, const char *s, size_t len, tokdoc *d)
{
    memset(d, 0, sizeof *d);
    d->text = s;
    d->len = len;
    tstate st = {lx, s, len, {a, NULL, NULL, 0, 0, 0, len / 4 < (1u << 20) ? (int)(len / 4) + 64 : (1 << 20)},
                 /* ~5 bytes a token; each lowercased copy takes 8 or 16 */
                 {a, NULL, 0, len * 2 + 64 < ((size_t)1 << 22) ? len * 2 + 64 : (size_t)1 << 22},
                 0, 0, TK_SPACE_BEFORE | TK_NEWLINE_BEFORE, false};
    if (grow_toks(&st.tb) != WS_OK) return WS_NOMEM;
    st.lb.p = ws_arena_alloc(a, st.lb.grow); /* the first block of lowercased copies */
    if (!st.lb.p) return WS_NOMEM;
    st.lb.left = st.lb.grow;
    /* the fast loop's state, in locals (st has it for the general path);
     * the code point index is kept as the count of bytes that do not
     * start one (continuation bytes), which only the general path sees */
    tok *tp = st.tb.t, *tend = st.tb.t + st.tb.cap; /* the next token; the end of room */
    int *evp = st.tb.ev; /* the next event */
    char *lp = st.lb.p;
    size_t lleft = st.lb.left;
    size_t i = 0;
    uint32_t cont = 0; /* s[i] is code point i - cont */
    uint32_t pre = st.pre; /* the next token's flags from spacing */
    const lx_probe lxp = lx_probe_of(lx);
    unsigned char c0;
    unsigned cls;
    while (i < len) {
        c0 = (unsigned char)s[i];
        cls = ascii_class[c0];
    classified: /* c0 = s[i] (i < len) and cls its class */
        if (cls & AC_SPACE) {
            pre |= (cls & (AC_SPACE | AC_NL)) << AC_TK_SHIFT;
            i++;
            continue;
        }
        if (tp == tend) goto general;
        if (cls & AC_WORD) {
            uint64_t fh, fk0;
            unsigned big;
            size_t fn;
            /* ASCII words, each followed by a plain space or not: an inner
             * loop that calls nothing, so that its constants and state
             * stay in registers */
            for (;;) {
                fn = word_fast(lp, lleft, s, len, i, &fh, &fk0, &big);
                if (!fn) goto general;
                /* an ASCII word, already lowercased and hashed; s[i + fn]
                 * is inside the text */
                if (__builtin_expect((ascii_class[(unsigned char)s[i + fn]] & AC_JOIN) != 0, 0))
                    break; /* a byte that may continue it: word_join, below */
                const lx_entry *e;
                uint32_t lxf = lx_lookup_padded(lx, lxp, lp, fk0, fn, fh, &e);
                uint32_t fl = pre | (cls & (TK_WORD | TK_CAP | TK_NUM));
                uint32_t ub = (cls & AC_UPPER) << AC_UPPER_SHIFT; /* TK_UPPER unless */
                if (big | (fn == 1)) ub = 0;
                fl |= ub;
                /* kl = fn < lleft, and a block of lowercased copies is at
                 * most 1 << 22 bytes: no clamp for ll */
                put_word(tp, i, fn, (uint32_t)i - cont, fn, fl, lxf, e, fn, lp);
                if (pre & TK_NEWLINE_BEFORE) *evp++ = (int)(tp - st.tb.t); /* the first of a line */
                tp++;
                size_t need = (fn + 8) & ~(size_t)7;
                lp += need;
                lleft -= need;
                i += fn;
                /* a plain space after the word is taken here */
                pre = 0;
                c0 = (unsigned char)s[i];
                if (c0 == ' ') {
                    pre = TK_SPACE_BEFORE;
                    if (++i == len) goto end;
                    c0 = (unsigned char)s[i];
                }
                cls = ascii_class[c0];
                if (!(cls & AC_WORD) || tp == tend) goto classified;
            }
            {
                wjoin w;
                if (!word_join(lx, s, len, i, lp, lleft, cls, fn, fh, fk0, (cls & AC_UPPER) && !big, &w))
                    goto general;
                uint32_t fl = pre | (cls & (TK_WORD | TK_CAP | TK_NUM));
                if (w.up && w.tl > 1) fl |= TK_UPPER;
                put_word(tp, i, w.tl, (uint32_t)i - cont, w.tl - w.xc, fl, w.lxf, w.e,
                         w.kl < 0xFFFFFF ? w.kl : 0xFFFFFF, lp);
                cont += w.xc;
                if (pre & TK_NEWLINE_BEFORE) *evp++ = (int)(tp - st.tb.t); /* the first of a line */
                tp++;
                size_t need = (w.kl + 8) & ~(size_t)7;
                lp += need;
                lleft -= need;
                i += w.tl;
                /* a plain space after the word is taken here */
                pre = 0;
                if (i < len && s[i] == ' ') {
                    pre = TK_SPACE_BEFORE;
                    i++;
                }
                continue;
            }
        }
        if ((cls & AC_MARK2) && i + 1 < len) {
            /* ' ` . alone, unless a run of periods or a quotation mark
             * written '' `` or `' */
            unsigned char n1 = (unsigned char)s[i + 1];
            bool dq = c0 != '.' && (n1 == '\'' || (c0 == '`' && n1 == '`'));
            if (!dq && !(c0 == '.' && n1 == '.')) cls |= AC_MARK;
            if (dq && lleft >= 8) {
                /* its own lowercase form, looked up as take_general does */
                uint64_t w = c0 | ((uint64_t)n1 << 8);
                memcpy(lp, &w, 8);
                const lx_short *e = lx_short_find(lxp, w, lx_hash_word(LX_HASH_INIT, w));
                put_mark(tp, i, i + 2, i - cont, i + 2 - cont, pre | TK_PUNCT | TK_QUOTE, 0, e, 2, lp);
                *evp++ = (int)(tp - st.tb.t);
                tp++;
                lp += 8;
                lleft -= 8;
                i += 2;
                pre = 0;
                continue;
            }
        }
        if ((cls & AC_MARK) && lleft >= 8) {
            /* a one-byte mark that starts nothing longer: its own
             * lowercase form, looked up only when the lexicon has it */
            uint64_t w = c0;
            memcpy(lp, &w, 8);
            const lx_short *e = NULL;
            if (lx->single[c0]) e = lx_short_find(lxp, w, lx_hash_word(LX_HASH_INIT, w));
            put_mark(tp, i, i + 1, i - cont, i + 1 - cont, pre | TK_PUNCT | (c0 == '"' ? TK_QUOTE : 0), c0, e, 1, lp);
            *evp++ = (int)(tp - st.tb.t);
            tp++;
            lp += 8;
            lleft -= 8;
            i++;
            pre = 0;
            continue;
        }
        if (c0 == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 && mark3(s[i + 2]) &&
            lleft >= 8) {
            /* a three-byte mark: its own lowercase form, but ’ folds to ' */
            unsigned char c2 = (unsigned char)s[i + 2];
            uint64_t w;
            size_t kl;
            if (c2 == 0x99) {
                w = '\'';
                kl = 1;
            } else {
                w = 0xE2 | (0x80u << 8) | ((uint64_t)c2 << 16);
                kl = 3;
            }
            memcpy(lp, &w, 8);
            const lx_short *e = lx_short_find(lxp, w, lx_hash_word(LX_HASH_INIT, w));
            put_mark(tp, i, i + 3, i - cont, i + 1 - cont, pre | TK_PUNCT | (c2 >= 0x9C && c2 <= 0x9F ? TK_QUOTE : 0), 0, e,
                     kl, lp);
            cont += 2;
            *evp++ = (int)(tp - st.tb.t);
            tp++;
            lp += 8;
            lleft -= 8;
            i += 3;
            pre = 0;
            continue;
        }
    general:
        /* everything else: the general path */
        st.tb.n = (int)(tp - st.tb.t);
        st.tb.nev = (int)(evp - st.tb.ev);
        st.lb.p = lp;
        st.lb.left = lleft;
        st.i = i;
        st.cp = (uint32_t)i - cont;
        st.pre = pre;
        if (take_general(&st) != WS_OK) return WS_NOMEM;
        tp = st.tb.t + st.tb.n;
        tend = st.tb.t + st.tb.cap;
        evp = st.tb.ev + st.tb.nev;
        lp = st.lb.p;
        lleft = st.lb.left;
        i = st.i;
        cont = (uint32_t)i - st.cp;
        pre = st.pre;
    }
end:
    d->t = st.tb.t;
    d->n = (int)(tp - st.tb.t);
    /* The tokens the loops below act on, listed as they were made:
     * punctuation and the first token of a line; a sentinel d->n ends the
     * list. */
    int *ev = st.tb.ev;
    int nev = (int)(evp - ev);
    ev[nev] = d->n;
    d->ev = ev;

    /* One pass over the events, with no branch but for the rare bullet
     * candidates: it marks the bullets ('*', '-' or '•' standing alone
     * between spaces) and lists, each in order and ending with d->n, the
     * events ws_qt_pair needs (quotation marks and line-initial tokens) and
     * those the unit pass acts on (these, the bullet candidates, and the
     * marks that start with . ! or ?): the rest, most events (commas and
     * other marks), the two would only pass over, each with a branch
     * hard to predict. */
    int *qev = ws_arena_alloc(a, 2 * ((size_t)nev + 1) * sizeof(int));
    if (!qev) return WS_NOMEM;
    int *uev = qev + nev + 1;
    int nq = 0, nu = 0;
    const uint64_t w_bullet = low8("\xe2\x80\xa2\0\0\0\0");
    const bool dot = st.dot;
    for (int ei = 0; ei < nev; ei++) {
        int k = ev[ei];
        tok *t = &d->t[k];
        unsigned fl = t->flags;
        /* a bullet candidate: the marks '*' and '-' (one byte: ch), and
         * '•' (by its lowercased form, zero-padded), looked for only in
         * a text that has one */
        unsigned ch = t->ch;
        bool cand = (ch == '*') | (ch == '-');
        if (dot) cand |= low8(t->low) == w_bullet;
        if (__builtin_expect(cand, 0)) {
            bool after_space = (fl & TK_SPACE_BEFORE) || k == 0;
            bool before_space = k + 1 >= d->n || (d->t[k + 1].flags & TK_SPACE_BEFORE);
            if (after_space && before_space && (ch != '-' || (fl & TK_NEWLINE_BEFORE)))
                t->flags |= TK_BULLET;
        }
        bool qn = (fl & (TK_NEWLINE_BEFORE | TK_QUOTE)) != 0;
        unsigned char c = (unsigned char)s[t->b];
        qev[nq] = k;
        nq += qn;
        uev[nu] = k;
        nu += qn | cand | ((ascii_class[c] >> AC_END_SHIFT) & 1);
    }
    qev[nq] = d->n;
    uev[nu] = d->n;

    ws_qt_pair(d, qev);

    /* units */
    ubuild ub = {a, NULL, 0, 0};
    {
        /* about one unit to two of these events: most often one block */
        int cap0 = nu / 2 + 16;
        ub.u = ws_arena_alloc(a, (size_t)cap0 * sizeof(unit));
        if (!ub.u) return WS_NOMEM;
        ub.cap = cap0;
    }
    const int n = d->n;
    const tok *tk = d->t;
    int start = 0, open_quote_until = -1;
    /* only the tokens of UEV can cut a unit, open a quotation or end a
     * sentence: the others are skipped */
    for (int ei = 0; ei < nu; ei++) {
        int k = uev[ei]; /* < n: the sentinel is not visited */
        const tok *t = &tk[k];
        unsigned fl = t->flags;
        if ((fl & (TK_NEWLINE_BEFORE | TK_BULLET)) && k > start) {
            int t0 = start;
            while (t0 < k && (tk[t0].flags & TK_BULLET)) t0++;
            if (t0 < k && push_unit(&ub, t0, k) != WS_OK) return WS_NOMEM;
            start = k;
            open_quote_until = -1;
        }
        if ((fl & TK_QOPEN) && t->pair > k && t->pair > open_quote_until)
            open_quote_until = t->pair;
        /* sentence end: . ! ? (and ellipsis) followed by optional closing
         * quote / bracket, then space and not inside a quotation; or a
         * closing quotation mark right after such a mark ("... it.") */
        if (!(fl & TK_PUNCT)) continue;
        if (k < open_quote_until) continue;
        unsigned end = ascii_class[(unsigned char)s[t->b]] & AC_END;
        if ((fl & TK_QCLOSE) && k == open_quote_until && k > 0 && (tk[k - 1].flags & TK_PUNCT)) {
            /* (strchr's ".!?" had the NUL too) */
            unsigned char pc = (unsigned char)s[tk[k - 1].b];
            if ((ascii_class[pc] & AC_END) || pc == 0) end = 1;
        }
        if (!end) continue;
        int j = k + 1;
        while (j < n && (tk[j].flags & TK_QCLOSE) && !(tk[j].flags & TK_SPACE_BEFORE)) j++;
        while (j < n && s[tk[j].b] == ')' && !(tk[j].flags & TK_SPACE_BEFORE)) j++;
        if (j >= n) continue;
        const tok *nx = &tk[j];
        if (!(nx->flags & TK_SPACE_BEFORE)) continue;
        if (!(nx->flags & (TK_CAP | TK_QUOTE | TK_NUM | TK_BULLET | TK_NEWLINE_BEFORE)) &&
            s[nx->b] != '(')
            continue;
        if (j > start) {
            if (push_unit(&ub, start, j) != WS_OK) return WS_NOMEM;
            start = j;
            open_quote_until = -1;
        }
        while (uev[ei + 1] < j) ei++; /* on at j */
    }
    if (n > start) {
        /* the last unit, up to the end */
        int t0 = start;
        while (t0 < n && (tk[t0].flags & TK_BULLET)) t0++;
        if (t0 < n && push_unit(&ub, t0, n) != WS_OK) return WS_NOMEM;
    }
    d->u = ub.u;
    d->nu = ub.n;
    return WS_OK;
}

ws_span ws_span_of(const tokdoc *d, int t0, int t1)
{
    ws_span sp = {-1, -1, -1, -1};
    if (t0 < 0 || t1 <= t0 || t1 > d->n) return sp;
    sp.start = d->t[t0].cb;
    sp.end = d->t[t1 - 1].ce;
    sp.bstart = d->t[t0].b;
    sp.bend = d->t[t1 - 1].e;
    return sp;
}

char *ws_tok_text(arena *a, const tokdoc *d, int t0, int t1)
{
    if (t0 < 0 || t1 <= t0) return NULL;
    return ws_arena_strndup(a, d->text + d->t[t0].b, d->t[t1 - 1].e - d->t[t0].b);
}
