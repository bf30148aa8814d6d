/*
 * fast.c -- the tokenizer's fast loop (take_fast): the common tokens of a
 * text (spaces, ASCII words, the common marks) taken as tokenize.c's
 * general path takes them, each looked up in the lexicon as it is taken.
 * tests/test_tokenize.c compares the two.
 */
#include "tokenize.h"

#include <string.h>

/* The run of ASCII letters and digits at S[i] if it is shorter than
 * sixteen bytes: its length, with LOW[0,16) set to the run lowercased and
 * zeros after it (NUL-terminated and zero-padded to a multiple of eight
 * bytes, the form the tokens keep).  16 when the run is sixteen bytes or
 * longer (take_next takes such a word, and one with '_', a word
 * character too, rare in text).  A byte at a time; the reference of
 * scan_run_sse2. */
static unsigned scan_run_plain(const unsigned char *s, size_t i, size_t len, char *low)
{
    unsigned k = 0;
    memset(low, 0, 16);
    for (; k < 16 && i + k < len && (ascii_class[s[i + k]] & A_WORD) && s[i + k] != '_'; k++)
        low[k] = (char)(s[i + k] | (ascii_class[s[i + k]] & A_UPPER));
    return k;
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* scan_run_plain with one sixteen-byte load where sixteen bytes follow i
 * (always, when not BOUNDED): the one trick of the tokenizer, as most of
 * a text's bytes are in such runs. */
static inline unsigned scan_run_sse2(const unsigned char *s, size_t i, size_t len, char *low, bool bounded)
{
    if (bounded && len - i < 16) return scan_run_plain(s, i, len, low);
    /* 0xFF for the bytes before the run's end: the sixteen bytes at 16 - run
     * (run is at most 16) */
    static const unsigned char keep[32] = {
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    const __m128i b20 = _mm_set1_epi8(0x20);
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    /* a letter: (v | 0x20) in 'a'..'z'; compared as signed bytes after a bias */
    __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, b20), _mm_set1_epi8((char)(0x80 - 'a'))),
                                    _mm_set1_epi8(-128 + 26));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
                                   _mm_set1_epi8(-128 + 10));
    unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
    unsigned run = (unsigned)__builtin_ctz(~word);
    __m128i lower = _mm_or_si128(v, _mm_and_si128(letter, b20));
    lower = _mm_and_si128(lower, _mm_loadu_si128((const __m128i *)(const void *)(keep + 16 - run)));
    _mm_storeu_si128((__m128i *)(void *)low, lower);
    return run;
}
#endif

/* Whether the capitalised word S[i, j) has only uppercase letters and
 * digits after its first character. */
static bool rest_upper(const unsigned char *s, size_t i, size_t j)
{
    for (size_t k = i + 1; k < j; k++)
        if (ascii_class[s[k]] & A_NOT_UD) return false;
    return true;
}

/* Whether U+20xx, the three bytes E2 80 X, is a mark that ends a word
 * before it and is taken alone: – — ‘ “ ” … (’ joins a word; the hyphens
 * U+2010 and U+2011 join, the others take_next takes). */
static inline bool ends_word_e280(unsigned char x)
{
    return x == 0x93 || x == 0x94 || x == 0x98 || x == 0x9C || x == 0x9D || x == 0xA6;
}

/* The flags a word gets from its first character, of class CLS: TK_WORD,
 * and TK_CAP for an uppercase letter, TK_NUM for a digit. */
static inline uint32_t start_flags(unsigned cls)
{
    return cls & (A_WORD | A_CAP | A_DIGIT);
}

/* Where the fast loop at byte I checks its room next: at most END, and
 * no further than the tokens starting before then can fit, the next at
 * TP (TEND ends the array: a token takes one byte or more) with its
 * lowercased copy at LP (LEND ends the block: a token of n bytes moves LP
 * by at most 8n, and writes at most 32 bytes from where it starts, which
 * leaves 64 free).  I when there is no room. */
static inline size_t room_stop(size_t i, size_t end, const tok *tp, const tok *tend, const char *lp,
                               const char *lend)
{
    if (i >= end || lend - lp < 64) return i;
    size_t k = (size_t)(lend - lp - 64) / 8, nt = (size_t)(tend - tp);
    if (nt < k) k = nt;
    return end - i < k ? end : i + k;
}

#if defined(__SSE2__)
#define SCAN_RUN(s, i, len, low, bounded) \
    (mode == WS_TOK_FAST ? scan_run_sse2(s, i, len, low, bounded) : scan_run_plain(s, i, len, low))
