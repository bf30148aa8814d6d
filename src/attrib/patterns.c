/*
 * patterns.c -- finds attributions: who said what, with which cue.
 *
 * Works on one unit (sentence, headline or bullet item) at a time, in two
 * passes over its cue words (speech verbs, belief verbs and "according
 * to", from the lexicon; never inside a quotation):
 *
 * Pass 1, attribution after the content:
 *   "Q," SOURCE CUE [adjuncts].          "...," Peskov said on March 3.
 *   CONTENT, SOURCE CUE [adjuncts].      ..., Lavrov says
 *   "Q1," SOURCE CUE, "Q2."              a quote interrupted by its cue
 *   "Q," CUE SOURCE.                      "...," said the minister.
 *   CONTENT, according to SOURCE.
 * The content runs from the unit's start (or the end of the previous
 * statement) to the comma or closing mark before the source.  Adjuncts
 * are what may follow the cue without starting a clause: a date ("on
 * March 19"), a venue ("on X", "in an interview with ..."), "when asked
 * ...", an object of "told" ("told reporters").
 *
 * Pass 2, attribution before the content:
 *   SOURCE CUE [that|:|,] CONTENT.        Merz said the trip is ...
 *   According to SOURCE, CONTENT.
 *   SOURCE CUE ... and CUE2 that C2.      a second statement, same source
 * The source runs from the unit start, or the last comma before the cue,
 * to the cue, and must look like a noun phrase (no auxiliary verbs, a name,
 * pronoun, title or source noun in it).  The content runs to the unit end
 * or to the first token that pass 1 used (nested attributions).
 *
 * Known limits: without a parser, clause boundaries are guessed from
 * punctuation and function words; sources longer than twelve tokens and
 * relative clauses between source and cue ("X, who ..., said") are missed;
 * a quotation standing in its own sentence after "X said:" is not joined.
 *
 * Cost: the passes are bound by mispredicted branches more than by
 * instructions (whether a token is a comma, a cue, a function word is
 * data, not a pattern the predictor learns).  The function words they ask
 * about are lexicon classes (words.tsv: clause, cueadv, det, nostart,
 * circ, postcue, cut), one flag test each; tests whose outcome is hard to
 * predict are combined with bitwise operators into one branch, or made
 * without one (the candidate and mark lists), and a rarely true test goes
 * first.  Such a change is kept when callgrind's branch simulation and
 * the run time agree that it pays: combining tests that short-circuit
 * cheaply (most tokens fail the first) only adds instructions.
 */
#include "attrib.h"
#include "../date/dates.h"

#include <string.h>

typedef struct ctx {
    arena *a;   /* what the statements keep (their strings) */
    arena *tmp; /* what only ws_att_find needs, and the statements' list */
    const ws_lexicon *lx;
    const tokdoc *d;
    ws_date ref;
    rawlist *out;
    uint8_t *inq;  /* inside a paired quotation */
    uint8_t *used; /* consumed by a found attribution's source/cue/adjuncts */
    ws_date udate;
    const char *udate_text;
    int nx0, nx1;  /* the next unit, for "X said:" ending a unit */
    int adj_stop;  /* where adjuncts() saw a new clause begin (or the end) */
    int tu0, tend;  /* the unit's tokens, for the title-case test */
    int titlecase;  /* the unit is a title-case headline: 1, 0, or -1 when
                       not yet known (cue_at asks only for a capitalised
                       cue word, which is rare) */
    /* the document's colons and dashes (is_dash or U+2015), in order, each
     * list ending with d->n: the colon and signature patterns look them up
     * instead of scanning every unit */
    const int *colon, *dash;
    int ncolon, ndash;
    int at_colon0, at_colon1, at_dash; /* first_from's cursors */
    const int *cand; /* the cue candidates (see ws_att_find), ending with d->n */
    int ncand, at_cand;
    int at_ev; /* ev_from's cursor in d->ev */
} ctx;

/* The first index i of V[0,n) (ascending) with V[i] >= X, or n; moved
 * to from *AT: the units ask in order, so the cursor mostly steps
 * forward. */
static inline int first_from(const int *v, int n, int *at, int x)
{
    int i = *at;
    while (i > 0 && v[i - 1] >= x) i--;
    while (i < n && v[i] < x) i++;
    *at = i;
    return i;
}

/* The first index i of the tokenizer's event list d->ev (the marks and
 * line-initial tokens, ascending, ending with d->n) with d->ev[i] >= X,
 * for an X <= d->n; from the cursor, as first_from. */
static inline int ev_from(ctx *c, int x)
{
    const int *v = c->d->ev;
    int i = c->at_ev;
    while (i > 0 && v[i - 1] >= x) i--;
    while (v[i] < x) i++;
    c->at_ev = i;
    return i;
}

int ws_raw_push(arena *a, rawlist *l, const rawst *r)
{
    if (l->n == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 16;
        rawst *nv = ws_arena_alloc(a, (size_t)ncap * sizeof(rawst));
        if (!nv) return WS_NOMEM;
        if (l->n) memcpy(nv, l->v, (size_t)l->n * sizeof(rawst));
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n++] = *r;
    return WS_OK;
}

static inline bool punct(const tokdoc *d, int k, char ch) { return tok_punct(d, k, ch); }

/* Is T (a token of D) a dash: '-', U+2013 or U+2014?  A one-byte mark
 * is its t->ch, so only the others read the text. */
static inline bool dash_tok(const tokdoc *d, const tok *t)
{
    if (!(t->flags & TK_PUNCT)) return false;
    if (t->ch) return t->ch == '-';
    const unsigned char *p = (const unsigned char *)d->text + t->b;
    size_t l = t->e - t->b;
    return (l == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) ||
           (l == 1 && p[0] == '-');
}

static inline bool is_dash(const tokdoc *d, int k)
{
    return k >= 0 && k < d->n && dash_tok(d, &d->t[k]);
}

/* The first eight bytes of T's lowercased form (zero-padded to a
 * multiple of eight bytes, no NUL byte inside), or 0 without one: equal
 * to W8(w) for a word W of at most seven bytes exactly when the token is
 * W.  One compare, where tok_is branches on the length first. */
static inline uint64_t low8(const tok *t)
{
    uint64_t w = 0;
    if (t->low) memcpy(&w, t->low, 8);
    return w;
}

/* The word W (at most seven bytes) zero-padded to eight, as low8 reads
 * it (a constant, for a literal W). */
static inline uint64_t w8(const char *w)
{
    uint64_t v = 0;
    memcpy(&v, w, strlen(w));
    return v;
}

/* Is T the word "that"?  (tok_is without the index check.) */
static inline bool that_tok(const tok *t) { return t->ll == 4 && t->low && memcmp(t->low, "that", 4) == 0; }

static bool has_comma(const tokdoc *d, int a, int b)
{
    for (int k = a; k < b; k++)
        if (punct(d, k, ',') || is_dash(d, k)) return true;
    return false;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n > m + 2 && memcmp(s + n - m, suf, m) == 0;
}

/* Can [s0,s1) speak: a name, a pronoun, a title, an organisation or a
 * group ("officials"), not any noun phrase? */
static bool can_speak(const tokdoc *d, int s0, int s1)
{
    if (d->t[s1 - 1].lxf & (LX_TITLE | LX_GROUPNOUN | LX_OFFICE)) return true; /* "the minister" */
    for (int k = s0; k < s1; k++) {
        const tok *t = &d->t[k];
        if (t->lxf & (LX_PRONOUN | LX_ORG)) return true;
        if (!(t->flags & TK_CAP) || !(t->flags & TK_WORD) || (t->lxf & (LX_FUNCWORD | LX_DEMONYM | LX_TITLE)))
            continue;
        /* a capitalised compound adjective ("U.S.-led") is no name */
        const char *h = memchr(d->text + t->b, '-', t->e - t->b);
        if (h && h + 1 < d->text + t->e && h[1] >= 'a' && h[1] <= 'z') continue;
        return true;
    }
    return false;
}

/* Is token k a word of the class CLS (LX_CLAUSE, LX_CUE_ADV, ...: words
 * without a period, from words.tsv)?  A token that absorbed a period
 * ("A.", "No.") carries the flags of its bare word too, but is none of
 * these words: a flag counts only when the token does not end in '.'.
 * One test of the flags where a loop over a list of words (picked by
 * length) mispredicted. */
