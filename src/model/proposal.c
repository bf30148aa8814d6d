/*
 * proposal.c -- where a proposal of the cue classifier lies: its cue
 * (the head word with the auxiliaries, adverbs and "to" around it), its
 * source (the words before the cue, past a phrase set off by commas, the
 * sentence's first noun phrase, the subject after an opening participle)
 * and its content (the rest of the sentence), and whether that source
 * may speak for a weak cue word.  model.c decides which proposals stand.
 */
#include "model.h"

/* Whether token T ends a sentence. */
static bool sent_end(const tok *t) { return t->ch == '.' || t->ch == '?' || t->ch == '!'; }

/* Whether token I may stand before a cue's head word within the cue:
 * an auxiliary, an adverb or "to". */
static bool cue_lead(const tokdoc *d, int i)
{
    return (d->t[i].lxf & (LX_AUX | LX_CUE_ADV)) || tok_is(d, i, "to");
}

int ws_model_cue_head(const tokdoc *d, int i, int e)
{
    int h = i;
    while (h + 1 < e && h + 1 < d->n && cue_lead(d, h) && (d->t[h + 1].flags & TK_WORD)) h++;
    return h;
}

/* The words before token E back to punctuation, a clause word or a
 * quotation mark (at most 8, not before U0): their first token, or E for
 * none. */
static int words_before(const tokdoc *d, int u0, int e)
{
    int b = e;
    while (b - 1 >= u0 && e - (b - 1) <= 8) {
        const tok *t = &d->t[b - 1];
        if (!(t->flags & TK_WORD) && !(t->ch == '.' || t->ch == '\'' || t->ch == '-')) break;
        if (t->lxf & (LX_NOSTART | LX_CLAUSE | LX_PREP)) break;
        if ((t->lxf & (LX_CUE_VERB | LX_AUX)) && !(t->flags & TK_CAP)) break;
        b--;
    }
    return b;
}

/* Whether token I is a relative pronoun that can be a subject: "who",
 * "which", "that". */
static bool is_relative(const tokdoc *d, int i)
{
    return tok_is(d, i, "who") || tok_is(d, i, "which") || tok_is(d, i, "that");
}

/* The source of a proposed cue at Q in the sentence from U0: the words
 * before it, back to punctuation, a clause word or a quotation mark,
 * past the adverbs and auxiliaries next to the cue (not a pronoun joined
 * to one: "he's"); [*s0,*s1) or -1.  Where none stand there but a comma,
 * parenthesis or dash: the words before a phrase set off by commas ("X, a
 * Y from Z, said": from X to the second comma), else the sentence's first
 * noun phrase ("X, a Y who ... , said"; "X did A, saying"); those two
 * only when PAST_COMMA. */
