/*
 * leading.c -- attribution before the content (passes 2 and 3):
 *   SOURCE CUE [that|:|,] CONTENT.        Merz said the trip is ...
 *   According to SOURCE, CONTENT.
 *   SOURCE CUE ... and CUE2 that C2.      a second statement, same source
 *   SOURCE ..., saying CONTENT.           the subject of the sentence
 */
#include "patterns.h"

/* The source [*s0,*s1) of the cue at K (QN tokens) and where the words
 * after it start (*cs): after "According to SOURCE,"; the given SRC0,
 * SRC1 (a coordinated cue); or the noun phrase before the cue.  May set
 * R's a0, a1 (who: the phrase it stands for).  False when there is no
 * source. */
static bool source_before(ctx *c, int u0, int end, int k, int qn, int src0, int src1, rawst *r, int *ps0,
                          int *ps1, int *pcs)
{
    const tokdoc *d = c->d;
    int s0, s1, cs;
    bool src_ok = true; /* the source needs no np_ok below (known to pass, or not asked) */
    bool who = false;   /* the source is "who" */
    if (qn == 2) {
        /* According to SOURCE, CONTENT */
        s0 = k + 2;
        s1 = s0;
        while (s1 < end && !punct(d, s1, ',') && !c->inq[s1] && s1 - s0 < 24) s1++;
        if (s1 >= end || !punct(d, s1, ',') || s1 == s0) return false;
        cs = s1 + 1;
    } else if (src0 >= 0) {
        s0 = src0;
        s1 = src1;
        cs = k + 1;
    } else {
        s1 = k;
        /* adverbs and auxiliaries between source and cue: "He also
         * said", "Trump has repeatedly said" */
        while (s1 > u0 && ws_att_is_cue_adverb(d, s1 - 1)) s1--;
        s0 = ws_att_back_to_boundary(c, u0, s1);
        /* "while 73 percent said": not the conjunction */
        while (s0 < s1 && is_conj(d, s0)) s0++;
        bool appos = false;
        if (s1 > u0 && word2(d, s1 - 1, "who", "whom")) {
            /* "voters, who said ...": the source is "who", the speaker
             * the phrase it stands for */
            s0 = s1 - 1;
            int e = s0;
            if (e > u0 && punct(d, e - 1, ',')) e--;
            int b0 = ws_att_back_to_boundary(c, u0, e);
            while (b0 < e && is_conj(d, b0)) b0++;
            if (b0 < e && ws_att_np_ok(c, b0, e, true)) {
                r->a0 = b0;
                r->a1 = e;
            }
            appos = true; /* no further checks on the source */
            /* ", who said ..." standing for a phrase: a clause of its own */
            who = e < s0 && r->a0 >= 0;
        } else
        if (s0 == s1 && (punct(d, s1 - 1, ',') || is_dash(d, s1 - 1))) {
            if (!ws_att_appositive(c, u0, s1, &s0, &s1)) {
                /* "X, who said A, said B": the phrase the statement
                 * before, whose words end at this comma, stands for */
                const rawst *pv = c->out->n ? &c->out->v[c->out->n - 1] : NULL;
                if (!pv || pv->a0 < u0 || pv->s0 < u0 || !tok_is(d, pv->s0, "who") || pv->c1 > s1 - 1 ||
                    pv->c1 < s1 - 3)
                    return false;
                s0 = pv->a0;
                s1 = pv->a1;
            }
            appos = true;
        }
        if (!appos && !ws_att_np_ok(c, s0, s1, false)) {
            /* "On Monday, X said", "In 2016 Trump said": the shortest
             * suffix that is a name or pronoun */
            int t = s1 - 1;
            while (t >= s0 && (d->t[t].flags & TK_CAP) && !(d->t[t].lxf & LX_FUNCWORD)) t--;
            if (t + 1 < s1 && ws_att_np_ok(c, t + 1, s1, false) && !(d->t[t].lxf & LX_AUX)) s0 = t + 1;
            else if (s1 - 1 >= s0 && (d->t[s1 - 1].lxf & LX_PRONOUN) && ws_att_np_ok(c, s1 - 1, s1, false))
                s0 = s1 - 1;
            else
                return false;
        }
        /* past the test above ws_att_np_ok(c, s0, s1, false) holds */
        src_ok = !appos;
        cs = k + 1;
        if (r->a0 < 0) {
            /* "The engineer who inspected the bridge said": the source is
             * the whole phrase, the speaker the words before "who" */
            for (int w = s0 + 1; w < s1 - 1; w++)
                if (word2(d, w, "who", "whose")) {
                    if (ws_att_np_ok(c, s0, w, false)) {
                        r->a0 = s0;
                        r->a1 = w;
                    }
                    break;
                }
        }
    }
    *ps0 = s0;
    *ps1 = s1;
    *pcs = cs;
    return src_ok || who || punct(d, s1 - 1, ',') || ws_att_has_comma(d, s0, s1) || ws_att_np_ok(c, s0, s1, false);
}