static inline bool in_class(const tokdoc *d, int k, uint32_t cls)
{
    if (k < 0 || k >= d->n) return false;
    const tok *t = &d->t[k];
    /* a token with a flag has its lowercased form, of length 1 or more */
    return (t->lxf & cls) && t->low[t->ll - 1] != '.';
}

/* Conjunctions and subordinators that may open a clause before its source
 * (words.tsv: clause): while and but as since because although though
 * when if so yet or whereas after before until meanwhile however still. */
static bool is_conj(const tokdoc *d, int k) { return in_class(d, k, LX_CLAUSE); }

/* Words that may stand between a source and its cue: an auxiliary (is,
 * has, did), an adverb in -ly ("CNN barely mentioned", "clearly
 * intended") that the lexicon does not know, or one of words.tsv's
 * cueadv (also later then previously again not n't never been ...).
 * K is a token of D. */
static bool is_cue_adverb(const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    uint32_t lxf = t->lxf;
    bool aux = (lxf & (LX_AUX | LX_PREP | LX_PRONOUN)) == LX_AUX;
    bool adv = (lxf & LX_CUE_ADV) != 0;
    if (aux | adv) return aux | (t->low[t->ll - 1] != '.'); /* one branch for both */
    if (lxf | ((t->flags & (TK_WORD | TK_CAP)) ^ TK_WORD)) return false;
    return ends_with(t->low, "ly");
}

static bool is_word(const tokdoc *d, int k) { return k >= 0 && k < d->n && (d->t[k].flags & TK_WORD); }

/* Is the unit a title-case headline: four or more words (not numbers),
 * at least 80% of them capitalised, not inside a quotation? */
static bool titlecase(ctx *c)
{
    if (c->titlecase < 0) {
        const tokdoc *d = c->d;
        int words = 0, caps = 0;
        for (int k = c->tu0; k < c->tend; k++) {
            if (!(d->t[k].flags & TK_WORD) || (d->t[k].flags & TK_NUM)) continue;
            words++;
            caps += (d->t[k].flags & TK_CAP) != 0;
        }
        c->titlecase = words >= 4 && caps * 10 >= words * 8 && !c->inq[c->tu0];
    }
    return c->titlecase;
}

/* Cue at token k: returns its length in tokens (0: none). */
static int cue_at(ctx *c, int k, int end, uint32_t *cls)
{
    const tokdoc *d = c->d;
    const tok *t = &d->t[k];
    if (c->inq[k] || !(t->flags & TK_WORD)) return 0;
    if (tok_is(d, k, "according") && k + 1 < end && tok_is(d, k + 1, "to")) {
        *cls = LX_CUE_VERB;
        return 2;
    }
    if (!(t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF))) return 0;
    /* finite forms: "says", "said", the base form ("they say"); other
     * forms after an auxiliary: "is telling", "has called", "did not
     * mention", "would vote" */
    if (!(t->lxf & (LX_PRESENT | LX_PAST | LX_LEMMA))) {
        int a = k - 1;
        while (a >= 0 && (tok_is(d, a, "not") || tok_is(d, a, "n't") || tok_is(d, a, "also") ||
                          tok_is(d, a, "been") || tok_is(d, a, "repeatedly") || tok_is(d, a, "never")))
            a--;
        if (a < 0 || !(d->t[a].lxf & LX_AUX) || c->inq[a]) return 0;
        if (!(t->lxf & (LX_GERUND | LX_CUE_PASSIVE))) return 0;
        /* "was told", "were asked": passive, the source is not before */
        if ((t->lxf & LX_CUE_PASSIVE) && !(t->lxf & LX_PAST) &&
            (tok_is(d, a, "was") || tok_is(d, a, "were") || tok_is(d, a, "is") || tok_is(d, a, "are") ||
             tok_is(d, a, "been") || tok_is(d, a, "be")))
            return 0;
    }
    if ((t->flags & TK_CAP) && !(t->flags & TK_UPPER) && !titlecase(c)) {
        /* a capitalised verb form is a name or a sentence start, except
         * in a title-case headline ("Sanders Says He Will Run") */
        return 0;
    }
    *cls = t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF);
    return 1;
}

/* Does [s0,s1) look like a source noun phrase?  LOOSE (the source of
 * ", X said" at the end of a unit, where the pattern itself is strong
 * evidence) accepts a short phrase of common nouns ("weather service"). */
static bool np_ok(const ctx *c, int s0, int s1, bool loose)
{
    const tokdoc *d = c->d;
    /* a parenthesis closing the phrase: "Rep. Gwen Moore (D-Wis.)" */
    if (punct(d, s1 - 1, ')') && s1 - s0 >= 3) { /* the rare test first */
        int o = s1 - 2;
        while (o > s0 && !punct(d, o, '(') && s1 - o < 8) o--;
        if (o > s0 && punct(d, o, '(')) s1 = o;
    }
    if (s0 >= s1 || s1 - s0 > 12) return false;
    /* few branches a token, each rarely taken: the tests are combined
     * with bitwise operators, where each of their branches mispredicted */
    bool head = false, dateonly = true;
    for (int k = s0; k < s1; k++) {
        const tok *t = &d->t[k];
        uint32_t lxf = t->lxf;
        unsigned fl = t->flags;
        /* "The U.S. said": verbs are not part of a source, but past
         * participles inside ("the draft obtained by") are */
        if (c->inq[k] | (fl & TK_QUOTE) | (lxf & LX_AUX)) return false;
        if ((lxf & (LX_PRESENT | LX_PAST)) == LX_PRESENT && (lxf & (LX_CUE_VERB | LX_CUE_BELIEF)))
            return false;
        if (!(fl & TK_WORD)) {
            /* allowed punctuation inside a source: hyphen, apostrophe, period, parentheses */
            char ch = d->text[t->b];
            if (!(ch == '-' || ch == '(' || ch == ')' || ch == '.' || ch == '&')) return false;
            continue;
        }
        dateonly &= ((lxf & (LX_MONTH | LX_WEEKDAY)) | (fl & TK_NUM)) != 0;
        head |= (((fl & TK_CAP) != 0) & ((lxf & LX_FUNCWORD) == 0)) |
                ((lxf & (LX_PRONOUN | LX_TITLE | LX_GROUPNOUN | LX_OFFICE | LX_ORG | LX_DEMONYM)) != 0);
    }
    if (dateonly) return false; /* "Wednesday said" */
    /* determiners (words.tsv: det): the a an many most some several few
     * his her their its both all; words that cannot start a source
     * (nostart): and but that which who as if while */
    /* "The actress", "47 percent", "Many voters": a determiner or a
     * number before at most five nouns */
    const tok *f = &d->t[s0];
    if (!head && s1 - s0 >= 2 && s1 - s0 <= 6 &&
        ((f->flags & TK_NUM) || in_class(d, s0, LX_DET))) {
        head = true;
        for (int k = s0 + 1; k < s1; k++)
            if ((d->t[k].lxf & (LX_FUNCWORD | LX_PREP)) && !tok_is(d, k, "of")) head = false;
    }
    /* the first word may not be a preposition or conjunction */
    if ((f->lxf & LX_PREP) || in_class(d, s0, LX_NOSTART)) return false;
    /* a lone pronoun must be a subject pronoun */
    if ((s1 - s0 == 1) & ((f->lxf & (LX_FUNCWORD | LX_PRONOUN)) == LX_FUNCWORD)) return false;
    /* the last word must not be a function word ("the", "of") */
    const tok *l = &d->t[s1 - 1];
    if ((l->lxf & LX_FUNCWORD) && !(l->lxf & LX_PRONOUN)) return false;
    if (!(l->flags & TK_WORD)) return false;
    return head || (loose && s1 - s0 <= 5);
}

/* Parses what follows a cue in [k,end): dates, venues, "when asked ...".
 * Returns true when the region holds no new clause (attribution after the
 * content).  *q2 receives a quotation continuing the content (or -1). */
