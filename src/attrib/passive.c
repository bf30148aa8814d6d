/*
 * passive.c -- attributions whose cue is a passive (before pass 1 and
 * between the quoted-as pass and pass 2):
 *   SUBJ was told by SOURCE that CONTENT.   the agent speaks
 *   SUBJ was first reported by SOURCE.      the subject is what was said
 *   SUBJ is expected to VP.                 no source: the subject and
 *   SUBJ was asked about X.                 what follows are the content
 *   It was reported that CONTENT.
 *   Asked about X, SOURCE said ...          no source: up to the comma
 *   Asked by AGENT whether X, ...           the agent is the source
 * The cue is the form of "be" (with its adverbs) and the participle of a
 * cue verb of verbs.tsv; screen.c drops the negated ones ("is not
 * expected").
 *
 * Known limits: the agent must follow the participle ("was told by aides
 * on Monday that" is none); a subject longer than twelve tokens is cut.
 */
#include "patterns.h"

/* What may open the words after a passive cue without a source: "to VP",
 * "about X", "whether ...", "if ...", "what ...", "why ..." */
static bool opens_words(const tokdoc *d, int j)
{
    return tok_is(d, j, "to") || tok_is(d, j, "about") || tok_is(d, j, "whether") || tok_is(d, j, "if") ||
           tok_is(d, j, "what") || tok_is(d, j, "why") || tok_is(d, j, "how");
}

/* The words [j, cend) of a passive cue: to the unit's end, the first used
 * token, or a comma before a word that ends reported words. */
static int passive_end(ctx *c, int j, int end)
{
    const tokdoc *d = c->d;
    int cend = ws_att_first_used(c, j, end);
    for (int x = j + 1; x + 1 < cend; x++) {
        if (c->inq[x] || !punct(d, x, ',')) continue;
        if (in_class(d, x + 1, LX_CUT) || tok_is(d, x + 1, "according")) return x;
    }
    return cend;
}

/* The subject before the form of "be" at B: a phrase back to a boundary
 * or a relative pronoun ("a nominee who is expected"), without a leading
 * conjunction, nor the auxiliaries and adverbs before B ("might", "has");
 * [*s0,*s1), empty when none. */
static void subject_before(const ctx *c, int u0, int b, int *s0, int *s1)
{
    const tokdoc *d = c->d;
    int e = b;
    while (e > u0 && ws_att_is_cue_adverb(d, e - 1)) e--;
    int a = ws_att_back_to_boundary(c, u0, e);
    for (int w = e - 1; w > a; w--)
        if (tok_is(d, w, "who") || tok_is(d, w, "which") || tok_is(d, w, "that")) {
            a = w;
            break;
        }
    while (a < e && is_conj(d, a)) a++;
    *s0 = a;
    *s1 = e;
}

