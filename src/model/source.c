/*
 * source.c -- the learned source boundaries: limits, candidates,
 * features, choice, loading and writing (source.h describes the model and
 * its file).
 */
#include "source.h"
#include "mfile.h"
#include "../speaker/names.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ limits */

/* The unit of token Q: the last one starting at or before it. */
static const unit *unit_of(const tokdoc *d, int q)
{
    /* halving [ul, ul + n) around the answer, by a selection rather than
     * a branch (the units start in order) */
    int ul = 0, n = d->nu;
    while (n > 1) {
        int half = n / 2;
        ul = d->u[ul + half].t0 <= q ? ul + half : ul;
        n -= half;
    }
    return &d->u[ul];
}

bool ws_source_limits(const tokdoc *d, const rawst *r, int *lo, int *hi)
{
    if (r->s0 < 0 || r->s1 <= r->s0 || r->q0 < 0 || r->q0 >= d->n || d->nu <= 0) return false;
    const unit *u = unit_of(d, r->q0);
    int a = u->t0, b = u->t1;
    if (r->s1 <= r->q0) {
        /* before its cue: up to the cue, after any content before it */
        if (r->q0 < b) b = r->q0;
        if (r->c1 > a && r->c1 <= r->s0) a = r->c1;
        if (r->c20 >= 0 && r->c21 > a && r->c21 <= r->s0) a = r->c21;
    } else if (r->s0 >= r->q1) {
        /* after it: from the cue (and any content between them), up to
         * any content after it */
        if (r->q1 > a) a = r->q1;
        if (r->c1 > a && r->c1 <= r->s0) a = r->c1;
        if (r->c0 >= r->s1 && r->c0 < b) b = r->c0;
        if (r->c20 >= r->s1 && r->c20 < b) b = r->c20;
    } else {
        return false;
    }
    if (r->s0 < a || r->s1 > b) return false;
    *lo = a;
    *hi = b;
    return true;
}

/* ------------------------------------------------------------ repair */

/* Whether token K is a dash: '-', U+2013 or U+2014 (a hyphen inside a
 * word too: DASH_SPACED asks for whitespace before an ASCII one). */
static bool dash_at(const tokdoc *d, int k, bool spaced)
{
    if (k < 0 || k >= d->n || !tok_dash(d, &d->t[k])) return false;
    const tok *t = &d->t[k];
    return t->e - t->b == 3 || !spaced || (t->flags & TK_SPACE_BEFORE) || dash_at(d, k - 1, false);
}

/* Whether T is a word of at least five letters ending in "-ing" (a
 * participle: "speaking", "adding"). */
static bool ing_word(const tok *t)
{
    return t->low && t->ll >= 5 && memcmp(t->low + t->ll - 3, "ing", 3) == 0;
}

/* Whether [a,b) holds only a time: numbers, time words, months, weekdays
 * and determiners ("last week", "in 2010", "this past Monday"). */
static bool only_time(const tokdoc *d, int a, int b)
{
    for (int k = a; k < b; k++)
        if (((d->t[k].flags & TK_NUM) | (d->t[k].lxf & (LX_POSTCUE | LX_MONTH | LX_WEEKDAY | LX_DET))) == 0) return false;
    return true;
}

/* The words before E that a phrase standing for a speaker may hold, back
 * to punctuation, a word no source holds or the sentence's start F (at
 * most eight): where they begin, E for none. */
static int phrase_back(const tokdoc *d, int f, int e)
{
    int a = e;
    while (a > f && e - a < 8 && (d->t[a - 1].flags & TK_WORD) &&
           !(d->t[a - 1].lxf & (LX_NOSTART | LX_CLAUSE | LX_PREP | LX_AUX | LX_CUE_VERB)))
        a--;
    return a;
}

/* Where the words of the sentence from U0 begin: past opening quotation
 * marks and an opening "And", "But", "So" (and a comma after it). */
static int words_start(const tokdoc *d, int u0, int q)
{
    int f = u0;
    while (f < q && (d->t[f].flags & TK_QUOTE)) f++;
    uint64_t w = f + 1 < q ? tok_low8(&d->t[f]) : 0;
    if ((w == TOK_W8("and")) | (w == TOK_W8("but")) | (w == TOK_W8("so")) | (w == TOK_W8("yet")))
        f += d->t[f + 1].ch == ',' ? 2 : 1;
    return f;
}

/* The classes of a word that may end a source: a name, a pronoun, a
 * title, an organisation, a group of people, an office, or a
 * determiner standing for people ("many", "some"). */
#define SPEAKS_LX (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE | LX_DET)

static bool speaks(const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    return (t->flags & TK_WORD) && ((t->flags & TK_CAP) || (t->lxf & SPEAKS_LX));
}

