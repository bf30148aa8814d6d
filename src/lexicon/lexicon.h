/*
 * lexicon.h -- the lexicon's entries and lookups (lexicon/lexicon.c), for the
 * modules that read words: segment/, attrib/, date/, speaker/.  Prefix lx_.
 */
#ifndef WS_LEXICON_H
#define WS_LEXICON_H

#include "whosaid.h"
#include "../base/base.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

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
    LX_CUT = 1u << 28,        /* after a comma, ends reported words: but, while */
    LX_MUTE = 1u << 29,       /* shows but cannot speak: video, footage, map */
    LX_LABEL = 1u << 30       /* a page label before a colon: Related, Source */
};
/* a participle that after "be" reports without a speaker: "is expected
 * to" (words.tsv: passive; outside the enum, whose values are ints) */
#define LX_PASSIVE_CUE (1u << 31)

typedef struct lx_entry {
    uint32_t flags;
    uint8_t words;      /* number of words in the key (multiword entries) */
    const char *value;  /* country code for demonyms, lemma for verbs,
                           canonical name for organisations; or NULL */
    int month;          /* 1..12 for months, 0..6 for weekdays (Sun=0) */
} lx_entry;

/* The entry of the lowercased, space-joined key KEY[len], or NULL. */
const lx_entry *ws_lx_get(const ws_lexicon *lx, const char *key, size_t len);

/* ---- the table, here so that the tokenizer's lookups (one a word)
 * inline.  Nobody but lexicon.c and the tokenizer reads it. */

/* A node: an entry and its key, allocated in the lexicon's arena. */
typedef struct lx_node {
    lx_entry e;
    uint32_t klen;
    char key[]; /* zero-padded to a multiple of eight bytes past klen */
} lx_node;

/* A slot: what a probe compares (the key's first eight bytes,
 * zero-padded, and its length), a copy of the entry's flags (made when
 * loading ends) and the node.  A key of at most eight bytes (most words)
 * is found, and its flags read, without reading its node. */
typedef struct lx_slot {
    uint64_t k0;
    uint32_t klen;
    uint32_t flags;
    lx_node *n;
} lx_slot;

/* A slot of the table of short keys (lx_find_word): a key of one to
 * sixteen bytes as two zero-padded eight-byte words (K1 0 for a key of
 * at most eight), its entry and flags, and when multiword keys start
 * with it the most words of those (ws_lx_first_words); all zero when
 * empty.  A word that only starts multiword keys has a slot of its own,
 * with no entry and no flags (what an absent key gives). */
typedef struct lx_wslot {
    uint64_t k0, k1;
    const lx_entry *e;
    uint32_t flags;
    uint32_t first;
} lx_wslot;

struct ws_lexicon {
    lx_wslot *wtab; /* the keys of one to sixteen bytes again, in a cuckoo
                     * table: each at one of its two homes (lx_word_homes);
                     * wtab[-1] is an empty slot */
    unsigned wshift; /* 64 less the bits of wtab's size */
    lx_slot *tab;   /* cap slots, a power of two (never none), at most 1/4 full */
    uint8_t *tag;   /* beside each slot its key's lx_tag, 0 when empty: a
                     * probe reads the slot only when the tag matches, and
                     * the tags (8 KB for the shipped data) stay in the
                     * core's first cache; a missing word (most words)
                     * ends its probe at the first or second tag */
    size_t cap, count;
    unsigned shift; /* 64 less the bits of cap: a key's slot is the top bits of its hash */
    int max_words;
    ws_hmap first;  /* the first word of each multiword key: the most words
                     * of a key starting with it */
    arena mem;      /* nodes and values */
    struct ws_names *names; /* given names and gendered words (speaker/names.c) */
    struct ws_model *model; /* the learned statement model or NULL */
    struct ws_span_model *span; /* the learned content boundaries or NULL */
    struct ws_source_model *source; /* the learned source boundaries or NULL */
};

/* The hashes of a key: its bytes as little-endian eight-byte words (the
 * last one zero-padded), each mixed in with a multiply (lx_hash_step): a
 * word takes one or two steps.  The table takes a slot from the high bits
 * of lx_key_hash (the steps from 0, a multiply for most words), which
 * depend on every byte; lx_hash (from LX_HASH_INIT, its high bits folded
 * onto its low ones) keys the tables that take the low bits (names.c,
 * the model's word sets). */
#define LX_HASH_INIT 0x243F6A8885A308D3ull
static inline uint64_t lx_hash_step(uint64_t h, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return (h ^ w) * 0x9E3779B97F4A7C15ull;
}

/* The steps of S[n] from H.  PADDED: S is zero-padded to a multiple of
 * eight bytes past n, so its last word is read whole. */
static inline uint64_t lx_steps(uint64_t h, const char *s, size_t n, bool padded)
{
    for (size_t k = 0; k == 0 || k < n; k += 8) {
        uint64_t w = 0;
        memcpy(&w, s + k, padded || n - k >= 8 ? 8 : n - k);
        h = lx_hash_step(h, w);
    }
    return h;
}

