/*
 * internal.h -- types and calls shared between the library's modules.
 *
 * Nothing here is API.  Module prefixes:
 *   ws__mem/arena_   memory (util/mem.c)
 *   lx_              lexicon lookups (lexicon/lexicon.c)
 *   tok_             tokens and sentences (segment/tokenize.c)
 *   qt_              quotation marks (cue/quotes.c)
 *   att_             attribution patterns (attrib/patterns.c)
 *   spk_             speaker parsing and resolution (speaker/speaker.c)
 *   date_            date expressions (date/date.c)
 */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include "whosaid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ----------------------------------------------------------- memory */

void *ws__alloc(size_t n);
void *ws__calloc(size_t n, size_t size);
void *ws__realloc(void *p, size_t n);
void ws__free(void *p);
char *ws__strndup(const char *s, size_t n);

/* A bump allocator: chunks that only grow, reset between documents.  The
 * first chunk keeps its memory across resets (capacity reused); chunks
 * past ARENA_KEEP bytes are released on reset so that one huge document
 * does not pin its memory for the rest of a run. */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t total;
} arena;

void ws_arena_init(arena *a);
void *ws_arena_alloc(arena *a, size_t n); /* 8-aligned, NULL on failure */
char *ws_arena_strndup(arena *a, const char *s, size_t n);
void ws_arena_reset(arena *a);
void ws_arena_free(arena *a);

/* A growable byte buffer (heap). */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

int ws_buf_grow(buf *b, size_t extra); /* ws_buf_reserve's slow path */
/* Makes room for EXTRA more bytes and a NUL.  WS_OK or WS_NOMEM.  Inline:
 * the writers call it for every field. */
static inline int ws_buf_reserve(buf *b, size_t extra)
{
    return b->p && b->cap - b->len > extra ? WS_OK : ws_buf_grow(b, extra);
}
int ws_buf_append(buf *b, const char *s, size_t n);
int ws_buf_putc(buf *b, char c);
void ws_buf_free(buf *b);

/* ----------------------------------------------------------- lexicon */

/* Word classes (bit flags) a lexicon entry may carry. */
enum {
    LX_CUE_VERB = 1u << 0,    /* speech verb form: said, says, wrote */
    LX_CUE_BELIEF = 1u << 1,  /* belief/intention verb: believe, think */
    LX_CUE_NOUN = 1u << 2,    /* statement, interview, claim */
    LX_TITLE = 1u << 3,       /* a word of a title: minister, president */
    LX_DEMONYM = 1u << 4,     /* Italian, French, U.S. (with a country code) */
    LX_ORG = 1u << 5,         /* an organisation name (may be multiword) */
    LX_ABBREV = 1u << 6,      /* an abbreviation ending in '.' (Feb., Mr.) */
    LX_PRONOUN = 1u << 7,     /* he, she, they, ... */
    LX_STOPNAME = 1u << 8,    /* capitalised words that are not names */
    LX_PAST = 1u << 9,        /* cue verb form in the past tense */
    LX_PRESENT = 1u << 10,    /* cue verb form in the present tense */
    LX_MONTH = 1u << 11,
    LX_WEEKDAY = 1u << 12,
    LX_CUE_PASSIVE = 1u << 13, /* form usable after "it was": reported */
    LX_GROUPNOUN = 1u << 14,  /* official, planners, sources (anonymous) */
    LX_FUNCWORD = 1u << 15,   /* determiners, auxiliaries: not in a name */
    LX_AUX = 1u << 16,        /* is, was, will, has: finite verbs */
    LX_PREP = 1u << 17,       /* on, in, at, during ... */
    LX_OFFICE = 1u << 18,     /* office, spokesman: "X's office said" */
    LX_GERUND = 1u << 19,     /* cue verb in -ing form: ", saying ..." */
    LX_LEMMA = 1u << 20,      /* cue verb base form: "they say", "to say" */
    LX_WEAK = 1u << 21,       /* a learned cue that is a cue less often than
                                 not: needs a source that can speak */
    /* function words the attribution patterns test (words.tsv; a token
     * that absorbed a period, "A.", carries its bare word's flags too:
     * the patterns test these only on tokens without a final period) */
    LX_CLAUSE = 1u << 22,     /* may open a clause before its source: when, but */
    LX_CUE_ADV = 1u << 23,    /* may stand between source and cue: also, never */
    LX_DET = 1u << 24,        /* a determiner before nouns: the, many, several */
    LX_NOSTART = 1u << 25,    /* cannot start a source: and, that, which */
    LX_CIRC = 1u << 26,       /* starts a circumstance after a cue: when, adding */
    LX_POSTCUE = 1u << 27,    /* may follow a cue: later, yesterday, reporters */
    LX_CUT = 1u << 28         /* after a comma, ends reported words: but, while */
};

