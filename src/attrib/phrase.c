/*
 * phrase.c -- what the patterns ask of a phrase (can it be a source, is it
 * a cue, where does it start) and how they record a statement.
 */
#include "patterns.h"

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

bool ws_att_has_comma(const tokdoc *d, int a, int b)
{
    for (int k = a; k < b; k++)
        if (punct(d, k, ',') || is_dash(d, k)) return true;
    return false;
}

bool ws_att_ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n > m + 2 && memcmp(s + n - m, suf, m) == 0;
}

/* Can [s0,s1) speak: a name, a pronoun, a title, an organisation or a
 * group ("officials"), not any noun phrase? */
bool ws_att_can_speak(const tokdoc *d, int s0, int s1)
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

/* Words that may stand between a source and its cue: an auxiliary (is,
 * has, did), an adverb in -ly ("CNN barely mentioned", "clearly
 * intended") that the lexicon does not know, or one of words.tsv's
 * cueadv (also later then previously again not n't never been ...).
 * K is a token of D. */
bool ws_att_is_cue_adverb(const tokdoc *d, int k)
{
    static const char none[8];
    const tok *t = &d->t[k];
    uint32_t lxf = t->lxf;
    /* the three answers computed side by side, without a branch: which
     * holds depends on the text */
    bool aux = (lxf & (LX_AUX | LX_PREP | LX_PRONOUN)) == LX_AUX;
    bool adv = (lxf & LX_CUE_ADV) != 0;
    bool plain = (lxf == 0) & ((t->flags & (TK_WORD | TK_CAP)) == TK_WORD); /* a word the lexicon lacks */
    /* its last two bytes, byte 0 in their stead when it is shorter (a
     * lowercased form is zero-padded to eight bytes) */
    const char *low = t->low ? t->low : none;
    size_t ll = t->ll;
    char last = low[ll - (ll >= 1)], before = low[ll - (ll >= 1) - (ll >= 2)];
    if (ll == 0xFFFFFF) return (aux | (adv & (last != '.'))) || (plain && ws_att_ends_with(low, "ly")); /* capped */
    return aux | (adv & (last != '.')) | (plain & (ll > 4) & (before == 'l') & (last == 'y'));
}

bool ws_att_titlecase(ctx *c)
{
    if (c->titlecase < 0) {
        const tokdoc *d = c->d;
        int words = 0, caps = 0;
        for (int k = c->tu0; k < c->tend; k++) {
            unsigned fl = d->t[k].flags;
            int word = (fl & (TK_WORD | TK_NUM)) == TK_WORD; /* a word, not a number */
            words += word;
            caps += word & ((fl & TK_CAP) != 0);
        }
        c->titlecase = words >= 4 && caps * 10 >= words * 8 && !c->inq[c->tu0];
    }
    return c->titlecase;
}

