/*
 * meta.c -- what the readers share: pages, white space, and the dates the
 * web writes (ISO 8601 in HTML and Atom, RFC 822 in RSS, a date in a URL).
 *
 * A date keeps its calendar day as written: "2024-03-05T23:30:00-05:00" is
 * 2024-03-05 (the day where it was published), not converted to UTC.
 */
#include "read.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void ws_read_page_clear(ws_read_page *pg)
{
    pg->text.len = pg->title.len = pg->url.len = pg->outlet.len = 0;
    pg->author.len = pg->lang.len = 0;
    pg->date = (ws_date){0, 0, 0};
}

void ws_read_page_free(ws_read_page *pg)
{
    if (!pg) return;
    ws_buf_free(&pg->text);
    ws_buf_free(&pg->title);
    ws_buf_free(&pg->url);
    ws_buf_free(&pg->outlet);
    ws_buf_free(&pg->author);
    ws_buf_free(&pg->lang);
    ws_buf_free(&pg->scratch);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int ws_read_append_ws(buf *b, const char *s, size_t n)
{
    if (ws_buf_reserve(b, n + 1) != WS_OK) return WS_NOMEM;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* U+00A0 (no-break space) is white space in running text */
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            c = ' ';
            i++;
        }
        if (is_space(c)) {
            if (b->len && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n') b->p[b->len++] = ' ';
        } else if (c) {
            b->p[b->len++] = (char)c;
        }
    }
    b->p[b->len] = 0;
    return WS_OK;
}

int ws_read_fix_utf8(buf *b)
{
    if (ws_buf_reserve(b, 1) != WS_OK) return WS_NOMEM;
    b->p[b->len] = 0;
    if (!ws__utf8_bad(b->p, b->len)) return WS_OK;
    char *clean;
    size_t n;
    if (ws_utf8_sanitize(b->p, b->len, &clean, &n) < 0) return WS_NOMEM;
    b->len = 0;
    int rc = ws_buf_append(b, clean, n);
    ws_free(clean);
    if (rc == WS_OK) b->p[b->len] = 0;
    return rc;
}

int ws_read_set(buf *b, const char *s, size_t n)
{
    b->len = 0;
    if (ws_read_append_ws(b, s, n) != WS_OK) return WS_NOMEM;
    while (b->len && b->p[b->len - 1] == ' ') b->len--;
    b->p[b->len] = 0;
    return WS_OK;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] &&
           !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* N digits at S as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int month_name(const char *s)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (!s[0] || !s[1] || !s[2]) return 0;
    char m[3] = {(char)tolower((unsigned char)s[0]), (char)tolower((unsigned char)s[1]),
                 (char)tolower((unsigned char)s[2])};
    for (size_t i = 0; i < 12; i++)
        if (!memcmp(names + 3 * i, m, 3)) return (int)i + 1;
    return 0;
}

int ws_read_parse_date(const char *s, ws_date *out)
{
    *out = (ws_date){0, 0, 0};
    if (!s) return WS_PARSE;
    while (is_space((unsigned char)*s)) s++;
    /* ISO 8601: YYYY-MM-DD, or YYYYMMDD */
    int y = digits(s, 4);
    if (y >= 0) {
        int m, d;
        if (s[4] == '-' || s[4] == '/') {
            m = digits(s + 5, 2);
            d = s[7] == s[4] ? digits(s + 8, 2) : 1;
        } else {
            m = digits(s + 4, 2);
            d = digits(s + 6, 2);
        }
        if (!valid_ymd(y, m, d)) return WS_PARSE;
        *out = (ws_date){y, m, d};
        return WS_OK;
    }
    /* RFC 822: [Wdy,] DD Mon YYYY ...; also "Mon DD, YYYY" */
    const char *p = s;
    if (isalpha((unsigned char)*p) && !month_name(p)) {
        while (*p && *p != ',' && *p != ' ') p++;
        while (*p == ',' || *p == ' ') p++;
    }
    int d = 0, m = 0;
    if (isdigit((unsigned char)*p)) {
        d = (int)strtol(p, (char **)&p, 10);
        while (*p == ' ' || *p == '-') p++;
        m = month_name(p);
        while (isalpha((unsigned char)*p) || *p == '.') p++;
        while (*p == ' ' || *p == '-') p++;
    } else if ((m = month_name(p)) != 0) {
        while (isalpha((unsigned char)*p) || *p == '.') p++;
        while (*p == ' ') p++;
        d = (int)strtol(p, (char **)&p, 10);
        while (*p == ',' || *p == ' ') p++;
    }
    if (!m || !isdigit((unsigned char)*p)) return WS_PARSE;
    const char *q = p;
    y = (int)strtol(p, (char **)&q, 10);
    if (q - p == 2) y += y < 70 ? 2000 : 1900;
    else if (q - p != 4) return WS_PARSE;
    if (!valid_ymd(y, m, d)) return WS_PARSE;
    *out = (ws_date){y, m, d};
    return WS_OK;
}

int ws_read_url_date(const char *url, ws_date *out)
{
    *out = (ws_date){0, 0, 0};
    if (!url) return WS_PARSE;
    for (const char *p = strchr(url, '/'); p; p = strchr(p + 1, '/')) {
        int y = digits(p + 1, 4);
        if (y < 1990) continue;
        char sep = p[5];
        if (sep != '/' && sep != '-') continue;
        int m = digits(p + 6, 2), d = -1;
        if (m > 0 && p[8] == sep) d = digits(p + 9, 2);
        if (d > 0 && valid_ymd(y, m, d) && !isdigit((unsigned char)p[11])) {
            *out = (ws_date){y, m, d};
            return WS_OK;
        }
    }
    return WS_PARSE;
}