#else
#define SCAN_RUN(s, i, len, low, bounded) scan_run_plain(s, i, len, low)
#endif

/* The entry of the lowercased word at LOW, zero-padded to sixteen bytes
 * (take_fast's words: at most sixteen bytes, no NUL byte). */
static inline lx_word find_low16(lx_words lw, const char *low)
{
    uint64_t k0, k1;
    memcpy(&k0, low, 8);
    memcpy(&k1, low + 8, 8);
    return lx_find_key(lw, k0, k1);
}

/* Fills T, a mark of N bytes at byte I and code point CB (one code
 * point): its FLAGS, its byte CH (0 for a multi-byte mark) and its
 * lowercased form LOW[LL] and its lexicon entry W, field by field as
 * take_fast writes tokens. */
static inline __attribute__((always_inline)) void put_mark(tok *t, size_t i, size_t n, uint32_t cb, unsigned flags,
                                                           unsigned char ch, size_t ll, char *low, lx_word w)
{
    t->b = (uint32_t)i;
    t->e = (uint32_t)(i + n);
    t->cb = cb;
    t->ce = cb + 1;
    t->flags = (uint16_t)flags;
    t->ch = ch;
    t->pair = -1;
    t->ll = (uint32_t)ll;
    t->low = low;
    t->lxf = w.flags;
    t->lx = w.e;
}

/* The fast path: one loop over the common cases, taking each as take_next
 * would (tests/test_tokenize.c compares the two):
 *   - a space, a line break or a no-break space;
 *   - a word of runs of ASCII letters and digits (each shorter than
 *     sixteen bytes), joined by ' - & or ’ (at most sixteen bytes
 *     lowercased), that ends before a byte that cannot continue it, or
 *     before a period that no word character follows, which it absorbs
 *     when the two make an abbreviation (absorbs_period's test; an
 *     initial, a capital alone, take_next takes);
 *   - a one-byte ASCII mark that take_mark takes alone (not ' or `, which
 *     may pair into a quotation mark, nor a period before another, nor a
 *     NUL byte), and the three-byte marks of ends_word_e280 and ’.
 * It returns at the first thing it cannot take, or when the token array
 * or the block of lowercased copies is full, for take_next.  Not
 * BOUNDED, it takes only what starts 64 bytes or more before the text's
 * end, so that the common
 * steps read the bytes after a word without testing the length.  It
 * calls nothing and keeps its state in locals, written back when it
 * returns: so the compiler can keep that state in registers (a call in
 * the loop, or a store of the lowercased bytes that may alias st, would
 * oblige it to keep the state in memory). */