static bool adjuncts(ctx *c, int k, int end, bool tell, rawst *r, int *q2)
{
    const tokdoc *d = c->d;
    /* words that start a circumstance (words.tsv: circ): when while after
     * before as adding citing referring speaking; adverbs that may follow
     * a cue (postcue): also later earlier again recently previously
     * separately late publicly yesterday today tonight then last this
     * week month year in reporters journalists */
    *q2 = -1;
    c->adj_stop = end;
    int j = k;
    if (j >= end) return true;
    /* object of "told": a short noun phrase */
    if (tell) {
        int o = j;
        while (o < end && o - j < 4 && is_word(d, o) && !(d->t[o].lxf & LX_PREP) &&
               !tok_is(d, o, "that"))
            o++;
        if (o > j && (o == end || punct(d, o, ',') || (d->t[o].lxf & LX_PREP))) j = o;
    }
    bool first = true;
    while (j < end) {
        ws_date dt;
        int n = ws_date_match(d, c->lx, j, end, c->ref, &dt);
        if (n > 0) {
            if (!r->date_text) {
                r->date = dt;
                r->date_text = ws_tok_text(c->a, d, j, j + n);
            }
            j += n;
            first = false;
            continue;
        }
        const tok *t = &d->t[j];
        if (punct(d, j, ',') && j + 1 < end &&
            ((d->t[j + 1].flags & TK_WORD) && !(d->t[j + 1].flags & TK_CAP) &&
             ends_with(d->t[j + 1].low, "ing"))) {
            c->adj_stop = j + 1;
            return true; /* ", urging ...": a participle clause */
        }
        if (punct(d, j, ',') && j + 1 < end &&
            (tok_is(d, j + 1, "though") || tok_is(d, j + 1, "although") || tok_is(d, j + 1, "but") ||
             tok_is(d, j + 1, "and") || tok_is(d, j + 1, "while"))) {
            c->adj_stop = j + 1;
            return true; /* ", though he added ...": another clause */
        }
        if (punct(d, j, ',') && j + 1 < end && j == k &&
            (tok_is(d, j + 1, "a") || tok_is(d, j + 1, "an") || tok_is(d, j + 1, "the") ||
             (d->t[j + 1].lxf & LX_TITLE) || tok_is(d, j + 1, "who")))
            return true; /* "..., said X, a teacher from ...": an appositive */
        if (punct(d, j, ',')) {
            /* "...," she added, "second part." */
            if (j + 1 < end && (d->t[j + 1].flags & TK_QOPEN) && d->t[j + 1].pair >= j + 2) {
                int p = d->t[j + 1].pair;
                int rest = p + 1;
                while (rest < end && (d->t[rest].flags & TK_PUNCT)) rest++;
                if (rest >= end) {
                    *q2 = j + 1;
                    return true;
                }
            }
            j++;
            first = false;
            continue;
        }
        if (in_class(d, j, LX_CIRC)) {
            c->adj_stop = j;
            return true; /* the rest is circumstance */
        }
        if ((t->lxf & LX_PREP) && !tok_is(d, j, "that") && !tok_is(d, j, "to")) {
            /* a venue or circumstance phrase up to a date, comma or clause word */
            int v0 = j, v = j + 1;
            while (v < end && !punct(d, v, ',') && !tok_is(d, v, "when") && !tok_is(d, v, "while") &&
                   !tok_is(d, v, "that") && !tok_is(d, v, "after") && !(d->t[v].flags & TK_QUOTE)) {
                ws_date tmp;
                if ((tok_is(d, v, "on") || (d->t[v].lxf & LX_MONTH)) &&
                    ws_date_match(d, c->lx, v, end, c->ref, &tmp) > 0)
                    break;
                if ((d->t[v].lxf & (LX_AUX)) && !(d->t[v].lxf & LX_PREP)) return false;
                v++;
            }
            if (!r->venue) {
                int ve = v;
                while (ve > v0 && !(d->t[ve - 1].flags & TK_WORD)) ve--;
                r->venue = ws_tok_text(c->a, d, v0, ve);
            }
            j = v;
            first = false;
            continue;
        }
        if (tok_is(d, j, "to") && first && tell) { j++; continue; }
        if (t->flags & TK_PUNCT) {
            char ch = d->text[t->b];
            if (ch == '.' || ch == ';' || ch == ')' || is_dash(d, j)) { j++; continue; }
            return false;
        }
        /* adverbs that may follow a cue */
        if (in_class(d, j, LX_POSTCUE)) {
            j++;
            continue;
        }
        return false;
    }
    return true;
}

/* Sets kind and trims [c0,c1) into r's content (quotation marks outside a
 * direct quote are not part of it). */
static bool set_content(ctx *c, rawst *r, int c0, int c1)
{
    const tokdoc *d = c->d;
    /* trim punctuation at both ends, keeping quotation marks */
    while (c0 < c1 && (d->t[c0].flags & TK_PUNCT) && !(d->t[c0].flags & TK_QUOTE) &&
           d->text[d->t[c0].b] != '(')
        c0++;
    while (c1 > c0 && (d->t[c1 - 1].flags & TK_PUNCT) && !(d->t[c1 - 1].flags & TK_QUOTE) &&
           d->text[d->t[c1 - 1].b] != ')')
        c1--;
    if (c1 - c0 < 2) return false;
    const tok *f = &d->t[c0];
    if ((f->flags & TK_QOPEN) && f->pair <= c1 - 1 && f->pair >= c1 - 3) {
        /* the whole content is one quotation (maybe with a final period
         * or comma after the closing mark) */
        bool rest_punct = true;
        for (int k = f->pair + 1; k < c1; k++)
            if (!(d->t[k].flags & TK_PUNCT)) rest_punct = false;
        if (rest_punct) {
            int i0 = c0 + 1, i1 = f->pair;
            while (i1 > i0 && (d->t[i1 - 1].flags & TK_PUNCT) && !(d->t[i1 - 1].flags & TK_QUOTE) &&
                   d->text[d->t[i1 - 1].b] != ')' && d->text[d->t[i1 - 1].b] != '?' &&
                   d->text[d->t[i1 - 1].b] != '!')
                i1--;
            if (i1 - i0 < 1) return false;
            r->kind = WS_DIRECT;
            r->c0 = i0;
            r->c1 = i1;
            return true;
        }
    }
    /* a closing mark alone at the end of a content that opened none */
    if ((d->t[c1 - 1].flags & TK_QUOTE) && !(d->t[c1 - 1].flags & TK_QCLOSE)) c1--;
    /* a quotation closing the content after a comma: 'not "A, B,"' ends
     * before the comma, as the reported words do */
    if (c1 - 2 > c0 && (d->t[c1 - 1].flags & TK_QCLOSE) && punct(d, c1 - 2, ',')) c1 -= 2;
    if (c1 > c0 && (d->t[c0].flags & TK_QUOTE) && !(d->t[c0].flags & TK_QOPEN)) c0++;
    while (c1 > c0 && (d->t[c1 - 1].flags & TK_PUNCT) && !(d->t[c1 - 1].flags & TK_QUOTE) &&
           d->text[d->t[c1 - 1].b] != ')')
        c1--;
    /* two words at least (counted up to two); quoted when a quotation
     * mark is in it (marks are on the event list) */
    int words = 0;
    for (int k = c0; k < c1 && words < 2; k++) words += (d->t[k].flags & TK_WORD) != 0;
    if (words < 2) return false;
    bool quoted = false;
    for (int ei = ev_from(c, c0); d->ev[ei] < c1 && !quoted; ei++) quoted = (d->t[d->ev[ei]].flags & TK_QUOTE) != 0;
    r->kind = quoted ? WS_MIXED : WS_INDIRECT;
    r->c0 = c0;
    r->c1 = c1;
    return true;
}

static void mark(ctx *c, int a, int b)
{
    if (a < 0) a = 0;
    if (b > c->d->n) b = c->d->n;
    if (a < b) memset(c->used + a, 1, (size_t)(b - a));
}

/* A fresh statement: no parts yet, the unit's list date if any. */
static void raw_begin(const ctx *c, rawst *r)
{
    /* each field stored, not a memset (a "rep stos", whose count the
     * branch predictor sees) */
    r->kind = (ws_kind)0;
    r->c0 = r->c1 = r->q0 = r->q1 = r->unit = 0;
    r->c20 = r->c21 = r->s0 = r->s1 = r->a0 = r->a1 = -1;
    r->date = c->udate;
    r->date_text = c->udate_text;
    r->venue = r->method = NULL;
    r->conf = 0;
}

/* Records R with its cue [q0,q1) and source [s0,s1), marks [m0,m1) as
 * used; returns 1, or -1 when out of memory. */
static int found(ctx *c, rawst *r, int q0, int q1, int s0, int s1, const char *method, double conf,
                 int m0, int m1)
{
    r->q0 = q0;
    r->q1 = q1;
    r->s0 = s0;
    r->s1 = s1;
    r->method = method;
    r->conf = conf;
    mark(c, m0, m1);
    return ws_raw_push(c->tmp, c->out, r) == WS_OK ? 1 : -1;
}

static bool is_tell(const tok *t) { return t->lx && t->lx->value && !strcmp(t->lx->value, "tell"); }