/* The noun phrase from token F, before END: words (and the period,
 * apostrophe or hyphen inside one) up to a word no source holds, or a
 * name, pronoun or title then a lowercase word (its verb: "the senator
 * left"); at most 10 tokens.  Its end, F for none. */
static int phrase_from(const tokdoc *d, int f, int end)
{
    int n = f;
    while (n < end && n - f < 10) {
        const tok *t = &d->t[n];
        if (t->flags & TK_WORD) {
            if (t->lxf & (LX_NOSTART | LX_CLAUSE | LX_PREP | LX_AUX | LX_CUE_ADV | LX_CUE_VERB | LX_CUE_BELIEF)) break;
            if (n > f && !(t->flags & TK_CAP) && !(t->lxf & LX_TITLE) && !(n + 1 < end && (d->t[n + 1].lxf & LX_TITLE) && !(d->t[n + 1].flags & TK_CAP)) &&
                (((d->t[n - 1].flags & TK_CAP) && !(d->t[n - 1].lxf & (LX_FUNCWORD | LX_DET))) ||
                 (d->t[n - 1].lxf & (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE))))
                break;
        } else if (!(t->ch == '\'' || (t->ch == '-' && !(t->flags & TK_SPACE_BEFORE)) ||
                     (t->e - t->b == 3 && memcmp(d->text + t->b, "\xe2\x80\x99", 3) == 0))) {
            break;
        }
        n++;
    }
    while (n > f && !(d->t[n - 1].flags & TK_WORD)) n--;
    return n;
}

/* Whether token K, opening its sentence, opens a setting rather than
 * naming anyone: a preposition, an adverb or time word ("Ultimately",
 * "Now", "Later", "Last October"; with the models, any word their word
 * classes take for an adverb, preposition or number: "Likewise",
 * "Despite", "Eight"), a number ("10 days ago") or a
 * participle with its object ("Rallying hundreds of ..."); never a
 * clause word ("While X did Y, Z said": X did it) nor a given name
 * ("Kelly", "Sterling"). */
static bool opener(const ws_lexicon *lx, const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    if (t->flags & TK_NUM) return true;
    if (!(t->flags & TK_WORD) || !t->low || (t->flags & TK_UPPER)) return false;
    if ((t->lxf & LX_CLAUSE) && !(t->lxf & LX_STOPNAME)) return false;
    if (t->lxf & (LX_PREP | LX_CUE_ADV | LX_POSTCUE | LX_STOPNAME | LX_MONTH | LX_WEEKDAY)) return true;
    /* the word classes learned with the models: an adverb, preposition
     * or number as a rule ("Instead", "Likewise", "Despite", "Eight") */
    const ws_model *m = ws_lx_model(lx);
    if (m && m->pos && (t->flags & TK_CAP) && !(ws_names_get(ws_lx_names(lx), t->low, t->ll) & SPK_GIVEN)) {
        long c = ws_pos_top(ws_pos_lookup(m->pos, t->low, t->ll));
        if (c == WS_PC_RB || c == WS_PC_IN || c == WS_PC_CD) return true;
    }
    if (!(t->flags & TK_CAP) || t->ll < 6 || (ws_names_get(ws_lx_names(lx), t->low, t->ll) & SPK_GIVEN)) return false;
    if (memcmp(t->low + t->ll - 2, "ly", 2) == 0) return true;
    return ing_word(t) && k + 1 < d->n && (d->t[k + 1].flags & TK_WORD) &&
           !(d->t[k + 1].flags & TK_CAP);
}

/* Whether [a,b) is clear of R's cue and content. */
static bool clear_of(const rawst *r, int a, int b)
{
    return (b <= r->q0 || a >= r->q1) && (b <= r->c0 || a >= r->c1) && (r->c20 < 0 || b <= r->c20 || a >= r->c21);
}

/* The subject a source before R's cue, in a phrase closed by a dash
 * right before the cue, stands for: the words from the sentence's start
 * F to the dash that opens the phrase ("X -- a Y who ... -- said": X;
 * the source model may reach over the phrase, as PolNeAR marks it);
 * [*N0,*N1).  False when there is none. */
static bool before_dashes(const tokdoc *d, const rawst *r, int f, int *n0, int *n1)
{
    int close = r->q0 - 1;
    if (!dash_at(d, close, true)) return false;
    while (close - 1 > f && dash_at(d, close - 1, true)) close--;
    if (r->s0 < f) return false;
    int o = close - 1;
    while (o > f && !dash_at(d, o, true)) o--;
    if (o <= f || r->s1 <= o) return false;
    while (o - 1 > f && dash_at(d, o - 1, true)) o--;
    int e = o;
    if (d->t[e - 1].ch == ',') e--;
    if (e - f > 24 || !(d->t[f].flags & TK_WORD)) return false;
    for (int k = f; k < e; k++) {
        const tok *t = &d->t[k];
        if ((t->flags & TK_QUOTE) || (t->lxf & LX_AUX) || ((t->lxf & LX_CUE_VERB) && !(t->flags & TK_CAP)))
            return false;
    }
    *n0 = f;
    *n1 = e;
    return true;
}