typedef struct lx_entry {
    uint32_t flags;
    uint8_t words;      /* number of words in the key (multiword entries) */
    const char *value;  /* country code for demonyms, lemma for verbs,
                           canonical name for organisations; or NULL */
    int month;          /* 1..12 for months, 0..6 for weekdays (Sun=0) */
} lx_entry;

/* Looks up the lowercased, space-joined key KEY[len]; NULL if absent. */
const lx_entry *ws_lx_get(const ws_lexicon *lx, const char *key, size_t len);
/* The hash of the lexicon's keys: the key's bytes as little-endian 8-byte
 * words, the last one zero-padded, each mixed in with a multiply.  The
 * table indexes with its low bits and tags slots with its top ones.  The
 * tokenizer computes it while it lowercases a word eight bytes at a time
 * (lx_hash_word); ws_lx_hash does it for any key. */
#define LX_HASH_INIT 0x243F6A8885A308D3ull
#define LX_HASH_K 0x9E3779B97F4A7C15ull
static inline uint64_t lx_hash_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * LX_HASH_K;
    return h ^ (h >> 29);
}
uint64_t ws_lx_hash(const char *key, size_t len);

/* The table, here so that lookups inline into the tokenizer.  A node is an
 * entry and its key, zero-padded to a multiple of eight bytes, allocated
 * in the lexicon's arena (so pointers to it stay valid while the table
 * grows).  A slot holds what a lookup compares and what the tokenizer
 * wants of a hit: the key's first eight bytes (zero-padded) and length,
 * and a copy of the entry's flags, so that a key of at most eight bytes
 * is found and read without touching its node. */
typedef struct lx_node {
    lx_entry e;
    uint32_t klen;
    char key[];
} lx_node;
_Static_assert(offsetof(lx_node, e) == 0, "a node starts with its entry");
typedef struct lx_slot {
    uint64_t k0;    /* the key's first eight bytes, zero-padded */
    uint32_t klen;  /* the key's length; 0 when the slot is empty */
    uint32_t flags; /* n->e.flags, copied when loading ends */
    lx_node *n;
} lx_slot;
/* The keys of at most eight bytes again, for the tokenizer's lookups, in
 * a cuckoo table: each is at one of its two homes (lx_short_homes), so a
 * lookup reads both, at addresses that wait only on the hash, and selects
 * the one whose first eight bytes match (with no NUL in a key, the eight
 * zero-padded bytes are the whole key and its length).  An empty slot has
 * k0 0, which no key of at least one byte has. */
typedef struct lx_short {
    uint64_t k0;
    const lx_entry *e;
    uint32_t flags; /* e->flags */
    uint32_t pad;
} lx_short;
struct ws_lexicon {
    lx_short *shrt; /* scap slots (a power of two), built when loading ends */
    size_t scap;
    lx_slot *tab;   /* open addressing, linear probing; read-only once loaded;
                     * then a copy of the first LX_TAG_PAD slots, so that
                     * slot i + k (k <= 16) is read without a wrap */
    uint8_t *tag;   /* beside each slot: lx_tag of its key's hash, 0 when
                     * empty (4 KB where tab is 96 KB: a probe reads tab
                     * only when the tag matches); then a copy of the
                     * first LX_TAG_PAD, so that sixteen tags load at once
                     * from any slot */
    size_t cap, count;
    int max_words;
    unsigned char single[128]; /* 1 where that ASCII byte alone is a key */
    /* the first words of multiword keys: hash and the most words of a key
     * starting with it (open addressing; hashes only, so a collision can
     * only make ws_lx_first_words answer too high) */
    struct lx_first { uint64_t h; int words; } *first;
    size_t fcap, fcount;
    arena mem;      /* nodes and values */
    struct ws_names *names; /* given names and gendered words (speaker/names.c) */
};