static inline __attribute__((always_inline)) void take_fast(tstate *st, enum ws_tok_mode mode, bool bounded)
{
    const unsigned char *s = (const unsigned char *)st->s;
    const size_t len = st->len;
    const size_t end = bounded ? len : len > 64 ? len - 64 : 0; /* where the loop ends */
    const ws_lexicon *lx = st->lx;
    const lx_words lw = lx_words_of(lx);
    tbuild *tb = &st->tb;
    size_t i = st->i;
    uint32_t cpd = st->cp - (uint32_t)i; /* code points less bytes: fixed on ASCII */
    uint32_t pre = st->pre;
    tok *const tt = tb->t, *tp = tt + tb->n, *const tend = tt + tb->cap; /* the next token */
    int *ev = tb->ev + tb->nev, *caps = tb->caps + tb->ncaps; /* where the next ones go */
    char *lp = st->lb.p, *const lend = lp ? lp + st->lb.left : lp;
    size_t stop = room_stop(i, end, tp, tend, lp, lend); /* where it checks its room */
    for (;;) {
        if (i >= stop) {
            stop = room_stop(i, end, tp, tend, lp, lend);
            if (i >= stop) break;
        }
        unsigned char c = s[i];
        if (c == ' ') {
            pre |= TK_SPACE_BEFORE;
            i++;
            continue;
        }
        if (c == '\n') {
            pre |= TK_SPACE_BEFORE | TK_NEWLINE_BEFORE;
            i++;
            continue;
        }
        unsigned first = ascii_class[c];
        if (first & A_WORD) {
            uint32_t fl = pre | start_flags(first);
        word:;
            char *low = lp; /* its lowercased copy */
            tok *t = tp; /* the token: its start now, the rest once it is taken */
            t->b = (uint32_t)i;
            t->cb = (uint32_t)i + cpd;
            unsigned wn = SCAN_RUN(s, i, len, low, bounded);
            if (wn - 1 >= 15) goto word_out; /* none ('_'), or sixteen bytes or more */
            size_t j = i + wn, ll = wn; /* its end; its lowercased length */
            lx_word w = find_low16(lw, low); /* its entry */
            t->lxf = w.flags;
            t->lx = w.e;
            if (__builtin_expect((!bounded || j < len) && !(ascii_class[s[j]] & A_ENDS), 0)) {
                /* joined parts: ' - & ’ or an inner period (scan_word's
                 * rule) and another ASCII run */
                bool joined = false, inner_period = false;
                size_t seg0 = i; /* where the part since the last period starts */
                uint32_t ncp = wn; /* the code points */
                unsigned char nb;
                while (j < len && !(ascii_class[nb = s[j]] & A_ENDS)) {
                    size_t jl = 1;
                    char jc = (char)nb;
                    if (nb == 0xE2) {
                        if (!(j + 2 < len && s[j + 1] == 0x80)) goto word_out;
                        if (s[j + 2] != 0x99) {
                            if (ends_word_e280(s[j + 2])) break;
                            goto word_out;
                        }
                        jl = 3; /* ’, lowercased to ' */
                        jc = '\'';
                    } else if (nb == 0xC2) {
                        if (j + 1 < len && s[j + 1] == 0xA0) break; /* a no-break space */
                        goto word_out;
                    } else if (nb == '.') {
                        /* joins any word character to a word that starts
                         * with a digit, and a letter to a single letter */
                        unsigned nc = j + 1 < len ? ascii_class[s[j + 1]] : 0;
                        if (!(nc & A_WORD) || (!(fl & TK_NUM) && (!(nc & (A_CAP | A_LOWER)) || j - seg0 != 1)))
                            break;
                        inner_period = true;
                        seg0 = j + 1;
                    } else if (nb >= 0x80 || (ascii_class[nb] & A_WORD)) { /* '_' */
                        goto word_out;
                    }
                    size_t k = j + jl;
                    if (k >= len) break;
                    if (s[k] >= 0x80) goto word_out;
                    if (!(ascii_class[s[k]] & A_WORD)) break; /* the mark ends the word */
                    if (ll >= 16) goto word_out;
                    low[ll] = jc;
                    unsigned m = SCAN_RUN(s, k, len, low + ll + 1, true);
                    if (m - 1 >= 15) goto word_out;
                    ll += 1 + m;
                    ncp += 1 + m;
                    j = k + m;
                    joined = true;
                }
                if (joined) {
                    if (ll > 16) goto word_out; /* longer than lx_find_key's keys */
                    memset(low + ll, 0, 16); /* the padding, past the last run's */
                    w = find_low16(lw, low);
                    t->lxf = w.flags;
                    t->lx = w.e;
                }
                if (j < len && s[j] == '.') {
                    /* a period that no word character follows (an ASCII
                     * byte that is none, or U+2000-U+203F: spaces and
                     * punctuation), absorbed as absorbs_period does */
                    unsigned char nx = j + 1 < len ? s[j + 1] : 0;
                    if (nx >= 0x80 ? !(nx == 0xE2 && j + 2 < len && s[j + 2] == 0x80)
                                   : (ascii_class[nx] & A_WORD) != 0)
                        goto word_out;
                    if (ll >= 16) goto word_out; /* with the period, longer than lx_find_key's keys */
                    low[ll] = '.'; /* the zeros after it are there */
                    bool absorbs;
                    if (inner_period && !(fl & TK_NUM))
                        absorbs = true; /* "U.S." */
                    else if (j - i == 1 && (fl & TK_CAP)) /* an initial before a capital */
                        absorbs = nx == ' ' && j + 2 < len && (ascii_class[s[j + 2]] & A_CAP);
                    else /* an abbreviation */
                        absorbs = j - i < 12 && (find_low16(lw, low).flags & LX_ABBREV);
                    if (absorbs) {
                        /* the entry of the form with the period, or the
                         * bare word's when it has one, and the flags of
                         * both (set_found) */
                        lx_word a = find_low16(lw, low);
                        t->lxf = w.flags | a.flags;
                        t->lx = w.e ? w.e : a.e;
                        ll++;
                        ncp++;
                        j++;
                    } else {
                        low[ll] = 0;
                    }
                }
                cpd -= (uint32_t)(j - i) - ncp; /* a ’ is three bytes */
            }
            if (fl & TK_CAP) {
                *caps++ = (int)(tp - tt);
                if (j - i > 1 && rest_upper(s, i, j)) fl |= TK_UPPER;
            }
            if (fl & TK_NEWLINE_BEFORE) *ev++ = (int)(tp - tt);
            tp++;
            t->e = (uint32_t)j;
            t->ce = (uint32_t)j + cpd;
            t->flags = (uint16_t)fl;
            t->ch = 0;
            t->pair = -1;
            t->ll = (uint32_t)ll;
            t->low = lp;
            lp += (ll + 8) & ~(size_t)7;
            /* one space and a word character: the next word (most words) */
            if (j + 1 < stop && s[j] == ' ') {
                unsigned next = ascii_class[s[j + 1]];
                if (next & A_WORD) {
                    i = j + 1;
                    fl = TK_SPACE_BEFORE | start_flags(next);
                    goto word;
                }
            }
            i = j;
            pre = 0;
            continue;
        word_out:
            pre = fl & (TK_SPACE_BEFORE | TK_NEWLINE_BEFORE);
            goto out;
        }
        char *low = lp;
        if (c == 0xE2 && (!bounded || i + 2 < len) && s[i + 1] == 0x80 &&
            (s[i + 2] == 0x99 || ends_word_e280(s[i + 2]))) {
            /* a three-byte mark: ’ lowercased to ', the others their bytes */
            unsigned char x = s[i + 2];
            size_t ll = x == 0x99 ? 1 : 3;
            uint64_t k0 = 0;
            memcpy(&k0, x == 0x99 ? (const unsigned char *)"'" : s + i, ll);
            memcpy(low, &k0, 8);
            lp += 8;
            *ev++ = (int)(tp - tt);
            put_mark(tp, i, 3, (uint32_t)i + cpd, pre | TK_PUNCT | (x == 0x9C || x == 0x9D ? TK_QUOTE : 0), 0, ll,
                     low, lx_find_key(lw, k0, 0));
            tp++;
            i += 3;
            cpd -= 2;
            pre = 0;
            continue;
        }
        if (c == 0xC2 && (!bounded || i + 1 < len) && s[i + 1] == 0xA0) { /* a no-break space */
            pre |= TK_SPACE_BEFORE;
            i += 2;
            cpd -= 1;
            continue;
        }
        if (c >= 0x80 || (first & A_SPACE) || c == '\'' || c == '`' || c == 0 ||
            (c == '.' && (!bounded || i + 1 < len) && s[i + 1] == '.')) {
            if (c != '\'' && c != '`') break;
            /* ' or `: before a second ' (`` too) a double quotation mark
             * of two bytes, else a mark alone (take_mark) */
            unsigned char c2 = !bounded || i + 1 < len ? s[i + 1] : 0;
            size_t n = 1 + (c2 == '\'' || (c == '`' && c2 == '`'));
            uint64_t k0 = c | (n == 2 ? (uint64_t)c2 << 8 : 0);
            memcpy(low, &k0, 8);
            lp += 8;
            *ev++ = (int)(tp - tt);
            put_mark(tp, i, n, (uint32_t)i + cpd, pre | TK_PUNCT | (n == 2 ? TK_QUOTE : 0), n == 2 ? 0 : c, n, low,
                     lx_find_key(lw, k0, 0));
            tp->ce = tp->cb + (uint32_t)n;
            tp++;
            i += n;
            pre = 0;
            continue;
        }
        uint64_t k0 = c;
        memcpy(low, &k0, 8);
        lp += 8;
        *ev++ = (int)(tp - tt);
        put_mark(tp++, i, 1, (uint32_t)i + cpd, pre | TK_PUNCT | (c == '"' ? TK_QUOTE : 0), c, 1, low,
                 lx_find_key(lw, k0, 0));
        i++;
        pre = 0;
    }
out:
    st->i = i;
    st->cp = (uint32_t)i + cpd;
    st->pre = pre;
    tb->n = (int)(tp - tt);
    tb->nev = (int)(ev - tb->ev);
    tb->ncaps = (int)(caps - tb->caps);
    st->lb.left = (size_t)(lend - lp);
    st->lb.p = lp;
}

/* take_fast in a function of its own (tokenize.h), so that it has the
 * registers to itself; one for each scanner.  The loop that tests the length only
 * where it must runs first, the one that tests it always near the end. */
void ws__tok_fast_sse2(tstate *st)
{
    take_fast(st, WS_TOK_FAST, false);
    if (st->len - st->i <= 64) take_fast(st, WS_TOK_FAST, true);
}
void ws__tok_fast_plain(tstate *st)
{
    take_fast(st, WS_TOK_FAST_PLAIN, false);
    if (st->len - st->i <= 64) take_fast(st, WS_TOK_FAST_PLAIN, true);
}
