/*
 * trailing.c -- attribution after the content (pass 1):
 *   "Q," SOURCE CUE [adjuncts].          "...," Peskov said on March 3.
 *   CONTENT, SOURCE CUE [adjuncts].      ..., Lavrov says
 *   "Q1," SOURCE CUE, "Q2."              a quote interrupted by its cue
 *   "Q," CUE SOURCE.                      "...," said the minister.
 *   CONTENT, according to SOURCE.
 */
#include "patterns.h"

/* Is the quotation opening at Q (a TK_QOPEN token) all that is left of
 * [q,end) but for marks? */
static bool last_quote(const tokdoc *d, int q, int end)
{
    if (!(d->t[q].flags & TK_QOPEN) || d->t[q].pair < q + 2) return false;
    int rest = d->t[q].pair + 1;
    while (rest < end && (d->t[rest].flags & TK_PUNCT)) rest++;
    return rest >= end;
}

/* Parses what follows a cue in [k,end): dates, venues, "when asked ...".
 * Returns true when the region holds no new clause (attribution after the
 * content).  *q2 receives a quotation continuing the content (or -1).
 * INVERTED: [k,end) follows the source of '"...," said X', so a comma
 * and a noun phrase there describe X. */
static bool adjuncts(ctx *c, int k, int end, bool tell, bool inverted, rawst *r, int *q2)
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
             ws_att_ends_with(d->t[j + 1].low, "ing"))) {
            c->adj_stop = j + 1;
            return true; /* ", urging ...": a participle clause */
        }
        if (punct(d, j, ',') && j + 1 < end &&
            (word2(d, j + 1, "though", "but") | word2(d, j + 1, "and", "while") || tok_is(d, j + 1, "although"))) {
            c->adj_stop = j + 1;
            return true; /* ", though he added ...": another clause */
        }
        if (inverted && punct(d, j, ',') && j + 1 < end && j == k &&
            (tok_is(d, j + 1, "a") || tok_is(d, j + 1, "an") || tok_is(d, j + 1, "the") ||
             (d->t[j + 1].lxf & LX_TITLE) || tok_is(d, j + 1, "who"))) {
            /* "..., said X, a teacher from ...": an appositive, and after
             * it maybe the quotation's second part ('"A," said X, a
             * spokesman, "B."') */
            int a = j + 1;
            while (a < end && !punct(d, a, ',') && !(d->t[a].flags & TK_QUOTE)) a++;
            if (a + 1 < end && punct(d, a, ',') && last_quote(d, a + 1, end)) *q2 = a + 1;
            return true;
        }
        if (punct(d, j, ',') && j > k && ws_att_np_tail(c, j + 1, end)) {
            /* "..., the ministry said on Friday, the highest in a decade":
             * a phrase that describes the content, not the cue's */
            c->adj_stop = j;
            return true;
        }
        if (punct(d, j, ',')) {
            /* "...," she added, "second part." */
            if (j + 1 < end && last_quote(d, j + 1, end)) {
                *q2 = j + 1;
                return true;
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
            while (v < end && !punct(d, v, ',') && !(word2(d, v, "when", "while") | word2(d, v, "that", "after")) &&
                   !(d->t[v].flags & TK_QUOTE)) {
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

/* Does the period K join the words on both sides ("Tchadinfos.com",
 * "ouest-france.fr"): no space before or after it? */
static bool inner_period(const tokdoc *d, int k, int end)
{
    return punct(d, k, '.') && k + 1 < end && (d->t[k + 1].flags & TK_WORD) && d->t[k - 1].e == d->t[k].b &&
           d->t[k].e == d->t[k + 1].b;
}

/* CONTENT, according to SOURCE [.]: the cue "according to" at K.  The
 * content runs from *CSTART; when a statement before took all of it
 * ('"Q," Sanders said, according to CNN.'), the source reports that
 * statement, and the content is the unit's words from U0. */
static int according_after(ctx *c, int u0, int end, int k, int *cstart)
{
    const tokdoc *d = c->d;
    rawst r;
    if (!(punct(d, k - 1, ',') || is_dash(d, k - 1) || (d->t[k - 1].flags & TK_QCLOSE)))
        return 0;
    int s0 = k + 2, s1 = s0;
    while (s1 < end && !punct(d, s1, ',') && !(punct(d, s1, '.') && !inner_period(d, s1, end)) &&
           !punct(d, s1, ';') && !is_dash(d, s1))
        s1++;
    if (s1 <= s0 || s1 - s0 > 20) return 0;
    /* "according to the Port Authority, a state agency."; "..., according
     * to a tally, but his lead is narrowing": what follows the comma is
     * the writer's; so is what follows a dash ("according to the center -
     * half a point of output") */
    int x0 = s1;
    if (s1 + 1 < end && punct(d, s1, ',') &&
        (ws_att_np_tail(c, s1 + 1, end) || in_class(d, s1 + 1, LX_CUT) || tok_is(d, s1 + 1, "which") ||
         tok_is(d, s1 + 1, "who")))
        x0 = end;
    if (s1 + 1 < end && is_dash(d, s1)) x0 = end;
    for (int x = x0; x < end; x++)
        if (d->t[x].flags & TK_WORD) return 0;
    int b = k - 1;
    while (b > *cstart && (punct(d, b, ',') || (d->t[b].flags & TK_QCLOSE) || is_dash(d, b))) b--;
    int cs = *cstart;
    bool words = false;
    for (int x = cs; x <= b && !words; x++) words = (d->t[x].flags & TK_WORD) && !c->used[x];
    if (!words && cs > u0) {
        /* the statement before is what the source reports */
        cs = u0;
        b = k - 1;
        while (b > cs && (punct(d, b, ',') || is_dash(d, b))) b--;
    }
    ws_att_raw_begin(c, &r);
    if (!ws_att_set_content(c, &r, cs, b + 1)) return 0;
    r.q0 = k;
    r.q1 = k + 2;
    r.s0 = s0;
    r.s1 = s1;
    r.method = "rule:according-after";
    r.conf = 0.8;
    ws_att_mark(c, b + 1, end);
    *cstart = end;
    return ws_raw_push(c->tmp, c->out, &r) == WS_OK ? 1 : -1;
}

/* Is [c0,c1) a phrase set before the clause ("On Fox News Sunday",
 * "In a statement Thursday", "Speaking to reporters", "As the debate
 * began") rather than what the source said: it opens with a preposition,
 * a clause word, a capitalised -ing form or "earlier"/"later", and holds
 * no comma outside a quotation. */
static bool fronted_phrase(const ctx *c, int c0, int c1)
{
    const tokdoc *d = c->d;
    if (c0 >= c1 || !is_word(d, c0)) return false;
    const tok *t = &d->t[c0];
    bool opener = (t->lxf & LX_PREP) || is_conj(d, c0) || tok_is(d, c0, "earlier") || tok_is(d, c0, "later") ||
                  ((t->flags & TK_CAP) && ws_att_ends_with(t->low, "ing"));
    if (!opener) return false;
    for (int x = c0; x < c1; x++)
        if (punct(d, x, ',') && !c->inq[x]) return false;
    return true;
}

/* Does [j,end) after a cue hold only dates, adverbs that may follow a cue,
 * the object of "told" (TELL) and final marks, so that the words before
 * the source are all it can report? */
static bool nothing_after(ctx *c, int j, int end, bool tell)
{
    const tokdoc *d = c->d;
    if (tell) {
        int o = j;
        while (o < end && o - j < 4 && is_word(d, o) && !(d->t[o].lxf & LX_PREP) && !tok_is(d, o, "that")) o++;
        if (o > j && (o == end || !is_word(d, o))) j = o;
    }
    while (j < end) {
        ws_date dt;
        int n = ws_date_match(d, c->lx, j, end, c->ref, &dt);
        if (n > 0) {
            j += n;
            continue;
        }
        if (in_class(d, j, LX_POSTCUE) && !(d->t[j].lxf & LX_PREP)) {
            j++;
            continue;
        }
        if ((d->t[j].flags & TK_PUNCT) && !punct(d, j, ',') && !punct(d, j, ':') && !(d->t[j].flags & TK_QOPEN)) {
            j++;
            continue;
        }
        return false;
    }
    return true;
}

/* '"Why now?" Smith asked.': a quotation ending in '?' or '!' ends its
 * unit, so a source opening the unit at U0 may be the one of the
 * quotation just before it.  Returns the quotation's opening mark when
 * it closes right before U0 after a '?' or '!', opens a sentence (the
 * text's start, a line's or after a sentence mark) and no statement took
 * it; else -1. */
static int quote_before(const ctx *c, int u0)
{
    const tokdoc *d = c->d;
    if (u0 < 3 || !(d->t[u0 - 1].flags & TK_QCLOSE) || c->used[u0 - 1]) return -1;
    if (!punct(d, u0 - 2, '?') && !punct(d, u0 - 2, '!')) return -1;
    int q0 = d->t[u0 - 1].pair;
    if (q0 < 0 || q0 >= u0 - 2 || !(d->t[q0].flags & TK_QOPEN)) return -1;
    bool opens = q0 == 0 || (d->t[q0].flags & TK_NEWLINE_BEFORE) || punct(d, q0 - 1, '.') ||
                 punct(d, q0 - 1, '?') || punct(d, q0 - 1, '!') || (d->t[q0 - 1].flags & TK_QCLOSE);
    if (!opens || ws_att_first_used(c, q0, u0) < u0) return -1;
    return q0;
}

/* Pass 1 at cue k: attribution after the content. */
int ws_att_try_trailing(ctx *c, int u0, int end, int k, int qn, int *cstart)
{
    const tokdoc *d = c->d;
    rawst r; /* begun where it is first written: most cues fail before */
    bool according = qn == 2;

    if (according) return according_after(c, u0, end, k, cstart);

    /* boundary: comma and/or closing quotation mark before the source */
    int s1 = k, s0 = k;
    while (s0 > u0 && k - s0 < 12) { /* tokens [u0,k) exist: no index checks */
        const tok *t = &d->t[s0 - 1];
        if (c->inq[s0 - 1] || t->ch == ',' || (t->flags & TK_QUOTE) || tok_dash(d, t)) break;
        s0--;
    }
    bool inverted = false, appos = false;
    while (s1 > s0 && ws_att_is_cue_adverb(d, s1 - 1)) s1--; /* "Trump also said" */
    /* a passive ("..., the mayor was quoted as saying"): its subject is
     * no source (screen.c drops it); the cue is for another pattern */
    if (s1 < k && (d->t[k].lxf & (LX_PAST | LX_CUE_PASSIVE)) && !(d->t[k].lxf & LX_PRESENT))
        for (int x = s1; x < k; x++)
            if (ws_att_be(d, x)) return 0;
    while (s0 < s1 && is_conj(d, s0)) s0++;           /* "when Boyle asked" */
    if (s0 == s1 && s1 - 1 > u0 && (punct(d, s1 - 1, ',') || is_dash(d, s1 - 1))) {
        /* '"...," Graham, a former candidate, told CBS' */
        int a0, a1;
        if (ws_att_appositive(c, u0, s1, &a0, &a1)) {
            /* "Ana Ruiz, a nurse, said ...": the source opens the unit,
             * the words follow the cue (pass 2) */
            if (a0 <= *cstart) return 0;
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
        /* a name, "the minister", "former Gov. X", "several observers",
         * "one party activist" */
        if (!(d->t[s0].flags & (TK_CAP | TK_NUM)) && !(d->t[s0].lxf & (LX_FUNCWORD | LX_TITLE)) &&
            !in_class(d, s0, LX_DET))
            return 0;
        if (d->t[s0].lxf & LX_PRONOUN) return 0;
    }
    int b = inverted ? k - 1 : s0 - 1; /* last boundary token */
    int from = *cstart; /* where the content may start */
    bool before = false; /* the content is the quotation before the unit */
    if (!inverted && s0 == u0 && from == u0) {
        from = quote_before(c, u0);
        if (from < 0) return 0;
        before = true;
    }
    if (b <= from) return 0;
    bool has_boundary = false;
    int cb = b; /* content ends before cb+1 */
    /* a closing mark whose opening one stood in an earlier paragraph is
     * unpaired, but still closes the quotation */
    while (cb >= from) { /* tokens [from,b] exist */
        const tok *t = &d->t[cb];
        bool mark = (t->ch == ',') | ((t->flags & TK_QCLOSE) != 0) |
                    (((t->flags & (TK_QUOTE | TK_QOPEN)) == TK_QUOTE) & (cb + 1 == s0));
        if (!mark && !tok_dash(d, t)) break;
        has_boundary = true;
        cb--;
    }
    if (!has_boundary || cb < from) return 0;
    if (!appos && !ws_att_np_ok(c, s0, s1, true)) return 0;
    if ((d->t[k].lxf & LX_WEAK) && !ws_att_can_speak(d, s0, s1)) return 0;
    int q2 = -1;
    int after = inverted ? s1 : k + 1;
    bool quoted = false; /* a quotation ends right before the source */
    for (int x = cb + 1; x <= b; x++)
        if (d->t[x].flags & TK_QCLOSE) quoted = true;
    ws_att_raw_begin(c, &r);
    if (!adjuncts(c, after, end, is_tell(&d->t[k]), inverted, &r, &q2) && (!quoted || before)) return 0;
    int stop = c->adj_stop; /* what follows may hold statements of its own */
    /* content: from cstart to the boundary; a closing mark belongs to it */
    int ce = b + 1; /* set_content trims the boundary's punctuation */
    int cs = from;
    while (cs < ce && (d->t[cs].flags & TK_PUNCT) && !(d->t[cs].flags & TK_QUOTE) &&
           d->text[d->t[cs].b] != '(')
        cs++;
    /* content that is indirect must not be a bare noun phrase: it needs a
     * quotation or at least four words */
    /* "In a statement Thursday, X said, "Q."": the quotation is the
     * content; "On Fox News Sunday, X said the bill ...": the statement
     * follows the cue (pass 2 takes it) */
    bool fronted = !inverted && fronted_phrase(c, cs, cb + 1);
    if (fronted && q2 < 0 && !nothing_after(c, after, end, is_tell(&d->t[k]))) return 0;
    if (fronted && q2 >= 0) {
        cs = q2;
        ce = d->t[q2].pair + 1;
        q2 = -1;
    }
    if (!ws_att_set_content(c, &r, cs, ce)) return 0;
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
    ws_att_mark(c, before ? from : b, stop);
    *cstart = stop;
    return ws_raw_push(c->tmp, c->out, &r) == WS_OK ? 1 : -1;
}

