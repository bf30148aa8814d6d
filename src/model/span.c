/*
 * span.c -- the learned content boundaries: candidates, features,
 * choice, loading and writing (span.h describes the model and its file).
 */
#include "span.h"
#include "model.h"
#include "mfile.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tokens */

static bool sent_end(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return false;
    char c = (char)d->t[i].ch;
    return c == '.' || c == '?' || c == '!';
}

/* Whether byte C (an ASCII one) is in the set of 128 bits LO (0-63), HI
 * (64-127). */
static inline bool in_set(unsigned char c, uint64_t lo, uint64_t hi)
{
    return c < 64 ? lo >> c & 1 : c < 128 && (hi >> (c - 64) & 1);
}
#define BIT(c) (1ull << ((c) & 63))
/* . , ; : ! ? " ' ( ) - *   and   [ ] { } */
#define EDGE_LO (BIT('.') | BIT(',') | BIT(';') | BIT(':') | BIT('!') | BIT('?') | BIT('"') | BIT('\'') | BIT('(') | \
                 BIT(')') | BIT('-') | BIT('*'))
#define EDGE_HI (BIT('[') | BIT(']') | BIT('{') | BIT('}'))
/* . , ; : ! ? ( -  (the clause breaks among the marks) */
#define BREAK_LO (BIT('.') | BIT(',') | BIT(';') | BIT(':') | BIT('!') | BIT('?') | BIT('(') | BIT('-'))

bool ws_span_is_edge(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return false;
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return true;
    const unsigned char *s = (const unsigned char *)d->text + t->b;
    size_t n = t->e - t->b;
    if (n == 1) return in_set(s[0], EDGE_LO, EDGE_HI);
    uint32_t c = 0;
    if (n == 2 && (s[0] & 0xE0) == 0xC0) c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    else if (n == 3 && (s[0] & 0xF0) == 0xE0)
        c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0xAB || c == 0xBB || c == 0x2013 ||
           c == 0x2014 || c == 0x2026;
}




static int bucket(int v)
{
    int a = v < 0 ? -v : v, s = v < 0 ? -1 : 1;
    if (a <= 4) return v;
    if (a <= 8) return 8 * s;
    if (a <= 12) return 12 * s;
    if (a <= 25) return 25 * s;
    return 99 * s;
}

/* ------------------------------------------------------------ candidates */

static unsigned flags_of(ws_span_doc *sd, int i);

/* Token I's WS_SPAN_* flags (ws_span_flags), computed once. */
static inline unsigned flag(ws_span_doc *sd, int i)
{
    unsigned f = sd->flag[i];
    return f & WS_SPAN_KNOWN ? f : flags_of(sd, i);
}

bool ws_span_bounds(const rawst *r, int b[WS_SPAN_NKINDS])
{
    if (r->c0 < 0 || r->c1 <= r->c0) return false;
    b[WS_SPAN_START] = r->c0;
    b[WS_SPAN_END] = r->c1;
    b[WS_SPAN_INNER_END] = b[WS_SPAN_INNER_START] = -1;
    if (r->c20 >= 0 && r->c21 > r->c20) {
        if (r->c20 < r->c1) return false;
        b[WS_SPAN_END] = r->c21;
        b[WS_SPAN_INNER_END] = r->c1;
        b[WS_SPAN_INNER_START] = r->c20;
    }
    return true;
}

static bool is_start(int kind) { return kind == WS_SPAN_START || kind == WS_SPAN_INNER_START; }

/* The valid positions [*LO, *HI] (empty when *LO > *HI) of boundary KIND
 * of R (bounds B) in D: those where the part it bounds, tokens [p, E) for
 * a start, [S, p) for an end (E, S the part's other boundary), is
 * non-empty, within D and meets neither R's cue nor its source; the
 * inner boundaries also keep the parts in order. */
