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
 * One chain of FNV-1a steps waits on each multiply in turn, so the
 * extractor has a document's keys computed together (ws__cluster_keys):
 * each text folded first to exactly the bytes the chain consumes, then
 * four chains run side by side, their multiplies overlapping.
 *
 * The fold writes the space between two words eagerly, at the first
 * non-word character after a word (and drops one left at the end), so
 * that whether a byte is kept depends on it and the byte before only.
 * With SSE2 it takes sixteen ASCII bytes at a time: each word character
 * lowercased, each other byte ' '; the bytes not kept (a non-word byte
 * after another, or before the first word: one block in five has one)
 * are squeezed out in the register, one shift a byte, and the block
 * stored once.  A non-ASCII character, and the last fifteen bytes of a
 * text, go byte by byte (the loop a build without SSE2 runs throughout;
 * the tests compare the two).
 *
 * Measured on the content texts of PolNeAR train (1.35 MB, 13,686 texts
 * in 829 calls; the best of 7 passes of a loop over them, and callgrind
 * on `whosaid extract` of the same): the per-byte fold with a space owed
 * took 2.05 ms and 41.0 M instructions (29.5 M of them the fold); now
 * 1.28 ms and 18.1 M, of which the four chains are about 0.62 ms: one
 * multiply a byte, and four chains keep the multiplier busy, so that is
 * their floor.
 * Tried and not kept: the bytes after a dropped one stored again from
 * memory (16.8 M instructions, but 0.5% slower: the reload waits for the
 * store); the tail as a block read from eight bytes before its end and
 * shifted into place (5% slower than the byte loop); texts started
 * longest first (8.6% fewer chain steps by simulation, 10% slower for
 * the sort).
 *
 * The extractor's texts are spans of the document's buffer, so the
 * extractor passes its end (ws__cluster_keys_in): a text's last few
 * bytes are then one more block, the bytes after it loaded and not kept,
 * where the byte loop took them (6% less time in a loop over 9,790
 * spans of PolNeAR train in batches of 16, 1.20 -> 1.13 ms best of 7;
 * about the same instructions).  The chains are at their floor on this
 * machine: a loop of eight chains ran no faster than two of four, the
 * one 64-bit multiplier taking one a cycle either way.
 *
 * Known limit: a quote trimmed or extended by a word in another report
 * gets another key (near-duplicate detection is future work).
 */
#include "cluster.h"

#include <string.h>

#include <utf8proc.h>

/* The 64-bit FNV-1a step. */
#define FNV_PRIME 1099511628211ull

/* ASCII word characters (letters and digits, the categories below) folded
 * to lowercase; 0 for every other byte, and for the bytes >= 0x80, which
 * the caller decodes. */
static const unsigned char word_fold[256] = {
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',   0,   0,   0,   0,   0,   0,
      0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',   0,   0,   0,   0,   0,
      0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',   0,   0,   0,   0,   0,
};

/* The character at P (its first byte >= 0x80) of [P, END): returns how
 * many bytes it takes, and sets *LOWER to its lowercase code point when it
 * is a word character (categories L*, M*, Nd, Nl, No), else to -1.  An
 * invalid byte is U+FFFD, not a word character.  U+2000..U+203F (spaces,
 * dashes, quotation marks, ...) are all punctuation, spacing or format
 * characters, so they are known without utf8proc (t15 checks each). */
