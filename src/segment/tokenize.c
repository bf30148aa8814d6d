/*
 * tokenize.c -- one pass over a document's bytes: its tokens.
 *
 * Tokens are words (letters, digits and combining marks, with inner
 * apostrophes, hyphens, ampersands and periods: "We've", "Jean-Noel",
 * "AT&T", "U.S.", "3.5"), single punctuation marks, and quotation marks.
 * Each token has byte and code point offsets, its lowercased form (for
 * lexicon lookups and word compares) and the lexicon's entry for it.
 *
 * Heuristics, and where they fail:
 *   - A period inside a word joins a letter to a single letter before it
 *     ("U.S"), and any word character to a word that starts with a digit
 *     ("3.5"); "end.Next" is three tokens.
 *   - A word followed by a period absorbs it when the two make an
 *     abbreviation from the lexicon ("Feb.", "Mr.") or an initial ("J."
 *     before a capitalised word), or when the word has a period inside
 *     ("U.S."), so that the period does not end a sentence.  An
 *     abbreviation that really ends a sentence ("... in the U.S. Then")
 *     keeps the two sentences together.
 *   - Two apostrophes or backquotes ('' ``) are one double quotation
 *     mark, as some newspapers' systems write them; single quotes are
 *     not quotation marks.
 *   - A run of periods is one token (an ellipsis).
 *   - A token whose lowercased form ends in a period also carries the
 *     lexicon flags of the form without it ("Feb." is a month).
 *
 * The general path (take_next: take_word, take_mark, look_up) defines
 * every token, one character at a time.  One fast loop (take_fast) takes
 * what most of a text is, as the general path would: spaces, ASCII words
 * (each run of letters and digits scanned sixteen bytes at a time where
 * SSE2 is there), words joined by ' - & ’, and the common marks; it hands
 * anything else to take_next.  It looks up each token's lexicon entry as
 * it takes it, without a branch on whether a word is in the lexicon
 * (lx_find_key).  tests/test_tokenize.c compares the paths.
 *
 * Besides the tokens, the pass lists the document's events: the
 * punctuation tokens and the first token of each line, in order.  The
 * later passes (bullets, quotation marks, units: units.c; the attribution
 * patterns) visit only these instead of every token.  It lists the
 * capitalised words too, where the speaker passes look for names.
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

static bool is_apos(int32_t c) { return c == '\'' || c == 0x2019; }
static bool is_hyphen(int32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

/* Classes of the ASCII characters: word characters (letters, digits,
 * '_'), spacing, and the bytes that end a word.  The marks that may join
 * two parts of a word (' - & .) have no bit, as the bytes from 0x80.
 * An uppercase letter has two bits: A_CAP, which is the token flag
 * TK_CAP as A_WORD and A_DIGIT are TK_WORD and TK_NUM (start_flags), and
 * A_UPPER, the bit that lowercases it. */
enum { A_WORD = 1, A_CAP = 2, A_DIGIT = 4, A_SPACE = 8, A_LOWER = 16, A_UPPER = 0x20,
       A_NOT_UD = 64, /* a word character neither uppercase nor a digit */
       A_ENDS = 128 /* an ASCII byte that ends a word: neither a word character nor a joining mark */ };
_Static_assert(A_UPPER == 'a' - 'A', "A_UPPER lowercases");
_Static_assert((int)A_WORD == (int)TK_WORD && (int)A_CAP == (int)TK_CAP && (int)A_DIGIT == (int)TK_NUM,
               "start_flags");
#define U_ (A_WORD | A_CAP | A_UPPER)
#define L_ (A_WORD | A_LOWER | A_NOT_UD)
#define D_ (A_WORD | A_DIGIT)
#define W_ (A_WORD | A_NOT_UD)
#define S_ A_SPACE
#define J_ 0
#define E_ A_ENDS
#define SE (A_SPACE | A_ENDS)
static const unsigned char ascii_class[256] = { /* 0 from 0x80 on */
    E_, E_, E_, E_, E_, E_, E_, E_, E_, SE, SE, SE, SE, SE, E_, E_,
    E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_,
    SE, E_, E_, E_, E_, E_, J_, J_, E_, E_, E_, E_, E_, J_, J_, E_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, E_, E_, E_, E_, E_, E_,
    E_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, E_, E_, E_, E_, W_,
    E_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, E_, E_, E_, E_, E_,
};
#undef U_
#undef L_
#undef D_
#undef W_
#undef S_
#undef J_
#undef E_
#undef SE

