/*
 * calendar.c -- the library's one date arithmetic.
 *
 * Proleptic Gregorian dates to a count of days and back (Howard Hinnant's
 * days_from_civil / civil_from_days), julian day numbers (the store's
 * date keys), "YYYY-MM-DD" both ways, and the first day of a date's week
 * (Monday) and month, the buckets of a timeline.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long ws_date_to_days(ws_date d)
{
    long y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

ws_date ws_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    ws_date r = {(int)(y + (m <= 2)), (int)m, (int)d};
    return r;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

bool ws_date_valid(ws_date d)
{
    return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= days_in_month(d.y, d.m);
}

/* 1970-01-01 is julian day 2440588. */
#define JULIAN_EPOCH 2440588

int64_t ws_date_julian(ws_date d)
{
    if (d.y < 1 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31) return 0;
    return (int64_t)ws_date_to_days(d) + JULIAN_EPOCH;
}

void ws_date_format(ws_date d, char out[11])
{
    if (ws_date_julian(d)) snprintf(out, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
    else out[0] = 0;
}

int ws_date_parse(const char *s, ws_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return WS_PARSE;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return WS_PARSE;
    ws_date d = {atoi(s), atoi(s + 5), atoi(s + 8)};
    if (!ws_date_valid(d)) return WS_PARSE;
    *out = d;
    return WS_OK;
}

ws_date ws_date_monday(ws_date d)
{
    long z = ws_date_to_days(d);
    /* day 0 was a Thursday: (z + 3) mod 7 is 0 on Mondays */
    long back = ((z + 3) % 7 + 7) % 7;
    return ws_date_from_days(z - back);
}

ws_date ws_date_month_start(ws_date d)
{
    d.d = 1;
    return d;
}
