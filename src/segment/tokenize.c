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
 * every token, one character at a time.  One fast loop (take_fast, in
 * fast.c; the two share tokenize.h) takes what most of a text is, as the
 * general path would: spaces, ASCII words (each run of letters and
 * digits scanned sixteen bytes at a time where SSE2 is there), words
 * joined by ' - & ’ or inner periods, abbreviations, and the common
 * marks; it hands anything else to take_next.  It looks up each token's lexicon entry as
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
#include "tokenize.h"

#include <string.h>

#include <utf8proc.h>

static bool is_quote_cp(int32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB ||
           c == 0x00BB || c == 0x201F;
}

static bool is_apos(int32_t c) { return c == '\'' || c == 0x2019; }
static bool is_hyphen(int32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

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
        if (mode == WS_TOK_FAST) ws__tok_fast_sse2(&st);
        if (mode == WS_TOK_FAST_PLAIN) ws__tok_fast_plain(&st);
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
    return ws_tok_units(a, d);
}

int ws_tok_document(arena *a, const ws_lexicon *lx, const char *s, size_t len, tokdoc *d)
{
    return ws__tok_document(a, lx, s, len, d, WS_TOK_FAST);
}
