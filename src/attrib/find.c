/*
 * find.c -- finds attributions: who said what, with which cue.
 *
 * Works on one unit (sentence, headline or bullet item) at a time, in
 * passes over its cue words (speech verbs, belief verbs and "according
 * to", from the lexicon; never inside a quotation):
 *
 * Pass 1, attribution after the content:
 *   "Q," SOURCE CUE [adjuncts].          "...," Peskov said on March 3.
 *   CONTENT, SOURCE CUE [adjuncts].      ..., Lavrov says
 *   "Q1," SOURCE CUE, "Q2."              a quote interrupted by its cue
 *   "Q," CUE SOURCE.                      "...," said the minister.
 *   CONTENT, according to SOURCE.
 * The content runs from the unit's start (or the end of the previous
 * statement) to the comma or closing mark before the source.  Adjuncts
 * are what may follow the cue without starting a clause: a date ("on
 * March 19"), a venue ("on X", "in an interview with ..."), "when asked
 * ...", an object of "told" ("told reporters").
 *
 * Pass 2, attribution before the content:
 *   SOURCE CUE [that|:|,] CONTENT.        Merz said the trip is ...
 *   According to SOURCE, CONTENT.
 *   SOURCE CUE ... and CUE2 that C2.      a second statement, same source
 * The source runs from the unit start, or the last comma before the cue,
 * to the cue, and must look like a noun phrase (no auxiliary verbs, a name,
 * pronoun, title or source noun in it).  The content runs to the unit end
 * or to the first token that pass 1 used (nested attributions).
 *
 * Before pass 1, "Asked about X, ..." opening the unit (no source).
 * Between passes 1 and 2, "X quoted Y as saying ...": Y is the source;
 * then a passive cue ("was told by X that", "is expected to": passive.c).
 * After pass 2, a cue noun after a possessive ("his claim that": noun.c).
 * Pass 3, ", saying ..." and ", and said ...": the source is the
 * sentence's subject.  Pass 4, without a cue word: a headline "Name:
 * words" (not a page label: words.tsv label), a name before a quotation
 * after a colon, a signature after a dash; and a quotation standing alone
 * continues the quoted statement before it.
 *
 * A content that ends its unit may run on into the next units (run_on):
 * a quotation over paragraphs, each opening with a mark and only the last
 * closing; the bullet items after "X said:"; the rest of a transcript's
 * line after "NAME:".  screen.c then drops what the cue's neighbourhood
 * says is no statement (a negated cue, a passive, a source that cannot
 * speak), the model's candidates too.
 *
 * The files: find.c (this one: the lists of candidates, the units, the
 * passes), trailing.c (pass 1), leading.c (passes 2 and 3), passive.c
 * (passive cues), noun.c (cue nouns), headline.c (pass 4: no cue word),
 * phrase.c (what they ask of a phrase); their shared state and helpers
 * in patterns.h.
 *
 * Known limits: without a parser, clause boundaries are guessed from
 * punctuation and function words (words.tsv: clause, cueadv, det,
 * nostart, circ, postcue, cut); a source longer than twelve tokens is cut
 * to its last twelve ("... of the republic of somewhere far away in the
 * south said"); a relative clause between source and cue ("X, who won
 * Michigan, said") is skipped.  tests/test_extract.c t24 checks these.
 */
#include "patterns.h"

/* Date of a list header ("Key developments on Feb. 26:") for the bullet
 * items below it. */
static bool header_date(ctx *c, const unit *u, ws_date *dt, const char **txt)
{
    const tokdoc *d = c->d;
    if (!punct(d, u->t1 - 1, ':')) return false;
    for (int k = u->t0; k < u->t1 - 1; k++) {
        int n = ws_date_match(d, c->lx, k, u->t1 - 1, c->ref, dt);
        if (n > 0) {
            *txt = ws_tok_text(c->a, d, k, k + n);
            return true;
        }
    }
    return false;
}

/* Lists what the passes look up instead of visiting every token, each
 * list in order and ending with d->n: the cue candidates (a cue word or
 * noun, a cue verb's participle even where the learned counts took its
 * cue class away: "is expected to", or "according"), the title words before d->n - 2 (for *TITLES:
 * ws_spk_harvest reads them), the colons and the dashes ('-', U+2013,
 * U+2014 and U+2015); and marks the tokens inside quotations.  Memory
 * from c->tmp.  WS_OK or WS_NOMEM. */