/* What stands between the cue at K (*QN tokens) and the words, from CS
 * on: dates (set on R), a venue ("in a statement"), the object of
 * "told", then "that", ':' or ','.  A preposition with no clause after it
 * joins the cue (*QN grows: "calling for").  Returns where the words
 * start, or -1 when what follows is no reported speech. */
static int skip_to_words(ctx *c, int end, int k, int *qn, int cs, rawst *r)
{
    const tokdoc *d = c->d;
    int j = cs;
    int guard = 0;
    while (j < end && guard++ < 14) {
        ws_date dt;
        int n = ws_date_match(d, c->lx, j, end, c->ref, &dt);
        if (n > 0) {
            if (!r->date_text || r->date_text == c->udate_text) {
                r->date = dt;
                r->date_text = ws_tok_text(c->a, d, j, j + n);
            }
            j += n;
            continue;
        }
        if (tok_is(d, j, "that")) { j++; break; }
        if (punct(d, j, ':') || punct(d, j, ',')) { j++; break; }
        if (*qn == 1 && is_tell(&d->t[k]) && j == cs) {
            /* told reporters (that) ...: skip a short object up to "that",
             * a colon, a comma or a subject pronoun; without one the
             * object is all there is ("told supporters in Nashua") */
            int o = j;
            while (o < end && o - j < 6 && is_word(d, o) && !tok_is(d, o, "that") &&
                   !(d->t[o].lxf & LX_PRONOUN && o > j))
                o++;
            if (o < end && !tok_is(d, o, "that") && !(d->t[o].lxf & LX_PRONOUN)) {
                /* a longer object ending in "that": "told a crowded hall
                 * in Baltimore that ..." */
                int x = o;
                while (x < end && x - j < 16 && !c->inq[x] && !tok_is(d, x, "that") &&
                       !(d->t[x].flags & TK_QUOTE))
                    x++;
                if (x < end && tok_is(d, x, "that")) o = x;
            }
            if (o < end && (tok_is(d, o, "that") || punct(d, o, ':') || punct(d, o, ',') ||
                            (d->t[o].lxf & LX_PRONOUN))) {
                j = o;
                if (d->t[o].lxf & LX_PRONOUN) break;
                continue;
            }
            return -1;
        }
        if ((d->t[j].lxf & LX_PREP) && j == cs && !tok_is(d, j, "to")) {
            /* said in a statement that ... : a venue then "that" */
            int v = j + 1;
            while (v < end && v - j < 10 && !tok_is(d, v, "that") && !punct(d, v, ':') &&
                   !punct(d, v, ',') && !(d->t[v].flags & TK_QUOTE))
                v++;
            if (v < end && (tok_is(d, v, "that") || punct(d, v, ':') || punct(d, v, ','))) {
                if (!r->venue) r->venue = ws_tok_text(c->a, d, j, v);
                j = v;
                continue;
            }
            /* no clause after it: the preposition belongs to the cue
             * ("calling for", "talked about", "weighed in on") */
            if (*qn == 1 && !tok_is(d, j, "in") && !tok_is(d, j, "at") && !tok_is(d, j, "during")) {
                *qn = j + 1 - k;
                j++;
                break;
            }
            return -1;
        }
        break;
    }
    return j;
}

/* Coordination: "... and emphasized that ..." ends the words [j,*cend)
 * of the cue at K: returns the second cue (the same source), or -1, and
 * ends *cend before its "and". */