static void source_before(const tokdoc *d, int u0, int q, bool past_comma, int *s0, int *s1, int *a0, int *a1)
{
    int k = q - 1;
    while (k >= u0 && k > q - 4 && (d->t[k].lxf & (LX_AUX | LX_CUE_ADV)) && !(d->t[k].lxf & LX_PRONOUN) &&
           !(d->t[k].flags & TK_CAP))
        k--;
    int e = k + 1, b = words_before(d, u0, e);
    *a0 = *a1 = -1;
    if (k >= u0 && is_relative(d, k)) {
        /* "X, who has endorsed Y": the source is the relative pronoun (as
         * PolNeAR marks it), the speaker the words it stands for */
        *s0 = k;
        *s1 = k + 1;
        int c = k > u0 && d->t[k - 1].ch == ',' ? k - 1 : k, ab = words_before(d, u0, c);
        if (ab < c) {
            *a0 = ab;
            *a1 = c;
        }
        return;
    }
    if (b == e && past_comma && e - 1 > u0 && d->t[e - 1].ch == ',') {
        /* back over the phrase to the comma before it, then the words
         * before that comma */
        int c = e - 2;
        while (c > u0 && e - c <= 14 && d->t[c].ch != ',' &&
               ((d->t[c].flags & TK_WORD) || d->t[c].ch == '.' || d->t[c].ch == '\'' || d->t[c].ch == '-'))
            c--;
        if (c > u0 && c < e - 2 && d->t[c].ch == ',') {
            int nb = words_before(d, u0, c);
            if (nb < c) {
                b = nb;
                e = e - 1;
            }
        }
    }
    /* a verb joined to an earlier one by "and" or "but" shares its
     * subject: "X met the survivors and said" */
    bool joined = b == e && e - 1 > u0 && (tok_is(d, e - 1, "and") || tok_is(d, e - 1, "but"));
    if (b == e && e - u0 <= 48 &&
        (joined || (past_comma && e - 1 > u0 && (d->t[e - 1].flags & TK_PUNCT) && !(d->t[e - 1].flags & TK_QUOTE) &&
                    !sent_end(&d->t[e - 1])))) {
        /* after a comma, parenthesis or dash, the sentence's first noun
         * phrase: "X, a Y who ... , said" (up to the mark) or "X did A,
         * saying" (the phrase); past a sentence's opening "And", "But"
         * (and a comma after it) */
        int f0 = u0;
        if (f0 + 1 < e && (tok_is(d, f0, "and") || tok_is(d, f0, "but") || tok_is(d, f0, "yet") ||
                           tok_is(d, f0, "so") || tok_is(d, f0, "still") || tok_is(d, f0, "however") ||
                           tok_is(d, f0, "meanwhile")))
            f0 += d->t[f0 + 1].ch == ',' ? 2 : 1;
        int n = f0;
        while (n < e - 1 && n - f0 < 8 && (d->t[n].flags & TK_WORD) &&
               !(d->t[n].lxf & (LX_NOSTART | LX_CLAUSE | LX_PREP | LX_AUX | LX_CUE_VERB))) {
            /* a name, pronoun or title then a lowercase word: the phrase
             * ended, its verb follows ("the senator left") */
            if (n > f0 && !(d->t[n].flags & TK_CAP) &&
                ((d->t[n - 1].flags & TK_CAP) ||
                 (d->t[n - 1].lxf & (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE))))
                break;
            n++;
        }
        if (n > f0 && (d->t[n - 1].flags & TK_CAP || d->t[n - 1].lxf & (LX_PRONOUN | LX_TITLE | LX_ORG |
                                                                           LX_GROUPNOUN | LX_OFFICE))) {
            b = f0;
            e = !joined && (d->t[n].ch == ',' || d->t[n].ch == '(') ? e - 1 : n;
        }
    }
    if (b < e) {
        *s0 = b;
        *s1 = e;
    } else {
        *s0 = *s1 = -1;
    }
}

/* Whether T looks like a plural noun: a lowercase word of more than
 * three letters ending in "s" (not "ss", "us", "is") that is no
 * function word, auxiliary, cue verb, preposition or clause word
 * ("voters", "critics", "states", "ads"). */
static bool plural_noun(const tok *t)
{
    if (!(t->flags & TK_WORD) || (t->flags & TK_CAP) || !t->low || t->ll <= 3 || t->low[t->ll - 1] != 's')
        return false;
    char p = t->low[t->ll - 2];
    return p != 's' && p != 'u' && p != 'i' && !(t->lxf & (LX_FUNCWORD | LX_AUX | LX_CUE_VERB | LX_PREP | LX_CLAUSE));
}

/* Whether the source [s0,s1) can speak: its last word a name, pronoun,
 * title, organisation, office, group of people or a plural noun (PolNeAR
 * takes "analysts", "polls", "states" as sources); for a relative pronoun
 * the phrase it stands for, [a0,a1), without the plural nouns: a
 * relative clause after a common noun more often tells what a group did
 * than reports its words. */