static int list_tokens(ctx *c, const int **titles)
{
    const tokdoc *d = c->d;
    const int n = d->n;
    size_t room = ((size_t)n + 1) * sizeof(int);
    int *cand = ws_arena_alloc(c->tmp, room), *title = ws_arena_alloc(c->tmp, room);
    int *colon = ws_arena_alloc(c->tmp, room), *dash = ws_arena_alloc(c->tmp, room);
    if (!cand || !title || !colon || !dash) return WS_NOMEM;
    int nc = 0, nt = 0, ncol = 0, nd = 0;
    const uint32_t cue = LX_CUE_VERB | LX_CUE_BELIEF | LX_CUE_PASSIVE | LX_CUE_NOUN;
    /* "according" is a candidate by its cue flags where the lexicon gives
     * it one (its tokens carry its entry's flags); else by its letters,
     * which only the nine-letter words need comparing */
    const lx_entry *acc = ws_lx_get(c->lx, "according", 9);
    const uint32_t len9 = acc && (acc->flags & cue) ? UINT32_MAX : 9;
    int *ce = cand, *te = title; /* the lists' ends */
    for (int k = 0; k < n; k++) {
        const tok *t = &d->t[k];
        uint32_t f = t->lxf;
        if (!(f & (cue | LX_TITLE)) && t->ll != len9) continue; /* most tokens */
        /* a cue word or a title (or both): each list grows by its test */
        *ce = k;
        ce += ((f & cue) != 0) | (t->ll == len9 && memcmp(t->low, "according", 9) == 0);
        *te = k;
        te += ((f & LX_TITLE) != 0) & (k < n - 2);
    }
    nc = (int)(ce - cand);
    nt = (int)(te - title);
    /* the marks are all on the tokenizer's event list */
    for (const int *ev = d->ev; *ev < n; ev++) {
        int k = *ev;
        const tok *t = &d->t[k];
        if ((t->flags & TK_QOPEN) && t->pair > k) memset(c->inq + k + 1, 1, (size_t)(t->pair - k - 1));
        /* an ASCII mark is its t->ch (a word's is 0) */
        colon[ncol] = k;
        ncol += t->ch == ':';
        dash[nd] = k;
        nd += t->ch == '-';
        /* a mark of three bytes: U+2013, U+2014 (as punctuation), U+2015 */
        if (((t->flags & TK_WORD) | t->ch | (t->e - t->b - 3)) == 0) {
            const unsigned char *p = (const unsigned char *)d->text + t->b;
            dash[nd] = k;
            nd += (p[0] == 0xE2) & (p[1] == 0x80) &
                  ((((t->flags & TK_PUNCT) != 0) & ((p[2] == 0x93) | (p[2] == 0x94))) | (p[2] == 0x95));
        }
    }
    cand[nc] = title[nt] = colon[ncol] = dash[nd] = n;
    c->cand = cand;
    c->ncand = nc;
    c->colon = colon;
    c->ncolon = ncol;
    c->dash = dash;
    c->ndash = nd;
    *titles = title;
    return WS_OK;
}

/* Is T a mark (not a quotation mark) whose first byte is . ! or ? (or
 * with SEMI ; or a NUL byte, as strchr(".!?;") answers)?  One test of
 * its parts. */
static inline bool final_mark(const tokdoc *d, const tok *t, bool semi)
{
    char b = d->text[t->b];
    return ((t->flags & (TK_PUNCT | TK_QUOTE)) == TK_PUNCT) &
           ((b == '.') | (b == '!') | (b == '?') | (semi & ((b == ';') | (b == '\0'))));
}

/* The tokens of unit U that attributions live in, [*u0,*end): without
 * the final . ! ? marks and the opening marks (but quotation marks and
 * '('). */
static void unit_bounds(const tokdoc *d, const unit *u, int *u0, int *end)
{
    int a = u->t0, z = u->t1;
    while (z > a && final_mark(d, &d->t[z - 1], false)) z--;
    while (a < z && (d->t[a].flags & TK_PUNCT) && !(d->t[a].flags & TK_QUOTE) && d->text[d->t[a].b] != '(')
        a++;
    *u0 = a;
    *end = z;
}