/* The subject after an opening phrase that R's source, opening the
 * sentence at F, is a word of ("Ultimately, X refused"; "Despite
 * challenging A, X said"; "Once ..., when ..., I said"): the noun phrase
 * after the comma (or two) closing the phrase. */
static bool past_opening(const ws_lexicon *lx, const tokdoc *d, const rawst *r, int f, int end, int *n0, int *n1)
{
    /* the sentence's first words, or those after a dateline's dash */
    if (r->s0 > f && dash_at(d, r->s0 - 1, true)) f = r->s0;
    /* or after a preposition and function words before them ("In
     * addition to stating ...") */
    for (int k = f; k < r->s0; k++)
        if (!(d->t[k].lxf & (LX_PREP | LX_DET)) || (d->t[k].lxf & LX_CLAUSE)) return false;
    if (!opener(lx, d, f)) return false;
    /* nothing in the source but the setting: no name, pronoun or title
     * past its first word ("Shortly after it ruled": "it" ruled) */
    for (int k = f + 1; k < r->s1; k++)
        if ((d->t[k].flags & TK_WORD) && !(d->t[k].lxf & (LX_MONTH | LX_WEEKDAY)) &&
            ((d->t[k].flags & TK_CAP) || (d->t[k].lxf & (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE))))
            return false;
    int c = f + 1;
    while (c < end && c - f < 30 && d->t[c].ch != ',' && !(d->t[c].flags & TK_QUOTE)) c++;
    if (c >= end || d->t[c].ch != ',' || r->s1 > c) return false;
    /* a clause after the comma ("Once ..., when X did Y, I said"): past its comma */
    if (c + 1 < end && (d->t[c + 1].lxf & LX_CLAUSE)) {
        int c2 = c + 2;
        while (c2 < end && c2 - c < 30 && d->t[c2].ch != ',' && !(d->t[c2].flags & TK_QUOTE)) c2++;
        if (c2 >= end || d->t[c2].ch != ',') return false;
        c = c2;
    }
    int a = c + 1, b = phrase_from(d, a, r->q0 > a ? r->q0 : end);
    if (b <= a || !speaks(d, b - 1) || b >= end || !(d->t[b].flags & TK_WORD) || (d->t[b].flags & TK_CAP))
        return false;
    *n0 = a;
    *n1 = b;
    return true;
}

/* The subject of a participle cue without a source that follows its
 * clause ("X walked onto the stage, chanting ..."; "X said, while
 * arguing ..."; "X told the AP after hinting ..."): the sentence's
 * first noun phrase, when a name, pronoun or the like ends it and a
 * lowercase word (its verb) follows. */
static bool participle_subject(const ws_lexicon *lx, const tokdoc *d, const rawst *r, int f, int end, int *n0,
                               int *n1)
{
    if (!ing_word(&d->t[r->q1 - 1])) return false;
    if (r->q0 <= f + 1 && (r->q0 == f || (d->t[f].lxf & LX_PREP))) {
        /* opening the sentence ("Noting that ..., X added"): the noun
         * phrase after the comma closing its clause, before a verb */
        int c = r->q1;
        while (c < end && c - r->q1 < 40 && d->t[c].ch != ',' && !(d->t[c].flags & TK_QUOTE)) c++;
        if (c >= end || d->t[c].ch != ',') return false;
        int b = phrase_from(d, c + 1, end);
        if (b <= c + 1 || b >= end || !speaks(d, b - 1) || !(d->t[b].flags & TK_WORD) || (d->t[b].flags & TK_CAP))
            return false;
        *n0 = c + 1;
        *n1 = b;
        return true;
    }
    if (r->q0 - 1 <= f) return false;
    int p = r->q0 - 1;
    if (d->t[p].lxf & (LX_CLAUSE | LX_PREP)) p--;
    if (p <= f || !(d->t[p].ch == ',' || dash_at(d, p, true) || (d->t[p].flags & TK_WORD) ||
                    (d->t[p].flags & TK_QCLOSE)))
        return false;
    /* after a quotation the clause that reports it: '"...," X said, adding' */
    for (int k = p - 1; k > f; k--)
        if (d->t[k].flags & TK_QCLOSE) {
            f = k + 1;
            break;
        }
    if (f >= p || opener(lx, d, f)) return false;
    int b = phrase_from(d, f, p);
    /* its verb after it, or a comma ("X, however, argue ...") */
    if (b <= f || b >= p || !speaks(d, b - 1) || (d->t[b].flags & TK_CAP) ||
        !((d->t[b].flags & TK_WORD) || d->t[b].ch == ','))
        return false;
    *n0 = f;
    *n1 = b;
    return true;
}

