/*
 * screen.c -- the last look at every candidate, the patterns' and the
 * model's alike: what the cue's own neighbourhood says is no statement.
 *
 *   The ministry does not deny that ...    a negated cue states nothing
 *   She was advised by aides to ...        a passive: its subject is not
 *                                          the speaker
 *   The video showed soldiers crossing ... a source that shows but cannot
 *                                          speak (words.tsv: mute)
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
    return tok_is(d, k, "not") || tok_is(d, k, "n't") || tok_is(d, k, "never");
}

/* A form of "be" (a passive's auxiliary)? */
static bool be_form(const tokdoc *d, int k)
{
    static const char *const be[] = {"is", "are", "was", "were", "be", "been", "being", "am"};
    for (size_t i = 0; i < sizeof be / sizeof *be; i++)
        if (tok_is(d, k, be[i])) return true;
    return false;
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
    /* a source that shows but cannot speak: its last word */
    if (r->s0 >= 0 && r->s1 > r->s0 && r->a0 < 0 && in_class(d, r->s1 - 1, LX_MUTE)) return true;
    return false;
}

void ws_att_screen(const tokdoc *d, rawlist *raw)
{
    int n = 0;
    for (int i = 0; i < raw->n; i++)
        if (!screened(d, &raw->v[i])) raw->v[n++] = raw->v[i];
    raw->n = n;
}
