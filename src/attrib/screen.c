/*
 * screen.c -- the last look at every candidate, the patterns' and the
 * model's alike: what the cue's own neighbourhood says is no statement.
 *
 *   The ministry does not deny that ...    a negated cue states nothing
 *   She was advised by aides to ...        a passive: its subject is not
 *                                          the speaker
 *   The video showed soldiers crossing ... a source that shows but cannot
 *                                          speak (words.tsv: mute)
 *   ... said when asked about the deal     a circumstance: the question,
 *                                          not a statement (words.tsv: circ)
 *
 * and, once the model has proposed, what the proposals and the patterns'
 * candidates say of each other:
 *
 *   X knew that Y wants Z                  the patterns' "Y wants Z" lies in
 *                                          the proposal's content: X's report
 *   X quickly noted Z                      the proposal at "quickly" is the
 *                                          pattern's "X noted Z" again
 *
 * Known limits: "not only said" and a negation that governs the whole
 * clause ("It is not true, he said, that ...") are not told apart.  A
 * passive with its agent ("was told by X that") is passive.c's, with X
 * as its source: only a source before a passive cue is dropped here.
 */
#include "patterns.h"

/* The verb of the cue [q0,q1): its first cue word, else q0. */
static int cue_verb(const tokdoc *d, const rawst *r)
{
    for (int k = r->q0; k < r->q1 && k < d->n; k++)
        if (d->t[k].lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) return k;
    return r->q0;
}

static bool negator(const tokdoc *d, int k)
{
    if (k < 0 || k >= d->n) return false;
    uint64_t w = low8(&d->t[k]);
    return (w == w8("not")) | (w == w8("n't")) | (w == w8("never"));
}

/* A form of "be" (a passive's auxiliary)? */
static bool be_form(const tokdoc *d, int k)
{
    if (k < 0 || k >= d->n) return false;
    uint64_t w = low8(&d->t[k]);
    return (w == w8("is")) | (w == w8("are")) | (w == w8("was")) | (w == w8("were")) | (w == w8("be")) |
           (w == w8("been")) | (w == w8("being")) | (w == w8("am"));
}

/* Is candidate R no statement for what stands around its cue? */
static bool screened(const tokdoc *d, const rawst *r)
{
    if (r->q0 < 0 || r->q0 >= d->n) return false;
    int v = cue_verb(d, r);
    /* a negation in the cue or right before it, past adverbs and
     * auxiliaries: "does not deny", "did not say", "has never said" */
    for (int k = r->q0; k < v; k++)
        if (negator(d, k)) return true;
    int a = v - 1;
    while (a >= 0 && a > v - 5 && (d->t[a].flags & TK_WORD)) {
        if (negator(d, a)) return true;
        if (!ws_att_is_cue_adverb(d, a)) break;
        a--;
    }
    bool source_before = r->s0 >= 0 && r->s1 <= r->q0;
    /* a passive: a past participle after a form of "be", its subject
     * before it ("She was advised by aides to ...") */
    if (source_before && (d->t[v].lxf & LX_PAST) && !(d->t[v].lxf & LX_PRESENT)) {
        int b = v - 1;
        while (b >= 0 && b > v - 4 && (d->t[b].flags & TK_WORD) && !be_form(d, b) &&
               (d->t[b].lxf & LX_CUE_ADV) && !(d->t[b].lxf & LX_AUX))
            b--;
        if (b >= 0 && be_form(d, b)) return true;
    }
    /* a circumstance of another statement: a past participle right after
     * "when", "while", "after" ... ("... said on Monday when asked about
     * the deal"): what follows is what the speaker was asked, not said */
    if (v > 0 && (d->t[v].lxf & LX_PAST) && !(d->t[v].lxf & LX_PRESENT) && in_class(d, v - 1, LX_CIRC) &&
        !(d->t[v - 1].lxf & (LX_CUE_VERB | LX_CUE_BELIEF)))
        return true;
    /* a source that shows but cannot speak: its last word */
    if (r->s0 >= 0 && r->s1 > r->s0 && r->a0 < 0 && in_class(d, r->s1 - 1, LX_MUTE)) return true;
    return false;
}