/* The subject before a source that is only a time ("Police had last
 * month charged": Police): the words before it and the auxiliaries and
 * adverbs between, back to punctuation or a word no source holds. */
static bool before_time(const tokdoc *d, const rawst *r, int f, int *n0, int *n1)
{
    const tok *t = &d->t[r->s0];
    if ((r->s1 == r->s0 + 1) & (r->s0 - 2 >= f) & ((t->flags & (TK_WORD | TK_CAP)) == TK_WORD) && !speaks(d, r->s0) &&
        !(t->low && t->ll > 3 && t->low[t->ll - 1] == 's') && d->t[r->s0 - 2].ch == ',' &&
        (tok_is(d, r->s0 - 1, "who") || tok_is(d, r->s0 - 1, "which"))) {
        /* an adverb after a relative pronoun ("X, which together vowed"):
         * the pronoun */
        *n0 = r->s0 - 1;
        *n1 = r->s0;
        return true;
    }
    if (!only_time(d, r->s0, r->s1)) return false;
    int e = r->s0;
    while (e > f && r->s0 - e < 3 && (d->t[e - 1].lxf & (LX_AUX | LX_CUE_ADV | LX_PREP)) &&
           !(d->t[e - 1].lxf & LX_PRONOUN))
        e--;
    if (e == r->s0) return false;
    if (e - 1 > f && (tok_is(d, e - 1, "who") || tok_is(d, e - 1, "which") || tok_is(d, e - 1, "that"))) {
        /* "X, who in 2010 said": the relative pronoun, as PolNeAR marks
         * it; the speaker the words it stands for */
        *n0 = e - 1;
        *n1 = e;
        return true;
    }
    if (d->t[e - 1].lxf & LX_PREP) return false;
    int a = phrase_back(d, f, e);
    if (a == e || !speaks(d, e - 1)) return false;
    *n0 = a;
    *n1 = e;
    return true;
}

/* The statement of RAW whose content holds R's source, a pronoun that
 * is the subject of the clause R's participle cue follows ("X said he
 * doubted it, arguing ...": X argues, as PolNeAR marks it), when that
 * statement has a source and its cue comes before; or NULL. */
static const rawst *participle_outer(const tokdoc *d, const rawlist *raw, const rawst *r)
{
    /* (a lone pronoun: one test of both) */
    if (!((r->s1 == r->s0 + 1) & ((d->t[r->s0].lxf & LX_PRONOUN) != 0)) || r->q0 < 1 || d->t[r->q0 - 1].ch != ',' ||
        !ing_word(&d->t[r->q1 - 1]))
        return NULL;
    for (int k = 0; k < raw->n; k++) {
        const rawst *o = &raw->v[k];
        if (o != r && o->s0 >= 0 && o->s1 > o->s0 && o->q1 <= o->c0 && o->c0 <= r->s0 && r->s1 <= o->c1 &&
            o->q0 < r->s0 && o->s1 <= o->q0 && r->q0 >= o->c1 - 1)
            return o;
    }
    return NULL;
}

/* The statement of RAW whose cue ends right before the comma before R's
 * participle cue ('"...," he said, adding ...': he), with a source that
 * is not R's; or NULL. */
static const rawst *participle_after_cue(const tokdoc *d, const rawlist *raw, const rawst *r)
{
    if (r->q0 < 2 || d->t[r->q0 - 1].ch != ',' || !ing_word(&d->t[r->q1 - 1])) return NULL;
    for (int k = 0; k < raw->n; k++) {
        const rawst *o = &raw->v[k];
        if (o != r && o->q1 == r->q0 - 1 && o->s0 >= 0 && o->s1 > o->s0 && (o->s0 != r->s0 || o->s1 != r->s1))
            return o;
    }
    return NULL;
}

/* The subject before a comma that R's source follows, when the source
 * opens with a participle, a time or an -ly adverb ("X, speaking at a
 * rally, warned": X; "X, the GOP chairman, this past week announced":
 * X and the apposition): the words from the sentence's start F to the
 * comma, a noun phrase with no verb or quotation in it. */