static bool ascii_upper(int32_t c) { return ascii_class[c] & A_CAP; }
static bool ascii_lower(int32_t c) { return ascii_class[c] & A_LOWER; }
static bool ascii_digit(int32_t c) { return ascii_class[c] & A_DIGIT; }
static bool ascii_word(int32_t c) { return ascii_class[c] & A_WORD; }

/* Word characters: letters, combining marks and numbers. */
static bool is_wordch(int32_t c)
{
    if (c < 128) return ascii_word(c);
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
           cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
}

static bool is_upper_cp(int32_t c)
{
    if (c < 128) return ascii_upper(c);
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static bool is_lower_cp(int32_t c)
{
    if (c < 128) return ascii_lower(c);
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static bool is_space_cp(int32_t c)
{
    if (c < 128) return ascii_class[c] & A_SPACE;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || c == 0xFEFF;
}

/* Decodes one code point at s[i] (text is valid UTF-8; a stray byte is
 * taken as one code point so offsets stay in step). */
static int32_t decode(const char *s, size_t len, size_t i, size_t *adv)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (r <= 0) {
        *adv = 1;
        return 0xFFFD;
    }
    *adv = (size_t)r;
    return cp;
}

/* ---- lowercased copies */

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

/* Writes S[0,n) lowercased to O (room for 3 * n bytes: at most 3x growth
 * for the few characters whose lowercase is longer) and returns its
 * length.  ’ folds to the ASCII apostrophe. */
static size_t lower_into(char *o, const char *s, size_t n)
{
    size_t k = 0, i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            o[k++] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            i++;
            continue;
        }
        size_t adv;
        int32_t c = decode(s, n, i, &adv);
        i += adv;
        if (c == 0x2019) c = '\'';
        k += (size_t)utf8proc_encode_char(utf8proc_tolower(c), (utf8proc_uint8_t *)o + k);
        if (k > n * 3) break;
    }
    return k;
}

/* The lowercased copy of S[0,n) in LB: NUL-terminated and zero-padded to
 * a multiple of eight bytes (the patterns compare its first eight bytes
 * as one word); its length in *OUTLEN.  NULL when out of memory. */
static char *lower_tok(lowbuf *lb, const char *s, size_t n, size_t *outlen)
{
    if (n == 1 && (unsigned char)s[0] < 0x80) { /* a one-byte mark (most marks) */
        char *o = low_take(lb, 8);
        if (!o) return NULL;
        memset(o, 0, 8);
        o[0] = (char)(s[0] | (ascii_class[(unsigned char)s[0]] & A_UPPER));
        *outlen = 1;
        return o;
    }
    size_t cap = (n * 3 + 8) & ~(size_t)7;
    char *o = low_take(lb, cap);
    if (!o) return NULL;
    size_t k = lower_into(o, s, n);
    size_t padded = (k + 8) & ~(size_t)7;
    memset(o + k, 0, padded - k);
    lb->p -= cap - padded; /* give back what the copy did not use */
    lb->left += cap - padded;
    *outlen = k;
    return o;
}

/* ---- the token array */

/* The token array and, beside it, the event list: the indexes of the
 * punctuation tokens and of the first token of each line, both grown
 * together so that the event list always has room for every token and a
 * sentinel. */
typedef struct tbuild {
    arena *a;
    tok *t;
    int *ev;
    int *caps; /* the capitalised words, grown with the tokens too */
    int n, nev, ncaps, cap;
    int first_cap; /* sized from the text: news runs ~5 bytes a token */
} tbuild;