/* Passes 1-3 over the unit [u0,end)'s cue candidates cand[cu...]; CUE
 * keeps cue_at's answers for them (its length in the low two bits, the
 * class above): pass 1 asks for each, passes 2 and 3 read them (they
 * depend on the token, the unit's end and its title case, none of which
 * a pass changes).  FIRST: the unit's first statement in c->out.  *PCZ
 * receives the index of the first candidate past the unit.  WS_OK or
 * WS_NOMEM. */
static int cue_passes(ctx *c, int u0, int end, int cu, int first, uint32_t *cue, int *pcz)
{
    const tokdoc *d = c->d;
    const int *cand = c->cand;
    rawlist *out = c->out;
    /* pass 1: attribution after the content, after a question that
     * opens the unit ("Asked about X, ...") */
    int cstart = u0;
    if (cand[cu] <= u0 + 1 && (tok_is(d, u0, "asked") || tok_is(d, u0 + 1, "asked"))) {
        int ak = ws_att_try_asked(c, u0, end);
        if (ak < 0) return WS_NOMEM;
        if (ak > 0) cstart = ak;
    }
    /* (the tests of a candidate are joined by & where each is cheap:
     * one branch on the answer, which is mostly the same, instead of one
     * on each part; and a pass whose word class no candidate of the unit
     * has is not run: ANY holds their flags) */
    uint32_t any = 0;
    int cz = cu;
    for (; cand[cz] < end; cz++) {
        int ci = cz;
        int k = cand[ci];
        uint32_t cls = 0;
        int qn = ws_att_cue_at(c, k, end, &cls);
        cue[ci] = (uint32_t)qn | cls << 2;
        any |= d->t[k].lxf;
        if ((k > u0) & (qn != 0) & !c->used[k] && ws_att_try_trailing(c, u0, end, k, qn, &cstart) < 0)
            return WS_NOMEM;
    }
    *pcz = cz;
    /* "X quoted Y as saying ...": Y is the source, before pass 2 takes
     * "quoted" for a cue of X's (try_quoted_as asks for "as" and an -ing
     * form three tokens into the unit, or more) */
    const uint32_t saying = LX_CUE_VERB | LX_GERUND;
    for (int ci = cu; (any & saying) == saying && ci < cz; ci++) {
        int k = cand[ci];
        if (!(((d->t[k].lxf & saying) == saying) & (k >= u0 + 3) & !c->used[k]) || !tok_is(d, k - 1, "as"))
            continue;
        c->at_cand = ci;
        if (ws_att_try_quoted_as(c, u0, end, k) < 0) return WS_NOMEM;
    }
    /* a passive cue: "was told by X that", "is expected to" */
    for (int ci = cu; (any & LX_CUE_PASSIVE) && ci < cz; ci++) {
        int k = cand[ci];
        if (((d->t[k].lxf & LX_CUE_PASSIVE) != 0) & !c->used[k] && ws_att_try_passive(c, u0, end, k) < 0)
            return WS_NOMEM;
    }
    /* pass 2: attribution before the content */
    for (int ci = cu; ci < cz; ci++) {
        int k = cand[ci];
        uint32_t cls = cue[ci] >> 2;
        int qn = (int)(cue[ci] & 3);
        if (!((qn != 0) & !c->used[k])) continue;
        if (qn == 2 && !(k == u0 || punct(d, k - 1, ',') || punct(d, k - 1, ':') || word2(d, k - 1, "and", "but")))
            continue;
        c->at_cand = ci; /* try_leading looks for candidates after k: from k's */
        int rc = ws_att_try_leading(c, u0, end, k, qn, cls, -1, -1);
        if (rc < 0) return WS_NOMEM;
        while (rc >= 2) {
            /* a coordinated cue: the same source */
            int y = rc - 2;
            const rawst *prev = &out->v[out->n - 1];
            uint32_t cl2 = 0;
            ws_att_cue_at(c, y, end, &cl2);
            rc = ws_att_try_leading(c, u0, end, y, 1, cl2, prev->s0, prev->s1);
            if (rc < 0) return WS_NOMEM;
            k = y;
        }
        while (cand[ci + 1] <= k) ci++; /* on after y */
    }
    /* a cue noun after a possessive: "his claim that ..." */
    for (int ci = cu; (any & LX_CUE_NOUN) && ci < cz; ci++) {
        int k = cand[ci];
        if (((d->t[k].lxf & LX_CUE_NOUN) != 0) & !c->used[k] && ws_att_try_noun(c, u0, end, k) < 0)
            return WS_NOMEM;
    }
    /* pass 3: ", saying ..." and ", and said" (", but said") take the
     * subject of the sentence ("Mr. Schultz supported Democrats ..., and said he ...") */
    for (int ci = cu; ci < cz; ci++) {
        int k = cand[ci];
        if (!((k >= u0 + 2) & !c->used[k] & !c->inq[k])) continue;
        /* after a comma, or a comma and a closing mark ('..." win,"
         * adding that'); ", according to X" is no participle of the
         * subject's */
        bool comma = punct(d, k - 1, ',') || ((d->t[k - 1].flags & TK_QCLOSE) && punct(d, k - 2, ','));
        bool participle = (d->t[k].lxf & LX_GERUND) && (d->t[k].lxf & LX_CUE_VERB) && comma &&
                          !tok_is(d, k, "according");
        bool and_cue = word2(d, k - 1, "and", "but") & ((cue[ci] & 3) == 1);
        if (!participle && !and_cue) continue;
        int s0, s1;
        if (out->n > first && out->v[out->n - 1].s0 >= 0) {
            s0 = out->v[out->n - 1].s0;
            s1 = out->v[out->n - 1].s1;
        } else if (!ws_att_subject(c, u0, k, &s0, &s1)) {
            continue;
        }
        c->at_cand = ci;
        int rc = ws_att_try_leading(c, u0, end, k, 1, LX_CUE_VERB, s0, s1);
        if (rc < 0) return WS_NOMEM;
        if (rc > 0) out->v[out->n - 1].method = "rule:participle";
    }
    return WS_OK;
}

