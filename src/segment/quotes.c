/*
 * quotes.c -- pairs quotation marks: a pass over the events marks the
 * bullets and lists the events the unit pass needs (units.c splits at
 * both) and, among them, the line starts and marks, which a second pass
 * pairs.
 *
 * Curly marks say which way they face; a straight mark (") opens when
 * space or an opening bracket is before it and a word after it, and closes
 * otherwise.  An opening mark pairs with the next closing mark in the same
 * paragraph; a line break forgets an open mark (news quotes that run over
 * paragraphs reopen the mark on each one).  Marks left unpaired are left
 * as punctuation: they neither open nor close anything.
 *
 * Known limits: quotes nested with double marks inside double marks, and
 * closing curly marks used as opening ones (”like this”), are paired
 * left to right and may come out wrong.
 */
#include "segment.h"

#include <string.h>

/* Marks token K a bullet (TK_BULLET) when it is a '*' or '•' standing
 * alone between spaces, or a '-' so standing at the start of a line.
 * W: its lowercased form's tok_low8. */
static void mark_bullet(tokdoc *d, int k, uint64_t w)
{
    tok *t = &d->t[k];
    /* a candidate: '*', '-' or '•' (its lowercased form, zero-padded,
     * is the mark's bytes), the three tests without a branch each: most
     * events are commas and periods, and a branch a test would
     * mispredict on them */
    bool cand = (w == TOK_W8("*")) | (w == TOK_W8("-")) | (w == TOK_W8("\xe2\x80\xa2"));
    if (__builtin_expect(!cand, 1)) return;
    bool after_space = (t->flags & TK_SPACE_BEFORE) || k == 0;
    bool before_space = k + 1 >= d->n || (d->t[k + 1].flags & TK_SPACE_BEFORE);
    if (after_space && before_space && (t->ch != '-' || (t->flags & TK_NEWLINE_BEFORE)))
        t->flags |= TK_BULLET;
}

static bool opens(const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    const unsigned char *p = (const unsigned char *)d->text + t->b;
    size_t l = t->e - t->b;
    if (l == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9E)) return true; /* “ „ */
    if (l == 2 && p[0] == 0xC2 && p[1] == 0xAB) return true;                                   /* « */
    if (l == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x9D) return false;                  /* ” */
    if (l == 2 && p[0] == 0xC2 && p[1] == 0xBB) return false;                                  /* » */
    if (l == 2 && p[0] == '`') return true; /* `` */
    /* straight quote, or '' */
    bool before_ok = k == 0 || (t->flags & TK_SPACE_BEFORE) || (d->t[k - 1].flags & TK_BULLET);
    if (!before_ok && (d->t[k - 1].flags & TK_PUNCT) && !(d->t[k - 1].flags & TK_QUOTE)) {
        /* glued to a mark that does not end words: "(", "[", a symbol */
        char ch = d->text[d->t[k - 1].b];
        before_ok = !strchr(".,;:!?)]}'-", ch);
    }
    bool after_word = k + 1 < d->n && !(d->t[k + 1].flags & TK_SPACE_BEFORE);
    return before_ok && after_word;
}

int ws_qt_pair(tokdoc *d, int *uev, int *marks)
{
    int nu = 0, nm = 0;
    const int n = d->n;
    /* the marks and the first token of each line (the events): the
     * bullets marked, and two lists made without a branch (most events
     * are commas and the like): the unit events, and among them the line
     * starts, bullets and quotation marks (MARKS) */
    for (const int *ev = d->ev; *ev < n; ev++) {
        int k = *ev;
        tok *t = &d->t[k];
        uint64_t w = tok_low8(t);
        mark_bullet(d, k, w);
        unsigned fl = t->flags;
        /* a '.', '!' or '?' is the lowercased form's first byte (tok_low8's
         * lowest) as the text's */
        bool mark = (fl & (TK_NEWLINE_BEFORE | TK_BULLET | TK_QUOTE)) != 0;
        uev[nu] = k;
        marks[nm] = k;
        nm += mark;
        nu += mark | tok_end_byte((unsigned)(w & 0xff));
    }
    uev[nu] = n;
    /* the pairs */
    int open = -1;
    for (int mi = 0; mi < nm; mi++) {
        int k = marks[mi];
        tok *t = &d->t[k];
        unsigned fl = t->flags;
        if (fl & TK_NEWLINE_BEFORE) open = -1;
        if (!(fl & TK_QUOTE)) continue;
        if (opens(d, k)) { /* a straight mark after a bullet opens */
            open = k; /* an earlier unclosed mark stays unpaired */
            continue;
        }
        if (open >= 0) {
            d->t[open].flags |= TK_QOPEN;
            d->t[open].pair = k;
            t->flags |= TK_QCLOSE;
            t->pair = open;
            open = -1;
        }
    }
    return nu;
}
