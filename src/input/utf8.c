/*
 * utf8.c -- makes any bytes valid UTF-8 without moving offsets.
 *
 * Each byte that does not belong to a well-formed UTF-8 sequence (stray
 * continuation bytes, truncated sequences, overlong forms, surrogates,
 * code points past U+10FFFF) becomes U+FFFD: one invalid byte, one code
 * point, so offsets in code points stay meaningful to anyone who decodes
 * the same bytes the same way.  Validation is utf8proc's.
 */
#include "../internal.h"

#include <string.h>

#include <utf8proc.h>

long ws_utf8_sanitize(const char *in, size_t len, char **out, size_t *out_len)
{
    /* count first: the common case is valid input, copied as is */
    size_t bad = 0, i = 0;
    while (i < len) {
        if ((unsigned char)in[i] < 0x80) {
            /* ASCII runs eight bytes at a time */
            uint64_t x;
            while (i + 8 <= len && (memcpy(&x, in + i, 8), !(x & 0x8080808080808080ull))) i += 8;
            while (i < len && (unsigned char)in[i] < 0x80) i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (r <= 0) { bad++; i++; } else i += (size_t)r;
    }
    if (len > (SIZE_MAX - 1) / 3) return WS_NOMEM;
    char *o = ws__alloc(len + bad * 2 + 1);
    if (!o) return WS_NOMEM;
    if (!bad) {
        memcpy(o, in, len);
        o[len] = 0;
        *out = o;
        *out_len = len;
        return 0;
    }
    size_t k = 0;
    i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        if (b < 0x80) { o[k++] = (char)b; i++; continue; }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (r <= 0) {
            memcpy(o + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        } else {
            memcpy(o + k, in + i, (size_t)r);
            k += (size_t)r;
            i += (size_t)r;
        }
    }
    o[k] = 0;
    *out = o;
    *out_len = k;
    return (long)bad;
}