static void valid_range(const tokdoc *d, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int *lo, int *hi)
{
    bool two = b[WS_SPAN_INNER_END] >= 0;
    const int y[2][2] = {{r->q0, r->q1}, {r->s0, r->s1}};
    if (is_start(kind)) {
        int e = kind == WS_SPAN_START && two ? b[WS_SPAN_INNER_END] : b[WS_SPAN_END];
        *lo = kind == WS_SPAN_INNER_START ? b[WS_SPAN_INNER_END] : 0;
        if (*lo < 0) *lo = 0;
        *hi = e <= d->n ? e - 1 : -1;
        for (int k = 0; k < 2; k++) /* [p, e) meets [y0, y1) when p < y1 */
            if (y[k][0] >= 0 && y[k][1] > y[k][0] && y[k][0] < e && y[k][1] > *lo) *lo = y[k][1];
    } else {
        int s = kind == WS_SPAN_END && two ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START];
        *lo = s + 1;
        *hi = kind == WS_SPAN_INNER_END && b[WS_SPAN_INNER_START] < d->n ? b[WS_SPAN_INNER_START] : d->n;
        if (s < 0) *hi = -1;
        for (int k = 0; k < 2; k++) /* [s, p) meets [y0, y1) when p > y0 */
            if (y[k][0] >= 0 && y[k][1] > y[k][0] && s < y[k][1] && y[k][0] < *hi) *hi = y[k][0];
        /* a content the patterns ran over paragraphs (a quotation's, a
         * list's) ends in its last one */
        if (kind == WS_SPAN_END && b[kind] > s && b[kind] <= d->n) {
            int p = b[kind] - 1;
            while (p > s && !(d->t[p].flags & TK_NEWLINE_BEFORE)) p--;
            if (p > s && p + 1 > *lo) *lo = p + 1;
        }
    }
}

/* Whether tokens [lo,hi) hold the cue of a statement other than R. */
static bool other_cue(const ws_span_doc *sd, const rawst *r, int lo, int hi)
{
    for (int k = lo; k < hi; k++)
        if ((k < r->q0 || k >= r->q1) && (sd->flag[k] & WS_SPAN_CUE)) return true; /* set by ws_span_prepare */
    return false;
}

int ws_span_candidates(ws_span_doc *sd, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int *pos)
{
    const tokdoc *d = sd->d;
    int at = b[kind], n = 0, vlo, vhi;
    if (at < 0) return 0;
    valid_range(d, r, b, kind, &vlo, &vhi);
    /* nearest first: the rules' own position, then outwards; on each
     * side, no farther once another statement's cue is passed */
    bool stop[2] = {false, false};
    const int win = is_start(kind) ? WS_SPAN_WINDOW : WS_SPAN_END_WINDOW;
    for (int k = 0; k <= 2 * win; k++) {
        int off = (k + 1) / 2 * (k % 2 ? -1 : 1);
        int p = at + off;
        if (off) {
            int side = off < 0, t = off < 0 ? p : p - 1; /* the token the move passes last */
            stop[side] |= t >= 0 && t < d->n && other_cue(sd, r, t, t + 1);
            if (stop[side]) continue;
        }
        if (p < vlo || p > vhi) continue;
        /* a content is its words: a position next to punctuation or a
         * quotation mark is the same boundary as the one past them, and
         * only the words' one is scored */
        if (off && is_start(kind) && (flag(sd, p) & WS_SPAN_EDGE)) continue;
        if (off && !is_start(kind) && (flag(sd, p - 1) & WS_SPAN_EDGE)) continue;
        /* nor after a conjunction or clause opener ("... in May and"),
         * unless the rules' own, or an adverb of another statement's cue
         * ("and also stressed") */
        if (!is_start(kind) && p > 0 && p < d->n &&
            ((off && (d->t[p - 1].lxf & LX_NOSTART)) || ((d->t[p - 1].lxf & LX_CUE_ADV) && (sd->flag[p] & WS_SPAN_CUE))))
            continue;
        pos[n++] = p;
    }
    if (kind != WS_SPAN_END) return n;
    /* an end farther back: before a clause break, after a word */
    int lo = b[WS_SPAN_INNER_START] >= 0 ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START];
    int back = at - win - 1; /* where that scan stopped */
    for (int far = 0; back > lo && far < WS_SPAN_MAXFAR; back--) {
        unsigned fl = flag(sd, back);
        if (fl & WS_SPAN_CUE) break; /* not over another statement's cue */
        if (!(fl & WS_SPAN_BREAK) || (flag(sd, back - 1) & WS_SPAN_EDGE) || back < vlo || back > vhi) continue;
        pos[n++] = back;
        far++;
    }
    /* an end early in the content: before the clause breaks nearest its
     * start (a verb's object or a fronted clause closed by a comma), not
     * inside a quotation, in what the scan back from the window left
     * (tokens lo+1 .. back) */
    for (int p = lo + 1, near = 0; p <= back && near < WS_SPAN_MAXNEAR; p++) {
        unsigned fl = flag(sd, p);
        if (fl & WS_SPAN_CUE) break;
        if (!(fl & WS_SPAN_BREAK) || (flag(sd, p - 1) & (WS_SPAN_EDGE | WS_SPAN_INQ)) || p < vlo || p > vhi) continue;
        pos[n++] = p;
        near++;
    }
    /* an end before the punctuation breaks nearest the content's start */
    for (int p = lo + 1, np = 0; p < at - win && np < WS_SPAN_MAXPUNCT; p++) {
        unsigned fl = flag(sd, p);
        if (fl & WS_SPAN_CUE) break;
        if (!(fl & WS_SPAN_BREAK) || !(d->t[p].flags & TK_PUNCT) || (flag(sd, p - 1) & WS_SPAN_EDGE) || p < vlo ||
            p > vhi)
            continue;
        bool have = false;
        for (int c = 0; c < n && !have; c++) have = pos[c] == p;
        if (have) continue;
        pos[n++] = p;
        np++;
    }
    /* an end farther on: the sentence ends after it, within its paragraph */
    int from = at + win + 1;
    if (from > d->n || other_cue(sd, r, at, from)) return n;
    for (int p = from, fwd = 0; p <= d->n && p - from < WS_SPAN_PARA_REACH; p++) {
        bool par = p == d->n || (d->t[p].flags & TK_NEWLINE_BEFORE);
        /* past the sentence ends, only the paragraph's end */
        if (par || (fwd < WS_SPAN_MAXFWD && sent_end(d, p))) {
            int q = p; /* before the marks that close the sentence */
            while (q > at + win + 1 && (flag(sd, q - 1) & WS_SPAN_EDGE)) q--;
            if (!(flag(sd, q - 1) & WS_SPAN_EDGE) && (!n || pos[n - 1] != q) && q >= vlo && q <= vhi) {
                pos[n++] = q;
                fwd++;
            }
        }
        if (par || (sd->flag[p] & WS_SPAN_CUE)) break; /* not past its paragraph or another statement's cue */
    }
    return n;
}

