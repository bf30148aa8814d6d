/*
 * units.c -- what one attribution lives in: sentences, headline lines and
 * bullet items, over a tokenized document.
 *
 * A unit ends at a line break, at a bullet (a '*' or '•' standing alone
 * between spaces, or a '-' so standing at the start of a line), or at
 * '.', '!', '?' (or an ellipsis) followed by closing quotation marks and
 * brackets, then a space and a capitalised word, a number, a quotation
 * mark, a bullet, a line break or '('.  Not inside a quotation: the
 * quotation marks are paired first (quotes.c), so that a quote of several
 * sentences stays one unit with its attribution.  A closing quotation
 * mark right after such a mark ("... it.") ends a sentence too.
 *
 * Only the tokens of the event list (punctuation and the first token of
 * each line) can do any of this, so the passes here visit only those,
 * and the unit pass only the events that can end or cut a unit or open a
 * quotation, which the pairing pass lists (ws_qt_pair).
 */
#include "segment.h"

/* The units so far, in an array with room for all (ws_tok_units). */
typedef struct ubuild {
    unit *u;
    int n;
} ubuild;

/* Appends the unit of tokens [t0, t1). */
static void push_unit(ubuild *ub, int t0, int t1) { ub->u[ub->n++] = (unit){.t0 = t0, .t1 = t1}; }

/* Appends the unit of a line or bullet item [t0, t1), less the bullets it
 * starts with, unless that leaves it empty.  (A sentence's unit keeps a
 * bullet it starts with.) */
static void push_item(ubuild *ub, const tokdoc *d, int t0, int t1)
{
    while (t0 < t1 && (d->t[t0].flags & TK_BULLET)) t0++;
    if (t0 < t1) push_unit(ub, t0, t1);
}

/* Where the sentence ended by the mark at K (outside a quotation; OPEN_Q
 * the closing mark of the quotation open before it, or -1) lets the next
 * unit start: the token after the closing marks and brackets that follow
 * it, when a space and the start of a sentence come next; else -1. */
static int sentence_end(const tokdoc *d, int k, int open_q)
{
    const tok *tk = d->t, *t = &tk[k];
    const int n = d->n;
    bool end = tok_end_byte((unsigned char)d->text[t->b]);
    if ((t->flags & TK_QCLOSE) && k == open_q && k > 0 && (tk[k - 1].flags & TK_PUNCT)) {
        char pc = d->text[tk[k - 1].b];
        if (pc == '.' || pc == '!' || pc == '?' || pc == 0) end = true;
    }
    if (!end) return -1;
    int j = k + 1;
    while (j < n && (tk[j].flags & TK_QCLOSE) && !(tk[j].flags & TK_SPACE_BEFORE)) j++;
    while (j < n && d->text[tk[j].b] == ')' && !(tk[j].flags & TK_SPACE_BEFORE)) j++;
    if (j >= n || !(tk[j].flags & TK_SPACE_BEFORE)) return -1;
    if (!(tk[j].flags & (TK_CAP | TK_QUOTE | TK_NUM | TK_BULLET | TK_NEWLINE_BEFORE)) &&
        d->text[tk[j].b] != '(')
        return -1;
    return j;
}

int ws_tok_units(arena *a, tokdoc *d)
{
    const tok *tk = d->t;
    /* no more events than tokens: the unit events, and the pairing's scratch */
    int *ev = ws_arena_alloc(a, ((size_t)d->n + 1) * 2 * sizeof *ev);
    if (!ev) return WS_NOMEM;
    int nev = ws_qt_pair(d, ev, ev + d->n + 1);
    /* a unit event cuts at most two units (a line's and a sentence's),
     * and the last unit ends at the document's end */
    ubuild ub = {ws_arena_alloc(a, ((size_t)nev * 2 + 1) * sizeof(unit)), 0};
    if (!ub.u) return WS_NOMEM;
    int start = 0, open_quote_until = -1;
    for (int ei = 0; ev[ei] < d->n; ei++) {
        int k = ev[ei];
        const tok *t = &tk[k];
        if ((t->flags & (TK_NEWLINE_BEFORE | TK_BULLET)) && k > start) {
            push_item(&ub, d, start, k);
            start = k;
            open_quote_until = -1;
        }
        /* an open mark's pair is after it: the quotation's end, if later */
        int qend = t->pair | -(int)!(t->flags & TK_QOPEN); /* -1 unless an open mark */
        open_quote_until = qend > open_quote_until ? qend : open_quote_until;
        if (!(t->flags & TK_PUNCT) || k < open_quote_until) continue;
        int j = sentence_end(d, k, open_quote_until);
        if (j < 0) continue;
        if (j > start) {
            push_unit(&ub, start, j);
            start = j;
            open_quote_until = -1;
        }
        /* on at j, or past it when it is a word (the start of a line,
         * say): the unit starts there already, and a word neither cuts
         * a unit again nor opens a quotation nor ends a sentence */
        while (ev[ei + 1] < j) ei++;
        ei += (ev[ei + 1] == j) & !(tk[j].flags & TK_PUNCT);
    }
    if (d->n > start) push_item(&ub, d, start, d->n);
    d->u = ub.u;
    d->nu = ub.n;
    return WS_OK;
}

ws_span ws_span_of(const tokdoc *d, int t0, int t1)
{
    ws_span sp = {-1, -1, -1, -1};
    if (t0 < 0 || t1 <= t0 || t1 > d->n) return sp;
    sp.start = d->t[t0].cb;
    sp.end = d->t[t1 - 1].ce;
    sp.bstart = d->t[t0].b;
    sp.bend = d->t[t1 - 1].e;
    return sp;
}

char *ws_tok_text(arena *a, const tokdoc *d, int t0, int t1)
{
    if (t0 < 0 || t1 <= t0) return NULL;
    return ws_arena_strndup(a, d->text + d->t[t0].b, d->t[t1 - 1].e - d->t[t0].b);
}