int ws_att_try_passive(ctx *c, int u0, int end, int k)
{
    const tokdoc *d = c->d;
    const tok *t = &d->t[k];
    /* a participle of a verb of verbs.tsv (the learned cues have no
     * lemma), after "be" and at most three adverbs */
    if (!(t->lxf & LX_CUE_PASSIVE) || !t->lx || !t->lx->value || c->inq[k] || c->used[k] || k + 1 >= end)
        return 0;
    /* which report without a speaker (words.tsv: passive) */
    bool bare = (t->lxf & LX_PASSIVE_CUE) != 0;
    int b = k - 1;
    while (b > u0 && k - b <= 3 && !ws_att_be(d, b) && ws_att_is_cue_adverb(d, b) && !(d->t[b].lxf & LX_AUX)) b--;
    if (b < u0 || !ws_att_be(d, b) || c->used[b]) return 0;
    rawst r;
    ws_att_raw_begin(c, &r);
    int j = k + 1;
    if (tok_is(d, j, "by")) {
        /* the agent: to "that", "whether", "if", "to", "about", "as", a
         * comma, colon or quotation, or the unit's end */
        int a0 = j + 1, a1 = a0;
        while (a1 < end && a1 - a0 < 12 && !c->inq[a1] && !c->used[a1] && !opens_words(d, a1) &&
               !tok_is(d, a1, "that") && !tok_is(d, a1, "as") && !punct(d, a1, ',') && !punct(d, a1, ':') &&
               !(d->t[a1].flags & TK_QUOTE))
            a1++;
        if (a1 == a0 || !ws_att_np_ok(c, a0, a1, false)) return 0;
        int w = a1;
        bool sep = w < end && (punct(d, w, ',') || punct(d, w, ':'));
        w += sep;
        bool that = tok_is(d, w, "that");
        w += that;
        if (w >= end && bare) {
            /* "The plan was first reported by the Tribune": the subject is
             * what was said */
            int s0, s1;
            subject_before(c, u0, b, &s0, &s1);
            if (!ws_att_set_content(c, &r, s0, s1)) return 0;
            return ws_att_found(c, &r, b, k + 1, a0, a1, "rule:passive-by", 0.6, s0, end);
        }
        /* the words: a clause ("that", "whether", "if") or a quotation */
        if (w >= end || !(t->lxf & LX_CUE_VERB)) return 0;
        if (!(that || tok_is(d, w, "whether") || tok_is(d, w, "if") || (sep && (d->t[w].flags & TK_QOPEN))))
            return 0;
        int cend = passive_end(c, w, end);
        if (!ws_att_set_content(c, &r, w, cend)) return 0;
        return ws_att_found(c, &r, b, k + 1, a0, a1, "rule:passive-by", 0.7, b, w);
    }
    /* no agent: "is expected to", "was asked about": no source, the
     * subject and the words after the cue are the content */
    if (!bare) return 0;
    int s0, s1;
    subject_before(c, u0, b, &s0, &s1);
    if (tok_is(d, j, "that") && s1 == s0 + 1 && tok_is(d, s0, "it")) {
        /* "It was reported that ...": the clause is the content */
        j++;
    } else if (punct(d, j, ',') && (d->t[j + 1].flags & TK_QOPEN) && d->t[j + 1].pair > j + 2) {
        /* "X was asked, "..."": the quotation */
        j++;
    } else if (!opens_words(d, j) || !(d->t[j + 1].flags & TK_WORD)) {
        return 0;
    }
    int cend = passive_end(c, j, end);
    if (!ws_att_set_content(c, &r, j, cend)) return 0;
    if (s0 < s1 && tok_is(d, j, "to")) {
        /* the subject is the first part: "Trump ... to deliver a speech" */
        r.c20 = r.c0;
        r.c21 = r.c1;
        r.c0 = s0;
        r.c1 = s1;
    }
    return ws_att_found(c, &r, b, k + 1, -1, -1, "rule:passive", 0.6, b, j);
}

/* The question after "asked" at K, in [k+1,end): "about X" (the cue
 * takes "about"), "by AGENT whether ..." (the agent is the source), to
 * the first comma outside a quotation.  Records it, marking [m0, *next)
 * used: 1, 0 when none, -1 when out of memory; *NEXT the token after its
 * comma. */
static int asked_question(ctx *c, int k, int end, int m0, int *next)
{
    const tokdoc *d = c->d;
    int j = k + 1, qn = 1, a0 = -1, a1 = -1;
    if (tok_is(d, j, "by")) {
        /* "asked by a reporter whether ...": the agent asks */
        a0 = a1 = j + 1;
        while (a1 < end && a1 - a0 < 8 && !c->inq[a1] && !c->used[a1] && !opens_words(d, a1) &&
               !punct(d, a1, ',') && !(d->t[a1].flags & TK_QUOTE))
            a1++;
        if (a1 == a0 || a1 >= end || !opens_words(d, a1) || !ws_att_np_ok(c, a0, a1, false)) return 0;
        j = a1;
    }
    if (tok_is(d, j, "about")) {
        if (a0 < 0) qn = 2;
        j++;
    }
    int x = j;
    while (x < end && x - j < 40 && (c->inq[x] || !punct(d, x, ','))) x++;
    if (x >= end || x - j < 1 || !punct(d, x, ',') || x + 2 >= end) return 0;
    rawst r;
    ws_att_raw_begin(c, &r);
    if (!ws_att_set_content(c, &r, qn == 2 || a0 >= 0 ? j : k + 1, x)) return 0;
    *next = x + 1;
    return ws_att_found(c, &r, k, k + qn, a0, a1, "rule:asked", 0.6, m0, *next);
}

int ws_att_try_asked(ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    int k = u0;
    /* "When asked", "Whenever asked", "If asked" */
    if (tok_is(d, k, "when") || tok_is(d, k, "whenever") || tok_is(d, k, "if")) k++;
    if (!tok_is(d, k, "asked") || c->inq[k] || c->used[k]) return 0;
    int next = 0;
    int rc = asked_question(c, k, end, u0, &next);
    return rc <= 0 ? rc : next;
}