/* ------------------------------------------------------------ features */

/* Features are (tag, value) pairs: the tag a small integer with the
 * boundary's kind, the value a word's hash (cached a token), a class or
 * a count, mixed into one index.  No strings are hashed a candidate. */
enum {
    F_O = 1, F_OM = 2, F_WI = 3, F_WO = 4, F_SI = 5, F_SO = 6, F_GSO = 9, F_CLWO = 10, F_DQ = 11, F_ATCUE = 12,
    F_ATSRC = 13, F_BETWEEN = 14, F_CUES = 15, F_OTHER = 16, F_BRK = 17, F_INQ = 18, F_LEN = 19, F_SO2 = 20,
    F_AUX = 21, F_AUXL = 22, F_ENDDIR = 23, F_ENDL = 24, F_ENDO = 25, F_PARA = 26, F_WO2 = 27, F_VERB = 28,
    F_VERBL = 29
};

/* Shapes: the classes of tokens. */
enum {
    SH_EDGE = 1, SH_QOPEN, SH_QCLOSE, SH_QUOTE, SH_END, SH_COMMA, SH_PUNCT, SH_PRON, SH_CLAUSE, SH_CUEVERB, SH_TITLE,
    SH_PREP, SH_AUX, SH_FUNC, SH_NUM, SH_CAP, SH_LOW
};

static int shape_of(const tokdoc *d, int i)
{
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return (t->flags & TK_QOPEN) ? SH_QOPEN : (t->flags & TK_QCLOSE) ? SH_QCLOSE : SH_QUOTE;
    if (sent_end(d, i)) return SH_END;
    if (t->ch == ',') return SH_COMMA;
    if (t->flags & TK_PUNCT) return SH_PUNCT;
    if (t->lxf & LX_PRONOUN) return SH_PRON;
    if (t->lxf & LX_CLAUSE) return SH_CLAUSE;
    if (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) return SH_CUEVERB;
    if (t->lxf & LX_TITLE) return SH_TITLE;
    if (t->lxf & LX_PREP) return SH_PREP;
    if (t->lxf & LX_AUX) return SH_AUX;
    if (t->lxf & LX_FUNCWORD) return SH_FUNC;
    if (t->flags & TK_NUM) return SH_NUM;
    if (t->flags & TK_CAP) return SH_CAP;
    return SH_LOW;
}

static __attribute__((noinline)) int shape_fill(ws_span_doc *sd, int i)
{
    return sd->sh[i] = (uint8_t)shape_of(sd->d, i);
}