static int coordinated(ctx *c, int j, int end, int k, int *pcend)
{
    const tokdoc *d = c->d;
    int cend = *pcend;
    int coord = -1;
    /* the second cue y answers cue_at with 1, so it is a candidate: each
     * candidate yc in (j, cend) is looked at with the "and" (x) one or two
     * tokens before it.  An x is taken at the turn of its own y (x+1, or
     * x+2 after "also"/"then"), which grows with x: the first x found is
     * the first of [j, cend) that coordinates. */
    int ci = first_from(c->cand, c->ncand, &c->at_cand, j + 1);
    for (; c->cand[ci] < cend && coord < 0; ci++) {
        int yc = c->cand[ci];
        for (int x = yc - 2; x < yc; x++) {
            if (x < j || x + 1 >= cend) continue;
            if (c->inq[x] || !tok_is(d, x, "and")) continue;
            uint32_t cl2;
            int y = x + 1;
            if (y < cend && (tok_is(d, y, "also") || tok_is(d, y, "then"))) y++;
            if (y != yc) continue; /* at the turn of its own y */
            if (y < cend && ws_att_cue_at(c, y, end, &cl2) == 1 && (d->t[y].lxf & LX_PAST) == (d->t[k].lxf & LX_PAST)) {
                coord = y;
                cend = x;
                break;
            }
        }
    }
    *pcend = cend;
    return coord;
}

/* Where the reported words [j,cend) end: at a comma before "but",
 * "saying", "even though", "while", ... (what follows is the writer's). */
static int words_end(ctx *c, int j, int cend)
{
    const tokdoc *d = c->d;
    /* (the commas and closing marks are marks: on the event list) */
    for (int ei = j + 3 < cend ? ev_from(c, j + 2) : 0; j + 3 < cend && d->ev[ei] + 1 < cend; ei++) {
        int x = d->ev[ei];
        /* the comma may end a quotation: 'has "expanded the party," claiming' */
        bool qclose = ((d->t[x].flags & TK_QCLOSE) != 0) & (d->t[x - 1].ch == ','); /* (x > j) */
        bool comma = (d->t[x].ch == ',') & !c->inq[x];
        if (!(qclose | comma)) continue;
        int cut = x + qclose;
        const tok *nx = &d->t[x + 1];
        /* a participle, or a word of words.tsv's cut (but even although
         * though while whereas: one flag where there were six compares),
         * or "according" */
        bool participle = (nx->flags & (TK_WORD | TK_CAP)) == TK_WORD &&
                          !(nx->lxf & (LX_FUNCWORD | LX_PREP)) && ws_att_ends_with(nx->low, "ing");
        /* ", said ...": the words of a relative clause end before the
         * main clause's cue ("X, who said A, said B") */
        bool cue = (nx->lxf & LX_CUE_VERB) && (nx->lxf & (LX_PAST | LX_PRESENT)) && !(nx->flags & TK_CAP);
        if (in_class(d, x + 1, LX_CUT) || participle || cue || tok_is(d, x + 1, "according")) {
            cend = cut;
            break;
        }
    }
    /* "said as he launched the process": circumstance, not words */
    return cend;
}

/* Is token K a form of "quote" (quoted, quotes, quoting)? */
static bool quote_verb(const tokdoc *d, int k)
{
    return tok_is(d, k, "quoted") || tok_is(d, k, "quotes") || tok_is(d, k, "quoting");
}

/* "him", "her", "them": the object of "quoted" that is the speaker */
static bool object_pronoun(const tok *t)
{
    uint64_t w = low8(t);
    return (w == w8("him")) | (w == w8("her")) | (w == w8("them")) | (w == w8("me")) | (w == w8("us"));
}

/* '"Q," Roth was quoted as saying.': the content before the source
 * [s0,s1), which the cue "saying" K ends. */
static int quoted_after(ctx *c, int u0, int k, int s0, int s1)
{
    const tokdoc *d = c->d;
    int b = s0 - 1;
    if (!(punct(d, b, ',') || (d->t[b].flags & TK_QCLOSE) || is_dash(d, b))) return 0;
    while (b > u0 && (punct(d, b, ',') || (d->t[b].flags & TK_QCLOSE) || is_dash(d, b))) b--;
    rawst r;
    ws_att_raw_begin(c, &r);
    if (ws_att_first_used(c, u0, b + 1) <= b || !ws_att_set_content(c, &r, u0, s0)) return 0;
    return ws_att_found(c, &r, k, k + 1, s0, s1, "rule:quoted-as", 0.8, b + 1, k + 1);
}