/* Makes room for one more token (and event).  WS_OK or WS_NOMEM. */
static int grow_toks(tbuild *tb)
{
    int ncap = tb->cap ? tb->cap * 2 : tb->first_cap;
    tok *nt = ws_arena_alloc(tb->a, (size_t)ncap * sizeof(tok));
    int *nev = ws_arena_alloc(tb->a, ((size_t)ncap + 1) * sizeof(int));
    int *ncaps = ws_arena_alloc(tb->a, ((size_t)ncap + 1) * sizeof(int));
    if (!nt || !nev || !ncaps) return WS_NOMEM;
    if (tb->n) memcpy(nt, tb->t, (size_t)tb->n * sizeof(tok));
    if (tb->nev) memcpy(nev, tb->ev, (size_t)tb->nev * sizeof(int));
    if (tb->ncaps) memcpy(ncaps, tb->caps, (size_t)tb->ncaps * sizeof(int));
    tb->t = nt; /* old blocks stay in the arena: reclaimed at reset */
    tb->ev = nev;
    tb->caps = ncaps;
    tb->cap = ncap;
    return WS_OK;
}

/* What the tokenizer carries from token to token. */
typedef struct tstate {
    const ws_lexicon *lx;
    const char *s;
    size_t len;
    tbuild tb;
    lowbuf lb;
    size_t i;     /* where the next token or space starts */
    uint32_t cp;  /* code point index of s[i] */
    uint32_t pre; /* the next token's flags from spacing */
} tstate;

/* T's lowercased form LOW[ll] and lexicon entry, the slot SL of LOW[ll]
 * (lx_find_padded's, empty when absent): the entry of the form, and when
 * the form ends in a period, also (overriding the entry, adding the
 * flags) the entry of the form without it. */
static inline void set_found(tstate *st, tok *t, char *low, size_t ll, const lx_slot *sl)
{
    t->low = low;
    t->ll = ll < 0xFFFFFF ? (uint32_t)ll : 0xFFFFFF;
    t->lx = lx_slot_entry(sl);
    t->lxf = sl->flags;
    if (ll > 1 && low[ll - 1] == '.') {
        const lx_entry *e2 = ws_lx_get(st->lx, low, ll - 1);
        if (e2) {
            t->lx = e2;
            t->lxf |= e2->flags;
        }
    }
}

/* The slot of the lowercased form LOW[ll] (zero-padded): lx_find_padded. */
static inline const lx_slot *find_low(const tstate *st, const char *low, size_t ll)
{
    uint64_t k0;
    memcpy(&k0, low, 8);
    return lx_find_padded(st->lx, low, ll, k0);
}

/* T's lowercased form LOW[ll] and its entries (set_found). */
static inline void set_entry(tstate *st, tok *t, char *low, size_t ll)
{
    if (!low[0]) ll = 0; /* a NUL byte: looked up as the empty key */
    set_found(st, t, low, ll, find_low(st, low, ll));
}

/* T's lowercased form (set_entry), unless take_word made it.  WS_OK or
 * WS_NOMEM. */
static int look_up(tstate *st, tok *t)
{
    if (t->low) return WS_OK;
    size_t ll;
    char *low = lower_tok(&st->lb, st->s + t->b, t->e - t->b, &ll);
    if (!low) return WS_NOMEM;
    set_entry(st, t, low, ll);
    return WS_OK;
}

/* ---- words */

/* Scans the word whose first character C (ADV bytes) starts at st->i,
 * flags in T: returns the byte offset where it ends and its code point
 * count in *CL.  *UPPER: no lowercase letter, and no character but
 * uppercase letters and digits after an uppercase first (TK_UPPER). */
static size_t scan_word(const tstate *st, const tok *t, int32_t c, size_t adv, uint32_t *cl,
                        bool *upper)
{
    const char *s = st->s;
    size_t len = st->len;
    bool all_upper = is_upper_cp(c), any_lower = false;
    size_t j = st->i + adv;
    uint32_t n = 1;
    while (j < len) {
        unsigned char b = (unsigned char)s[j];
        if (b < 0x80 && ascii_word(b)) { /* most characters */
            any_lower |= ascii_lower(b);
            if (!ascii_upper(b) && !ascii_digit(b)) all_upper = false;
            j++;
            n++;
            continue;
        }
        size_t a1;
        int32_t c1 = decode(s, len, j, &a1);
        if (is_wordch(c1)) {
            if (is_lower_cp(c1)) any_lower = true;
            if (!is_upper_cp(c1) && !(c1 >= '0' && c1 <= '9')) all_upper = false;
            j += a1;
            n++;
            continue;
        }
        /* an inner apostrophe, hyphen, ampersand or period followed by a
         * word character joins; a period only between numbers or after a
         * single letter ("U.S", "3.5"), and not before a character that
         * is neither upper- nor lowercase ("end.1") */
        if (!(is_apos(c1) || is_hyphen(c1) || c1 == '.' || c1 == '&') || j + a1 >= len) break;
        size_t a2;
        int32_t c2 = decode(s, len, j + a1, &a2);
        if (!is_wordch(c2)) break;
        if (c1 == '.' && !(t->flags & TK_NUM)) {
            if (!is_upper_cp(c2) && !is_lower_cp(c2)) break;
            size_t seg = 0; /* the letters since the word's start or last period */
            for (size_t k = j; k > t->b && s[k - 1] != '.'; k--) seg++;
            if (seg > 1) break;
        }
        j += a1;
        n++;
    }
    *cl = n;
    *upper = all_upper && !any_lower;
    return j;
}