/* Token I's class, computed once (an inline check, the rest out of line). */
static inline int shape(ws_span_doc *sd, int i)
{
    if (i < 0 || i >= sd->d->n) return SH_EDGE;
    return sd->sh[i] ? sd->sh[i] : shape_fill(sd, i);
}

static uint64_t str_value(const char *s) { return ws_hash(WS_FNV_INIT, s, strlen(s)) | 1; }

/* The value of token I's word: its lowercased form's hash, or a mark's. */
static __attribute__((noinline)) uint64_t word_fill(ws_span_doc *sd, int i);
static inline uint64_t word_value(ws_span_doc *sd, int i)
{
    if (i < 0) return 2;
    if (i >= sd->d->n) return 4;
    return sd->flag[i] & WS_SPAN_WKNOWN ? sd->wh[i] : word_fill(sd, i);
}

static uint64_t word_fill(ws_span_doc *sd, int i)
{
    const tok *t = &sd->d->t[i];
    uint64_t v;
    if (t->flags & TK_QUOTE) v = (t->flags & TK_QOPEN) ? 6 : (t->flags & TK_QCLOSE) ? 8 : 10;
    else if (t->low) v = ws_hash(WS_FNV_INIT, t->low, t->ll) | 1;
    else v = 12;
    sd->flag[i] |= WS_SPAN_WKNOWN;
    return sd->wh[i] = v;
}

static inline uint64_t pair(uint64_t a, uint64_t b) { return (a * 0xD6E8FEB86659FD93ull) ^ b; }

/* Where a position's features go: into F (training, tests), or, with
 * W, straight into the score S (the extractor). */
typedef struct fset {
    uint32_t *f;
    int n;
    uint64_t kind;
    const ws_weight *w;
    long s;
    bool scoring; /* a constant where features_to is inlined */
} fset;

/* One multiply: the index is the product's top bits. */
static inline void put(fset *fs, uint64_t tag, uint64_t v)
{
    uint64_t h = (v + (tag << 40) + fs->kind) * 0x9E3779B97F4A7C15ull;
    uint32_t i = (uint32_t)(h >> (64 - WS_SPAN_BITS));
    if (fs->scoring) fs->s += fs->w[i];
    else fs->f[fs->n++] = i;
}

/* An integer as a value (its sign kept apart from the hashes' odd values). */
static uint64_t iv(long v) { return (uint64_t)(v + 1000) << 1; }

/* The words a clause may end before: clause openers, conjunctions,
 * prepositions, the -ing forms of cue verbs (", saying ..."). */
#define BREAK_WORDS (LX_CLAUSE | LX_PREP | LX_CUT | LX_CIRC | LX_NOSTART | LX_GERUND)

/* Whether a content may end before token I of D: a break word, a comma,
 * semicolon, colon, dash or bracket, a sentence end. */
static bool is_break(const tokdoc *d, int i)
{
    const tok *t = &d->t[i];
    if (t->lxf & BREAK_WORDS) return true;
    if (!(t->flags & TK_PUNCT) || (t->flags & TK_QUOTE)) return false;
    const unsigned char *s = (const unsigned char *)d->text + t->b;
    size_t n = t->e - t->b;
    if (n == 1) return in_set(s[0], BREAK_LO, 0);
    return n == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94); /* en and em dash */
}

int ws_span_prepare(arena *a, const tokdoc *d, const rawlist *raw, ws_span_doc *out)
{
    out->d = d;
    out->cur = NULL;
    out->bcur = out->acur = out->vcur = NULL;
    out->pos = NULL;
    out->cum = ws_arena_alloc(a, ((size_t)d->n + 1) * sizeof *out->cum);
    out->flag = ws_arena_alloc(a, ((size_t)d->n + 1) * sizeof *out->flag);
    out->wh = ws_arena_alloc(a, ((size_t)d->n + 1) * sizeof *out->wh);
    out->sh = ws_arena_alloc(a, (size_t)d->n + 1);
    if (!out->flag || !out->wh || !out->sh || !out->cum) return WS_NOMEM;
    memset(out->flag, 0, ((size_t)d->n + 1) * sizeof *out->flag);
    memset(out->sh, 0, (size_t)d->n + 1);
    out->flag[d->n] = WS_SPAN_KNOWN;
    for (int i = 0; raw && i < raw->n; i++)
        for (int k = raw->v[i].q0; k < raw->v[i].q1; k++)
            if (k >= 0 && k < d->n) out->flag[k] |= WS_SPAN_CUE;
    /* the quotations, from an opening mark to its pair, in order (the
     * tokenizer's events hold every quotation mark) */
    int nq = 0;
    for (const int *ev = d->ev; ev && *ev < d->n; ev++)
        nq += (d->t[*ev].flags & TK_QOPEN) != 0;
    out->quote = ws_arena_alloc(a, (size_t)(nq ? nq : 1) * sizeof *out->quote);
    if (!out->quote) return WS_NOMEM;
    out->nquote = 0;
    for (const int *ev = d->ev; ev && *ev < d->n; ev++) {
        const tok *t = &d->t[*ev];
        if (!(t->flags & TK_QOPEN) || t->pair <= *ev || t->pair >= d->n) continue;
        if (out->nquote && out->quote[out->nquote - 1].e >= *ev) continue; /* within the one before */
        out->quote[out->nquote].b = *ev;
        out->quote[out->nquote++].e = t->pair;
        for (int k = *ev; k <= t->pair; k++) out->flag[k] |= WS_SPAN_INQ;
    }
    return WS_OK;
}

