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
#include "../internal.h"

#include <utf8proc.h>

uint64_t ws_cluster_key(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    bool pending_space = false, any = false;
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            /* ASCII: letters and digits are the word characters (the
             * categories below), folded to lowercase */
            bool alnum = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
            if (b >= 'A' && b <= 'Z') { b = (unsigned char)(b + 32); alnum = true; }
            i++;
            if (!alnum) {
                if (any) pending_space = true;
                continue;
            }
            if (pending_space) {
                h ^= ' ';
                h *= 1099511628211ull;
                pending_space = false;
            }
            h ^= b;
            h *= 1099511628211ull;
            any = true;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (r <= 0) { r = 1; c = 0xFFFD; }
        i += (size_t)r;
        utf8proc_category_t cat = utf8proc_category(c);
        bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
                    cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
        if (!word) {
            if (any) pending_space = true;
            continue;
        }
        if (pending_space) {
            h ^= ' ';
            h *= 1099511628211ull;
            pending_space = false;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(c), enc);
        for (utf8proc_ssize_t k = 0; k < el; k++) {
            h ^= enc[k];
            h *= 1099511628211ull;
        }
        any = true;
    }
    return h;
}

void ws_cluster_hex(uint64_t key, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[key & 15];
        key >>= 4;
    }
    out[16] = 0;
}
