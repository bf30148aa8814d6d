/*
 * utf8.c -- makes any bytes valid UTF-8 without moving offsets.
 *
 * Each byte that does not belong to a well-formed UTF-8 sequence (stray
 * continuation bytes, truncated sequences, overlong forms, surrogates,
 * code points past U+10FFFF) becomes U+FFFD: one invalid byte, one code
 * point, so offsets in code points stay meaningful to anyone who decodes
 * the same bytes the same way.  Validation is utf8proc's.
 */
#include "base.h"

#include <string.h>

#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The index of the first byte >= 0x80 in S[i,n), or n: sixteen bytes a
 * step (SSE2), the byte found from the step's mask (news text has a
 * curly quote or a dash every few hundred bytes, so a run is often
 * short), then eight bytes a step, then one. */
static size_t ascii_run(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
    while (i + 16 <= n) {
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m) return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
#endif
    uint64_t x;
    while (i + 8 <= n && (memcpy(&x, s + i, 8), !(x & 0x8080808080808080ull))) i += 8;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    return i;
}

/* The length of the well-formed sequence at S[0,n) (n >= 1, S[0] >= 0x80),
 * or 0 when S[0] is an invalid byte: utf8proc_iterate's verdict, decided
 * here for the two- and three-byte forms (most non-ASCII text: accents,
 * curly quotes, dashes), as utf8proc decides them -- a lead C2..DF or
 * E0..EF, continuation bytes 80..BF, and no overlong E0 80..9F or
 * surrogate ED A0..BF (tests/test_output.c compares all of them). */
size_t ws__utf8_seq(const unsigned char *s, size_t n)
{
    unsigned b = s[0];
    if (b >= 0xC2 && b <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if ((b == 0xE0 && s[1] < 0xA0) || (b == 0xED && s[1] > 0x9F)) return 0;
        return 3;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t r = utf8proc_iterate(s, (utf8proc_ssize_t)n, &c);
    return r <= 0 ? 0 : (size_t)r;
}

/* Counts by runs: sixty-four ASCII bytes a step (four SSE2 loads, their
 * masks as one) while no byte >= 0x80 is in sight -- news text has one
 * every two hundred bytes or so -- the byte found from the step's mask
 * (ascii_run for the last bytes), and the two- and three-byte forms
 * (accents, curly quotes, dashes) judged inline. */
size_t ws__utf8_bad(const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t bad = 0, i = 0;
    for (;;) {
#if defined(__SSE2__)
        uint64_t m = 0;
        while (i + 64 <= len) {
            const __m128i *p = (const __m128i *)(const void *)(s + i);
            m = (uint64_t)(unsigned)_mm_movemask_epi8(_mm_loadu_si128(p)) |
                (uint64_t)(unsigned)_mm_movemask_epi8(_mm_loadu_si128(p + 1)) << 16 |
                (uint64_t)(unsigned)_mm_movemask_epi8(_mm_loadu_si128(p + 2)) << 32 |
                (uint64_t)(unsigned)_mm_movemask_epi8(_mm_loadu_si128(p + 3)) << 48;
            if (m) break;
            i += 64;
        }
        if (m)
            i += (size_t)__builtin_ctzll(m); /* the step's first byte >= 0x80 */
        else
#endif
            i = ascii_run(in, i, len);
        if (i == len) break;
        unsigned b = s[i];
        size_t r;
        if (b >= 0xE0 && b <= 0xEF && b != 0xE0 && b != 0xED && i + 2 < len &&
            ((s[i + 1] ^ 0x80) | (s[i + 2] ^ 0x80)) < 0x40)
            r = 3; /* E1..EC, EE, EF and two continuation bytes: no overlong or surrogate form */
        else if (b >= 0xC2 && b <= 0xDF && i + 1 < len && (s[i + 1] ^ 0x80) < 0x40)
            r = 2;
        else
            r = ws__utf8_seq(s + i, len - i);
        if (!r) { bad++; i++; } else i += r;
    }
    return bad;
}

long ws_utf8_sanitize(const char *in, size_t len, char **out, size_t *out_len)
{
    /* count first: the common case is valid input, copied as is */
    size_t bad = ws__utf8_bad(in, len);
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
    size_t k = 0, i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        if (b < 0x80) { o[k++] = (char)b; i++; continue; }
        size_t r = ws__utf8_seq((const unsigned char *)in + i, len - i);
        if (!r) {
            memcpy(o + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        } else {
            memcpy(o + k, in + i, r);
            k += r;
            i += r;
        }
    }
    o[k] = 0;
    *out = o;
    *out_len = k;
    return (long)bad;
}