/* Whether token I lies inside one of SD's quotations (marks included). */
static inline bool in_quote(const ws_span_doc *sd, int i) { return sd->flag[i] & WS_SPAN_INQ; }

static unsigned flags_of(ws_span_doc *sd, int i)
{
    unsigned f = sd->flag[i];
    const tokdoc *d = sd->d;
    const tok *t = &d->t[i];
    f |= WS_SPAN_KNOWN;
    if (t->lxf & LX_AUX) f |= WS_SPAN_AUX;
    if ((t->flags & (TK_PUNCT | TK_QUOTE)) || (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF | BREAK_WORDS)))
        f |= (t->ch == '.' || t->ch == '?' || t->ch == '!' ? WS_SPAN_END_MARK : 0) | (t->ch == ',' ? WS_SPAN_COMMA : 0) |
             (t->flags & TK_QUOTE ? WS_SPAN_QUOTE : 0) | (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF) ? WS_SPAN_CUEVERB : 0) |
             ((t->flags & (TK_PUNCT | TK_QUOTE)) && ws_span_is_edge(d, i) ? WS_SPAN_EDGE : 0) |
             (is_break(d, i) ? WS_SPAN_BREAK : 0);
    sd->flag[i] = (uint16_t)f;
    return f;
}

unsigned ws_span_flags(ws_span_doc *sd, int i) { return flag(sd, i); }

/* Whether token I is a finite verb by its word class (VBD, VBZ or VBP,
 * MD), looked up once. */
static bool is_verb(ws_span_doc *sd, int i)
{
    unsigned f = sd->flag[i];
    if (!(f & WS_SPAN_VKNOWN)) {
        const tok *t = &sd->d->t[i];
        f |= WS_SPAN_VKNOWN;
        if (sd->pos && t->low && !(t->flags & (TK_PUNCT | TK_QUOTE)) &&
            ((t->lxf & LX_AUX) || !(t->lxf & (LX_PREP | LX_DET | LX_PRONOUN)))) {
            long c = ws_pos_top(ws_pos_lookup(sd->pos, t->low, t->ll));
            if (c == WS_PC_VBD || c == WS_PC_VBZ || c == WS_PC_MD) f |= WS_SPAN_VERB;
        }
        sd->flag[i] = (uint16_t)f;
    }
    return f & WS_SPAN_VERB;
}

/* What lies between a position and the rules' boundary, counted up to
 * 3 each, four bits a count. */
enum { C_ENDS = 0, C_COMMAS = 4, C_QUOTES = 8, C_VERBS = 12, C_OTHER = 16, C_AUX = 20 };
#define C_GET(c, f) ((c) >> (f) & 15u)

/* C with token flags FL counted (OTHER: the token is another
 * statement's cue); each count stops at 3. */
static inline unsigned count_token(unsigned c, unsigned fl, bool other)
{
    c += (unsigned)((fl & WS_SPAN_END_MARK) != 0) << C_ENDS | (unsigned)((fl & WS_SPAN_COMMA) != 0) << C_COMMAS |
         (unsigned)((fl & WS_SPAN_QUOTE) != 0) << C_QUOTES | (unsigned)((fl & WS_SPAN_CUEVERB) != 0) << C_VERBS |
         (unsigned)other << C_OTHER | (unsigned)((fl & WS_SPAN_AUX) != 0) << C_AUX;
    return c - (c >> 2 & 0x111111u); /* a count that reached 4 back to 3 */
}

/* The counts over the tokens between P and AT (boundary KIND of R), from
 * running counts kept outwards from AT for the boundary last asked
 * about: each token is counted once a boundary, however many positions
 * are scored. */