/* A quotation standing alone in the unit [u0,end) after a quoted
 * statement PREV (which has no second part yet) continues it. */
static void continue_quote(ctx *c, rawst *prev, int u0, int end)
{
    const tokdoc *d = c->d;
    int q0 = u0, q1 = d->t[u0].pair;
    /* (a unit that "X said:" took is its content already) */
    if (prev->c20 >= 0 || q1 <= q0 + 1 || c->used[u0]) return;
    prev->c20 = q0 + 1;
    prev->c21 = q1;
    while (prev->c21 > prev->c20 && (d->t[prev->c21 - 1].flags & TK_PUNCT) &&
           strchr(",.", d->text[d->t[prev->c21 - 1].b]))
        prev->c21--;
    ws_att_mark(c, u0, end);
}

/* Does unit UI start a line (or a bullet item)? */
static bool line_start(const tokdoc *d, int ui)
{
    int t0 = d->u[ui].t0;
    if (t0 == 0) return true;
    if (d->t[t0 - 1].flags & TK_BULLET) return true;
    return (d->t[t0].flags & TK_NEWLINE_BEFORE) != 0;
}

/* Is unit UI a list item: after a bullet, or a line opening with a dash? */
static bool list_item(const tokdoc *d, int ui)
{
    int t0 = d->u[ui].t0;
    if (t0 > 0 && (d->t[t0 - 1].flags & TK_BULLET)) return true;
    return (d->t[t0].flags & TK_NEWLINE_BEFORE) && is_dash(d, t0);
}

/* The unit U's end before its final . ! ? ; marks. */
static int words_end_of(const tokdoc *d, int ui)
{
    int z = d->u[ui].t1;
    while (z > d->u[ui].t0 && final_mark(d, &d->t[z - 1], true)) z--;
    return z;
}

/* A statement R whose content ends its unit UI may run on into the units
 * after it; returns the last unit it takes (UI when none), marked used:
 *   - a quotation over paragraphs: the content opens with a quotation mark
 *     left unpaired (its paragraph ends without closing it), and each
 *     next paragraph opens with a mark, until the one whose quotation
 *     closes: the content runs to that closing mark and is quoted;
 *   - "X said:" followed by bullet items: the content runs over them;
 *   - a turn of a transcript ("SMITH: Well, ... . In the end ..."): the
 *     content runs to the end of the line. */