#define LX_TAG_PAD 16 /* the table has at least 1024 slots */

/* The tag of a slot holding hash H: its top seven bits and a 1 bit, so
 * never 0 (the empty slot's); the slot's index comes from the low bits. */
static inline uint8_t lx_tag(uint64_t h) { return (uint8_t)((h >> 56) | 1); }

/* ws_lx_get with H = ws_lx_hash(KEY, len) computed by the caller. */
static inline const lx_entry *lx_get_h(const ws_lexicon *lx, const char *key, size_t len,
                                       uint64_t h)
{
    if (!lx || !lx->cap) return NULL;
    uint64_t k0 = 0;
    memcpy(&k0, key, len < 8 ? len : 8);
    size_t i = (size_t)h & (lx->cap - 1);
    uint8_t tg = lx_tag(h);
    for (;;) {
        uint8_t t = lx->tag[i];
        if (!t) return NULL;
        if (t == tg) {
            const lx_slot *s = &lx->tab[i];
            if (s->k0 == k0 && s->klen == len &&
                (len <= 8 || memcmp(s->n->key + 8, key + 8, len - 8) == 0))
                return &s->n->e;
        }
        i = (i + 1) & (lx->cap - 1);
    }
}

/* Whether slot S (whose first eight key bytes and length match) holds
 * KEY[len], zero-padded like the slot's key: compares the rest eight bytes
 * a step. */
static inline bool lx_tail_eq(const lx_slot *s, const char *key, size_t len)
{
    for (size_t k = 8; k < len; k += 8) {
        uint64_t a, b;
        memcpy(&a, s->n->key + k, 8);
        memcpy(&b, key + k, 8);
        if (a != b) return false;
    }
    return true;
}

/* The slot of the KEY[len] with hash H, for a KEY that is zero-padded to
 * a multiple of eight bytes past len (the tokenizer's lowercased words),
 * or NULL: compares eight bytes a step, and reads the node only for a
 * key longer than eight bytes.  The entry is &slot->n->e, its flags
 * slot->flags. */
static inline const lx_slot *lx_find_padded(const ws_lexicon *lx, const char *key, size_t len,
                                            uint64_t h)
{
    if (!lx->cap) return NULL;
    uint64_t k0;
    memcpy(&k0, key, 8);
    size_t i = (size_t)h & (lx->cap - 1);
    uint8_t tg = lx_tag(h);
#ifdef __SSE2__
    /* sixteen tags a step: the slots whose tag matches, up to the first
     * empty one (most words are in no slot: one load, two compares) */
    const __m128i vt = _mm_set1_epi8((char)tg);
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(lx->tag + i));
        unsigned z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vt));
        if (z) m &= (z & -z) - 1; /* before the first empty slot */
        for (; m; m &= m - 1) {
            const lx_slot *s = &lx->tab[(i + (unsigned)__builtin_ctz(m)) & (lx->cap - 1)];
            if (s->k0 == k0 && s->klen == len && lx_tail_eq(s, key, len)) return s;
        }
        if (z) return NULL;
        i = (i + 16) & (lx->cap - 1);
    }
#else
    for (;;) {
        uint8_t t = lx->tag[i];
        if (!t) return NULL;
        const lx_slot *s = &lx->tab[i];
        if (t == tg && s->k0 == k0 && s->klen == len && lx_tail_eq(s, key, len)) return s;
        i = (i + 1) & (lx->cap - 1);
    }
#endif
}
/* What lx_lookup_padded reads of the table: the tokenizer keeps a copy in
 * its locals, as its stores of bytes could (for all the compiler knows)
 * change the lexicon's fields, which it would then load again for each
 * word.  An empty lexicon is one short slot that holds nothing. */
typedef struct lx_probe {
    const lx_short *shrt;
    size_t smask;
} lx_probe;
static inline lx_probe lx_probe_of(const ws_lexicon *lx)
{
    static const lx_short no_short[1];
    if (!lx->scap) return (lx_probe){no_short, 0};
    return (lx_probe){lx->shrt, lx->scap - 1};
}
/* The two homes in a table of MASK + 1 slots of a key with hash H. */
static inline size_t lx_short_home1(uint64_t h, size_t mask) { return (size_t)h & mask; }
static inline size_t lx_short_home2(uint64_t h, size_t mask) { return (size_t)(h >> 32) & mask; }