static size_t non_ascii(const unsigned char *p, const unsigned char *end, utf8proc_int32_t *lower)
{
    if (*p == 0xE2 && end - p >= 3 && p[1] == 0x80 && (p[2] & 0xC0) == 0x80) {
        *lower = -1;
        return 3;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate(p, end - p, &cp);
    if (r <= 0) { r = 1; cp = 0xFFFD; }
    utf8proc_category_t cat = utf8proc_category(cp);
    bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
                cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
    *lower = word ? utf8proc_tolower(cp) : -1;
    return (size_t)r;
}

/* fold's step for the character at P (its first byte >= 0x80) of
 * [P, END): a word character's lowercase UTF-8 at OUT + *O, or one space
 * after a word character (*PW: the byte before was one).  Returns how many
 * bytes it read. */
static size_t fold_non_ascii(const unsigned char *p, const unsigned char *end, unsigned char *out, size_t *o,
                             unsigned *pw)
{
    utf8proc_int32_t lc;
    size_t r = non_ascii(p, end, &lc);
    if (lc < 0) {
        out[*o] = ' ';
        *o += *pw;
        *pw = 0;
    } else {
        *o += (size_t)utf8proc_encode_char(lc, out + *o);
        *pw = 1;
    }
    return r;
}

/* The text is a sequence of characters, each a word character (a letter
 * or digit: categories L*, M*, Nd, Nl, No) or not.  The key hashes the
 * UTF-8 bytes of each word character lowercased, and one ' ' before a
 * word character that follows non-word ones after the first word
 * character (so leading and trailing punctuation and spacing count for
 * nothing, and any run of them inside for one space).  An invalid byte is
 * U+FFFD, not a word character.  The values are stored as cluster ids, so
 * this definition must never change; only its speed may. */
uint64_t ws_cluster_key(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    uint64_t h = 1469598103934665603ull;
    bool any = false, sep = false; /* a word character seen; a space owed */
    while (p < end) {
        unsigned c = word_fold[*p];
        if (c) {
            /* a run of ASCII word characters, most of the text */
            if (sep) {
                h = (h ^ ' ') * FNV_PRIME;
                sep = false;
            }
            h = (h ^ c) * FNV_PRIME;
            p++;
            /* four at a time while four bytes are left: one bounds check */
            while (end - p >= 4) {
                if (!(c = word_fold[p[0]])) goto run_end;
                h = (h ^ c) * FNV_PRIME;
                if (!(c = word_fold[p[1]])) { p += 1; goto run_end; }
                h = (h ^ c) * FNV_PRIME;
                if (!(c = word_fold[p[2]])) { p += 2; goto run_end; }
                h = (h ^ c) * FNV_PRIME;
                if (!(c = word_fold[p[3]])) { p += 3; goto run_end; }
                h = (h ^ c) * FNV_PRIME;
                p += 4;
            }
            while (p < end && (c = word_fold[*p]) != 0) {
                h = (h ^ c) * FNV_PRIME;
                p++;
            }
        run_end:
            any = true;
            continue;
        }
        if (*p < 0x80) {
            sep = any;
            p++;
            continue;
        }
        utf8proc_int32_t lc;
        p += non_ascii(p, end, &lc);
        if (lc < 0) {
            sep = any;
            continue;
        }
        if (sep) {
            h = (h ^ ' ') * FNV_PRIME;
            sep = false;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(lc, enc);
        for (utf8proc_ssize_t k = 0; k < el; k++) h = (h ^ enc[k]) * FNV_PRIME;
        any = true;
    }
    return h;
}

/* fold writes a space eagerly, at the first non-word character after a
 * word character, instead of owing it to the next word character: the
 * bytes are the same but for one trailing space when the text ends in
 * non-word characters, dropped at the end (no word character's UTF-8
 * holds a 0x20).  So whether a byte is kept depends only on it and the
 * byte before, which sixteen bytes at a time can compute. */

#if defined(__SSE2__)
#include <emmintrin.h>

/* Sixteen bytes from ones_zeros + 16 - j: the first J of them 0xFF. */
static const unsigned char ones_zeros[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/* The N (1..16) ASCII bytes V begins with as fold keeps them, after a
 * word character or not (*PW, updated), written at OUT + *O (advanced):
 * sixteen bytes are stored there whatever N, so OUT has room for 16 more
 * than the bytes kept. */
static inline void fold16(__m128i v, unsigned n, unsigned char *out, size_t *o, unsigned *pw)
{
    /* all bytes < 0x80, so the signed compares are unsigned ones */
    __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
                                  _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i word = _mm_or_si128(alpha, digit);
    /* word characters lowercased (a digit has 0x20 set already), the
     * others ' ' */
    __m128i f = _mm_or_si128(_mm_and_si128(word, lo), _mm_andnot_si128(word, _mm_set1_epi8(' ')));
    unsigned wm = (unsigned)_mm_movemask_epi8(word), lim = (1u << n) - 1;
    unsigned drop = ~(wm | wm << 1 | *pw) & lim;
    *pw = (wm >> (n - 1)) & 1;
    /* each byte dropped, the first first: the bytes after it moved one
     * place down in the register (a reload from memory just stored
     * would wait for the store), and the drops after it with them.  The
     * first step runs whether there is one or not (j = 16 moves
     * nothing): most blocks drop none or one, unpredictably. */
    unsigned j = (unsigned)__builtin_ctz(drop | 0x10000);
    for (;;) {
        __m128i below = _mm_loadu_si128((const __m128i *)(const void *)(ones_zeros + 16 - j));
        f = _mm_or_si128(_mm_and_si128(below, f), _mm_andnot_si128(below, _mm_srli_si128(f, 1)));
        n -= j < 16;
        drop = (drop >> j >> 1) << j;
        if (!drop) break;
        j = (unsigned)__builtin_ctz(drop);
    }
    _mm_storeu_si128((__m128i *)(void *)(out + *o), f);
    *o += n;
}
#endif

/* Writes to OUT the bytes ws_cluster_key's chain consumes for S[0,len)
 * (its words' characters lowercased, one ' ' between words), at most
 * 2 * len of them (a word character of r >= 2 bytes lowercases to at most
 * 4 bytes; a space follows a character that wrote nothing), and returns
 * their number.  OUT has room for 2 * len + 16 bytes: an ASCII byte
 * stores its fold whether it keeps it or not, and a block of sixteen
 * stores all sixteen.  With SIMD (and SSE2), sixteen ASCII bytes at a
 * time, else (and for the last few bytes) byte by byte.  READABLE, when
 * not NULL, ends the memory that may be read (initialized) from S on:
 * while sixteen bytes from P lie before it, the last few bytes of the
 * text are a block too, the bytes after the text loaded and not kept
 * (a text inside a document's buffer mostly has them). */
static size_t fold(const unsigned char *p, size_t len, unsigned char *out, bool simd,
                   const unsigned char *readable)
{
    const unsigned char *end = p + len;
    size_t o = 0;
    unsigned pw = 0; /* the character before was a word character */
#if defined(__SSE2__)
    if (simd) {
        /* a block is loaded while sixteen bytes from P lie before LIM */
        const unsigned char *lim = readable && readable > end ? readable : end;
        while (p < end && lim - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            unsigned hi = (unsigned)_mm_movemask_epi8(v);
            if (!(hi & 1)) {
                /* the ASCII bytes up to the first that is not, or to
                 * the end of the text */
                unsigned n = hi ? (unsigned)__builtin_ctz(hi) : 16;
                if ((size_t)(end - p) < n) n = (unsigned)(end - p);
                fold16(v, n, out, &o, &pw);
                p += n;
                continue;
            }
            p += fold_non_ascii(p, end, out, &o, &pw);
        }
    }
#endif
    while (p < end) {
        if (*p < 0x80) {
            /* without branches: a word boundary in prose comes every few
             * bytes, too often to predict */
            unsigned c = word_fold[*p++], w = c != 0;
            out[o] = (unsigned char)(w ? c : ' ');
            o += w | pw;
            pw = w;
            continue;
        }
        p += fold_non_ascii(p, end, out, &o, &pw);
    }
    return o - (o > 0 && out[o - 1] == ' ');
}

/* ws__cluster_keys runs four chains at once: a lane is one text's folded
 * bytes and its hash; an idle lane (no text left to start) hashes another
 * lane's bytes again, into a value nobody reads. */
#define LANES 4
#define IDLE SIZE_MAX

int ws__cluster_keys(arena *a, const char *const *s, const size_t *len, size_t n,
                     uint64_t *keys, bool simd)
{
    return ws__cluster_keys_in(a, NULL, s, len, n, keys, simd);
}

int ws__cluster_keys_in(arena *a, const char *readable, const char *const *s, const size_t *len,
                        size_t n, uint64_t *keys, bool simd)
{
    if (n == 0) return WS_OK;
    size_t room = 0;
    for (size_t i = 0; i < n; i++) {
        if (len[i] > SIZE_MAX / 8 || room > SIZE_MAX / 8) return WS_NOMEM;
        room += 2 * len[i] + 16;
    }
    unsigned char *fb = ws_arena_alloc(a, room);
    size_t *off = ws_arena_alloc(a, (n + 1) * sizeof *off);
    if (!fb || !off) return WS_NOMEM;
    off[0] = 0;
    for (size_t i = 0; i < n; i++)
        off[i + 1] = off[i] + fold((const unsigned char *)s[i], len[i], fb + off[i], simd,
                                    (const unsigned char *)readable);

    const unsigned char *p[LANES] = {NULL};
    size_t rem[LANES] = {0}, idx[LANES], next = 0;
    uint64_t h[LANES] = {0};
    for (int l = 0; l < LANES; l++) idx[l] = IDLE;
    for (;;) {
        /* start a text in each lane free: those that fold to nothing have
         * the basis as their key */
        int act = -1;
        for (int l = 0; l < LANES; l++) {
            if (idx[l] == IDLE || rem[l] == 0) {
                if (idx[l] != IDLE) keys[idx[l]] = h[l];
                idx[l] = IDLE;
                while (next < n && off[next + 1] == off[next])
                    keys[next++] = 1469598103934665603ull;
                if (next < n) {
                    idx[l] = next;
                    p[l] = fb + off[next];
                    rem[l] = off[next + 1] - off[next];
                    h[l] = 1469598103934665603ull;
                    next++;
                }
            }
            if (idx[l] != IDLE) act = l;
        }
        if (act < 0) return WS_OK;
        size_t m = SIZE_MAX;
        for (int l = 0; l < LANES; l++) {
            if (idx[l] == IDLE) {
                p[l] = p[act];
                rem[l] = rem[act];
            }
            if (rem[l] < m) m = rem[l];
        }
        const unsigned char *p0 = p[0], *p1 = p[1], *p2 = p[2], *p3 = p[3];
        uint64_t h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3];
        for (size_t k = 0; k < m; k++) {
            h0 = (h0 ^ p0[k]) * FNV_PRIME;
            h1 = (h1 ^ p1[k]) * FNV_PRIME;
            h2 = (h2 ^ p2[k]) * FNV_PRIME;
            h3 = (h3 ^ p3[k]) * FNV_PRIME;
        }
        h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3;
        for (int l = 0; l < LANES; l++) {
            p[l] += m;
            rem[l] -= m;
        }
    }
}

/* The eight nibbles of X (32 bits) one a byte, the lowest nibble in the
 * lowest byte, each turned into its hex digit: '0' + n, and 39 more for
 * n >= 10 (0x76 + n sets a byte's high bit just then). */
static inline uint64_t hex8(uint64_t x)
{
    x = ((x & 0xFFFF0000ull) << 16) | (x & 0xFFFFull);
    x = ((x & 0x0000FF000000FF00ull) << 8) | (x & 0x000000FF000000FFull);
    x = ((x & 0x00F000F000F000F0ull) << 4) | (x & 0x000F000F000F000Full);
    uint64_t ge10 = ((x + 0x7676767676767676ull) >> 7) & 0x0101010101010101ull;
    return x + 0x3030303030303030ull + ge10 * 39;
}

void ws_cluster_hex(uint64_t key, char out[17])
{
    /* hex8 puts the last digit in the lowest byte */
    uint64_t hi = hex8(key >> 32), lo = hex8(key & 0xFFFFFFFFull);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    hi = __builtin_bswap64(hi);
    lo = __builtin_bswap64(lo);
    memcpy(out, &hi, 8);
    memcpy(out + 8, &lo, 8);
#else
    for (int i = 7; i >= 0; i--) {
        out[i] = (char)(hi & 0xFF);
        out[8 + i] = (char)(lo & 0xFF);
        hi >>= 8;
        lo >>= 8;
    }
#endif
    out[16] = 0;
}
