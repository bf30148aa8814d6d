/*
 * patterns.h -- what the files of attrib/ share: the state of one
 * document's search (ctx), small tests of tokens, and the steps that more
 * than one pattern takes.  Included by attrib/ only.
 */
#ifndef WS_ATTRIB_PATTERNS_H
#define WS_ATTRIB_PATTERNS_H

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
static inline bool punct(const tokdoc *d, int k, char ch) { return tok_punct(d, k, ch); }
static inline bool is_dash(const tokdoc *d, int k)
{
    return k >= 0 && k < d->n && tok_dash(d, &d->t[k]);
}
/* segment.h's tok_low8 and TOK_W8: low8(t) == w8(W) when T is the
 * literal word W (at most seven bytes); a set of words as such compares
 * joined by '|'. */
static inline uint64_t low8(const tok *t) { return tok_low8(t); }
#define w8(w) TOK_W8(w)
/* Is token K of D (any index) the word A or B (at most seven bytes each)? */
#define word2(d, k, a, b) word2_((d), (k), w8(a), w8(b))
static inline bool word2_(const tokdoc *d, int k, uint64_t a, uint64_t b)
{
    if (k < 0 || k >= d->n) return false;
    uint64_t w = low8(&d->t[k]);
    return (w == a) | (w == b);
}
/* Is T the word "that"?  (tok_is without the index check.) */
static inline bool that_tok(const tok *t) { return t->ll == 4 && t->low && memcmp(t->low, "that", 4) == 0; }
/* Does IN's source open O's content, or follow a "that" or "what" inside
 * it ("X said [Y believes Z]", "X denounced [what Y calls Z]")?  The test
 * of a statement nested in another's content (find.c among the patterns'
 * candidates, screen.c in a model proposal's). */
static inline bool source_opens_content(const tokdoc *d, const rawst *in, const rawst *o)
{
    return in->s0 == o->c0 ||
           (in->s0 > o->c0 && in->s0 < o->c1 && (that_tok(&d->t[in->s0 - 1]) || tok_is(d, in->s0 - 1, "what")));
}
/* Is token k a word of the class CLS (LX_CLAUSE, LX_CUE_ADV, ...: words
 * without a period, from words.tsv)?  A token that absorbed a period
 * ("A.", "No.") carries the flags of its bare word too, but is none of
 * these words: a flag counts only when the token does not end in '.'. */
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
static inline bool is_conj(const tokdoc *d, int k) { return in_class(d, k, LX_CLAUSE); }
static inline bool is_word(const tokdoc *d, int k) { return k >= 0 && k < d->n && (d->t[k].flags & TK_WORD); }

/* Is token K (of D) a form of "be", a passive's auxiliary? */
static inline bool ws_att_be(const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    if (!(t->lxf & LX_AUX) || t->ll > 5) return false;
    uint64_t w = low8(t);
    return (w == w8("is")) | (w == w8("are")) | (w == w8("was")) | (w == w8("were")) | (w == w8("be")) |
           (w == w8("been")) | (w == w8("being")) | (w == w8("'s")) | (w == w8("am"));
}

/* Is T a form of "tell" (whose object may follow the cue)? */
static inline bool is_tell(const tok *t) { return t->lx && t->lx->value && !strcmp(t->lx->value, "tell"); }

/* ---- phrases and statements (phrase.c) */

/* Is there a comma or dash among tokens [a,b)? */
bool ws_att_has_comma(const tokdoc *d, int a, int b);
/* Does S end with SUF, with more than two bytes before it? */
bool ws_att_ends_with(const char *s, const char *suf);
/* Can [s0,s1) speak: a name, a pronoun, a title, an organisation or a
 * group ("officials"), not any noun phrase? */
bool ws_att_can_speak(const tokdoc *d, int s0, int s1);
/* May token K stand between a source and its cue ("also", "has")? */
bool ws_att_is_cue_adverb(const tokdoc *d, int k);
/* The cue at token K (before END): its length in tokens, 0 for none;
 * its class (LX_CUE_VERB or LX_CUE_BELIEF) in *CLS. */