/* lx_find_padded for the tokenizer's loop, where whether a word is in the
 * lexicon is hard to predict: the flags of KEY[len] (0 when absent), and
 * its entry in *E (NULL when absent).  P is lx_probe_of(LX).  A key of at
 * most eight bytes (most words) is looked up in the cuckoo table of short
 * keys: both its homes are read, at addresses from the hash alone (no tag
 * load, compare and bit scan before them), and the answer selected with
 * no branch on it.  K0 is KEY's first eight bytes, zero-padded, which the
 * caller has in a register (read back from KEY they would wait on the
 * store); KEY has no NUL byte.  LEN is at least 1. */
static inline uint32_t lx_lookup_padded(const ws_lexicon *lx, lx_probe p, const char *key,
                                        uint64_t k0, size_t len, uint64_t h, const lx_entry **e)
{
    if (__builtin_expect(len <= 8, 1)) {
        /* both homes read, the answer selected: no branch on it */
        const lx_short *a = &p.shrt[lx_short_home1(h, p.smask)];
        const lx_short *b = &p.shrt[lx_short_home2(h, p.smask)];
        const lx_entry *ae = a->e, *be = b->e;
        uint32_t af = a->flags, bf = b->flags;
        uint64_t da = a->k0 ^ k0, db = b->k0 ^ k0;
#if defined(__GNUC__) && defined(__x86_64__)
        /* conditional moves that the compiler cannot turn into branches
         * once this is inlined into a loop */
        const lx_entry *r = NULL;
        uint32_t f = 0;
        __asm__("test %2, %2\n\tcmovz %4, %0\n\tcmovz %5, %1\n\t"
                "test %3, %3\n\tcmovz %6, %0\n\tcmovz %7, %1"
                : "+r"(r), "+r"(f)
                : "r"(da), "r"(db), "r"(ae), "r"(af), "r"(be), "r"(bf)
                : "cc");
        *e = r;
        return f;
#else
        *e = da == 0 ? ae : db == 0 ? be : NULL;
        return da == 0 ? af : db == 0 ? bf : 0;
#endif
    }
    const lx_slot *s = lx_find_padded(lx, key, len, h);
    *e = s ? &s->n->e : NULL;
    return s ? s->flags : 0;
}

/* The short slot of a key of at most eight bytes (with no NUL), zero-padded
 * K0, with hash H; NULL when absent.  P is lx_probe_of(the lexicon). */
static inline const lx_short *lx_short_find(lx_probe p, uint64_t k0, uint64_t h)
{
    const lx_short *a = p.shrt + lx_short_home1(h, p.smask);
    if (a->k0 == k0) return a;
    const lx_short *b = p.shrt + lx_short_home2(h, p.smask);
    return b->k0 == k0 ? b : NULL;
}

/* The most words of any key. */
int ws_lx_max_words(const ws_lexicon *lx);
/* The most words of a key that starts with the word W[len] (lowercased):
 * 1 when no multiword key starts with it, and never less than the truth,
 * so a caller can skip the longer lookups. */
int ws_lx_first_words(const ws_lexicon *lx, const char *w, size_t len);

/* ----------------------------------------------------------- tokens */

enum {
    TK_WORD = 1u << 0,   /* letters/digits run */
    TK_CAP = 1u << 1,    /* starts with an uppercase letter */
    TK_NUM = 1u << 2,    /* starts with a digit */
    TK_PUNCT = 1u << 3,
    TK_QUOTE = 1u << 4,  /* a double quotation mark */
    TK_QOPEN = 1u << 5,  /* ... that opens (after pairing) */
    TK_QCLOSE = 1u << 6, /* ... that closes (after pairing) */
    TK_SENT_END = 1u << 7, /* ends a sentence */
    TK_BULLET = 1u << 8, /* a list bullet (" * ") */
    TK_UPPER = 1u << 9,  /* all letters uppercase (NATO) */
    TK_SPACE_BEFORE = 1u << 10, /* whitespace precedes it */
    TK_NEWLINE_BEFORE = 1u << 11 /* a line break precedes it */
};

/* 48 bytes, no bit-fields: the tokenizer writes each field of a token
 * once, with plain stores. */