static bool appositive(const ctx *c, int u0, int k, int *s0, int *s1);
static bool pure_quote(const ctx *c, int u0, int end);
static bool is_conj(const tokdoc *d, int k);
static bool is_cue_adverb(const tokdoc *d, int k);

/* Pass 1 at cue k: attribution after the content. */
static int try_trailing(ctx *c, int u0, int end, int k, int qn, int *cstart)
{
    const tokdoc *d = c->d;
    rawst r; /* begun where it is first written: most cues fail before */
    bool according = qn == 2;

    if (according) {
        /* CONTENT, according to SOURCE [.] */
        if (!(punct(d, k - 1, ',') || is_dash(d, k - 1) || (d->t[k - 1].flags & TK_QCLOSE)))
            return 0;
        int s0 = k + 2, s1 = s0;
        while (s1 < end && !punct(d, s1, ',') && !punct(d, s1, '.') && !punct(d, s1, ';')) s1++;
        if (s1 <= s0 || s1 - s0 > 12) return 0;
        for (int x = s1; x < end; x++)
            if (d->t[x].flags & TK_WORD) return 0;
        int b = k - 1;
        while (b > *cstart && (punct(d, b, ',') || (d->t[b].flags & TK_QCLOSE) || is_dash(d, b))) b--;
        raw_begin(c, &r);
        if (!set_content(c, &r, *cstart, b + 1)) return 0;
        if ((d->t[b].flags & TK_QCLOSE) && r.kind != WS_DIRECT) {
            /* keep the closing mark of a quotation that ends the content */
        }
        r.q0 = k;
        r.q1 = k + 2;
        r.s0 = s0;
        r.s1 = s1;
        r.method = "rule:according-after";
        r.conf = 0.8;
        mark(c, b + 1, end);
        *cstart = end;
        return ws_raw_push(c->tmp, c->out, &r) == WS_OK ? 1 : -1;
    }

    /* boundary: comma and/or closing quotation mark before the source */
    int s1 = k, s0 = k;
    while (s0 > u0 && k - s0 < 12) { /* tokens [u0,k) exist: no index checks */
        const tok *t = &d->t[s0 - 1];
        if (c->inq[s0 - 1] || t->ch == ',' || (t->flags & TK_QUOTE) || dash_tok(d, t)) break;
        s0--;
    }
    bool inverted = false, appos = false;
    while (s1 > s0 && is_cue_adverb(d, s1 - 1)) s1--; /* "Trump also said" */
    while (s0 < s1 && is_conj(d, s0)) s0++;           /* "when Boyle asked" */
    if (s0 == s1 && s1 - 1 > u0 && (punct(d, s1 - 1, ',') || is_dash(d, s1 - 1))) {
        /* '"...," Graham, a former candidate, told CBS' */
        int a0, a1;
        if (appositive(c, u0, s1, &a0, &a1) && a0 > u0) {
            s0 = a0;
            s1 = a1;
            appos = true;
        }
    }
    if (s0 == s1) {
        /* "...," said SOURCE */
        inverted = true;
        s0 = k + 1;
        s1 = s0;
        while (s1 < end && !punct(d, s1, ',') && !(d->t[s1].lxf & LX_PREP) && s1 - s0 < 12 &&
               !(d->t[s1].flags & TK_PUNCT && d->text[d->t[s1].b] == '.'))
            s1++;
        if (s1 == s0) return 0;
        if (!(d->t[s0].flags & TK_CAP) && !(d->t[s0].lxf & LX_FUNCWORD)) return 0;
        if (d->t[s0].lxf & LX_PRONOUN) return 0;
    }
    int b = inverted ? k - 1 : s0 - 1; /* last boundary token */
    if (b <= *cstart) return 0;
    bool has_boundary = false;
    int cb = b; /* content ends before cb+1 */
    /* a closing mark whose opening one stood in an earlier paragraph is
     * unpaired, but still closes the quotation */
    while (cb >= *cstart && (punct(d, cb, ',') || (d->t[cb].flags & TK_QCLOSE) || is_dash(d, cb) ||
                             ((d->t[cb].flags & TK_QUOTE) && !(d->t[cb].flags & TK_QOPEN) && cb + 1 == s0))) {
        has_boundary = true;
        cb--;
    }
    if (!has_boundary || cb < *cstart) return 0;
    if (!appos && !np_ok(c, s0, s1, true)) return 0;
    if ((d->t[k].lxf & LX_WEAK) && !can_speak(d, s0, s1)) return 0;
    int q2 = -1;
    int after = inverted ? s1 : k + 1;
    bool quoted = false; /* a quotation ends right before the source */
    for (int x = cb + 1; x <= b; x++)
        if (d->t[x].flags & TK_QCLOSE) quoted = true;
    raw_begin(c, &r);
    if (!adjuncts(c, after, end, is_tell(&d->t[k]), &r, &q2) && !quoted) return 0;
    int stop = c->adj_stop; /* what follows may hold statements of its own */
    /* content: from cstart to the boundary; a closing mark belongs to it */
    int ce = b + 1; /* set_content trims the boundary's punctuation */
    int cs = *cstart;
    while (cs < ce && (d->t[cs].flags & TK_PUNCT) && !(d->t[cs].flags & TK_QUOTE) &&
           d->text[d->t[cs].b] != '(')
        cs++;
    /* content that is indirect must not be a bare noun phrase: it needs a
     * quotation or at least four words */
    if (!set_content(c, &r, cs, ce)) return 0;
    if (r.kind == WS_INDIRECT) {
        int words = 0; /* counted up to four */
        for (int x = r.c0; x < r.c1 && words < 4; x++) words += (d->t[x].flags & TK_WORD) != 0;
        if (words < 4) return 0;
    }
    if (q2 >= 0) {
        int p = d->t[q2].pair;
        int i0 = q2 + 1, i1 = p;
        while (i1 > i0 && (d->t[i1 - 1].flags & TK_PUNCT) && d->text[d->t[i1 - 1].b] != '?' &&
               d->text[d->t[i1 - 1].b] != '!')
            i1--;
        if (i1 > i0) {
            r.c20 = i0;
            r.c21 = i1;
        }
    }
    r.q0 = k;
    r.q1 = k + 1;
    r.s0 = s0;
    r.s1 = s1;
    r.method = inverted ? "rule:after-inverted" : "rule:after";
    r.conf = r.kind == WS_DIRECT ? 0.95 : 0.85;
    mark(c, b, stop);
    *cstart = stop;
    return ws_raw_push(c->tmp, c->out, &r) == WS_OK ? 1 : -1;
}

/* The first used token in [from,end), or end. */
static int first_used(const ctx *c, int from, int end)
{
    if (from >= end) return end;
    const uint8_t *p = memchr(c->used + from, 1, (size_t)(end - from));
    return p ? (int)(p - c->used) : end;
}

/* The start of the phrase ending at k: back to a comma, colon, quotation
 * mark, "that", a used token or twelve tokens. */
static int back_to_boundary(const ctx *c, int u0, int k)
{
    const tokdoc *d = c->d;
    int s0 = k;
    /* tokens [u0,k) exist: no index checks */
    while (s0 > u0 && k - s0 < 12) {
        const tok *t = &d->t[s0 - 1];
        /* the marks and the used and quoted tokens in one branch; then
         * "that" (a word of the class nostart: the flag first, which
         * most tokens lack, and the length branch only for those few) */
        const uint64_t stops = 1ull << ',' | 1ull << ':' | 1ull << ';';
        unsigned ch = t->ch; /* 0 or ASCII */
        if ((unsigned)((stops >> (ch & 63)) & (ch < 64)) | (t->flags & TK_QUOTE) | c->used[s0 - 1] |
            c->inq[s0 - 1])
            break;
        if ((t->lxf & LX_NOSTART) && that_tok(t)) break;
        s0--;
    }
    return s0;
}

/* The middle of an appositive: "director of the Institute for Policy
 * Integrity at New York University School of Law", "82", "a teacher". */
static bool appos_ok(const ctx *c, int a, int b)
{
    const tokdoc *d = c->d;
    if (a >= b || b - a > 20) return false;
    int words = 0;
    for (int k = a; k < b; k++) {
        const tok *t = &d->t[k];
        if (c->inq[k] || (t->flags & TK_QUOTE) || c->used[k]) return false;
        if (t->lxf & LX_AUX) return false;
        if ((t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) && (t->lxf & (LX_PRESENT | LX_PAST)) &&
            !(t->lxf & LX_CUE_PASSIVE))
            return false;
        words += (t->flags & TK_WORD) != 0;
    }
    return words > 0 && (np_ok(c, a, b, true) || b - a > 5 || (d->t[a].flags & TK_NUM));
}