/* Whether the word [b, j) of token T, first character C, absorbs the
 * period at s[j]: a word with a period inside ("U.S."), an initial ("J."
 * before a space and a capital), or an abbreviation of the lexicon.  For
 * the abbreviation test the word and its period are lowercased into the
 * token's copy (t->low, t->ll, its entry set): when the period is not
 * absorbed the copy is cut before it, so the word is lowercased once.
 * WS_NOMEM when out of memory. */
static int absorbs_period(tstate *st, tok *t, int32_t c, size_t j)
{
    const char *s = st->s;
    size_t b = t->b, wl = j - b;
    if (memchr(s + b, '.', wl) && !(t->flags & TK_NUM)) return 1;
    if (wl == 1 && is_upper_cp(c))
        return j + 2 < st->len && s[j + 1] == ' ' && s[j + 2] >= 'A' && s[j + 2] <= 'Z';
    if (wl >= 12) return 0;
    size_t ll;
    char *low = lower_tok(&st->lb, s + b, wl + 1, &ll);
    if (!low) return WS_NOMEM;
    const lx_slot *sl = ll - 1 < 14 ? find_low(st, low, ll) : NULL;
    if (sl && (sl->flags & LX_ABBREV)) {
        set_found(st, t, low, ll, sl);
        return 1;
    }
    low[ll - 1] = 0;
    set_entry(st, t, low, ll - 1);
    return 0;
}

/* The word token T, first character C (ADV bytes) at st->i: its end,
 * flags and code points, and when absorbs_period lowercased it, its
 * lowercased form and entry; st->i and st->cp move past it.  WS_OK or
 * WS_NOMEM. */
static int take_word(tstate *st, tok *t, int32_t c, size_t adv)
{
    t->flags |= TK_WORD;
    if (is_upper_cp(c)) t->flags |= TK_CAP;
    if (c >= '0' && c <= '9') t->flags |= TK_NUM;
    uint32_t cl;
    bool upper;
    size_t j = scan_word(st, t, c, adv, &cl, &upper);
    if (j < st->len && st->s[j] == '.') {
        int rc = absorbs_period(st, t, c, j);
        if (rc < 0) return rc;
        if (rc) {
            j++;
            cl++;
        }
    }
    if (upper && j - st->i > 1 && !(t->flags & TK_NUM)) t->flags |= TK_UPPER;
    t->e = (uint32_t)j;
    t->ce = st->cp + cl;
    st->i = j;
    st->cp += cl;
    return WS_OK;
}

/* ---- marks */

/* The punctuation token T, character C (ADV bytes) at st->i: a mark of
 * one character, or '' `` `' (a double quotation mark), or a run of
 * periods; st->i and st->cp move past it. */
static void take_mark(tstate *st, tok *t, int32_t c, size_t adv)
{
    const char *s = st->s;
    size_t len = st->len, i = st->i + adv;
    uint32_t cp = st->cp + 1;
    t->flags |= TK_PUNCT;
    if (is_quote_cp(c)) t->flags |= TK_QUOTE;
    if ((c == '\'' || c == '`') && i < len && (s[i] == '\'' || (c == '`' && s[i] == '`'))) {
        t->flags |= TK_QUOTE;
        i++;
        cp++;
    }
    if (c == '.')
        while (i < len && s[i] == '.') {
            i++;
            cp++;
        }
    if (i - st->i == 1 && c < 0x80) t->ch = (uint8_t)c;
    t->e = (uint32_t)i;
    t->ce = cp;
    st->i = i;
    st->cp = cp;
}