static bool before_comma(const tokdoc *d, const rawst *r, int f, int *n0, int *n1)
{
    int c = r->s0 - 1;
    const tok *t = &d->t[r->s0];
    if (c <= f || d->t[c].ch != ',' || !(t->flags & TK_WORD) || (t->flags & TK_CAP) || !t->low) return false;
    bool ly = t->ll >= 5 && memcmp(t->low + t->ll - 2, "ly", 2) == 0;
    if (!ing_word(t) && !ly && !only_time(d, r->s0, r->s1)) return false;
    if (c - f > 24 || !(d->t[f].flags & TK_WORD) || !speaks(d, f)) return false;
    /* the sentence's first noun phrase runs to its first comma (no verb
     * after the name: "X raised the issue, ...") */
    int c1 = f;
    while (c1 < c && d->t[c1].ch != ',') c1++;
    if (phrase_from(d, f, c1) != c1) return false;
    for (int k = f; k < c; k++) {
        const tok *w = &d->t[k];
        if ((w->flags & TK_QUOTE) || (w->lxf & (LX_AUX | LX_NOSTART)) || ((w->lxf & LX_CUE_VERB) && !(w->flags & TK_CAP)))
            return false;
    }
    *n0 = f;
    *n1 = c;
    return true;
}

void ws_source_repair(const ws_lexicon *lx, const tokdoc *d, rawlist *raw)
{
    if (d->nu <= 0) return;
    for (int i = 0; i < raw->n; i++) {
        rawst *r = &raw->v[i];
        if (r->q0 < 0 || r->q0 >= d->n || r->q1 <= r->q0) continue;
        const unit *u = unit_of(d, r->q0);
        int f = words_start(d, u->t0, r->q0), end = u->t1;
        int n0 = -1, n1 = -1;
        const rawst *o = r->s0 >= 0 ? participle_outer(d, raw, r) : NULL;
        if (!o) o = participle_after_cue(d, raw, r);
        if (o) {
            r->s0 = o->s0;
            r->s1 = o->s1;
            r->a0 = o->a0;
            r->a1 = o->a1;
            continue;
        }
        if (r->s0 >= 0 && r->s1 > r->s0 && r->s1 <= r->q0) {
            if (!before_dashes(d, r, f, &n0, &n1) && !past_opening(lx, d, r, f, end, &n0, &n1) &&
                !before_time(d, r, f, &n0, &n1))
                before_comma(d, r, f, &n0, &n1);
            if (n0 < 0) {
                /* dashes at its edges, and a "but" after an opening one,
                 * are no part of a source */
                int a = r->s0, b = r->s1;
                while (a < b && dash_at(d, a, false)) a++;
                if (a > r->s0 && a < b && (tok_is(d, a, "but") || tok_is(d, a, "and"))) a++;
                while (b > a && dash_at(d, b - 1, false)) b--;
                if (a < b && (a != r->s0 || b != r->s1)) n0 = a, n1 = b;
            }
        } else if (r->s0 < 0) {
            participle_subject(lx, d, r, f, end, &n0, &n1);
        }
        if (n0 >= 0 && n1 > n0 && clear_of(r, n0, n1)) {
            r->s0 = n0;
            r->s1 = n1;
            r->a0 = r->a1 = -1;
            if (n1 == n0 + 1 && n0 - 1 > f && d->t[n0 - 1].ch == ',' && (d->t[n0].lxf & LX_NOSTART)) {
                /* a relative pronoun: the speaker is the phrase before
                 * its comma */
                int a = phrase_back(d, f, n0 - 1);
                if (a < n0 - 1) {
                    r->a0 = a;
                    r->a1 = n0 - 1;
                }
            }
        }
    }
}

/* Whether token I is where a far end may stop: a comma, a quotation mark
 * or other punctuation after it. */
static bool stop_at(const tokdoc *d, int i)
{
    return d->t[i].flags & (TK_PUNCT | TK_QUOTE);
}