/* A source set off by commas before its cue at k (token k-1 is a comma):
 *   "Sanders, who won Michigan, said ..."      -> Sanders
 *   "One hopeful, Carly Fiorina, says ..."      -> One hopeful, Carly Fiorina
 *   "Hillary Clinton, the nominee, said ..."    -> Hillary Clinton, the nominee
 * The speaker parser reads the part before the comma first. */
static bool appositive(const ctx *c, int u0, int k, int *s0, int *s1)
{
    const tokdoc *d = c->d;
    int c1 = k - 1, c0 = c1 - 1;
    bool dash = is_dash(d, c1);
    while (c0 > u0 && !(dash ? is_dash(d, c0) : punct(d, c0, ',')) && !c->inq[c0] && !c->used[c0] &&
           c1 - c0 < 30)
        c0--;
    if (c0 <= u0 || !(dash ? is_dash(d, c0) : punct(d, c0, ','))) return false;
    int a1 = c0, a0 = back_to_boundary(c, u0, c0);
    bool before_ok = a0 < a1 && np_ok(c, a0, a1, false);
    if (tok_is(d, c0 + 1, "who") || tok_is(d, c0 + 1, "which")) {
        if (!before_ok) return false;
        *s0 = a0;
        *s1 = a1;
        return true;
    }
    if (!appos_ok(c, c0 + 1, c1)) return false;
    if (before_ok && a1 - a0 + c1 - c0 <= 24) {
        *s0 = a0; /* both parts name the source */
        *s1 = c1;
        return true;
    }
    *s0 = c0 + 1;
    *s1 = c1;
    return true;
}

/* Pass 2 at cue k: attribution before the content. */
static int try_leading(ctx *c, int u0, int end, int k, int qn, uint32_t cls, int src0, int src1)
{
    const tokdoc *d = c->d;
    rawst r;
    raw_begin(c, &r);
    int s0, s1, cs;
    bool src_ok = true; /* the source needs no np_ok below (known to pass, or not asked) */
    if (qn == 2) {
        /* According to SOURCE, CONTENT */
        s0 = k + 2;
        s1 = s0;
        while (s1 < end && !punct(d, s1, ',') && s1 - s0 < 14) s1++;
        if (s1 >= end || !punct(d, s1, ',') || s1 == s0) return 0;
        cs = s1 + 1;
    } else if (src0 >= 0) {
        s0 = src0;
        s1 = src1;
        cs = k + 1;
    } else {
        s1 = k;
        /* adverbs and auxiliaries between source and cue: "He also
         * said", "Trump has repeatedly said" */
        while (s1 > u0 && is_cue_adverb(d, s1 - 1)) s1--;
        s0 = back_to_boundary(c, u0, s1);
        /* "while 73 percent said": not the conjunction */
        while (s0 < s1 && is_conj(d, s0)) s0++;
        bool appos = false;
        if (s1 > u0 && ((low8(&d->t[s1 - 1]) == w8("who")) | (low8(&d->t[s1 - 1]) == w8("whom")))) {
            /* "voters, who said ...": the source is "who", the speaker
             * the phrase it stands for */
            s0 = s1 - 1;
            int e = s0;
            if (e > u0 && punct(d, e - 1, ',')) e--;
            int b0 = back_to_boundary(c, u0, e);
            while (b0 < e && is_conj(d, b0)) b0++;
            if (b0 < e && np_ok(c, b0, e, true)) {
                r.a0 = b0;
                r.a1 = e;
            }
            appos = true; /* no further checks on the source */
        } else
        if (s0 == s1 && (punct(d, s1 - 1, ',') || is_dash(d, s1 - 1))) {
            if (!appositive(c, u0, s1, &s0, &s1)) return 0;
            appos = true;
        }
        if (!appos && !np_ok(c, s0, s1, false)) {
            /* "On Monday, X said", "In 2016 Trump said": the shortest
             * suffix that is a name or pronoun */
            int t = s1 - 1;
            while (t >= s0 && (d->t[t].flags & TK_CAP) && !(d->t[t].lxf & LX_FUNCWORD)) t--;
            if (t + 1 < s1 && np_ok(c, t + 1, s1, false) && !(d->t[t].lxf & LX_AUX)) s0 = t + 1;
            else if (s1 - 1 >= s0 && (d->t[s1 - 1].lxf & LX_PRONOUN) && np_ok(c, s1 - 1, s1, false))
                s0 = s1 - 1;
            else
                return 0;
        }
        /* past the test above np_ok(c, s0, s1, false) holds */
        src_ok = !appos;
        cs = k + 1;
    }
    if (!src_ok && !punct(d, s1 - 1, ',') && !has_comma(d, s0, s1) && !np_ok(c, s0, s1, false))
        return 0;
    /* between cue and content: dates, a venue, "that", ":" or "," */
    int j = cs;
    int guard = 0;
    bool that = false;
    while (j < end && guard++ < 14) {
        ws_date dt;
        int n = ws_date_match(d, c->lx, j, end, c->ref, &dt);
        if (n > 0) {
            if (!r.date_text || r.date_text == c->udate_text) {
                r.date = dt;
                r.date_text = ws_tok_text(c->a, d, j, j + n);
            }
            j += n;
            continue;
        }
        if (tok_is(d, j, "that")) { j++; that = true; break; }
        if (punct(d, j, ':') || punct(d, j, ',')) { j++; break; }
        if (qn == 1 && is_tell(&d->t[k]) && j == cs) {
            /* told reporters (that) ...: skip a short object up to "that",
             * a colon, a comma or a subject pronoun; without one the
             * object is all there is ("told supporters in Nashua") */
            int o = j;
            while (o < end && o - j < 6 && is_word(d, o) && !tok_is(d, o, "that") &&
                   !(d->t[o].lxf & LX_PRONOUN && o > j))
                o++;
            if (o < end && !tok_is(d, o, "that") && !(d->t[o].lxf & LX_PRONOUN)) {
                /* a longer object ending in "that": "told a crowded hall
                 * in Baltimore that ..." */
                int x = o;
                while (x < end && x - j < 16 && !c->inq[x] && !tok_is(d, x, "that") &&
                       !(d->t[x].flags & TK_QUOTE))
                    x++;
                if (x < end && tok_is(d, x, "that")) o = x;
            }
            if (o < end && (tok_is(d, o, "that") || punct(d, o, ':') || punct(d, o, ',') ||
                            (d->t[o].lxf & LX_PRONOUN))) {
                j = o;
                if (d->t[o].lxf & LX_PRONOUN) break;
                continue;
            }
            return 0;
        }
        if ((d->t[j].lxf & LX_PREP) && j == cs && !tok_is(d, j, "to")) {
            /* said in a statement that ... : a venue then "that" */
            int v = j + 1;
            while (v < end && v - j < 10 && !tok_is(d, v, "that") && !punct(d, v, ':') &&
                   !punct(d, v, ',') && !(d->t[v].flags & TK_QUOTE))
                v++;
            if (v < end && (tok_is(d, v, "that") || punct(d, v, ':') || punct(d, v, ','))) {
                if (!r.venue) r.venue = ws_tok_text(c->a, d, j, v);
                j = v;
                continue;
            }
            /* no clause after it: the preposition belongs to the cue
             * ("calling for", "talked about", "weighed in on") */
            if (qn == 1 && !tok_is(d, j, "in") && !tok_is(d, j, "at") && !tok_is(d, j, "during")) {
                qn = j + 1 - k;
                j++;
                break;
            }
            return 0;
        }
        break;
    }
    (void)that;
    if (j >= end && c->nx0 >= 0 && !c->used[c->nx0] &&
        (punct(d, j - 1, ':') || pure_quote(c, c->nx0, c->nx1))) {
        /* "X said:" ends the unit: the next unit holds the words */
        rawst r2 = r;
        if (!set_content(c, &r2, c->nx0, c->nx1)) return 0;
        r2.q0 = k;
        r2.q1 = k + qn;
        r2.s0 = s0;
        r2.s1 = s1;
        r2.method = "rule:before-colon";
        r2.conf = 0.75;
        mark(c, s0, j);
        mark(c, c->nx0, c->nx1);
        return ws_raw_push(c->tmp, c->out, &r2) == WS_OK ? 1 : -1;
    }
    int cend = first_used(c, j, end);
    /* coordination: "... and emphasized that ..." ends this content */
    int coord = -1;
    /* the second cue y answers cue_at with 1, so it is a candidate: each
     * candidate yc in (j, cend) is tried with the "and" (x) one or two
     * tokens before it.  An x is tried at the turn of its own y (x+1, or
     * x+2 after "also"/"then"), which grows with x: the first x found is
     * the first of [j, cend) that coordinates. */
    int ci = first_from(c->cand, c->ncand, &c->at_cand, j + 1);
    for (; c->cand[ci] < cend && coord < 0; ci++) {
        int yc = c->cand[ci];
        for (int x = yc - 2; x < yc; x++) {
            if (x < j || x + 1 >= cend) continue;
            if (c->inq[x] || !tok_is(d, x, "and")) continue;
            uint32_t cl2;
            int y = x + 1;
            if (y < cend && (tok_is(d, y, "also") || tok_is(d, y, "then"))) y++;
            if (y != yc) continue; /* tried at the turn of its own y */
            if (y < cend && cue_at(c, y, end, &cl2) == 1 && (d->t[y].lxf & LX_PAST) == (d->t[k].lxf & LX_PAST)) {
                coord = y;
                cend = x;
                break;
            }
        }
    }
    /* a comma before "but", "saying", "even though", "while", ... ends
     * the reported words: what follows is the writer's */
    /* (the commas and closing marks are marks: on the event list) */
    for (int ei = j + 3 < cend ? ev_from(c, j + 2) : 0; j + 3 < cend && d->ev[ei] + 1 < cend; ei++) {
        int x = d->ev[ei];
        /* the comma may end a quotation: 'has "expanded the party," claiming' */
        int cut = x;
        if ((d->t[x].flags & TK_QCLOSE) && punct(d, x - 1, ',')) cut = x + 1;
        else if (c->inq[x] || !punct(d, x, ',')) continue;
        const tok *nx = &d->t[x + 1];
        /* a participle, or a word of words.tsv's cut (but even although
         * though while whereas: one flag where there were six compares),
         * or "according" */
        bool participle = (nx->flags & (TK_WORD | TK_CAP)) == TK_WORD &&
                          !(nx->lxf & (LX_FUNCWORD | LX_PREP)) && ends_with(nx->low, "ing");
        if (in_class(d, x + 1, LX_CUT) || participle || tok_is(d, x + 1, "according")) {
            cend = cut;
            break;
        }
    }
    /* "said as he launched the process": circumstance, not words */
    if (j < cend) {
        uint64_t w = low8(&d->t[j]); /* one branch for the six words */
        if ((w == w8("as")) | (w == w8("when")) | (w == w8("while")) | (w == w8("after")) |
            (w == w8("before")) | (w == w8("during")))
            return 0;
    }
    if (!set_content(c, &r, j, cend)) return 0;
    if (cls == LX_CUE_BELIEF && r.kind == WS_DIRECT) return 0;
    if ((d->t[k].lxf & LX_WEAK) && !can_speak(d, r.a0 >= 0 ? r.a0 : s0, r.a0 >= 0 ? r.a1 : s1)) return 0;
    r.q0 = k;
    r.q1 = k + qn;
    r.s0 = s0;
    r.s1 = s1;
    r.method = tok_is(d, k, "according") ? "rule:according-before" : (src0 >= 0 ? "rule:coordinated" : "rule:before");
    r.conf = cls == LX_CUE_BELIEF ? 0.6 : 0.8;
    /* venue after "According to X" is none */
    mark(c, s0, j);
    if (ws_raw_push(c->tmp, c->out, &r) != WS_OK) return -1;
    if (coord >= 0) return 2 + coord; /* caller continues with the coordinated cue */
    return 1;
}