int ws_att_try_quoted_as(ctx *c, int u0, int end, int k)
{
    const tokdoc *d = c->d;
    if (k < u0 + 3 || !tok_is(d, k - 1, "as") || !(d->t[k].lxf & LX_GERUND) || c->inq[k]) return 0;
    int q = k - 2;
    while (q > u0 && k - q < 16 && !quote_verb(d, q) && !c->inq[q] && !c->used[q]) q--;
    if (!quote_verb(d, q) || c->used[q]) return 0;
    int s0, s1;
    if (q + 1 < k - 1 && !tok_is(d, q + 1, "by")) {
        /* "The agency quoted Defence Minister Pavel Roth as saying",
         * "Reuters quoted him as saying" */
        s0 = q + 1;
        s1 = k - 1;
        if (s1 - s0 == 1 && object_pronoun(&d->t[s0])) {
            int n = c->out->n;
            int rc = ws_att_try_leading(c, u0, end, k, 1, LX_CUE_VERB, s0, s1);
            if (rc <= 0 || c->out->n == n) return rc < 0 ? -1 : 0;
            c->out->v[c->out->n - 1].method = "rule:quoted-as";
            ws_att_mark(c, q, k);
            return 1;
        }
    } else {
        /* "Roth was quoted as saying", "Roth was quoted by the radio as
         * saying": the subject before the passive */
        s1 = q;
        while (s1 > u0 && ws_att_is_cue_adverb(d, s1 - 1)) s1--;
        s0 = ws_att_back_to_boundary(c, u0, s1);
        while (s0 < s1 && is_conj(d, s0)) s0++;
    }
    if (s0 >= s1 || !ws_att_np_ok(c, s0, s1, false)) return 0;
    if (k + 1 >= end && s0 > u0) return quoted_after(c, u0, k, s0, s1);
    int n = c->out->n;
    int rc = ws_att_try_leading(c, u0, end, k, 1, LX_CUE_VERB, s0, s1);
    if (rc <= 0 || c->out->n == n) return rc < 0 ? -1 : 0;
    rawst *r = &c->out->v[c->out->n - 1];
    r->method = "rule:quoted-as";
    ws_att_mark(c, q < s0 ? q : s0, k);
    return 1;
}

/* Pass 2 at cue k: attribution before the content. */
int ws_att_try_leading(ctx *c, int u0, int end, int k, int qn, uint32_t cls, int src0, int src1)
{
    const tokdoc *d = c->d;
    rawst r;
    ws_att_raw_begin(c, &r);
    int s0, s1, cs;
    if (!source_before(c, u0, end, k, qn, src0, src1, &r, &s0, &s1, &cs)) return 0;
    /* "According to SOURCE, CONTENT": the words start after its comma */
    int j = qn == 2 && src0 < 0 ? cs : skip_to_words(c, end, k, &qn, cs, &r);
    if (j < 0) return 0;
    if (j >= end && c->nx0 >= 0 && !c->used[c->nx0] &&
        (punct(d, j - 1, ':') || ws_att_pure_quote(c, c->nx0, c->nx1))) {
        /* "X said:" ends the unit: the next unit holds the words */
        rawst r2 = r;
        if (!ws_att_set_content(c, &r2, c->nx0, c->nx1)) return 0;
        r2.q0 = k;
        r2.q1 = k + qn;
        r2.s0 = s0;
        r2.s1 = s1;
        r2.method = "rule:before-colon";
        r2.conf = 0.75;
        ws_att_mark(c, s0, j);
        ws_att_mark(c, c->nx0, c->nx1);
        return ws_raw_push(c->tmp, c->out, &r2) == WS_OK ? 1 : -1;
    }
    int cend = ws_att_first_used(c, j, end);
    int coord = coordinated(c, j, end, k, &cend);
    cend = words_end(c, j, cend);
    if (j < cend) {
        uint64_t w = low8(&d->t[j]);
        if ((w == w8("as")) | (w == w8("when")) | (w == w8("while")) | (w == w8("after")) | (w == w8("before")) |
            (w == w8("during")))
            return 0;
    }
    if (!ws_att_set_content(c, &r, j, cend)) return 0;
    if (cls == LX_CUE_BELIEF && r.kind == WS_DIRECT) return 0;
    if ((d->t[k].lxf & LX_WEAK) && !ws_att_can_speak(d, r.a0 >= 0 ? r.a0 : s0, r.a0 >= 0 ? r.a1 : s1)) return 0;
    r.q0 = k;
    r.q1 = k + qn;
    r.s0 = s0;
    r.s1 = s1;
    r.method = tok_is(d, k, "according") ? "rule:according-before" : (src0 >= 0 ? "rule:coordinated" : "rule:before");
    r.conf = cls == LX_CUE_BELIEF ? 0.6 : 0.8;
    /* venue after "According to X" is none */
    ws_att_mark(c, s0, j);
    if (ws_raw_push(c->tmp, c->out, &r) != WS_OK) return -1;
    if (coord >= 0) return 2 + coord; /* caller continues with the coordinated cue */
    return 1;
}

