/*
 * noun.c -- a cue noun after its source's possessive (after pass 2):
 *   his claim that CONTENT                  the clause is the content
 *   the union's statement that CONTENT
 *   the judges' statement that CONTENT       a plural's possessive
 *   her promise to VP                        a noun that is also a cue
 *                                            verb (verbs.tsv) takes "to"
 * The nouns are verbs.tsv's noun class.  The content runs to a comma,
 * dash, semicolon or parenthesis, or the unit's end.
 *
 * Known limits: the content of "his claim that X was wrong" cannot be told
 * from the verb of the sentence ("his claim that X was repeated on
 * Friday" keeps "was repeated on Friday"); a word between the possessive
 * and the noun ("her March comment") is none.
 */
#include "patterns.h"

/* Is K a possessive: his her their its my our your, or a word in 's? */
static bool possessive_at(const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    if (!(t->flags & TK_WORD) || !t->low) return false;
    if (t->ll > 2 && t->low[t->ll - 1] == 's' && t->low[t->ll - 2] == '\'') return true;
    uint64_t w = low8(t);
    return (w == w8("his")) | (w == w8("her")) | (w == w8("their")) | (w == w8("its")) | (w == w8("my")) |
           (w == w8("our")) | (w == w8("your"));
}

/* Is K the apostrophe of a plural's possessive ("the judges' statement",
 * "hawks’ warnings"): a mark right after a word in s, a space after it? */
static bool plural_possessive(const tokdoc *d, int k)
{
    const tok *t = &d->t[k], *w = &d->t[k - 1];
    if ((t->flags & TK_WORD) || !(w->flags & TK_WORD) || !w->low || w->low[w->ll - 1] != 's' || w->e != t->b ||
        (k + 1 < d->n && d->t[k + 1].b == t->e))
        return false;
    const unsigned char *x = (const unsigned char *)d->text + t->b;
    size_t l = t->e - t->b;
    return (l == 1 && x[0] == '\'') || (l == 3 && x[0] == 0xE2 && x[1] == 0x80 && x[2] == 0x99);
}

int ws_att_try_noun(ctx *c, int u0, int end, int k)
{
    const tokdoc *d = c->d;
    const tok *t = &d->t[k];
    if (!(t->lxf & LX_CUE_NOUN) || !t->lx || !t->lx->value || c->inq[k] || c->used[k] || k <= u0 ||
        k + 2 >= end)
        return 0;
    int p = k - 1;
    if (p - 1 >= u0 && plural_possessive(d, p)) p--;
    else if (!possessive_at(d, p)) return 0;
    if (c->used[p]) return 0;
    int j = k + 1;
    if (tok_is(d, j, "that")) {
        j++;
    } else if (tok_is(d, j, "to") && (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF))) {
        /* "to" and a verb: a lowercase word that is no function word */
        const tok *v = &d->t[j + 1];
        if ((v->flags & (TK_WORD | TK_CAP | TK_NUM)) != TK_WORD || (v->lxf & (LX_FUNCWORD | LX_PREP))) return 0;
    } else {
        return 0;
    }
    /* the source: the possessive pronoun, or the name its 's ends */
    int s0 = p, s1 = p + 1;
    if (!(d->t[p].lxf & LX_FUNCWORD))
        while (s0 > u0 && p - s0 < 6 && !c->used[s0 - 1] && !c->inq[s0 - 1] && (d->t[s0 - 1].flags & TK_WORD) &&
               ((d->t[s0 - 1].flags & TK_CAP) || (d->t[s0 - 1].lxf & LX_TITLE)))
            s0--;
    /* the end: a comma, semicolon, parenthesis or dash outside a
     * quotation, or a quotation closing after a comma ('"founded ISIS,"') */
    int cend = j;
    while (cend < end && !c->used[cend]) {
        const tok *x = &d->t[cend];
        if (!c->inq[cend] && (x->ch == ',' || x->ch == ';' || x->ch == '(' || is_dash(d, cend))) break;
        if ((x->flags & TK_QCLOSE) && punct(d, cend - 1, ',')) {
            cend++;
            break;
        }
        cend++;
    }
    rawst r;
    ws_att_raw_begin(c, &r);
    if (!ws_att_set_content(c, &r, j, cend)) return 0;
    return ws_att_found(c, &r, k, k + 1, s0, s1, "rule:noun", 0.5, s0, j);
}