int ws_source_candidates(const tokdoc *d, const rawst *r, int lo, int hi, int kind, int *pos)
{
    int n = 0;
    if (kind == WS_SOURCE_START) {
        pos[n++] = r->s0;
        int a = r->s0 - WS_SOURCE_NEAR, b = r->s0 + WS_SOURCE_NEAR;
        if (a < lo) a = lo;
        /* nor back over a speech verb right before it: in "the radio
         * quoted him as saying" the source is "him" */
        if (r->s0 > 0 && (d->t[r->s0 - 1].lxf & LX_CUE_VERB)) a = r->s0;
        if (b > r->s1 - 1) b = r->s1 - 1;
        for (int p = a; p <= b && n < WS_SOURCE_MAXC; p++)
            if (p != r->s0) pos[n++] = p;
        return n;
    }
    pos[n++] = r->s1;
    /* after a cue that ends in a preposition ("according to"), the source
     * is its object and ends at the next comma at the latest: what follows
     * there ("according to X, a state agency") is said about it */
    if (r->s0 >= r->q1 && r->q1 - r->q0 > 1 && (d->t[r->q1 - 1].lxf & LX_PREP))
        for (int i = r->s1; i < hi; i++)
            if (d->t[i].ch == ',') {
                hi = i;
                break;
            }
    /* nor over a relative clause after a comma ("X, who chairs the
     * committee, said"): the source is the one who speaks, what the
     * clause tells of them is not */
    for (int i = r->s1; i + 1 < hi; i++)
        if (d->t[i].ch == ',' && (tok_is(d, i + 1, "who") || tok_is(d, i + 1, "whose") ||
                                  tok_is(d, i + 1, "whom") || tok_is(d, i + 1, "which"))) {
            hi = i;
            break;
        }
    int a = r->s1 - WS_SOURCE_NEAR, b = r->s1 + WS_SOURCE_NEAR;
    if (a < r->s0 + 1) a = r->s0 + 1;
    if (b > hi) b = hi;
    /* shorter anywhere; longer only to where a phrase ends (before
     * punctuation, a quotation mark or the limit), so that an apposition
     * is taken whole or not at all */
    for (int p = a; p <= b && n < WS_SOURCE_MAXC; p++)
        if (p != r->s1 && (p < r->s1 || p == hi || stop_at(d, p))) pos[n++] = p;
    int far = r->s1 + WS_SOURCE_FAR;
    if (far > hi) far = hi;
    for (int p = b + 1; p <= far && n < WS_SOURCE_MAXC; p++)
        if (p == hi || stop_at(d, p)) pos[n++] = p;
    return n;
}

/* ------------------------------------------------------------ features */

/* The hash of token I's lowercased word (or of its edge when outside). */
static uint64_t word(const tokdoc *d, int i, int lo, int hi)
{
    if (i < lo) return 0x51;
    if (i >= hi) return 0x52;
    const tok *t = &d->t[i];
    return t->low ? ws_hash(WS_FNV_INIT, t->low, t->ll) : (uint64_t)t->ch + 0x100;
}

/* The lexicon classes that tell where a source starts and ends. */
#define CLASS_LX                                                                                                  \
    (LX_CUE_VERB | LX_TITLE | LX_ORG | LX_PRONOUN | LX_PREP | LX_FUNCWORD | LX_DET | LX_NOSTART | LX_CLAUSE |   \
     LX_GROUPNOUN | LX_AUX | LX_OFFICE | LX_MONTH | LX_WEEKDAY | LX_CUE_ADV | LX_POSTCUE)

/* Token I's class: its shape, punctuation byte and lexicon classes. */
static uint64_t tclass(const tokdoc *d, int i, int lo, int hi)
{
    if (i < lo) return 1;
    if (i >= hi) return 2;
    const tok *t = &d->t[i];
    return (uint64_t)(t->lxf & CLASS_LX) << 24 | (uint64_t)t->ch << 16 | (uint64_t)(t->flags & 0x7f) << 4 | 3;
}

static int bucket(int v)
{
    if (v < -8) return -9 - (v < -16);
    if (v > 8) return 9 + (v > 16) + (v > 30);
    return v;
}

typedef struct fset {
    uint32_t *f;
    int n;
    uint64_t base;
    int bits;
} fset;

/* Adds feature TAG(A, B): two multiply-xorshift rounds, the top bits. */
static void add(fset *s, uint64_t tag, uint64_t a, uint64_t b)
{
    uint64_t h = (s->base ^ tag << 56 ^ a) * 0x9E3779B97F4A7C15ull;
    h = (h ^ h >> 29 ^ b) * 0xC2B2AE3D27D4EB4Full;
    s->f[s->n++] = (uint32_t)(h >> (64 - s->bits));
}

/* The most tokens a statement's word memo holds, and the widest span of
 * one boundary's candidates whose "between" summaries are precomputed. */
#define MEMO_CAP 256
#define SPAN_CAP 96

/* What the features of one boundary's candidates share: the statement,
 * the boundary, the cue word's hash; the words of [lo, hi) hashed once
 * (memo, or NULL: hashed at each use); and what lies between the
 * boundary and each position of [x0, x1] (commas up to 4, lexicon
 * classes, flags), accumulated outward from the boundary (none: counted
 * at each use). */
typedef struct bctx {
    const tokdoc *d;
    const rawst *r;
    int lo, hi, kind, b, side;
    uint64_t cue;
    uint64_t *memo; /* memo[i - lo + 2]; 0 for not yet hashed */
    int x0, x1;     /* the positions with summaries; x1 < x0 for none */
    uint8_t commas[SPAN_CAP];
    uint32_t lx[SPAN_CAP], fl[SPAN_CAP];
} bctx;

static uint64_t mword(const bctx *c, int i)
{
    if (!c->memo || i < c->lo || i >= c->hi) return word(c->d, i, c->lo, c->hi);
    uint64_t *m = &c->memo[i - c->lo + 2];
    if (!*m) *m = word(c->d, i, c->lo, c->hi);
    return *m;
}