typedef struct tok {
    uint32_t b, e;    /* byte offsets [b,e) into the text */
    uint32_t cb, ce;  /* code point offsets */
    uint16_t flags;   /* TK_* (twelve bits) */
    uint8_t ch;       /* a one-byte ASCII punctuation token: its byte; else 0 */
    uint8_t spare;    /* 0 */
    uint32_t lxf;     /* lexicon flags of the lowercased word (LX_*) */
    const lx_entry *lx; /* its single-word entry or NULL */
    int32_t pair;     /* index of the matching quote mark, or -1 */
    uint32_t ll;      /* length of low (capped at 2^24-1: no key is that long) */
    char *low;        /* lowercased form (arena, NUL-terminated, zero-padded
                         to a multiple of eight bytes) */
} tok;

/* A unit of attribution: a sentence, a headline or a bullet item.
 * Tokens [t0,t1). */
typedef struct unit {
    int t0, t1;
    ws_date ctx_date;   /* date given by a header over a list */
    const char *ctx_date_text;
} unit;

typedef struct tokdoc {
    const char *text;
    size_t len;
    tok *t;
    int n;
    unit *u;
    int nu;
    /* The punctuation tokens and the first token of each line, in order
     * and ending with n: the tokenizer's event list, kept for ws_att_find. */
    const int *ev;
} tokdoc;

/* ws_extract with SCRATCH for what only the extraction needs (the tokens,
 * the cluster keys' buffers): reset here, so it may serve every extractor
 * that one thread runs, one document after another (extract.c says why).
 * The statements and names stay valid as ws_extract's do, whatever
 * happens to SCRATCH afterwards. */
int ws__extract(ws_extractor *ex, arena *scratch, const ws_doc *doc, const ws_statement **st, size_t *n);

/* Tokenizes TEXT into D (arena memory) and splits units.  Returns WS_OK or
 * WS_NOMEM. */
int ws_tok_document(arena *a, const ws_lexicon *lx, const char *text, size_t len,
                 tokdoc *d);

/* True when token i is the word W (lowercased compare).  Inline: the
 * patterns call it millions of times a run. */
static inline bool tok_is(const tokdoc *d, int i, const char *w)
{
    if (i < 0 || i >= d->n) return false;
    const tok *t = &d->t[i];
#if defined(__GNUC__)
    if (__builtin_constant_p(strlen(w))) {
        /* W is a literal: the length in the token settles most, without
         * reading the lowercased copy */
        size_t n = strlen(w);
        return t->ll == n && t->low && memcmp(t->low, w, n) == 0;
    }
#endif
    if (!t->low || t->low[0] != w[0]) return false;
    size_t n = strlen(w);
    return t->ll == n && memcmp(t->low, w, n) == 0;
}

/* True when token k is the one-byte punctuation mark CH. */
static inline bool tok_punct(const tokdoc *d, int k, char ch)
{
    return k >= 0 && k < d->n && d->t[k].ch == (unsigned char)ch;
}

/* ----------------------------------------------------------- quotes */

/* Pairs quotation marks in D: sets TK_QOPEN/TK_QCLOSE and pair indexes.
 * EV lists, in order and ending with d->n, the tokens to visit: at least
 * every quotation mark and every token that starts a line (the tokenizer
 * passes just those, taken from its event list). */
void ws_qt_pair(tokdoc *d, const int *ev);

/* ----------------------------------------------------------- dates */

/* Recognises a date expression at token i ("on March 22", "on Feb. 18",
 * "yesterday", "on Friday", "Feb. 26").  On success returns the number of
 * tokens used and stores the resolved date (resolved against REF, the
 * latest such day not after REF; unresolved when REF is unknown). */
int ws_date_match(const tokdoc *d, const ws_lexicon *lx, int i, int end,
               ws_date ref, ws_date *out);

/* Days since 1970-01-01 and back. */
long ws_date_to_days(ws_date d);
ws_date ws_date_from_days(long days);

/* ----------------------------------------------------------- raw statements */

/* What the attribution patterns find, before speakers are resolved. */
typedef struct rawst {
    ws_kind kind;
    int c0, c1;      /* content tokens [c0,c1) */
    int c20, c21;    /* second content part or -1 */
    int q0, q1;      /* cue tokens */
    int s0, s1;      /* source tokens, -1 when none */
    int a0, a1;      /* the phrase naming the speaker when the source does
                        not ("who" -> "voters"), or -1 */
    int unit;
    ws_date date;
    const char *date_text;
    const char *venue;
    const char *method;
    double conf;
} rawst;