static inline __attribute__((always_inline)) unsigned between(ws_span_doc *sd, const rawst *r, int at, int kind, int p)
{
    if (sd->bcur != r || sd->bkind != kind || sd->bat != at || sd->bq0 != r->q0 || sd->bq1 != r->q1) {
        sd->bcur = r;
        sd->bkind = kind;
        sd->bat = sd->blo = sd->bhi = at;
        sd->bq0 = r->q0;
        sd->bq1 = r->q1;
        sd->cum[at] = 0;
    }
    while (sd->blo > p) { /* [blo, at) */
        int k = --sd->blo;
        unsigned fl = flag(sd, k);
        sd->cum[k] = count_token(sd->cum[k + 1], fl, (fl & WS_SPAN_CUE) && (k < r->q0 || k >= r->q1));
    }
    while (sd->bhi < p) { /* [at, bhi) */
        int k = sd->bhi++;
        unsigned fl = flag(sd, k);
        sd->cum[k + 1] = count_token(sd->cum[k], fl, (fl & WS_SPAN_CUE) && (k < r->q0 || k >= r->q1));
    }
    return sd->cum[p];
}

/* Inlined into each caller, so that the scorer's copy adds the weights
 * with FO->scoring a constant. */
static inline __attribute__((always_inline)) void features_to(ws_span_doc *sd, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int p, fset *fo)
{
    const tokdoc *d = sd->d;
    if (sd->cur != r) {
        /* what is the same for every position of a statement */
        sd->cur = r;
        sd->mh = str_value(r->method ? r->method : "-");
        int q = r->q1 - 1;
        bool lemma = q >= 0 && q < d->n && d->t[q].lx && d->t[q].lx->value &&
                     (d->t[q].lxf & (LX_CUE_VERB | LX_CUE_BELIEF));
        sd->lh = lemma ? str_value(d->t[q].lx->value) : word_value(sd, q);
    }
    fset fs = *fo;
    fs.kind = (uint64_t)(kind + 1) << 60;
    bool st = is_start(kind);
    /* the tokens inside and outside the boundary, nearest first */
    int in = st ? p : p - 1, out = st ? p - 1 : p;
    long off = bucket(p - b[kind]);
    uint64_t wi = word_value(sd, in), wo = word_value(sd, out);
    uint64_t si = (uint64_t)shape(sd, in), so = (uint64_t)shape(sd, out);
    uint64_t sgn = off < 0 ? 1 : off > 0 ? 2 : 3;
    put(&fs, F_O, iv(off));
    put(&fs, F_OM, pair(iv(off), sd->mh));
    put(&fs, F_WI, wi);
    put(&fs, F_WO, wo);
    put(&fs, F_SI, si);
    put(&fs, F_SO, so);
    put(&fs, F_GSO, sgn << 8 | so);
    /* the classes of the two tokens outside: ", which", ", the" */
    put(&fs, F_SO2, so << 8 | (uint64_t)shape(sd, st ? out - 1 : out + 1));
    put(&fs, F_CLWO, pair(sd->lh, wo));
    /* an end before a comma, a closing mark or other punctuation: the
     * word after it (", who", ", he", "” and") */
    if (!st && (so == SH_COMMA || so == SH_QCLOSE || so == SH_PUNCT)) put(&fs, F_WO2, pair(word_value(sd, out + 1), so));
    /* where the cue and the source lie */
    bool after = b[WS_SPAN_START] >= r->q1;
    long dq = after ? p - r->q1 : r->q0 - p;
    put(&fs, F_DQ, iv(bucket((int)dq)) << 1 | after);
    put(&fs, F_ATCUE, st ? p == r->q1 : p == r->q0);
    put(&fs, F_ATSRC, r->s0 >= 0 && (st ? p == r->s1 : p == r->s0));
    /* what lies between the position and the rules' boundary */
    unsigned c = between(sd, r, b[kind], kind, p);
    unsigned ends = C_GET(c, C_ENDS), commas = C_GET(c, C_COMMAS), quotes = C_GET(c, C_QUOTES);
    unsigned verbs = C_GET(c, C_VERBS), other = C_GET(c, C_OTHER);
    put(&fs, F_BETWEEN, sgn << 8 | (uint64_t)((ends > 2 ? 2 : ends) * 9 + (commas > 2 ? 2 : commas) * 3 + (quotes > 2 ? 2 : quotes)));
    put(&fs, F_CUES, sgn << 8 | (uint64_t)(verbs > 2 ? 2 : verbs));
    /* another statement's cue: a nested attribution */
    put(&fs, F_OTHER, sgn << 8 | (other > 0));
    /* a line break at the boundary; the boundary inside a quotation */
    put(&fs, F_BRK, p < d->n && (d->t[p].flags & TK_NEWLINE_BEFORE));
    put(&fs, F_INQ, (uint64_t)(in >= 0 && in < d->n && in_quote(sd, in)) << 8 | si);
    /* the length the content would have */
    int len;
    if (st) len = (b[WS_SPAN_INNER_END] >= 0 && kind == WS_SPAN_START ? b[WS_SPAN_INNER_END] : b[WS_SPAN_END]) - p;
    else len = p - (b[WS_SPAN_INNER_START] >= 0 && kind == WS_SPAN_END ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START]);
    put(&fs, F_LEN, iv(bucket(len)));
    /* an end's own weights for the move's direction, the class outside
     * and the cue's lemma (E sets these values apart from other uses of
     * the same hash rows) */
    if (!st) {
        const uint64_t e = 12;
        put(&fs, F_ENDDIR, sgn << 8 | e);
        put(&fs, F_ENDO, e << 8 | so);
        put(&fs, F_ENDL, pair(sd->lh, e));
    }
    /* an end moved on: whether the content opened a line (a block
     * quotation after "X added:"), whether the end closes one (the
     * paragraph's end beyond the sentence ends), and whether the cue
     * took a colon */
    if (kind == WS_SPAN_END && p > b[kind]) {
        int s0 = b[WS_SPAN_INNER_START] >= 0 ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START];
        while (s0 > 0 && (flag(sd, s0 - 1) & WS_SPAN_QUOTE) && !(d->t[s0].flags & TK_NEWLINE_BEFORE)) s0--;
        bool lead = s0 < d->n && (d->t[s0].flags & TK_NEWLINE_BEFORE);
        bool pe = p >= d->n || (d->t[p].flags & TK_NEWLINE_BEFORE);
        put(&fs, F_PARA, (uint64_t)lead << 2 | (uint64_t)pe << 1 | (r->q1 < d->n && d->t[r->q1].ch == ':'));
    }
    /* an end moved back: whether an auxiliary (is, will, has ...) stays in
     * the content and whether one is cut off with the rest, with the cue's
     * lemma ("said the bridge" against "said the bridge will reopen") */
    if (kind == WS_SPAN_END && p < b[kind]) {
        int lo = b[WS_SPAN_INNER_START] >= 0 ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START];
        if (sd->acur != r || sd->alo != lo || sd->aend != b[kind]) { /* the first auxiliary, once a statement */
            sd->acur = r;
            sd->aend = b[kind];
            sd->alo = sd->aux = lo;
            while (sd->aux < b[kind] && !(flag(sd, sd->aux) & WS_SPAN_AUX)) sd->aux++;
        }
        uint64_t v = (uint64_t)(sd->aux < p) << 1 | (C_GET(c, C_AUX) > 0);
        put(&fs, F_AUX, v);
        put(&fs, F_AUXL, pair(sd->lh, v));
        /* the same for a finite verb by its word class: a content that is
         * a verb's object ("praised the crew | on Monday") has none */
        if (sd->pos) {
            if (sd->vcur != r || sd->vlo != lo || sd->vend != b[kind]) { /* once a statement */
                sd->vcur = r;
                sd->vlo = lo;
                sd->vend = b[kind];
                sd->vfirst = lo;
                while (sd->vfirst < b[kind] && !is_verb(sd, sd->vfirst)) sd->vfirst++;
                sd->vlast = b[kind] - 1;
                while (sd->vlast >= lo && !is_verb(sd, sd->vlast)) sd->vlast--;
            }
            uint64_t vv = (uint64_t)(sd->vfirst < p) << 1 | (sd->vlast >= p);
            put(&fs, F_VERB, vv);
            put(&fs, F_VERBL, pair(sd->lh, vv));
        }
    }
    *fo = fs;
}

