/*
 * quotes.c -- pairs quotation marks, and in the same pass over the
 * events marks the bullets and lists the events the unit pass needs
 * (units.c splits at all three).
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
 * W: the first eight bytes of its lowercased form.  True when it is one. */
static bool mark_bullet(tokdoc *d, int k, uint64_t w)
{
    tok *t = &d->t[k];
    /* a candidate: '*', '-' or '•' (its lowercased form, zero-padded,
     * is the mark's bytes), the three tests without a branch each: most
     * events are commas and periods, and a branch a test would
     * mispredict on them */
    static const char star[8] = "*", dash[8] = "-", dot[8] = "\xe2\x80\xa2";
    uint64_t ws, wh, wd;
    memcpy(&ws, star, 8);
    memcpy(&wh, dash, 8);
    memcpy(&wd, dot, 8);
    bool cand = (w == ws) | (w == wh) | (w == wd);
    if (__builtin_expect(!cand, 1)) return false;
    bool after_space = (t->flags & TK_SPACE_BEFORE) || k == 0;
    bool before_space = k + 1 >= d->n || (d->t[k + 1].flags & TK_SPACE_BEFORE);
    if (!(after_space && before_space && (t->ch != '-' || (t->flags & TK_NEWLINE_BEFORE))))
        return false;
    t->flags |= TK_BULLET;
    return true;
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

int ws_qt_pair(tokdoc *d, int *uev)
{
    /* OPEN_U: where the open mark is in UEV; LAST_BULLET: the last bullet */
    int open = -1, open_u = 0, last_bullet = -1, nu = 0;
    const int n = d->n;
    /* the marks and the first token of each line: the events */
    for (const int *ev = d->ev; *ev < n; ev++) {
        int k = *ev;
        tok *t = &d->t[k];
        uint64_t w;
        memcpy(&w, t->low, 8);
        /* a straight mark after a bullet opens (opens) */
        if (mark_bullet(d, k, w)) last_bullet = k;
        unsigned fl = t->flags;
        /* a unit event: kept or dropped without a branch (most events are
         * commas and the like); a '.', '!' or '?' is the lowercased
         * form's first byte as the text's */
        const uint64_t ends = (1ull << '!') | (1ull << '.') | (1ull << '?');
        unsigned c = (unsigned)(w & 0xff);
        uev[nu] = k;
        nu += ((fl & (TK_NEWLINE_BEFORE | TK_BULLET | TK_QUOTE)) != 0) |
              ((c < 64) & (unsigned)(ends >> (c & 63)));
        if (fl & TK_NEWLINE_BEFORE) open = -1;
        if (!(fl & TK_QUOTE)) continue;
        if (opens(d, k)) {
            open = k; /* an earlier unclosed mark stays unpaired */
            open_u = nu - 1;
            continue;
        }
        if (open >= 0) {
            d->t[open].flags |= TK_QOPEN;
            d->t[open].pair = k;
            t->flags |= TK_QCLOSE;
            t->pair = open;
            /* The unit pass passes over what lies between a pair (no line
             * break, no open mark is there) unless a bullet cuts it: the
             * list keeps the two marks alone. */
            if (last_bullet < open) {
                uev[open_u + 1] = k;
                nu = open_u + 2;
            }
            open = -1;
        }
    }
    uev[nu] = n;
    return nu;
}