/* The table's hash of S[n] (lx_steps from 0). */
static inline uint64_t lx_key_hash(const char *s, size_t n, bool padded) { return lx_steps(0, s, n, padded); }

/* The hash of S[n] for tables indexed by its low bits. */
static inline uint64_t lx_hash(const char *s, size_t n, bool padded)
{
    uint64_t h = lx_steps(LX_HASH_INIT, s, n, padded);
    return h ^ (h >> 29);
}

/* The slot of a key of lx_key_hash H (its high bits), and its tag: eight
 * bits below those, with a 1 bit (never 0, the empty slot's). */
static inline size_t lx_home(const ws_lexicon *lx, uint64_t h) { return (size_t)(h >> lx->shift); }
static inline uint8_t lx_tag(uint64_t h) { return (uint8_t)((h >> 32) | 1); }

/* The slot of KEY[len] (first eight bytes K0, zero-padded; lx_key_hash
 * H): the one holding it, or the empty one where it would go. */
static inline size_t lx_slot_of(const ws_lexicon *lx, const char *key, size_t len, uint64_t k0,
                                uint64_t h)
{
    size_t mask = lx->cap - 1, i = lx_home(lx, h);
    uint8_t tg = lx_tag(h);
    for (; lx->tag[i]; i = (i + 1) & mask) {
        const lx_slot *sl = &lx->tab[i];
        if (lx->tag[i] == tg && sl->k0 == k0 && sl->klen == len &&
            (len <= 8 || memcmp(sl->n->key + 8, key + 8, len - 8) == 0))
            break;
    }
    return i;
}

/* Whether the padded keys A and B, both of LEN bytes and zero-padded to
 * a multiple of eight past it, agree from their ninth byte on: eight
 * bytes a step, without a call (a call in the tokenizer's loop would
 * cost it its registers). */
static inline bool lx_rest_equal(const char *a, const char *b, size_t len)
{
    for (size_t k = 8; k < len; k += 8) {
        uint64_t x, y;
        memcpy(&x, a + k, 8);
        memcpy(&y, b + k, 8);
        if (x != y) return false;
    }
    return true;
}

/* The slot of KEY[len], zero-padded to a multiple of eight bytes past len
 * and without a NUL byte before it (the tokenizer's lowercased words),
 * whose first eight bytes are K0: the slot holding it, or when absent an
 * empty slot, whose flags are 0 and node NULL (so the caller reads both
 * without a test).  The entry is lx_slot_entry(slot), its flags
 * slot->flags.  A key shorter than eight bytes is settled by K0 alone
 * (its zeros start at its length), a longer one by its length and rest. */
static inline const lx_slot *lx_find_padded(const ws_lexicon *lx, const char *key, size_t len,
                                            uint64_t k0)
{
    uint64_t h = lx_hash_step(0, k0);
    for (size_t k = 8; k < len; k += 8) {
        uint64_t w;
        memcpy(&w, key + k, 8);
        h = lx_hash_step(h, w);
    }
    size_t mask = lx->cap - 1, i = lx_home(lx, h);
    uint8_t tg = lx_tag(h);
    for (; lx->tag[i]; i = (i + 1) & mask) {
        const lx_slot *sl = &lx->tab[i];
        if (lx->tag[i] == tg && sl->k0 == k0 &&
            (len < 8 || (sl->klen == len && (len == 8 || lx_rest_equal(sl->n->key, key, len)))))
            break;
    }
    return &lx->tab[i];
}

/* The entry of a slot lx_find_padded returned, or NULL for an empty one
 * (the entry is the node's first member: no branch is left). */
static inline const lx_entry *lx_slot_entry(const lx_slot *sl) { return sl->n ? &sl->n->e : NULL; }

/* What a word's lookup gives: its entry (NULL when absent) and flags. */
typedef struct lx_word {
    const lx_entry *e;
    uint32_t flags;
} lx_word;

/* What lx_find_word reads of the lexicon, for a caller's locals (its
 * stores of tokens could, for all the compiler knows, change the
 * lexicon's fields, which it would then load again for each word). */
typedef struct lx_words {
    const ws_lexicon *lx;
    const lx_wslot *tab;
    unsigned shift;
} lx_words;
static inline lx_words lx_words_of(const ws_lexicon *lx) { return (lx_words){lx, lx->wtab, lx->wshift}; }

/* The two homes, in a table of 1 << (64 - SHIFT) short slots, of the key
 * whose zero-padded words are K0 and K1: the top bits of two multiplies
 * of their sum. */
static inline void lx_word_homes(unsigned shift, uint64_t k0, uint64_t k1, size_t *h1, size_t *h2)
{
    uint64_t x = k0 + k1;
    *h1 = (size_t)((x * 0x9E3779B97F4A7C15ull) >> shift);
    *h2 = (size_t)((x * 0xC2B2AE3D27D4EB4Full) >> shift);
}