static void bctx_init(bctx *c, const tokdoc *d, const rawst *r, int lo, int hi, int kind, uint64_t *memo)
{
    c->d = d;
    c->r = r;
    c->lo = lo;
    c->hi = hi;
    c->kind = kind;
    c->b = kind == WS_SOURCE_START ? r->s0 : r->s1;
    c->side = r->s1 <= r->q0 ? 0 : 1; /* before the cue, or after it */
    c->cue = word(d, r->q0, 0, d->n);
    c->memo = memo;
    c->x0 = 0;
    c->x1 = -1;
}

/* Summaries of what lies between the boundary and each position of
 * [x0, x1] (which holds it), where that span fits. */
static void bctx_between(bctx *c, int x0, int x1)
{
    if (x1 - x0 + 1 > SPAN_CAP || x0 > c->b || x1 < c->b) return;
    const tokdoc *d = c->d;
    int b = c->b;
    c->x0 = x0;
    c->x1 = x1;
    c->commas[b - x0] = 0;
    c->lx[b - x0] = c->fl[b - x0] = 0;
    for (int p = b - 1; p >= x0; p--) {
        int k = p - x0;
        c->commas[k] = (uint8_t)(c->commas[k + 1] + (d->t[p].ch == ',' && c->commas[k + 1] < 4));
        c->lx[k] = c->lx[k + 1] | (d->t[p].lxf & CLASS_LX);
        c->fl[k] = c->fl[k + 1] | (d->t[p].flags & 0x7f);
    }
    for (int p = b + 1; p <= x1; p++) {
        int k = p - x0;
        c->commas[k] = (uint8_t)(c->commas[k - 1] + (d->t[p - 1].ch == ',' && c->commas[k - 1] < 4));
        c->lx[k] = c->lx[k - 1] | (d->t[p - 1].lxf & CLASS_LX);
        c->fl[k] = c->fl[k - 1] | (d->t[p - 1].flags & 0x7f);
    }
}

static int features(bctx *c, int p, uint32_t *f)
{
    const tokdoc *d = c->d;
    const rawst *r = c->r;
    int lo = c->lo, hi = c->hi, kind = c->kind, b = c->b;
    fset s = {f, 0, (uint64_t)(kind * 2 + c->side + 1) * 0x100000001b3ull, WS_SOURCE_BITS};
    int mv = bucket(p - b);
    uint64_t wl = mword(c, p - 1), wr = mword(c, p);
    uint64_t cl = tclass(d, p - 1, lo, hi), cr = tclass(d, p, lo, hi);
    add(&s, 1, (uint64_t)(int64_t)mv, 0);
    add(&s, 2, wl, 0);
    add(&s, 3, wr, 0);
    add(&s, 4, cl, cr);
    add(&s, 5, wl, wr);
    add(&s, 6, (uint64_t)(int64_t)mv, cr);
    add(&s, 7, (uint64_t)(int64_t)mv, cl);
    add(&s, 8, (uint64_t)(int64_t)mv, tclass(d, b, lo, hi));
    add(&s, 9, (uint64_t)(p == lo) | (uint64_t)(p == hi) << 1, (uint64_t)(mv > 0) | (uint64_t)(mv < 0) << 1);
    /* what lies between the patterns' boundary and P */
    int commas = 0;
    uint32_t lx = 0, fl = 0;
    if (p >= c->x0 && p <= c->x1) {
        commas = c->commas[p - c->x0];
        lx = c->lx[p - c->x0];
        fl = c->fl[p - c->x0];
    } else {
        int x0 = p < b ? p : b, x1 = p < b ? b : p;
        for (int i = x0; i < x1; i++) {
            commas += d->t[i].ch == ',';
            lx |= d->t[i].lxf & CLASS_LX;
            fl |= d->t[i].flags & 0x7f;
        }
    }
    add(&s, 10, (uint64_t)(commas > 3 ? 3 : commas), (uint64_t)(int64_t)(mv > 0) - (mv < 0));
    add(&s, 11, lx, (uint64_t)(int64_t)(mv > 0) - (mv < 0));
    add(&s, 12, fl, (uint64_t)(int64_t)(mv > 0) - (mv < 0));
    /* the span it gives */
    int len = kind == WS_SOURCE_START ? r->s1 - p : p - r->s0;
    add(&s, 13, (uint64_t)(len > 12 ? 12 + (len > 20) + (len > 30) : len), 0);
    add(&s, 14, (uint64_t)(len > 12 ? 12 : len), kind == WS_SOURCE_START ? wr : wl);
    /* the cue word, with the move */
    add(&s, 15, c->cue, (uint64_t)(int64_t)(mv > 0) - (mv < 0));
    add(&s, 16, c->cue, cr);
    /* the two words beyond the boundary */
    add(&s, 17, kind == WS_SOURCE_START ? mword(c, p - 2) : mword(c, p + 1), kind == WS_SOURCE_START ? wl : wr);
    add(&s, 18, 0, 0);
    return s.n;
}