static bool can_speak(const tokdoc *d, int s0, int s1, int a0, int a1)
{
    if (s0 < 0 || s1 <= s0) return false;
    bool rel = a0 >= 0 && a1 > a0;
    if (rel) s1 = a1;
    const tok *t = &d->t[s1 - 1];
    if (!rel && plural_noun(t)) return true;
    return (t->flags & TK_CAP) || (t->lxf & (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE));
}

/* Whether the source [s0,s1) denies that anyone spoke: "no one", "nobody",
 * "none of them", "neither" (then the cue states nothing). */
static bool denying_source(const tokdoc *d, int s0, int s1)
{
    if (s0 < 0 || s1 <= s0) return false;
    return tok_is(d, s0, "no") || tok_is(d, s0, "nobody") || tok_is(d, s0, "none") || tok_is(d, s0, "neither") ||
           tok_is(d, s0, "nothing");
}

/* Whether [s0,s1), found before a weak cue whose cue ends at Q1, is a
 * noun phrase that may stand for its makers ("a new poll shows", "the
 * records indicate"): not a time word ("this week"), nor what shows but
 * cannot speak ("the video"), nor a phrase cut off inside a word ("-led
 * order"), nor the subject of a verb before "to" ("the order appeared
 * to have changed": it says nothing). */