static int run_on(ctx *c, rawst *r, int ui)
{
    const tokdoc *d = c->d;
    const int nu = d->nu;
    int uend = words_end_of(d, ui);
    if ((r->c1 < uend - 1) | (r->c20 >= 0)) return ui;
    int open = r->c0 - 1;
    if (open >= d->u[ui].t0 && (d->t[open].flags & TK_QUOTE) &&
        !(d->t[open].flags & (TK_QOPEN | TK_QCLOSE)) && r->kind != WS_DIRECT) {
        /* the paragraphs of one quotation */
        int v = ui + 1;
        while (v < nu && !line_start(d, v)) v++; /* the quotation ends the paragraph */
        if (v != ui + 1) return ui;
        int last = -1, close = -1;
        while (v < nu && line_start(d, v) && (d->t[d->u[v].t0].flags & TK_QUOTE) && v - ui < 40) {
            const tok *m = &d->t[d->u[v].t0];
            int w = v + 1;
            while (w < nu && !line_start(d, w)) w++;
            if (m->flags & TK_QOPEN) {
                close = m->pair;
                last = v;
                while (last + 1 < w && d->u[last + 1].t0 <= close) last++;
                break;
            }
            if (m->flags & (TK_QCLOSE)) break;
            v = w;
        }
        if (close < 0) return ui;
        int c1 = close;
        while (c1 > r->c0 && (d->t[c1 - 1].flags & TK_PUNCT) && strchr(".,", d->text[d->t[c1 - 1].b])) c1--;
        r->c1 = c1;
        r->kind = WS_DIRECT;
        ws_att_mark(c, d->u[ui + 1].t0, close + 1);
        return last;
    }
    if (r->method && !strcmp(r->method, "rule:before-colon")) {
        /* the bullet items after "X said:" (the first is the content) */
        int v = ui + 1;
        if (v >= nu || r->c0 < d->u[v].t0 || r->c0 >= d->u[v].t1) return ui;
        if (!list_item(d, v)) return ui;
        int last = v;
        while (last + 1 < nu && list_item(d, last + 1) && last - v < 30) last++;
        if (last == v) return ui;
        r->c1 = words_end_of(d, last);
        ws_att_mark(c, d->u[v].t0, d->u[last].t1);
        return last;
    }
    if (r->method && !strcmp(r->method, "rule:colon") && line_start(d, ui)) {
        /* a transcript's turn: the rest of its line */
        int last = ui;
        while (last + 1 < nu && !line_start(d, last + 1) && last - ui < 30) last++;
        if (last == ui) return ui;
        r->c1 = words_end_of(d, last);
        if (r->kind == WS_DIRECT) r->kind = WS_MIXED;
        ws_att_mark(c, d->u[ui + 1].t0, d->u[last].t1);
        return last;
    }
    return ui;
}

/* Is IN an attribution inside O's content that opens it: "X said [Y
 * believes Z]", "X noted that [experts say ...]"?  IN's source (before
 * its cue) starts O's content, or follows a "that" or "what" inside it
 * ("X said [the council ignored what Y calls Z]").  PolNeAR marks the
 * outer statement only, and what the inner source believes or wants is
 * mostly the outer speaker's report, not the inner one's words.
 * Not after a quotation's trailing cue: '"...," X said' with X's own
 * statement inside is as often the inner one's words; nor a cue noun
 * after a possessive, the object of the outer cue. */
static bool nested_in(const tokdoc *d, const rawst *in, const rawst *o)
{
    if (in->s0 < 0 || in->s1 > in->q0 || o->c0 < 0 || !o->method) return false;
    if (!strcmp(o->method, "rule:after")) return false;
    /* "X repeated [his claim that Z]": the cue noun's statement is X's */
    if (in->method && !strcmp(in->method, "rule:noun")) return false;
    if (in->q0 >= o->c1) return false;
    return source_opens_content(d, in, o);
}

/* Drops the unit's statements out->v[first...] that are nested_in
 * another of them, keeping the order of the rest. */
static void drop_nested(ctx *c, int first)
{
    rawlist *out = c->out;
    int n = first;
    for (int i = first; i < out->n; i++) {
        bool in = false;
        for (int j = first; j < out->n && !in; j++)
            in = j != i && nested_in(c->d, &out->v[i], &out->v[j]);
        if (!in) out->v[n++] = out->v[i];
    }
    out->n = n;
}