int ws_span_features(ws_span_doc *sd, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int p, uint32_t *f)
{
    fset fs = {f, 0, 0, NULL, 0, false};
    features_to(sd, r, b, kind, p, &fs);
    return fs.n;
}

/* ------------------------------------------------------------ choice */

/* The score M gives boundary KIND of R at P. */
static long score(const ws_span_model *m, ws_span_doc *sd, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int p)
{
    fset fs = {NULL, 0, 0, m->w, 0, true};
    features_to(sd, r, b, kind, p, &fs);
    return fs.s;
}

int ws_span_apply(const ws_span_model *m, const ws_pos *wc, arena *a, const tokdoc *d, rawlist *raw)
{
    if (!raw->n) return WS_OK;
    ws_span_doc sd;
    if (ws_span_prepare(a, d, raw, &sd) != WS_OK) return WS_NOMEM;
    sd.pos = wc;
    int pos[WS_SPAN_MAXC];
    for (int i = 0; i < raw->n; i++) {
        rawst *r = &raw->v[i];
        int b[WS_SPAN_NKINDS], nb[WS_SPAN_NKINDS];
        if (!ws_span_bounds(r, b)) continue;
        for (int k = 0; k < WS_SPAN_NKINDS; k++) {
            nb[k] = b[k];
            int n = ws_span_candidates(&sd, r, b, k, pos);
            long best = 0;
            if (n == 1) nb[k] = pos[0];
            for (int c = 0; n > 1 && c < n; c++) {
                long s = score(m, &sd, r, b, k, pos[c]);
                if (c == 0 || s > best) {
                    best = s;
                    nb[k] = pos[c];
                }
            }
            /* the end of a one-part content is chosen for the start chosen
             * (its candidates, length and auxiliaries count from there) */
            if (k == WS_SPAN_START && b[WS_SPAN_INNER_END] < 0 && nb[k] < b[WS_SPAN_END]) b[k] = nb[k];
        }
        /* the parts must stay in order and non-empty */
        if (nb[WS_SPAN_INNER_END] >= 0) {
            if (nb[WS_SPAN_START] < nb[WS_SPAN_INNER_END] && nb[WS_SPAN_INNER_END] <= nb[WS_SPAN_INNER_START] &&
                nb[WS_SPAN_INNER_START] < nb[WS_SPAN_END]) {
                r->c0 = nb[WS_SPAN_START];
                r->c1 = nb[WS_SPAN_INNER_END];
                r->c20 = nb[WS_SPAN_INNER_START];
                r->c21 = nb[WS_SPAN_END];
            }
        } else if (nb[WS_SPAN_START] < nb[WS_SPAN_END]) {
            r->c0 = nb[WS_SPAN_START];
            r->c1 = nb[WS_SPAN_END];
        }
    }
    return WS_OK;
}

