/*
 * cluster.c -- which statements repeat each other.
 *
 * The cluster key of a statement is a 64-bit FNV-1a hash of its content's
 * words, casefolded, with punctuation, quotation marks and spacing
 * ignored: the same quote carried by two reports (or twice in a feed)
 * gets the same key whatever their typography.  The key is a pure
 * function of the text, so it needs no shared state between threads or
 * runs, and the database can group statements across ingests by it.
 *
 * Known limit: a quote trimmed or extended by a word in another report
 * gets another key (near-duplicate detection is future work).
 */
#include "whosaid.h"
#include "../base/base.h"

#include <string.h>

#include <utf8proc.h>

/* The chain starts from 1469598103934665603, FNV's offset basis without
 * its last digit, as the key was first written: stored keys depend on it. */
#define CLUSTER_BASIS 1469598103934665603ull

/* ASCII word characters (letters and digits) lowercased; 0 for the other
 * bytes (the bytes of a non-ASCII character are decoded by next_char). */
static const unsigned char ascii_fold[256] = {
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',   0,   0,   0,   0,   0,   0,
      0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',   0,   0,   0,   0,   0,
      0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',   0,   0,   0,   0,   0,
};

/* The character at P of [P, END): returns how many bytes it takes, and
 * sets *LOWER to its lowercase code point when it is a word character
 * (categories L*, M*, Nd, Nl, No), else to -1.  An invalid byte is
 * U+FFFD, not a word character. */
static size_t next_char(const unsigned char *p, const unsigned char *end, utf8proc_int32_t *lower)
{
    if (*p < 0x80) {
        *lower = ascii_fold[*p] ? ascii_fold[*p] : -1;
        return 1;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate(p, end - p, &cp);
    if (r <= 0) {
        r = 1;
        cp = 0xFFFD;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
                cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
    *lower = word ? utf8proc_tolower(cp) : -1;
    return (size_t)r;
}

/* The text is a sequence of characters, each a word character (a letter
 * or digit: categories L*, M*, Nd, Nl, No) or not.  The key hashes the
 * UTF-8 bytes of each word character lowercased, and one ' ' before a
 * word character that follows non-word ones after the first word
 * character (so leading and trailing punctuation and spacing count for
 * nothing, and any run of them inside for one space).  The values are
 * stored as cluster ids, so this definition must never change. */
uint64_t ws_cluster_key(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    uint64_t h = CLUSTER_BASIS;
    bool any = false, sep = false; /* a word character seen; a space owed */
    while (p < end) {
        unsigned char f = ascii_fold[*p];
        if (f) {
            /* a run of ASCII word characters and of single spaces between
             * two of them (most of a text): such a space is the one the
             * key owes before the word after it, so it is hashed in the
             * run, without leaving the loop at each word's end.  The run
             * stops a byte before END, so that the byte after a space can
             * be read; the loop below takes the last byte. */
            if (sep) h = ws_fnv_step(h, ' ');
            const unsigned char *last = end - 1;
            for (;;) {
                h = ws_fnv_step(h, f);
                if (++p >= last) break;
                unsigned char c = *p;
                f = ascii_fold[c] | (unsigned char)(((c == ' ') & (ascii_fold[p[1]] != 0)) * ' ');
                if (!f) break;
            }
            if (p == end) return h;
            sep = false;
            any = true;
            continue;
        }
        if (*p < 0x80) { /* an ASCII byte that is no word character */
            p++;
            sep = any;
            continue;
        }
        utf8proc_int32_t lc;
        p += next_char(p, end, &lc);
        if (lc < 0) {
            sep = any;
            continue;
        }
        if (sep) {
            h = ws_fnv_step(h, ' ');
            sep = false;
        }
        if (lc < 0x80) {
            h = ws_fnv_step(h, (unsigned char)lc);
            any = true;
            continue;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(lc, enc);
        for (utf8proc_ssize_t k = 0; k < el; k++) h = ws_fnv_step(h, enc[k]);
        any = true;
    }
    return h;
}

void ws_cluster_hex(uint64_t key, char out[17])
{
    /* the two digits of each byte */
    static const char digits[513] =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    for (int i = 14; i >= 0; i -= 2) {
        memcpy(out + i, digits + 2 * (key & 255), 2);
        key >>= 8;
    }
    out[16] = 0;
}