/* The subject at the start of a unit, for ", saying ...": a run of
 * capitalised words, titles and determiners ending before a lowercase
 * word ("Marco Rubio tweeted ..., saying ..."). */
static bool subject(const ctx *c, int u0, int k, int *s0, int *s1)
{
    const tokdoc *d = c->d;
    int e = u0;
    bool cap = false;
    while (e < k && e - u0 < 8) {
        const tok *t = &d->t[e];
        if ((t->flags & TK_CAP) && (t->flags & TK_WORD)) { cap = true; e++; continue; }
        if (t->lxf & (LX_TITLE | LX_DEMONYM | LX_ORG)) { e++; continue; }
        if (e == u0 && (tok_is(d, e, "the") || tok_is(d, e, "a"))) { e++; continue; }
        if ((t->lxf & LX_PRONOUN) && e == u0) { cap = true; e++; break; }
        break;
    }
    if (!cap || e == u0 || e >= k) return false;
    if (!np_ok(c, u0, e, false)) return false;
    *s0 = u0;
    *s1 = e;
    return true;
}

/* Is [u0,end) one quotation and nothing else? */
static bool pure_quote(const ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    if (u0 >= end || !(d->t[u0].flags & TK_QOPEN)) return false; /* an empty unit has no token u0 */
    int p = d->t[u0].pair;
    if (p < u0 + 2) return false;
    for (int k = p + 1; k < end; k++)
        if (d->t[k].flags & TK_WORD) return false;
    return true;
}

/* A headline "Name: words" or "Name: 'quote'" at a unit start. */
static int try_colon(ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    /* the first colon at most seven tokens into the unit */
    int p = c->colon[first_from(c->colon, c->ncolon, &c->at_colon0, u0)];
    if (p >= end || p - u0 > 7 || p == u0 || c->used[p]) return 0;
    bool cap = false;
    for (int k = u0; k < p; k++) {
        const tok *t = &d->t[k];
        if (!(t->flags & TK_WORD)) {
            char ch = d->text[t->b];
            if (ch != '.' && ch != '-' && ch != '&') return 0;
            continue;
        }
        if (t->flags & TK_NUM) return 0;
        if (t->lxf & (LX_STOPNAME | LX_MONTH | LX_WEEKDAY | LX_AUX | LX_CUE_VERB | LX_CUE_BELIEF)) return 0;
        if ((t->flags & TK_CAP) && !(t->lxf & LX_FUNCWORD)) cap = true;
        else if (!(t->lxf & (LX_TITLE | LX_GROUPNOUN | LX_ORG | LX_DEMONYM | LX_FUNCWORD))) return 0;
    }
    if (!cap || !np_ok(c, u0, p, true)) return 0;
    ws_date dt;
    for (int k = u0; k < p; k++)
        if (ws_date_match(d, c->lx, k, p, c->ref, &dt) > 0) return 0;
    rawst r;
    raw_begin(c, &r);
    if (!set_content(c, &r, p + 1, end)) return 0;
    int words = 0;
    for (int k = r.c0; k < r.c1; k++) words += (d->t[k].flags & TK_WORD) != 0;
    if (words < 3) return 0;
    return found(c, &r, p, p + 1, u0, p, "rule:colon", 0.6, u0, end);
}

/* A name standing before a quotation after a colon, mid-sentence:
 * "... doesn't surprise pollster Daron Shaw: "Historically, ..."" */
static int try_colon_quote(ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    for (int i = first_from(c->colon, c->ncolon, &c->at_colon1, u0 + 1); c->colon[i] + 1 < end; i++) {
        int p = c->colon[i];
        if (c->used[p] || c->inq[p] || !(d->t[p + 1].flags & TK_QOPEN)) continue;
        int q = d->t[p + 1].pair;
        if (q <= p + 2) continue;
        /* the name: capitalised words, titles and "and" right before */
        int s0 = p;
        while (s0 > u0 && s0 > p - 8 &&
               (((d->t[s0 - 1].flags & TK_CAP) && (d->t[s0 - 1].flags & TK_WORD)) ||
                (d->t[s0 - 1].lxf & LX_TITLE) || tok_is(d, s0 - 1, "and") || punct(d, s0 - 1, '.')))
            s0--;
        while (s0 < p && (tok_is(d, s0, "and") || (d->t[s0].flags & TK_PUNCT))) s0++;
        if (s0 >= p || !can_speak(d, s0, p) || !np_ok(c, s0, p, false)) continue;
        rawst r;
        raw_begin(c, &r);
        if (!set_content(c, &r, p + 1, q + 1)) continue;
        r.q0 = p;
        r.q1 = p + 1;
        r.s0 = s0;
        r.s1 = p;
        r.method = "rule:colon-quote";
        r.conf = 0.7;
        mark(c, s0, q + 1);
        if (ws_raw_push(c->tmp, c->out, &r) != WS_OK) return -1;
        while (c->colon[i + 1] <= q) i++; /* on after the quotation */
    }
    return 0;
}