/* ---- one token */

/* Takes what starts at st->i: spacing (noted in st->pre for the next
 * token) or a token, appended to st->tb with its event.  WS_OK or
 * WS_NOMEM. */
static int take_next(tstate *st)
{
    size_t adv;
    int32_t c = decode(st->s, st->len, st->i, &adv);
    if (is_space_cp(c)) {
        st->pre |= TK_SPACE_BEFORE;
        if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) st->pre |= TK_NEWLINE_BEFORE;
        st->i += adv;
        st->cp++;
        return WS_OK;
    }
    tbuild *tb = &st->tb;
    if (tb->n == tb->cap && grow_toks(tb) != WS_OK) return WS_NOMEM;
    tok *t = &tb->t[tb->n];
    *t = (tok){.b = (uint32_t)st->i, .cb = st->cp, .flags = (uint16_t)st->pre, .pair = -1};
    bool word = is_wordch(c);
    /* every mark is an event, and the first token of a line */
    if (!word || (st->pre & TK_NEWLINE_BEFORE)) tb->ev[tb->nev++] = tb->n;
    tb->n++;
    st->pre = 0;
    if (word) {
        int rc = take_word(st, t, c, adv);
        if (rc != WS_OK) return rc;
        if (t->flags & TK_CAP) tb->caps[tb->ncaps++] = tb->n - 1;
    } else {
        take_mark(st, t, c, adv);
    }
    return look_up(st, t);
}

/* ---- the fast path */

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
                 lx_ascii(lx, c));
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

/* take_fast as a function of its own, so that it has the registers to
 * itself; one for each scanner.  The loop that tests the length only
 * where it must runs first, the one that tests it always near the end. */
static __attribute__((noinline)) void take_fast_sse2(tstate *st)
{
    take_fast(st, WS_TOK_FAST, false);
    if (st->len - st->i <= 64) take_fast(st, WS_TOK_FAST, true);
}
static __attribute__((noinline)) void take_fast_plain(tstate *st)
{
    take_fast(st, WS_TOK_FAST_PLAIN, false);
    if (st->len - st->i <= 64) take_fast(st, WS_TOK_FAST_PLAIN, true);
}

int ws__tok_document(arena *a, const ws_lexicon *lx, const char *s, size_t len, tokdoc *d,
                     enum ws_tok_mode mode)
{
    memset(d, 0, sizeof *d);
    d->text = s;
    d->len = len;
    /* a lowercased copy takes 8 or 16 bytes */
    tstate st = {.lx = lx, .s = s, .len = len,
                 .tb = {a, NULL, NULL, NULL, 0, 0, 0, 0, len / 4 < (1u << 20) ? (int)(len / 4) + 64 : (1 << 20)},
                 .lb = {a, NULL, 0, len * 2 + 64 < ((size_t)1 << 22) ? len * 2 + 64 : (size_t)1 << 22},
                 .pre = TK_SPACE_BEFORE | TK_NEWLINE_BEFORE};
    if (grow_toks(&st.tb) != WS_OK) return WS_NOMEM;
    st.lb.p = ws_arena_alloc(a, st.lb.grow);
    if (!st.lb.p) return WS_NOMEM;
    st.lb.left = st.lb.grow;
    for (;;) {
        if (mode == WS_TOK_FAST) take_fast_sse2(&st);
        if (mode == WS_TOK_FAST_PLAIN) take_fast_plain(&st);
        if (st.i >= len) break;
        int rc = take_next(&st);
        if (rc != WS_OK) return rc;
    }
    d->t = st.tb.t;
    d->n = st.tb.n;
    st.tb.ev[st.tb.nev] = d->n; /* the sentinels */
    st.tb.caps[st.tb.ncaps] = d->n;
    d->ev = st.tb.ev;
    d->caps = st.tb.caps;
    ws_qt_pair(d);
    return ws_tok_units(a, d);
}

int ws_tok_document(arena *a, const ws_lexicon *lx, const char *s, size_t len, tokdoc *d)
{
    return ws__tok_document(a, lx, s, len, d, WS_TOK_FAST);
}