static bool noun_source(const tokdoc *d, int s0, int s1, int q1)
{
    if (s0 < 0 || s1 <= s0 || tok_is(d, q1, "to")) return false;
    const tok *f = &d->t[s0], *t = &d->t[s1 - 1];
    unsigned char c0 = (unsigned char)d->text[f->b];
    bool alnum = c0 >= 0x80 || (c0 >= '0' && c0 <= '9') || ((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z');
    return (f->flags & TK_WORD) && alnum && (t->flags & TK_WORD) &&
           !(t->lxf & (LX_POSTCUE | LX_MUTE | LX_FUNCWORD | LX_PREP | LX_MONTH | LX_WEEKDAY));
}

/* Whether token I may stand inside a noun phrase a source names: a word
 * or the period, apostrophe or hyphen inside one ("Mr.", "Trump's"). */
static bool phrase_tok(const tokdoc *d, int i)
{
    const tok *t = &d->t[i];
    if (t->flags & TK_WORD) return true;
    if (t->ch == '.' || t->ch == '\'' || t->ch == '-') return true;
    return t->e - t->b == 3 && memcmp(d->text + t->b, "\xe2\x80\x99", 3) == 0;
}

/* Whether R's cue is a participle that opens its sentence (past a
 * preposition: "After citing", "In explaining") and a noun phrase that
 * can speak follows the comma closing its clause, before a verb: then
 * that phrase is R's source and the clause its content. */
static bool opening_participle(const tokdoc *d, int u0, int end, rawst *r)
{
    int p0 = u0;
    if (p0 < r->q0 && (d->t[p0].lxf & (LX_PREP | LX_CLAUSE))) p0++;
    const tok *h = &d->t[r->q1 - 1];
    if (r->q0 != p0 || !h->low || h->ll < 5 || memcmp(h->low + h->ll - 3, "ing", 3) != 0) return false;
    int c = r->q1;
    while (c < end && c - r->q1 < 40 && d->t[c].ch != ',' && !sent_end(&d->t[c])) c++;
    if (c >= end || d->t[c].ch != ',' || c == r->q1) return false;
    int s0 = c + 1;
    while (s0 < end && (d->t[s0].flags & TK_QUOTE)) s0++;
    int s1 = s0;
    while (s1 < end && s1 - s0 < 10 && phrase_tok(d, s1) &&
           !(d->t[s1].lxf & (LX_NOSTART | LX_CLAUSE | LX_PREP | LX_AUX | LX_CUE_ADV | LX_CUE_VERB))) {
        /* a name, pronoun or title then a lowercase word: its verb */
        if (s1 > s0 && (d->t[s1].flags & TK_WORD) && !(d->t[s1].flags & TK_CAP) &&
            ((d->t[s1 - 1].flags & TK_CAP) ||
             (d->t[s1 - 1].lxf & (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE))))
            break;
        s1++;
    }
    if (s1 <= s0 || s1 >= end || !(d->t[s1].flags & TK_WORD) || (d->t[s1].flags & TK_CAP)) return false;
    const tok *t = &d->t[s1 - 1];
    if (!((t->flags & TK_CAP) || (t->lxf & (LX_PRONOUN | LX_TITLE | LX_ORG | LX_GROUPNOUN | LX_OFFICE)))) return false;
    r->s0 = s0;
    r->s1 = s1;
    r->a0 = r->a1 = -1;
    r->c1 = c;
    return true;
}

/* ws_model_proposal_at: model.h. */
int ws_model_proposal_at(const tokdoc *d, const uint8_t *taken, int u0, int end, int i, rawst *r)
{
    r->kind = WS_INDIRECT;
    /* the classifier decides at the cue's head word; the cue begins with
     * the auxiliaries, adverbs and "to" before it ("has learned", "also
     * said") */
    r->q0 = i;
    while (r->q0 - 1 >= u0 && i - r->q0 < 3 && !taken[r->q0 - 1] && !(d->t[r->q0 - 1].flags & TK_CAP) &&
           cue_lead(d, r->q0 - 1))
        r->q0--;
    r->q1 = i + 1;
    /* a cue that begins with an auxiliary or adverb runs to the verb after
     * it ("will discuss", "also said") */
    while (r->q1 < end - 1 && r->q1 - i < 4 && (d->t[r->q1 - 1].lxf & (LX_AUX | LX_CUE_ADV))) r->q1++;
    r->c0 = r->q1;
    r->c1 = end;
    r->c20 = r->c21 = -1;
    /* a participle opening its sentence ("Noting that ..., X said";
     * "After citing ..., X told"): its subject follows the clause */
    if (opening_participle(d, u0, end, r)) return WS_PROP_SPEAKS;
    /* past a comma only when no name or title follows the cue: ", said
     * pollster X" names its source after it */
    bool inverted = false;
    if (r->q1 < d->n && ((d->t[r->q1].flags & TK_CAP) || (d->t[r->q1].lxf & LX_TITLE))) {
        /* the name runs to a mark that ends it (", said Rep. X, ..."),
         * not into the rest of a clause (", attacked X for ...") */
        int j = r->q1;
        while (j < end && j - r->q1 < 8 && (d->t[j].flags & TK_WORD) &&
               ((d->t[j].flags & TK_CAP) || (d->t[j].lxf & LX_TITLE)))
            j++;
        inverted = j >= end || d->t[j].ch == ',' || d->t[j].ch == '.' || d->t[j].ch == ':' || d->t[j].ch == ';' ||
                   d->t[j].ch == '(' || (d->t[j].flags & TK_QUOTE);
        /* ", said pollster X: ..." opens what X says after the colon (the
         * patterns' colon): the cue's proposal would start its content
         * with the speaker's name */
        if (inverted && j < end && d->t[j].ch == ':') return WS_PROP_NONE;
    }
    source_before(d, u0, r->q0, !inverted, &r->s0, &r->s1, &r->a0, &r->a1);
    if (denying_source(d, r->s0, r->s1)) return WS_PROP_NONE;
    /* as the patterns ask of a weak cue: a word that is a cue less often
     * than not needs a source that can speak */
    uint32_t cf = d->t[i].lxf;
    bool strong = (cf & (LX_CUE_VERB | LX_CUE_BELIEF | LX_CUE_NOUN)) && !(cf & LX_WEAK);
    if (strong || can_speak(d, r->s0, r->s1, r->a0, r->a1)) return WS_PROP_SPEAKS;
    return r->a0 < 0 && noun_source(d, r->s0, r->s1, r->q1) ? WS_PROP_NOUN : WS_PROP_NONE;
}