/* Cue at token k: returns its length in tokens (0: none). */
int ws_att_cue_at(ctx *c, int k, int end, uint32_t *cls)
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
        while (a >= 0) {
            uint64_t w = low8(&d->t[a]);
            if (!((w == w8("not")) | (w == w8("n't")) | (w == w8("also")) | (w == w8("been")) |
                  (w == w8("never"))) &&
                !tok_is(d, a, "repeatedly"))
                break;
            a--;
        }
        if (a < 0 || !(d->t[a].lxf & LX_AUX) || c->inq[a]) return 0;
        if (!(t->lxf & (LX_GERUND | LX_CUE_PASSIVE))) return 0;
        /* "was told", "were asked": passive, the source is not before */
        uint64_t w = low8(&d->t[a]);
        if ((t->lxf & LX_CUE_PASSIVE) && !(t->lxf & LX_PAST) &&
            ((w == w8("was")) | (w == w8("were")) | (w == w8("is")) | (w == w8("are")) | (w == w8("been")) |
             (w == w8("be"))))
            return 0;
    }
    if ((t->flags & TK_CAP) && !(t->flags & TK_UPPER) && !ws_att_titlecase(c)) {
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
bool ws_att_np_ok(const ctx *c, int s0, int s1, bool loose)
{
    const tokdoc *d = c->d;
    /* a parenthesis closing the phrase: "Rep. Gwen Moore (D-Wis.)" */
    if (punct(d, s1 - 1, ')') && s1 - s0 >= 3) { /* the rare test first */
        int o = s1 - 2;
        while (o > s0 && !punct(d, o, '(') && s1 - o < 8) o--;
        if (o > s0 && punct(d, o, '(')) s1 = o;
    }
    if (s0 >= s1 || s1 - s0 > 12) return false;
    bool head = false, dateonly = true;
    for (int k = s0; k < s1; k++) {
        const tok *t = &d->t[k];
        uint32_t lxf = t->lxf;
        unsigned fl = t->flags;
        /* "The U.S. said": verbs are not part of a source, but past
         * participles inside ("the draft obtained by") are */
        if (c->inq[k] || (fl & TK_QUOTE) || (lxf & LX_AUX)) return false;
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

/* Sets kind and trims [c0,c1) into r's content (quotation marks outside a
 * direct quote are not part of it). */
bool ws_att_set_content(ctx *c, rawst *r, int c0, int c1)
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

void ws_att_mark(ctx *c, int a, int b)
{
    if (a < 0) a = 0;
    if (b > c->d->n) b = c->d->n;
    if (a < b) memset(c->used + a, 1, (size_t)(b - a));
}

/* A fresh statement: no parts yet, the unit's list date if any. */
void ws_att_raw_begin(const ctx *c, rawst *r)
{
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
int ws_att_found(ctx *c, rawst *r, int q0, int q1, int s0, int s1, const char *method, double conf,
                 int m0, int m1)
{
    r->q0 = q0;
    r->q1 = q1;
    r->s0 = s0;
    r->s1 = s1;
    r->method = method;
    r->conf = conf;
    ws_att_mark(c, m0, m1);
    return ws_raw_push(c->tmp, c->out, r) == WS_OK ? 1 : -1;
}

/* The first used token in [from,end), or end. */
int ws_att_first_used(const ctx *c, int from, int end)
{
    if (from >= end) return end;
    const uint8_t *p = memchr(c->used + from, 1, (size_t)(end - from));
    return p ? (int)(p - c->used) : end;
}

/* The start of the phrase ending at k: back to a comma, colon, quotation
 * mark, "that", a used token or twelve tokens. */
int ws_att_back_to_boundary(const ctx *c, int u0, int k)
{
    const tokdoc *d = c->d;
    int s0 = k;
    /* tokens [u0,k) exist: no index checks */
    while (s0 > u0 && k - s0 < 12) {
        const tok *t = &d->t[s0 - 1];
        if (t->ch == ',' || t->ch == ':' || t->ch == ';' || (t->flags & TK_QUOTE) || c->used[s0 - 1] ||
            c->inq[s0 - 1] || ((t->lxf & LX_NOSTART) && that_tok(t)))
            break;
        s0--;
    }
    return s0;
}

bool ws_att_np_tail(const ctx *c, int a, int end)
{
    const tokdoc *d = c->d;
    if (a >= end || end - a > 12) return false;
    const tok *f = &d->t[a];
    if (!(f->flags & TK_WORD) || !((f->flags & (TK_NUM | TK_CAP)) || in_class(d, a, LX_DET) ||
                                   (f->lxf & LX_TITLE)))
        return false;
    for (int k = a; k < end; k++) {
        const tok *t = &d->t[k];
        if (c->inq[k] || c->used[k] || (t->flags & TK_QUOTE) || (t->lxf & (LX_AUX | LX_PRONOUN | LX_CLAUSE)))
            return false;
        if ((t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) && (t->lxf & (LX_PRESENT | LX_PAST))) return false;
        if ((t->flags & TK_PUNCT) && (t->ch == ',' || t->ch == ';' || t->ch == ':' || is_dash(d, k))) return false;
        if (in_class(d, k, LX_NOSTART)) return false;
    }
    return true;
}

/* The middle of an appositive: "director of the Institute for Policy
 * Integrity at New York University School of Law", "82", "a teacher";
 * with a relative clause, what stands before it ("a security expert who
 * has studied the breaches"). */
static bool appos_ok(const ctx *c, int a, int b)
{
    const tokdoc *d = c->d;
    if (a >= b || b - a > 30) return false;
    for (int w = a + 2; w < b - 1; w++)
        if ((tok_is(d, w, "who") || tok_is(d, w, "whose")) && !c->inq[w]) {
            if (c->used[w] || ws_att_first_used(c, w, b) < b) return false;
            b = w;
            break;
        }
    if (b - a > 20) return false;
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
    return words > 0 && (ws_att_np_ok(c, a, b, true) || b - a > 5 || (d->t[a].flags & TK_NUM));
}

/* A source set off by commas before its cue at k (token k-1 is a comma):
 *   "Sanders, who won Michigan, said ..."      -> Sanders
 *   "One hopeful, Carly Fiorina, says ..."      -> One hopeful, Carly Fiorina
 *   "Hillary Clinton, the nominee, said ..."    -> Hillary Clinton, the nominee
 * The speaker parser reads the part before the comma first. */
bool ws_att_appositive(const ctx *c, int u0, int k, int *s0, int *s1)
{
    const tokdoc *d = c->d;
    int c1 = k - 1, c0 = c1 - 1;
    bool dash = is_dash(d, c1);
    while (c0 > u0 && !(dash ? is_dash(d, c0) : punct(d, c0, ',')) && !c->inq[c0] && !c->used[c0] &&
           c1 - c0 < 30)
        c0--;
    if (c0 <= u0 || !(dash ? is_dash(d, c0) : punct(d, c0, ','))) return false;
    int a1 = c0, a0 = ws_att_back_to_boundary(c, u0, c0);
    bool before_ok = a0 < a1 && ws_att_np_ok(c, a0, a1, false);
    if (!before_ok && a1 == a0 + 1 && (d->t[a0].flags & TK_NUM) && a0 - 1 > u0 && punct(d, a0 - 1, ',')) {
        /* "Ana Ruiz, 42, a nurse at the clinic, said": the age stands
         * between the name and the appositive */
        int n0 = ws_att_back_to_boundary(c, u0, a0 - 1);
        if (n0 < a0 - 1 && ws_att_np_ok(c, n0, a0 - 1, false)) {
            a0 = n0;
            before_ok = true;
        }
    }
    if (tok_is(d, c0 + 1, "who") || tok_is(d, c0 + 1, "which")) {
        if (!before_ok) return false;
        *s0 = a0;
        *s1 = a1;
        return true;
    }
    if (before_ok && c1 - c0 <= 6 && (d->t[c0 + 1].lxf & LX_PREP) && !c->inq[c0 + 1]) {
        /* "The mayor, for his part, said", "X, in a statement, said": an
         * interjection, the source before it */
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

/* The subject at the start of a unit, for ", saying ...": a run of
 * capitalised words, titles and determiners ending before a lowercase
 * word ("Marco Rubio tweeted ..., saying ..."). */
bool ws_att_subject(const ctx *c, int u0, int k, int *s0, int *s1)
{
    const tokdoc *d = c->d;
    /* a dateline: "WASHINGTON (AP) -- X ...", "SAN JUAN, Puerto Rico --" */
    if ((d->t[u0].flags & TK_UPPER) && (d->t[u0].flags & TK_WORD) && d->t[u0].ll > 1) {
        int x = u0 + 1, depth = 0;
        while (x < k && x - u0 < 10 && !is_dash(d, x)) {
            const tok *t = &d->t[x];
            if (punct(d, x, '(')) depth++;
            else if (punct(d, x, ')')) depth--;
            else if ((t->flags & TK_WORD) ? !(t->flags & TK_CAP) && depth == 0 : !punct(d, x, ',') && !punct(d, x, '.'))
                break;
            x++;
        }
        if (x + 1 < k && is_dash(d, x) && depth == 0) u0 = x + 1;
    }
    /* "Speaking at the port, the mayor ...": an opening participle's
     * phrase, like a preposition's */
    bool ing = u0 + 1 < k && d->t[u0].ll > 4 && d->t[u0].low &&
               !memcmp(d->t[u0].low + d->t[u0].ll - 3, "ing", 3) && (d->t[u0 + 1].lxf & LX_PREP);
    if ((d->t[u0].lxf & LX_PREP) || ing) {
        /* "In an interview on Monday, Trump ...": after the opening phrase */
        int x = u0 + 1;
        while (x < k && x - u0 < 12 && !punct(d, x, ',') && !c->inq[x]) x++;
        if (x + 1 >= k || !punct(d, x, ',')) return false;
        u0 = x + 1;
    }
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
    if (!ws_att_np_ok(c, u0, e, false)) return false;
    *s0 = u0;
    *s1 = e;
    return true;
}

/* Is [u0,end) one quotation and nothing else? */
bool ws_att_pure_quote(const ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    if (u0 >= end || !(d->t[u0].flags & TK_QOPEN)) return false; /* an empty unit has no token u0 */
    int p = d->t[u0].pair;
    if (p < u0 + 2) return false;
    for (int k = p + 1; k < end; k++)
        if (d->t[k].flags & TK_WORD) return false;
    return true;
}