int ws_att_cue_at(ctx *c, int k, int end, uint32_t *cls);
/* Is the unit (c->tu0, c->tend) a title-case headline: four or more
 * words (not numbers), at least 80% of them capitalised, not inside a
 * quotation?  Computed once a unit (c->titlecase). */
bool ws_att_titlecase(ctx *c);
/* Does [s0,s1) look like a source noun phrase?  LOOSE accepts a short
 * phrase of common nouns. */
bool ws_att_np_ok(const ctx *c, int s0, int s1, bool loose);
/* Sets R's kind and content from [c0,c1), trimmed; false when what is
 * left is no content. */
bool ws_att_set_content(ctx *c, rawst *r, int c0, int c1);
/* Marks tokens [a,b) used by a statement. */
void ws_att_mark(ctx *c, int a, int b);
/* Starts R: no parts yet, the unit's list date if any. */
void ws_att_raw_begin(const ctx *c, rawst *r);
/* Records R with its cue and source, marks [m0,m1) used: 1, or -1 when
 * out of memory. */
int ws_att_found(ctx *c, rawst *r, int q0, int q1, int s0, int s1, const char *method, double conf,
                 int m0, int m1);
/* The first used token in [from,end), or end. */
int ws_att_first_used(const ctx *c, int from, int end);
/* The start of the phrase ending at K: back to a comma, colon, quotation
 * mark, "that", a used token or twelve tokens, not before U0. */
int ws_att_back_to_boundary(const ctx *c, int u0, int k);
/* A source set off by commas (or dashes) before its cue at K: [*s0,*s1). */
bool ws_att_appositive(const ctx *c, int u0, int k, int *s0, int *s1);
/* The subject at the start of the unit U0, before K, for ", saying". */
bool ws_att_subject(const ctx *c, int u0, int k, int *s0, int *s1);
/* Is [a,end) a noun phrase to the unit's end that only describes what
 * stands before its comma ("..., a state agency", "..., the highest in a
 * decade"): it starts with a determiner, number, title or capital, holds
 * no finite verb, pronoun, quotation or further comma? */
bool ws_att_np_tail(const ctx *c, int a, int end);
/* Is [u0,end) one quotation and nothing else? */
bool ws_att_pure_quote(const ctx *c, int u0, int end);

/* ---- the patterns: each returns 1 (or more, see try_leading) when it
 * found a statement, 0 when not, -1 when out of memory */

/* Attribution after the content, at cue K of QN tokens (trailing.c). */
int ws_att_try_trailing(ctx *c, int u0, int end, int k, int qn, int *cstart);
/* Attribution before the content, at cue K (leading.c). */
int ws_att_try_leading(ctx *c, int u0, int end, int k, int qn, uint32_t cls, int src0, int src1);
/* "X quoted Y as saying ..." and "Y was quoted as saying ...", at the
 * cue "saying" K: Y's words (leading.c). */
int ws_att_try_quoted_as(ctx *c, int u0, int end, int k);
/* A passive cue at K: "was told by X that", "is expected to",
 * "was first reported by X" (passive.c). */
int ws_att_try_passive(ctx *c, int u0, int end, int k);
/* "Asked about X, ..." opening the unit [u0,end): 0 when not, -1 when
 * out of memory, else the token after the question's comma (passive.c). */
int ws_att_try_asked(ctx *c, int u0, int end);
/* A cue noun after a possessive at K: "his claim that", "her promise
 * to" (noun.c). */
int ws_att_try_noun(ctx *c, int u0, int end, int k);
/* Headlines "Name: words", a name before a quotation after a colon, a
 * signature after a dash; whether a unit opens a transcript's turn
 * ("SMITH: ...", tried before the cue passes) (headline.c). */
int ws_att_try_colon(ctx *c, int u0, int end);
bool ws_att_turn(ctx *c, int u0, int end);
int ws_att_try_colon_quote(ctx *c, int u0, int end);
int ws_att_try_dash_signature(ctx *c, int u0, int end);

#endif