/* Is pattern candidate IN nested in model proposal O's content, its
 * source opening that content or after a "that" or "what" inside it
 * ("X argued [that Y believes Z]", "X denounced [what Y calls Z]")?
 * find.c drops such inner statements among the patterns' own; the model
 * proposes after them.  PolNeAR marks the outer statement only, and what
 * the inner source believes or calls a thing is the outer speaker's
 * report.  A cue noun after a possessive stays ("X repeated [his claim
 * that Z]": the claim is X's, as in find.c). */
static bool nested_in_proposal(const tokdoc *d, const rawst *in, const rawst *o)
{
    if (in->s0 < 0 || in->s1 > in->q0 || o->c0 < 0 || in->q0 < o->c0 || in->q0 >= o->c1) return false;
    return source_opens_content(d, in, o);
}

/* A model proposal ("model:cue"), a pattern's candidate ("rule:...")? */
static bool is_proposal(const rawst *r) { return r->method && r->method[0] == 'm'; }
static bool is_pattern(const rawst *r) { return r->method && r->method[0] == 'r'; }

/* Is model proposal O a second reading of pattern candidate P: its cue
 * the words right before P's cue ("Kasich [jokingly] offered ...", "she
 * [has increasingly] decried ..."), their contents overlapping?  The
 * pattern's statement is the same one, its cue the verb. */
static bool proposal_dup(const rawst *o, const rawst *p)
{
    return p->q0 >= o->q0 && p->q0 <= o->q1 && p->c0 >= 0 && o->c0 >= 0 && p->c0 < o->c1 && o->c0 < p->c1;
}

/* Drops the proposals that proposal_dup finds again among the patterns'
 * candidates; returns how many proposals are left. */
static int drop_dup_proposals(rawlist *raw)
{
    int n = 0, left = 0;
    for (int i = 0; i < raw->n; i++) {
        const rawst *o = &raw->v[i];
        bool dup = false;
        if (is_proposal(o)) {
            for (int j = 0; j < raw->n && !dup; j++) dup = is_pattern(&raw->v[j]) && proposal_dup(o, &raw->v[j]);
            left += !dup;
        }
        if (!dup) raw->v[n++] = *o;
    }
    raw->n = n;
    return left;
}

/* Drops the patterns' candidates nested_in_proposal of one of the
 * proposals, which are few (about five a document): their indices are
 * taken a chunk at a time, the patterns' candidates tested against each
 * chunk.  Keeps the order. */
static void drop_nested_in_proposals(const tokdoc *d, rawlist *raw, int proposals)
{
    enum { CHUNK = 32 };
    int at[CHUNK];
    for (int from = 0; from < proposals; from += CHUNK) {
        int np = 0, seen = 0;
        for (int i = 0; i < raw->n && np < CHUNK; i++)
            if (is_proposal(&raw->v[i]) && seen++ >= from) at[np++] = i;
        int n = 0, k = 0; /* at[k...]: the chunk's proposals not yet moved */
        for (int i = 0; i < raw->n; i++) {
            const rawst *in = &raw->v[i];
            bool nested = false;
            if (is_pattern(in) && strcmp(in->method, "rule:noun") != 0)
                for (int j = 0; j < np && !nested; j++) nested = nested_in_proposal(d, in, &raw->v[at[j]]);
            if (nested) continue;
            while (k < np && at[k] < i) k++;
            if (k < np && at[k] == i) at[k++] = n; /* the proposal's new place */
            raw->v[n++] = *in;
        }
        raw->n = n;
    }
}

void ws_att_screen(const tokdoc *d, rawlist *raw)
{
    int n = 0, proposals = 0;
    for (int i = 0; i < raw->n; i++)
        if (!screened(d, &raw->v[i])) {
            proposals += is_proposal(&raw->v[i]);
            raw->v[n++] = raw->v[i];
        }
    raw->n = n;
    if (!proposals) return;
    proposals = drop_dup_proposals(raw);
    if (proposals) drop_nested_in_proposals(d, raw, proposals);
}