/* An embedded post or a pull quote signed after a dash:
 * "words words — Paul Ryan (@SpeakerRyan) July 5, 2016", ""..." ― Name" */
static int try_dash_signature(ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    /* the last dash in (u0+2, end-2] */
    int i = first_from(c->dash, c->ndash, &c->at_dash, end - 1);
    if (i == 0 || c->dash[i - 1] <= u0 + 2) return 0;
    int p = c->dash[i - 1];
    if (c->used[p] || c->inq[p]) return 0;
    /* the signature: a name of one to four capitalised words, then
     * maybe "(@handle)" and a date, then the unit's end */
    int s0 = p + 1, s1 = s0;
    while (s1 < end && s1 - s0 < 5 && (d->t[s1].flags & TK_CAP) && (d->t[s1].flags & TK_WORD)) s1++;
    if (s1 == s0 || !can_speak(d, s0, s1)) return 0;
    int x = s1;
    if (x < end && punct(d, x, '(')) {
        while (x < end && !punct(d, x, ')')) x++;
        x++;
    }
    ws_date dt;
    int dn = x < end ? ws_date_match(d, c->lx, x, end, c->ref, &dt) : 0;
    if (dn > 0) x += dn;
    while (x < end && (d->t[x].flags & TK_PUNCT)) x++;
    if (x < end && !punct(d, x, '<')) return 0;
    rawst r;
    raw_begin(c, &r);
    r.date = dn > 0 ? dt : c->udate;
    r.date_text = dn > 0 ? ws_tok_text(c->a, d, s1, x) : c->udate_text;
    if (!set_content(c, &r, u0, p)) return 0;
    return found(c, &r, p, p + 1, s0, s1, "rule:signature", 0.6, u0, end);
}

/* Date of a list header ("Key developments on Feb. 26:") for the bullet
 * items below it. */
static bool header_date(ctx *c, const unit *u, ws_date *dt, const char **txt)
{
    const tokdoc *d = c->d;
    if (!punct(d, u->t1 - 1, ':')) return false;
    for (int k = u->t0; k < u->t1 - 1; k++) {
        int n = ws_date_match(d, c->lx, k, u->t1 - 1, c->ref, dt);
        if (n > 0) {
            *txt = ws_tok_text(c->a, d, k, k + n);
            return true;
        }
    }
    return false;
}

/* Lists token k of TK (whose entry is ACC when it is "according", a
 * token with ACC's flags) at cand[*nc], counted when it is a cue
 * candidate, and at title[*nti], counted when it is a title word before
 * NT2: stored either way, so that no branch depends on the token. */
static inline void list_tok(const tok *tk, int k, const lx_entry *acc, int nt2, int *cand,
                            int *nc, int *title, int *nti)
{
    const tok *t = &tk[k];
    uint32_t lxf = t->lxf;
    bool according = (t->lx == acc) & (t->ll == 9);
    cand[*nc] = k;
    *nc += (int)(((lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) != 0) | according);
    title[*nti] = k;
    *nti += (int)(((lxf & LX_TITLE) != 0) & (k < nt2));
}