int ws_att_find(arena *a, arena *tmp, const ws_lexicon *lx, const tokdoc *d, ws_date ref, rawlist *out,
                const int **titles)
{
    ctx c = {.a = a, .tmp = tmp, .lx = lx, .d = d, .ref = ref, .out = out, .nx0 = -1, .nx1 = -1};
    c.inq = ws_arena_alloc(tmp, (size_t)d->n + 1);
    c.used = ws_arena_alloc(tmp, (size_t)d->n + 1);
    uint32_t *cue = ws_arena_alloc(tmp, ((size_t)d->n + 1) * sizeof *cue);
    if (!c.inq || !c.used || !cue) return WS_NOMEM;
    memset(c.inq, 0, (size_t)d->n + 1);
    memset(c.used, 0, (size_t)d->n + 1);
    if (list_tokens(&c, titles) != WS_OK) return WS_NOMEM;
    int cu = 0; /* the first candidate of the current unit */
    ws_date list_date = {0, 0, 0};
    const char *list_text = NULL;
    int prev_quote = -1; /* a quoted statement the next unit may continue */
    int ic = 0, id = 0;  /* the first colon and dash at or after the unit's start */
    for (int ui = 0; ui < d->nu; ui++) {
        const unit *u = &d->u[ui];
        bool bullet = u->t0 > 0 && (d->t[u->t0 - 1].flags & TK_BULLET);
        if (!bullet) {
            list_date.y = 0;
            list_text = NULL;
        }
        ws_date hd;
        const char *ht;
        if (header_date(&c, u, &hd, &ht)) {
            list_date = hd;
            list_text = ht;
            continue;
        }
        c.udate = bullet ? list_date : (ws_date){0, 0, 0};
        c.udate_text = bullet ? list_text : NULL;
        int u0, end;
        unit_bounds(d, u, &u0, &end);
        c.nx0 = ui + 1 < d->nu ? d->u[ui + 1].t0 : -1;
        c.nx1 = ui + 1 < d->nu ? d->u[ui + 1].t1 : -1;
        if (c.nx0 >= 0 && c.used[c.nx0]) continue; /* taken by "X said:" */
        int first = out->n;
        while (c.cand[cu] < u0) cu++;
        /* most units hold no colon and no dash: the patterns that need
         * one are not asked there */
        while (c.colon[ic] < u0) ic++;
        while (c.dash[id] < u0) id++;
        bool colon_in = c.colon[ic] < end, dash_in = c.dash[id] < end;
        c.tu0 = u0; /* titlecase() reads them, when cue_at asks */
        c.tend = end;
        c.titlecase = -1;
        /* a title-case headline "Name: Words In Capitals" is the name's
         * statement: its capitalised words are no cues ("Ruiz: I Still
         * Believe ...") */
        if (colon_in && line_start(d, ui) && (ws_att_titlecase(&c) || ws_att_turn(&c, u0, end)) &&
            ws_att_try_colon(&c, u0, end) < 0)
            return WS_NOMEM;
        int cz = cu; /* the first candidate past the unit */
        if (c.cand[cu] < end && cue_passes(&c, u0, end, cu, first, cue, &cz) != WS_OK) return WS_NOMEM;
        if (out->n > first + 1) drop_nested(&c, first);
        /* pass 4: the patterns without a cue word */
        if (colon_in && out->n == first && ws_att_try_colon(&c, u0, end) < 0) return WS_NOMEM;
        if (dash_in && out->n == first && ws_att_try_dash_signature(&c, u0, end) < 0) return WS_NOMEM;
        if (colon_in && ws_att_try_colon_quote(&c, u0, end) < 0) return WS_NOMEM;
        if ((out->n == first) & (prev_quote >= 0) && ws_att_pure_quote(&c, u0, end)) {
            continue_quote(&c, &out->v[prev_quote], u0, end);
            prev_quote = -1;
        } else {
            prev_quote = -1;
            for (int i = first; i < out->n; i++)
                if (out->v[i].kind != WS_INDIRECT) prev_quote = i;
        }
        int last = ui;
        for (int i = first; i < out->n; i++) {
            int l = run_on(&c, &out->v[i], ui);
            if (l > last) last = l;
        }
        if (last > ui) {
            /* the units the content ran into hold nothing else */
            ui = last;
            prev_quote = -1;
            end = d->u[ui].t1;
        }
        for (cu = cz; c.cand[cu] < end; cu++) /* units follow each other: on past what run_on took */
            ;
    }
    return WS_OK;
}