int ws_source_features(const tokdoc *d, const rawst *r, int lo, int hi, int kind, int p, uint32_t *f)
{
    bctx c;
    bctx_init(&c, d, r, lo, hi, kind, NULL);
    return features(&c, p, f);
}

/* ------------------------------------------------------------ choice */

/* The best-scoring of boundary KIND's candidates (the first on a tie);
 * MEMO as bctx's, shared by the statement's two boundaries. */
static int best(const ws_source_model *m, const tokdoc *d, const rawst *r, int lo, int hi, int kind, uint64_t *memo)
{
    int pos[WS_SOURCE_MAXC];
    uint32_t f[WS_SOURCE_MAXF];
    int n = ws_source_candidates(d, r, lo, hi, kind, pos), bp = pos[0];
    bctx c;
    bctx_init(&c, d, r, lo, hi, kind, memo);
    int x0 = pos[0], x1 = pos[0];
    for (int k = 1; k < n; k++) {
        if (pos[k] < x0) x0 = pos[k];
        if (pos[k] > x1) x1 = pos[k];
    }
    bctx_between(&c, x0, x1);
    long bs = 0;
    for (int k = 0; k < n; k++) {
        int nf = features(&c, pos[k], f);
        long sc = 0;
        for (int i = 0; i < nf; i++) sc += m->w[f[i]];
        if (k == 0 || sc > bs) {
            bs = sc;
            bp = pos[k];
        }
    }
    return bp;
}

void ws_source_apply(const ws_source_model *m, const tokdoc *d, const rawlist *raw, int *span)
{
    uint64_t memo[MEMO_CAP + 4];
    for (int i = 0; i < raw->n; i++) {
        const rawst *r = &raw->v[i];
        span[(size_t)2 * i] = r->s0;
        span[(size_t)2 * i + 1] = r->s1;
        int lo, hi;
        if (!m || !ws_source_limits(d, r, &lo, &hi)) continue;
        uint64_t *mm = NULL;
        if (hi - lo <= MEMO_CAP) {
            memset(memo, 0, sizeof(uint64_t) * (size_t)(hi - lo + 4));
            mm = memo;
        }
        int s0 = best(m, d, r, lo, hi, WS_SOURCE_START, mm), s1 = best(m, d, r, lo, hi, WS_SOURCE_END, mm);
        if (s0 < s1) {
            span[(size_t)2 * i] = s0;
            span[(size_t)2 * i + 1] = s1;
        }
    }
}

/* ------------------------------------------------------------ file */

void ws_source_free(ws_source_model *m)
{
    if (!m) return;
    ws__free(m->w);
    ws__free(m);
}

static const ws_mfile_kind source_kind = {
    WS_SOURCE_FILE, WS_SOURCE_MAGIC, WS_SOURCE_VERSION, 1, "source model",
    "(the source model: `make train` rebuilds it; --no-model, or a file named " WS_MODEL_RULES_ONLY
    " in the directory, runs the rules alone)"};

/* A record of the source model's file other than a weight: its one
 * parameter. */
static int source_record(void *ctx, ws_mfile *mf, char *line, size_t n)
{
    ws_source_model *m = ctx;
    char name[32];
    long val;
    if (!ws_mfile_param(line, name, &val) || strcmp(name, "samples") != 0)
        return ws_mfile_bad(mf, mf->ln, "expected w or param record");
    m->samples = (int)val;
    return WS_OK;
}

int ws_source_load(const char *dir, ws_source_model **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_source_model *m = ws__calloc(1, sizeof *m);
    if (!m) {
        if (err && errlen) snprintf(err, errlen, "%s/%s: out of memory", dir, WS_SOURCE_FILE);
        return WS_NOMEM;
    }
    m->bits = WS_SOURCE_BITS;
    int rc = ws_mfile_load_weights(dir, &source_kind, m->bits, &m->w, source_record, m, err, errlen);
    if (rc != WS_OK) {
        ws_source_free(m);
        return rc;
    }
    *out = m;
    return WS_OK;
}

int ws_source_write(FILE *out, const ws_source_model *m)
{
    buf b = {0};
    char line[64];
    int n = snprintf(line, sizeof line, "param\tsamples\t%d\n", m->samples);
    int rc = ws_buf_append(&b, line, (size_t)n);
    if (rc == WS_OK) rc = ws_mfile_write_weights(out, &source_kind, &b, m->w, m->bits);
    ws_buf_free(&b);
    return rc;
}