int ws_att_find(arena *a, arena *tmp, const ws_lexicon *lx, const tokdoc *d, ws_date ref, rawlist *out,
             const int **titles)
{
    ctx c = {a, tmp, lx, d, ref, out, NULL, NULL, {0, 0, 0}, NULL, -1, -1, 0, 0, 0, 0,
             NULL, NULL, 0, 0, 0, 0, 0, NULL, 0, 0, 0};
    c.inq = ws_arena_alloc(tmp, (size_t)d->n + 1);
    c.used = ws_arena_alloc(tmp, (size_t)d->n + 1);
    if (!c.inq || !c.used) return WS_NOMEM;
    memset(c.inq, 0, (size_t)d->n + 1);
    memset(c.used, 0, (size_t)d->n + 1);
    /* Passes 1-3 start only at a cue word or "according" (cue_at): the
     * document's candidates, in order, so that they do not visit every
     * token.  A sentinel d->n ends the list. */
    int *cand = ws_arena_alloc(tmp, ((size_t)d->n + 1) * sizeof *cand);
    int *colon = ws_arena_alloc(tmp, ((size_t)d->n + 1) * sizeof *colon);
    int *dash = ws_arena_alloc(tmp, ((size_t)d->n + 1) * sizeof *dash);
    int *title = ws_arena_alloc(tmp, ((size_t)d->n + 1) * sizeof *title);
    /* cue_at's answers for the candidates (by index in CAND): pass 1
     * asks for each, passes 2 and 3 read them (they depend on the token,
     * the unit's end and its title case, none of which a pass changes) */
    uint32_t *cue = ws_arena_alloc(tmp, ((size_t)d->n + 1) * sizeof *cue);
    if (!cand || !colon || !dash || !title || !cue) return WS_NOMEM;
    int ncand = 0, ncolon = 0, ndash = 0, ntitle = 0;
    const int nt2 = d->n - 2; /* ws_spk_harvest reads titles before it */
    /* Each list gets K stored at its end and counted only when K belongs
     * there (no list outgrows K + 1 entries): no branch to mispredict
     * among the tokens each loop below looks at. */
    const tok *tk = d->t;
    const unsigned char *text = (const unsigned char *)d->text;
    const int n = d->n; /* locals: the stores below could alias d's fields */
    /* "according" by its lexicon entry when it has one (the learned cue
     * statistics list it): a token's entry is the one of its lowercased
     * form, or of that form less a final period ("according." has
     * length 10), so no branch on the length and no compare of bytes */
    const lx_entry *acc = ws_lx_get(lx, "according", 9);
    /* the words: a cue candidate has a cue flag or is "according", a
     * title word LX_TITLE; the few such tokens (a branch seldom taken)
     * are listed as above.  A token whose entry is ACC has ACC's flags
     * among its own (the tokenizer ORs them in), so when ACC has flags
     * they select it without a look at the length.  Tried and dropped:
     * the tokenizer listing these words as it writes them (its fast
     * loop then ran ~4% slower overall, more than this loop costs). */
    const uint32_t sel = LX_CUE_VERB | LX_CUE_BELIEF | LX_TITLE | (acc ? acc->flags : 0);
    const bool by_len = !acc || !acc->flags;
    if (!by_len) {
        /* sixty-four tokens a step, as sixteen groups of four: a bit a
         * group that has a token with a flag of SEL, made without a
         * branch; in most groups none has, and the set bits are visited
         * (a loop whose exit mispredicts once a step, where a loop over
         * the groups mispredicted at each group that had one).  The
         * four tokens of such a group are listed without a branch (a
         * token without a flag of SEL has none of the flags listed, and
         * is not ACC, whose flags it would carry) */
        const int n64 = n & ~63;
        int k = 0, nc = 0, nti = 0;
        for (; k < n64; k += 64) {
            const tok *t = &tk[k];
            uint32_t m = 0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
            for (int g = 0; g < 16; g++, t += 4)
                m |= (uint32_t)(((t[0].lxf | t[1].lxf | t[2].lxf | t[3].lxf) & sel) != 0) << g;
            for (; m; m &= m - 1) {
                int kg = k + 4 * __builtin_ctz(m);
                list_tok(tk, kg, acc, nt2, cand, &nc, title, &nti);
                list_tok(tk, kg + 1, acc, nt2, cand, &nc, title, &nti);
                list_tok(tk, kg + 2, acc, nt2, cand, &nc, title, &nti);
                list_tok(tk, kg + 3, acc, nt2, cand, &nc, title, &nti);
            }
        }
        for (; k < n; k++) list_tok(tk, k, acc, nt2, cand, &nc, title, &nti);
        ncand = nc;
        ntitle = nti;
    } else {
        for (int k = 0; k < n; k++) {
            const tok *t = &tk[k];
            uint32_t lxf = t->lxf;
            if (!(lxf & sel) && t->ll != 9) continue;
            bool according = acc ? (t->lx == acc) & (t->ll == 9)
                                 : t->ll == 9 && t->low && memcmp(t->low, "according", 9) == 0;
            cand[ncand] = k;
            ncand += (int)(((lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) != 0) | according);
            title[ntitle] = k;
            ntitle += (int)(((lxf & LX_TITLE) != 0) & (k < nt2));
        }
    }
    /* the marks: colons, dashes and opening quotation marks are
     * punctuation, all on the tokenizer's event list (d->ev) */
    for (const int *ev = d->ev; *ev < n; ev++) {
        int k = *ev;
        const tok *t = &tk[k];
        unsigned fl = t->flags;
        unsigned ch = t->ch;
        /* a word token is no quotation mark (TK_QOPEN marks only
         * TK_QUOTE tokens, which are punctuation), no colon and no dash
         * (U+2015 is no word character to start one).  Colons and
         * '-' (one-byte ASCII punctuation, t->ch) are listed as the
         * candidates are, without a branch; opening quotation marks and
         * marks of more bytes (no t->ch: the other dashes) are rare
         * beside the commas and periods, and take one branch */
        bool mark = !(fl & TK_WORD);
        colon[ncolon] = k;
        ncolon += (int)(mark & (ch == ':'));
        dash[ndash] = k;
        ndash += (int)(mark & (ch == '-'));
        if (__builtin_expect(((fl & TK_QOPEN) != 0) | (mark & (ch == 0)), 0)) {
            if ((fl & TK_QOPEN) && t->pair > k) memset(c.inq + k + 1, 1, (size_t)(t->pair - k - 1));
            /* is_dash, or U+2015 */
            const unsigned char *p = text + t->b;
            if (mark && !ch && t->e - t->b == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
                (((fl & TK_PUNCT) && (p[2] == 0x93 || p[2] == 0x94)) || p[2] == 0x95))
                dash[ndash++] = k;
        }
    }
    cand[ncand] = d->n;
    title[ntitle] = d->n;
    *titles = title;
    colon[ncolon] = d->n;
    dash[ndash] = d->n;
    c.cand = cand;
    c.ncand = ncand;
    c.colon = colon;
    c.ncolon = ncolon;
    c.dash = dash;
    c.ndash = ndash;
    int cu = 0; /* the first candidate of the current unit */

    ws_date list_date = {0, 0, 0};
    const char *list_text = NULL;
    int prev_quote = -1; /* a quoted statement the next unit may continue */
    for (int ui = 0; ui < d->nu; ui++) {
        const unit *u = &d->u[ui];
        int u0 = u->t0, end = u->t1;
        bool bullet = u0 > 0 && (d->t[u0 - 1].flags & TK_BULLET);
        if (!bullet) { list_date.y = 0; list_text = NULL; }
        ws_date hd;
        const char *ht;
        if (header_date(&c, u, &hd, &ht)) {
            list_date = hd;
            list_text = ht;
            continue;
        }
        c.udate = bullet ? list_date : (ws_date){0, 0, 0};
        c.udate_text = bullet ? list_text : NULL;
        if (end > u0) {
            /* the final mark (mostly one or none): a step without a
             * branch on it, then the loop for any more */
            const tok *te = &d->t[end - 1];
            char ch = d->text[te->b];
            end -= ((te->flags & (TK_PUNCT | TK_QUOTE)) == TK_PUNCT) & ((ch == '.') | (ch == '!') | (ch == '?'));
        }
        while (end > u0 && (d->t[end - 1].flags & TK_PUNCT) && !(d->t[end - 1].flags & TK_QUOTE) &&
               (d->text[d->t[end - 1].b] == '.' || d->text[d->t[end - 1].b] == '!' ||
                d->text[d->t[end - 1].b] == '?'))
            end--;
        while (u0 < end && (d->t[u0].flags & TK_PUNCT) && !(d->t[u0].flags & TK_QUOTE) &&
               d->text[d->t[u0].b] != '(')
            u0++;
        c.nx0 = ui + 1 < d->nu ? d->u[ui + 1].t0 : -1;
        c.nx1 = ui + 1 < d->nu ? d->u[ui + 1].t1 : -1;
        if (c.nx0 >= 0 && c.used[c.nx0]) continue; /* taken by "X said:" */
        int first = out->n;
        /* passes 1-3 visit the unit's candidates [cu, ...) below END */
        while (cand[cu] < u0) cu++;
        c.tu0 = u0; /* titlecase() reads them, when cue_at asks */
        c.tend = end;
        c.titlecase = -1;
        int cnext = cu; /* past the unit's candidates: where the next unit's start */
        if (cand[cu] < end) { /* one branch for a unit without candidates, not one a pass */
            /* pass 1 (and cue_at for the passes after it: its length in
             * the low bits, the class in the others) */
            int cstart = u0;
            for (int ci = cu; cand[ci] < end; ci++, cnext = ci) {
                int k = cand[ci];
                uint32_t cls = 0;
                int qn = cue_at(&c, k, end, &cls);
                cue[ci] = (uint32_t)qn | cls << 2;
                if ((k <= u0) | (qn == 0) | (c.used[k] != 0)) continue;
                int rc = try_trailing(&c, u0, end, k, qn, &cstart);
                if (rc < 0) return WS_NOMEM;
            }
            /* pass 2 */
            for (int ci = cu; cand[ci] < end; ci++) {
                int k = cand[ci];
                uint32_t cls = cue[ci] >> 2;
                int qn = (int)(cue[ci] & 3);
                if ((qn == 0) | (c.used[k] != 0)) continue;
                if (qn == 2 && !(k == u0 || punct(d, k - 1, ',') || tok_is(d, k - 1, "and") ||
                                 tok_is(d, k - 1, "but")))
                    continue;
                c.at_cand = ci; /* try_leading looks for candidates after k: from k's */
                int rc = try_leading(&c, u0, end, k, qn, cls, -1, -1);
                if (rc < 0) return WS_NOMEM;

                while (rc >= 2) {
                    /* coordinated cue: same source */
                    int y = rc - 2;
                    const rawst *prev = &out->v[out->n - 1];
                    uint32_t cl2 = 0;
                    cue_at(&c, y, end, &cl2);
                    rc = try_leading(&c, u0, end, y, 1, cl2, prev->s0, prev->s1);
                    if (rc < 0) return WS_NOMEM;
                    k = y;
                }
                while (cand[ci + 1] <= k) ci++; /* on after y */
            }
            /* pass 3: ", saying ..." takes the subject of the sentence */
            for (int ci = cu; cand[ci] < end; ci++) {
                int k = cand[ci];
                if (k < u0 + 2) continue;
                if (c.used[k] | c.inq[k]) continue;
                bool participle = (d->t[k].lxf & LX_GERUND) && (d->t[k].lxf & LX_CUE_VERB) && punct(d, k - 1, ',');
                /* "Mr. Schultz supported Democrats ..., and said he ..." */
                bool and_cue = tok_is(d, k - 1, "and") && (cue[ci] & 3) == 1;
                if (!participle && !and_cue) continue;
                int s0, s1;
                if (out->n > first && out->v[out->n - 1].s0 >= 0) {
                    s0 = out->v[out->n - 1].s0;
                    s1 = out->v[out->n - 1].s1;
                } else if (!subject(&c, u0, k, &s0, &s1)) {
                    continue;
                }
                c.at_cand = ci;
                int rc = try_leading(&c, u0, end, k, 1, LX_CUE_VERB, s0, s1);
                if (rc < 0) return WS_NOMEM;
                if (rc > 0) out->v[out->n - 1].method = "rule:participle";
            }
        }
        /* pass 4: a headline "Name: words" */
        if (out->n == first && try_colon(&c, u0, end) < 0) return WS_NOMEM;
        if (out->n == first && try_dash_signature(&c, u0, end) < 0) return WS_NOMEM;
        if (try_colon_quote(&c, u0, end) < 0) return WS_NOMEM;
        /* a quotation standing alone after a quoted statement continues it */
        if ((out->n == first) & (prev_quote >= 0) && pure_quote(&c, u0, end)) {
            rawst *pr = &out->v[prev_quote];
            int q0 = u0, q1 = d->t[u0].pair;
            if (pr->c20 < 0 && q1 > q0 + 1) {
                pr->c20 = q0 + 1;
                pr->c21 = q1;
                while (pr->c21 > pr->c20 && (d->t[pr->c21 - 1].flags & TK_PUNCT) &&
                       strchr(",.", d->text[d->t[pr->c21 - 1].b]))
                    pr->c21--;
                mark(&c, u0, end);
            }
            prev_quote = -1;
        } else {
            prev_quote = -1;
            for (int i = first; i < out->n; i++)
                if (out->v[i].kind != WS_INDIRECT) prev_quote = i;
        }
        cu = cnext; /* units follow each other: the next starts at or after END */
    }
    for (int i = 0; i < out->n; i++) {
        /* unit index for pronoun resolution order */
        out->v[i].unit = 0;
    }
    return WS_OK;
}