typedef struct rawlist {
    rawst *v;
    int n, cap;
} rawlist;

int ws_raw_push(arena *a, rawlist *l, const rawst *r);

/* Finds the attributions of every unit of D into OUT.  The statements'
 * strings are allocated in A; OUT's list and what ws_att_find needs only
 * while it runs, in TMP (ws__extract's scratch).  *TITLES receives (TMP
 * memory) the tokens k < d->n - 2 with LX_TITLE, in order, ending with
 * d->n: the list ws_spk_harvest reads, made in ws_att_find's pass over every
 * token. */
int ws_att_find(arena *a, arena *tmp, const ws_lexicon *lx, const tokdoc *d, ws_date ref,
             rawlist *out, const int **titles);

/* ----------------------------------------------------------- speakers */

typedef struct spk_info {
    const char *name;        /* resolved or as written */
    const char *title;
    const char *affiliation;
    int is_person;           /* a proper name was found */
    int is_pronoun;
    int surname_only;        /* single-word person name */
} spk_info;

/* Parses the source tokens [s0,s1) into name, title and affiliation. */
int ws_spk_parse(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1,
              spk_info *out);

/* Collects person names of two or more words mentioned anywhere in D
 * ("President Donald Trump" gives "Donald Trump").  TITLES lists the
 * tokens k < d->n - 2 with LX_TITLE, in order, ending with d->n (as
 * ws_att_find makes it). */
int ws_spk_harvest(arena *a, const ws_lexicon *lx, const tokdoc *d, const int *titles,
                const char ***names, int *n);

/* Span helpers */
ws_span ws_span_of(const tokdoc *d, int t0, int t1);
char *ws_tok_text(arena *a, const tokdoc *d, int t0, int t1);

/* ---------------------------------------------------------- cluster */

/* The cluster keys of the N texts S[i][0,len[i]) into KEYS[0,n), each
 * equal to ws_cluster_key(S[i], len[i]), with four hash chains run at
 * once.  Scratch (about twice the texts' bytes) comes from A.  With
 * SIMD the texts are folded sixteen bytes at a time where SSE2 allows,
 * else byte by byte (the same keys; the tests compare).  WS_OK or
 * WS_NOMEM. */
int ws__cluster_keys(arena *a, const char *const *s, const size_t *len, size_t n,
                     uint64_t *keys, bool simd);

/* ws__cluster_keys for texts that lie in memory readable up to READABLE
 * (the end of the document's buffer; NULL: only the texts themselves):
 * with SIMD, the last few bytes of a text are folded as a block too,
 * read past the text's end (and not kept) where READABLE allows.  The
 * same keys; WS_OK or WS_NOMEM. */
int ws__cluster_keys_in(arena *a, const char *readable, const char *const *s, const size_t *len,
                        size_t n, uint64_t *keys, bool simd);

/* ------------------------------------------------------------ input */

/* The number of bytes of IN[len] that ws_utf8_sanitize replaces (0: IN is
 * valid UTF-8 and would be copied as it is). */
size_t ws__utf8_bad(const char *in, size_t len);

/* The length of the well-formed UTF-8 sequence at S[0,n) (n >= 1,
 * S[0] >= 0x80), or 0 when S[0] is an invalid byte: utf8proc_iterate's
 * verdict, the two- and three-byte forms decided without it. */
size_t ws__utf8_seq(const unsigned char *s, size_t n);

/* ----------------------------------------------------------- output */

/* Appends statement S of DOC to B as one JSON line (with its newline),
 * exactly as ws_write_jsonl writes it.  WS_OK or WS_NOMEM. */
int ws__jsonl_append(buf *b, const ws_doc *doc, const ws_statement *s);

/* Appends S[0,n) to B as a JSON string (quotes included), escaped as
 * ws__jsonl_append escapes its strings: with FAST by the path it uses,
 * else byte by byte (for the tests to compare).  WS_OK or WS_NOMEM. */
int ws__json_str(buf *b, const char *s, size_t n, bool fast);

#endif

