/*
 * date.c -- date expressions and their resolution.
 *
 * Recognised at a token: "[on] March 22[, 2025]", "[on] 22 March [2025]",
 * "[on] Feb. 18", "[on|last] Friday", "yesterday", "today", "on
 * 2025-03-15".  Month and weekday names come from words.tsv.  A date
 * without a year is the latest such day not after the reference (the
 * document's publication date): "March 22" in a report of 2025-04-05 is
 * 2025-03-22, "December 30" is 2024-12-30.  A weekday is the latest such
 * day on or before the reference ("last" excludes the reference day).
 * Without a reference, only dates with a year resolve.
 */
#include "dates.h"

#include <stdlib.h>
#include <string.h>

/* A number token 1..31 (allowing "22nd", "1st"). */
static int day_num(const tokdoc *d, int i)
{
    if (i >= d->n || !(d->t[i].flags & TK_NUM)) return 0;
    const char *p = d->t[i].low;
    if (!p) return 0;
    int v = 0, k = 0;
    while (p[k] >= '0' && p[k] <= '9' && k < 3) v = v * 10 + (p[k++] - '0');
    if (p[k] && strcmp(p + k, "st") && strcmp(p + k, "nd") && strcmp(p + k, "rd") &&
        strcmp(p + k, "th"))
        return 0;
    return v >= 1 && v <= 31 ? v : 0;
}

static int year_num(const tokdoc *d, int i)
{
    if (i >= d->n || !(d->t[i].flags & TK_NUM)) return 0;
    const char *p = d->t[i].low;
    if (strlen(p) != 4) return 0;
    int v = atoi(p);
    return v >= 1900 && v <= 2100 ? v : 0;
}

static int month_of(const tokdoc *d, int i)
{
    if (i >= d->n || !(d->t[i].lxf & LX_MONTH) || !(d->t[i].flags & TK_CAP)) return 0;
    /* "may" and "march" are also verbs: capitalised only */
    return d->t[i].lx ? d->t[i].lx->month : 0;
}

static ws_date resolve_md(ws_date ref, int m, int day, int year)
{
    ws_date r = {0, m, day};
    if (year) {
        r.y = year;
    } else if (ref.y) {
        r.y = ref.y;
        if (m > ref.m || (m == ref.m && day > ref.d)) r.y--;
    }
    if (r.y && !ws_date_valid(r)) r.y = 0;
    return r;
}

static int match_at(const tokdoc *d, int i, int end, ws_date ref, ws_date *out);

int ws_date_match(const tokdoc *d, const ws_lexicon *lx, int i, int end, ws_date ref,
               ws_date *out)
{
    (void)lx;
    if (i >= end) return 0;
    /* most tokens start no date: one that is no month, weekday or number
     * can only be "on", "last", "today" or (by length) "yesterday"; one
     * test */
    const tok *t0 = &d->t[i];
    uint64_t w = tok_low8(t0);
    bool word = (w == TOK_W8("on")) | (w == TOK_W8("last")) | (w == TOK_W8("today")) | (t0->ll == 9);
    if (!((t0->lxf & (LX_MONTH | LX_WEEKDAY)) | (t0->flags & TK_NUM) | word)) return 0;
    return match_at(d, i, end, ref, out);
}

/* ws_date_match past its first test, a function of its own so that the
 * test needs no frame. */
static __attribute__((noinline)) int match_at(const tokdoc *d, int i, int end, ws_date ref, ws_date *out)
{
    int k = i;
    bool last = false;
    if (tok_is(d, i, "on") || (last = tok_is(d, i, "last"))) k++; /* k < end: i < end above */
    if (k >= end) return 0;
    ws_date r = {0, 0, 0};
    int m, day;
    if ((m = month_of(d, k)) && (day = day_num(d, k + 1)) && k + 1 < end) {
        int n = k + 2;
        int year = 0;
        if (n + 1 < end && d->text[d->t[n].b] == ',' && (year = year_num(d, n + 1))) n += 2;
        else if (n < end && (year = year_num(d, n))) n++;
        *out = resolve_md(ref, m, day, year);
        return n - i;
    }
    if ((day = day_num(d, k)) && k + 1 < end && (m = month_of(d, k + 1))) {
        int n = k + 2, year = 0;
        if (n < end && (year = year_num(d, n))) n++;
        *out = resolve_md(ref, m, day, year);
        return n - i;
    }
    if ((d->t[k].lxf & LX_WEEKDAY) && (d->t[k].flags & TK_CAP) && d->t[k].lx) {
        int wd = d->t[k].lx->month;
        if (ref.y) {
            long rd = ws_date_to_days(ref);
            int rwd = (int)(((rd % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
            int back = (rwd - wd + 7) % 7;
            if (back == 0 && last) back = 7;
            r = ws_date_from_days(rd - back);
        }
        *out = r;
        return k + 1 - i;
    }
    if (k == i && (tok_is(d, k, "yesterday") || tok_is(d, k, "today"))) {
        if (ref.y) r = ws_date_from_days(ws_date_to_days(ref) - (tok_is(d, k, "yesterday") ? 1 : 0));
        *out = r;
        return 1;
    }
    /* ISO date written as 2025-03-15 is one token with hyphens */
    if (d->t[k].flags & TK_NUM) {
        ws_date iso;
        size_t l = d->t[k].e - d->t[k].b;
        if (l == 10) {
            char tmp[11];
            memcpy(tmp, d->text + d->t[k].b, 10);
            tmp[10] = 0;
            if (ws_date_parse(tmp, &iso) == WS_OK) {
                *out = iso;
                return k + 1 - i;
            }
        }
    }
    return 0;
}
