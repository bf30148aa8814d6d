/*
 * headline.c -- the patterns without a cue word: a headline "Name: words",
 * a name before a quotation after a colon, a signature after a dash.
 */
#include "patterns.h"

/* A transcript's turn whose first sentence is short ("HOST: Welcome
 * back. Tonight ..."): the name [u0,p) in capitals opens a line that goes
 * on into the next unit (run_on takes the rest of the line). */
static bool short_turn(const ctx *c, int u0, int p)
{
    const tokdoc *d = c->d;
    if (!(u0 == 0 || (d->t[u0].flags & TK_NEWLINE_BEFORE)) || c->nx0 < 0 ||
        (d->t[c->nx0].flags & TK_NEWLINE_BEFORE))
        return false;
    for (int k = u0; k < p; k++)
        if ((d->t[k].flags & TK_WORD) && !(d->t[k].flags & TK_UPPER)) return false;
    return true;
}

/* A quotation mark opening a transcript's turn ('"SMITH: Well, ...'):
 * a turn quoted as one paragraph of a quotation over several opens with a
 * mark that no mark in its unit closes.  Returns the token after it, else
 * U0. */
static int past_turn_mark(const ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    if (u0 + 2 >= end || !(d->t[u0].flags & TK_QUOTE) || (d->t[u0].flags & TK_QCLOSE)) return u0;
    if ((d->t[u0].flags & TK_QOPEN) && d->t[u0].pair < end) return u0;
    return u0 + 1;
}

/* Does the unit [u0,end) open a transcript's turn: a name of up to four
 * words in capitals (no function word: "STAT OF THE WEEK:" is none), then
 * a colon ("SMITH: ...", '"HOST: ...')?  Such a turn is tried before the
 * cue passes: the cue words of what the speaker says are the speaker's
 * ("HOST: Do you think ..."). */
bool ws_att_turn(ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    u0 = past_turn_mark(c, u0, end);
    int p = c->colon[first_from(c->colon, c->ncolon, &c->at_colon0, u0)];
    if (p >= end || p == u0 || p - u0 > 4) return false;
    for (int k = u0; k < p; k++)
        if (!(d->t[k].flags & TK_WORD) || !(d->t[k].flags & TK_UPPER) || (d->t[k].flags & TK_NUM) ||
            (d->t[k].lxf & (LX_STOPNAME | LX_LABEL | LX_FUNCWORD)))
            return false;
    return true;
}

/* A headline "Name: words" or "Name: 'quote'" at a unit start. */
int ws_att_try_colon(ctx *c, int u0, int end)
{
    const tokdoc *d = c->d;
    u0 = past_turn_mark(c, u0, end);
    /* a page label and a dash before the name ("EXCLUSIVE - Name: ...") */
    if (u0 + 2 < end && (d->t[u0].lxf & (LX_STOPNAME | LX_LABEL)) && is_dash(d, u0 + 1)) u0 += 2;
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
        /* a page label ("Related:", "SOURCE:", "Photo:") names no speaker */
        if (t->lxf & (LX_STOPNAME | LX_LABEL | LX_MONTH | LX_WEEKDAY | LX_AUX | LX_CUE_VERB | LX_CUE_BELIEF)) return 0;
        if ((t->flags & TK_CAP) && !(t->lxf & LX_FUNCWORD)) cap = true;
        else if (!(t->lxf & (LX_TITLE | LX_GROUPNOUN | LX_ORG | LX_DEMONYM | LX_FUNCWORD))) return 0;
    }
    if (!cap || !ws_att_np_ok(c, u0, p, true)) return 0;
    ws_date dt;
    for (int k = u0; k < p; k++)
        if (ws_date_match(d, c->lx, k, p, c->ref, &dt) > 0) return 0;
    rawst r;
    ws_att_raw_begin(c, &r);
    if (!ws_att_set_content(c, &r, p + 1, end)) return 0;
    int words = 0, commas = 0;
    bool names = true; /* capitalised words, commas and "and" alone */
    for (int k = r.c0; k < r.c1; k++) {
        const tok *t = &d->t[k];
        if (t->flags & TK_WORD) {
            words++;
            if (!(t->flags & TK_CAP) && !tok_is(d, k, "and")) names = false;
        } else if (t->ch == ',') {
            commas++;
        }
    }
    if (words < 3 && !short_turn(c, u0, p)) return 0;
    /* a list of names after a heading ("Iowa: Ann Lee, Bo Park, Cy Day")
     * says nothing */
    if (names && commas >= 2) return 0;
    return ws_att_found(c, &r, p, p + 1, u0, p, "rule:colon", 0.6, u0, end);
}

/* A name standing before a quotation after a colon, mid-sentence:
 * "... doesn't surprise pollster Daron Shaw: "Historically, ..."" */
int ws_att_try_colon_quote(ctx *c, int u0, int end)
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
        if (s0 >= p || !ws_att_can_speak(d, s0, p) || !ws_att_np_ok(c, s0, p, false)) continue;
        rawst r;
        ws_att_raw_begin(c, &r);
        if (!ws_att_set_content(c, &r, p + 1, q + 1)) continue;
        r.q0 = p;
        r.q1 = p + 1;
        r.s0 = s0;
        r.s1 = p;
        r.method = "rule:colon-quote";
        r.conf = 0.7;
        ws_att_mark(c, s0, q + 1);
        if (ws_raw_push(c->tmp, c->out, &r) != WS_OK) return -1;
        while (c->colon[i + 1] <= q) i++; /* on after the quotation */
    }
    return 0;
}

/* An embedded post or a pull quote signed after a dash:
 * "words words — Paul Ryan (@SpeakerRyan) July 5, 2016", ""..." ― Name" */
int ws_att_try_dash_signature(ctx *c, int u0, int end)
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
    if (s1 == s0 || !ws_att_can_speak(d, s0, s1)) return 0;
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
    ws_att_raw_begin(c, &r);
    r.date = dn > 0 ? dt : c->udate;
    r.date_text = dn > 0 ? ws_tok_text(c->a, d, s1, x) : c->udate_text;
    if (!ws_att_set_content(c, &r, u0, p)) return 0;
    return ws_att_found(c, &r, p, p + 1, s0, s1, "rule:signature", 0.6, u0, end);
}