/* ------------------------------------------------------------ file */

void ws_span_free(ws_span_model *m)
{
    if (!m) return;
    ws__free(m->w);
    ws__free(m);
}

static const ws_mfile_kind span_kind = {
    WS_SPAN_FILE, WS_SPAN_MAGIC, WS_SPAN_VERSION, 1, "span model",
    "(the content model: `make train` rebuilds it; --no-model, or a file named " WS_MODEL_RULES_ONLY
    " in the directory, runs the rules alone)"};

/* A record of the span model's file other than a weight: a parameter. */
static int span_record(void *ctx, ws_mfile *mf, char *line, size_t n)
{
    ws_span_model *m = ctx;
    char name[32];
    long val;
    if (!ws_mfile_param(line, name, &val)) return ws_mfile_bad(mf, mf->ln, "expected w or param record");
    if (!strcmp(name, "window")) m->window = (int)val;
    else if (!strcmp(name, "samples")) m->samples = (int)val;
    else return ws_mfile_bad(mf, mf->ln, "unknown parameter");
    return WS_OK;
}

int ws_span_load(const char *dir, ws_span_model **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_span_model *m = ws__calloc(1, sizeof *m);
    if (!m) {
        if (err && errlen) snprintf(err, errlen, "%s/%s: out of memory", dir, WS_SPAN_FILE);
        return WS_NOMEM;
    }
    m->bits = WS_SPAN_BITS;
    int rc = ws_mfile_load_weights(dir, &span_kind, m->bits, &m->w, span_record, m, err, errlen);
    if (rc != WS_OK) {
        ws_span_free(m);
        return rc;
    }
    *out = m;
    return WS_OK;
}

int ws_span_write(FILE *out, const ws_span_model *m)
{
    buf b = {0};
    char line[96];
    int n = snprintf(line, sizeof line, "param\twindow\t%d\nparam\tsamples\t%d\n", m->window, m->samples);
    int rc = ws_buf_append(&b, line, (size_t)n);
    if (rc == WS_OK) rc = ws_mfile_write_weights(out, &span_kind, &b, m->w, m->bits);
    ws_buf_free(&b);
    return rc;
}
