/*
 * charset.c -- a page's character set and its conversion to UTF-8.
 *
 * The order is the one browsers follow: a byte order mark, then the
 * character set the transport named (HTTP Content-Type), then the page's
 * own <meta charset> or http-equiv declaration in its first 1024 bytes,
 * else UTF-8.  Conversion is glibc's iconv; bytes it cannot convert are
 * replaced by U+FFFD, so a wrong declaration costs characters, not the page.
 * ISO-8859-1 and US-ASCII are read as windows-1252, as browsers read them.
 */
#include "read.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

static bool is_utf8_name(const char *cs)
{
    return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") || !strcasecmp(cs, "unicode-1-1-utf-8");
}

int ws_read_to_utf8(const char *in, size_t len, const char *charset, buf *out, size_t *skip)
{
    *skip = 0;
    const unsigned char *u = (const unsigned char *)in;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *skip = 3;
        return 0;
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) charset = "UTF-16LE";
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) charset = "UTF-16BE";
    if (!charset || !*charset || is_utf8_name(charset)) return 0;
    if (!strcasecmp(charset, "iso-8859-1") || !strcasecmp(charset, "latin1") ||
        !strcasecmp(charset, "us-ascii") || !strcasecmp(charset, "ascii"))
        charset = "WINDOWS-1252";
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) return WS_PARSE; /* NOLINT(performance-no-int-to-ptr): iconv's failure value */
    if (!strncasecmp(charset, "UTF-16", 6) && len >= 2) {
        in += 2;
        len -= 2;
    }
    out->len = 0;
    int rc = 1;
    char *ip = (char *)in; /* iconv's signature; the input is not written */
    size_t il = len;
    while (il) {
        if (ws_buf_reserve(out, il * 2 + 16) != WS_OK) {
            rc = WS_NOMEM;
            break;
        }
        char *op = out->p + out->len;
        size_t ol = out->cap - out->len - 1, before = ol;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        out->len += before - ol;
        if (r != (size_t)-1) break;
        if (errno == E2BIG) continue;
        /* an invalid or cut-off sequence: one byte becomes U+FFFD */
        if (ws_buf_append(out, "\xEF\xBF\xBD", 3) != WS_OK) {
            rc = WS_NOMEM;
            break;
        }
        ip++;
        il--;
    }
    iconv_close(cd);
    if (rc == 1 && ws_buf_reserve(out, 1) == WS_OK) out->p[out->len] = 0;
    return rc;
}

/* Copies a charset name at P (up to a quote, ';', '>' or space) into NAME. */
static const char *take_name(const char *p, const char *end, char *name, size_t cap)
{
    while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '=')) p++;
    size_t n = 0;
    while (p < end && n + 1 < cap && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' || *p == ':'))
        name[n++] = *p++;
    name[n] = 0;
    return n ? name : NULL;
}

const char *ws_read_sniff_charset(const char *html, size_t len, char *name, size_t cap)
{
    const unsigned char *u = (const unsigned char *)html;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return "UTF-8";
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) return "UTF-16LE";
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) return "UTF-16BE";
    size_t n = len < 1024 ? len : 1024;
    const char *end = html + n;
    for (const char *p = html; p < end; p++) {
        if (*p != '<' || end - p < 6 || strncasecmp(p + 1, "meta", 4)) continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt) break;
        for (const char *q = p + 5; q + 7 < gt; q++)
            if (!strncasecmp(q, "charset", 7)) return take_name(q + 7, gt, name, cap);
    }
    return NULL;
}