/* lx_find_word's plain twin: lx_find_padded's slot, as an entry and flags. */
static inline lx_word lx_find_word_plain(const ws_lexicon *lx, const char *key, size_t len)
{
    uint64_t k0;
    memcpy(&k0, key, 8);
    const lx_slot *sl = lx_find_padded(lx, key, len, k0);
    return (lx_word){lx_slot_entry(sl), sl->flags};
}

/* lx_find_word's slot (lx_find_wslot) and answer (lx_find_key) for a key
 * of one to sixteen bytes without a NUL byte, given as its two
 * zero-padded eight-byte words K0 and K1 (K1 0 for a key of at most
 * eight bytes): for a caller that has them. */
static inline const lx_wslot *lx_find_wslot(lx_words w, uint64_t k0, uint64_t k1)
{
    size_t i1, i2;
    lx_word_homes(w.shift, k0, k1, &i1, &i2);
    const lx_wslot *a = &w.tab[i1], *b = &w.tab[i2];
    /* the slot that holds the key, else the empty one before the table
     * (two selects, which the compiler makes conditional moves) */
    const lx_wslot *r = w.tab - 1;
    r = ((a->k0 ^ k0) | (a->k1 ^ k1)) == 0 ? a : r;
    r = ((b->k0 ^ k0) | (b->k1 ^ k1)) == 0 ? b : r;
    return r;
}
static inline lx_word lx_find_key(lx_words w, uint64_t k0, uint64_t k1)
{
    const lx_wslot *r = lx_find_wslot(w, k0, k1);
    return (lx_word){r->e, r->flags};
}

/* The two zero-padded eight-byte words of KEY[len] (1 <= len <= 16),
 * zero-padded to a multiple of eight bytes past len (the tokenizer's
 * lowercased words): K1 0 for a key of at most eight bytes, whose
 * key[8, 16) need not be there. */
static inline void lx_key_words(const char *key, size_t len, uint64_t *k0, uint64_t *k1)
{
    bool two = len > 8;
    uint64_t w1;
    memcpy(k0, key, 8);
    memcpy(&w1, key + (two ? 8 : 0), 8);
    *k1 = w1 & -(uint64_t)two;
}

/* The entry and flags of KEY[len], zero-padded to a multiple of eight
 * bytes past len and without a NUL byte (the tokenizer's lowercased
 * words): what lx_find_word_plain gives, without a branch on the answer
 * for a key of one to sixteen bytes (nearly every word).  Whether a word
 * is in the lexicon is as good as random, so a probe loop's tests of it
 * mispredict about every other word: here both homes of the cuckoo
 * table are read, at addresses that wait on the key alone, and the slot
 * holding the key is selected by conditional moves.  A longer key takes
 * the plain lookup. */
static inline lx_word lx_find_word(lx_words w, const char *key, size_t len)
{
    if (__builtin_expect(len - 1 >= 16, 0)) return lx_find_word_plain(w.lx, key, len);
    uint64_t k0, k1;
    lx_key_words(key, len, &k0, &k1);
    return lx_find_key(w, k0, k1);
}

/* The learned statement model read with the lexicon (model/model.h), or
 * NULL when the data directory has none. */
struct ws_model;
const struct ws_model *ws_lx_model(const ws_lexicon *lx);
/* The learned content boundaries read with it (model/span.h), or NULL. */
struct ws_span_model;
const struct ws_span_model *ws_lx_span(const ws_lexicon *lx);
/* The learned source boundaries read with it (model/source.h), or NULL. */
struct ws_source_model;
const struct ws_source_model *ws_lx_source(const ws_lexicon *lx);

/* ws_lexicon_load with the learned cue thresholds CAND_RATE and VETO_RATE
 * (percent; -1: the model's or the defaults) and, with NO_MODEL, without
 * the statement model: what `whosaid train --model` reads the corpus with. */
int ws__lexicon_load_with(const char *dir, int cand_rate, int veto_rate, bool no_model,
                          ws_lexicon **out, char *err, size_t errlen);

/* The most words of any key. */
int ws_lx_max_words(const ws_lexicon *lx);

/* The most words of a key that starts with the word W[len] (lowercased):
 * 1 when no multiword key starts with it, and never less than the truth,
 * so a caller can skip the longer lookups. */
int ws_lx_first_words(const ws_lexicon *lx, const char *w, size_t len);

/* ws_lx_first_words of W[len], zero-padded to a multiple of eight bytes
 * past len and without a NUL byte (the tokenizer's lowercased words): a
 * word of one to sixteen bytes by its short slot, without a branch. */
static inline int lx_first_words_padded(const ws_lexicon *lx, const char *w, size_t len)
{
    if (__builtin_expect(len - 1 >= 16, 0)) return ws_lx_first_words(lx, w, len);
    uint64_t k0, k1;
    lx_key_words(w, len, &k0, &k1);
    int f = (int)lx_find_wslot(lx_words_of(lx), k0, k1)->first;
    return f > 1 ? f : 1;
}

#endif
