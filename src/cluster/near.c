/*
 * near.c -- which statements repeat each other, a few words apart.
 *
 * The exact cluster key (cluster.c) gives two keys to one quote carried
 * trimmed, with an ellipsis or with a word changed.  Here a statement's
 * words become the set of its word pairs ("we will", "will rebuild", ...),
 * summarised by a MinHash signature: under each of K hash functions the
 * least hash of any pair.  Two signatures agree at a place with the
 * probability J, the Jaccard similarity of the two sets, so the share of
 * agreeing places estimates J, and from J and the two sets' sizes the
 * shared pairs: |A ∩ B| = J (|A| + |B|) / (1 + J).
 *
 * Two statements repeat each other when the smaller has at least
 * WS_NEAR_MIN_PAIRS pairs (six pairs: seven words; shorter sayings such
 * as "we will see" are too common to tell a repeat), at least a third as
 * many as the larger, and at least 75% of them are in the larger: a
 * trimmed quote is wholly in its longer form; one word changed in twenty
 * drops two pairs.  The pairs are counted from each statement's least
 * WS_NEAR_P pair hashes (a bottom-k sketch): exactly for statements of
 * up to 64 pairs, estimated for longer ones.
 *
 * Candidates are found by bands of the signature (locality-sensitive
 * hashing): an index from each band's hash to the statements with it,
 * so that a statement is compared only with those that share a band.
 * The index keeps the latest WS_NEAR_KEEP statements (at most about 7 MB
 * at 8,192): when full, it forgets the older half.
 *
 * Statements with an exact cluster key seen before (the same words) need
 * no MinHash work: a map from the key to the cluster its first statement
 * took answers them (ws_near_recall).  The map is bounded: two
 * generations of at most WS_NEAR_KEYS keys each; a key looked up in the
 * older one moves to the newer, and when the newer is full the older is
 * dropped (an approximate LRU, at most about 3 MB).  A statement joined
 * by its key is not entered in the index again: the index holds the
 * latest WS_NEAR_KEEP distinct statements, so a variant arriving after
 * that many others is missed even if its original kept repeating.
 *
 * Two statements of one document whose words overlap in its text are
 * not joined: they are one nested in the other ("X believes Y" and "Y"),
 * not a repeat.
 *
 * Known limits: a reworded quote with few shared pairs is missed; a
 * statement that quotes another in full and adds up to as much again
 * joins it.
 */
#include "near.h"

#include <string.h>

/* A 64-bit mix (splitmix64's finaliser). */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* The next word of S[*i, n): its FNV-1a hash over lowercased ASCII
 * letters and digits and every non-ASCII byte; 0 at the end. */
static uint64_t next_word(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    while (k < n) {
        unsigned char c = (unsigned char)s[k];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) break;
        /* a curly quotation mark or a dash: three bytes E2 80 xx */
        if (c == 0xE2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80) {
            k += 3;
            continue;
        }
        if (c >= 0x80) break;
        k++;
    }
    if (k >= n) {
        *i = n;
        return 0;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    while (k < n) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80)) break;
        if (c == 0xE2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80) break;
        if (c != '\'') {
            h ^= c;
            h *= 1099511628211ull;
        }
        k++;
    }
    *i = k;
    return h ? h : 1;
}

/* The offset of hash function j from hash function j - 1 (the golden
 * ratio): function j hashes pair P as mix(P + (j + 1) STEP). */
#define STEP 0x9E3779B97F4A7C15ull

/* Folds PAIRS[0, n) into the MinHash values H: under each hash function j
 * the least high half of mix(pair + (j + 1) STEP). */
static void minhash(uint32_t h[WS_NEAR_K], const uint64_t *pairs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < WS_NEAR_K; j++) {
            uint32_t v = (uint32_t)(mix(pairs[i] + STEP * (uint64_t)(j + 1)) >> 32);
            if (v < h[j]) h[j] = v;
        }
}

/* Pair hashes gathered for minhash. */
#define PAIRS_AT_ONCE 64

typedef struct sig_build {
    ws_near_sig *sg;
    uint64_t pairs[PAIRS_AT_ONCE];
    size_t np;
} sig_build;

/* Folds the gathered pairs into the signature: their MinHash values, and
 * their hashes merged into the least WS_NEAR_P distinct ones. */
static void flush(sig_build *sb)
{
    ws_near_sig *sg = sb->sg;
    size_t n = sb->np;
    minhash(sg->h, sb->pairs, n);
    uint32_t v[PAIRS_AT_ONCE] = {0}; /* the pairs' hashes, ascending */
    for (size_t i = 0; i < n; i++) {
        uint32_t x = (uint32_t)mix(sb->pairs[i]);
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
    uint32_t m[WS_NEAR_P] = {0};
    uint32_t k = 0;
    size_t i = 0, j = 0;
    while (k < WS_NEAR_P && (i < sg->np || j < n)) {
        uint32_t x = j >= n || (i < sg->np && sg->p[i] <= v[j]) ? sg->p[i++] : v[j++];
        if (k == 0 || m[k - 1] != x) m[k++] = x;
    }
    memcpy(sg->p, m, k * sizeof *m);
    sg->np = k;
    sb->np = 0;
}

static void add_pair(sig_build *sb, uint64_t p)
{
    sb->pairs[sb->np++] = p;
    if (sb->np == PAIRS_AT_ONCE) flush(sb);
}

void ws_near_sig_of(const char *a, size_t alen, const char *b, size_t blen, ws_near_sig *out)
{
    for (int j = 0; j < WS_NEAR_K; j++) out->h[j] = UINT32_MAX;
    out->n = 0;
    out->np = 0;
    sig_build sb = {.sg = out, .np = 0};
    uint64_t prev = 0;
    for (int part = 0; part < 2; part++) {
        const char *s = part ? b : a;
        size_t n = part ? blen : alen, i = 0;
        if (!s) continue;
        for (uint64_t w; (w = next_word(s, n, &i)) != 0;) {
            if (prev) {
                add_pair(&sb, mix(prev) ^ w);
                out->n++;
            }
            prev = w;
        }
    }
    /* one word: the word itself */
    if (!out->n && prev) {
        add_pair(&sb, mix(prev));
        out->n = 1;
    }
    if (sb.np) flush(&sb);
}

bool ws_near_alike(const ws_near_sig *x, const ws_near_sig *y)
{
    uint32_t small = x->n < y->n ? x->n : y->n, large = x->n ^ y->n ^ small;
    if (small < WS_NEAR_MIN_PAIRS || large > 3 * small) return false;
    /* the least hashes of the union: how many of them both have */
    uint32_t i = 0, j = 0, seen = 0, both = 0;
    bool whole = x->n <= WS_NEAR_P && y->n <= WS_NEAR_P;
    while ((i < x->np || j < y->np) && (whole || seen < WS_NEAR_P)) {
        if (j >= y->np || (i < x->np && x->p[i] < y->p[j])) i++;
        else if (i >= x->np || y->p[j] < x->p[i]) j++;
        else {
            both++;
            i++;
            j++;
        }
        seen++;
    }
    if (!seen) return false;
    double shared;
    if (whole) shared = both;
    else {
        double jac = (double)both / seen;
        shared = jac * (double)(x->n + y->n) / (1.0 + jac);
    }
    return shared >= 0.75 * (double)small;
}

/* ------------------------------------------------------------ index */

/* Bands of ROWS signature places: two statements are compared when all
 * the places of one band agree (probability J^2 a band: at J = 0.5 one
 * of sixteen bands agrees 99 times in 100). */
#define ROWS 2
#define BANDS (WS_NEAR_K / ROWS)

typedef struct entry {
    ws_near_sig sig;
    uint32_t band[BANDS]; /* band_key of each band */
    uint64_t cluster;
    uint64_t doc;
    int64_t b, e; /* its words' bytes in the document */
} entry;

/* A band's hash -> the latest entry with it; each entry links the
 * previous one with the same band hash in prev[]. */
typedef struct slot {
    uint32_t key; /* 0: empty */
    uint32_t latest;
} slot;

/* A cluster key -> the cluster its first statement took. */
typedef struct kslot {
    uint64_t key;
    uint64_t cluster;
    uint8_t state;   /* 0: empty; else a WS_NEAR_* of ws_near_recall */
} kslot;

#define KCAP ((size_t)2 * WS_NEAR_KEYS) /* slots a generation: at most half used */


struct ws_near {
    kslot *gen[2]; /* gen[0] the newer */
    size_t gused;  /* keys in gen[0] */
    entry *e;
    uint32_t *prev; /* BANDS links an entry: prev[i * BANDS + b] */
    uint32_t n, ecap;
    slot *tab;
    size_t cap, used;
};

#define NONE UINT32_MAX

/* Entries of one band compared at most, the latest first. */
#define CHAIN_MAX 64

static uint32_t band_key(const ws_near_sig *sg, int b)
{
    size_t at = (size_t)b * ROWS;
    uint64_t x = ((uint64_t)sg->h[at] << 32 | sg->h[at + 1]) + (uint64_t)b;
    uint32_t k = (uint32_t)(mix(x) >> 32);
    return k ? k : 1;
}

_Static_assert(BANDS == WS_NEAR_BANDS, "near.h's band count");

void ws_near_bands(const ws_near_sig *sig, uint32_t out[WS_NEAR_BANDS])
{
    for (int b = 0; b < BANDS; b++) out[b] = band_key(sig, b);
}

int ws_near_new(ws_near **out)
{
    *out = NULL;
    ws_near *nx = ws__calloc(1, sizeof *nx);
    if (!nx) return WS_NOMEM;
    nx->gen[0] = ws__calloc(KCAP, sizeof *nx->gen[0]);
    nx->gen[1] = ws__calloc(KCAP, sizeof *nx->gen[1]);
    if (!nx->gen[0] || !nx->gen[1]) {
        ws_near_free(nx);
        return WS_NOMEM;
    }
    *out = nx;
    return WS_OK;
}

void ws_near_free(ws_near *nx)
{
    if (!nx) return;
    ws__free(nx->gen[0]);
    ws__free(nx->gen[1]);
    ws__free(nx->e);
    ws__free(nx->prev);
    ws__free(nx->tab);
    ws__free(nx);
}

static slot *find(slot *tab, size_t cap, uint32_t key)
{
    size_t i = (size_t)mix(key) & (cap - 1);
    while (tab[i].key && tab[i].key != key) i = (i + 1) & (cap - 1);
    return &tab[i];
}

/* Room for one more entry and its bands. */
static int reserve(ws_near *nx)
{
    if (nx->n == nx->ecap) {
        uint32_t c = nx->ecap ? nx->ecap * 2 : 256;
        entry *e = ws__realloc(nx->e, (size_t)c * sizeof *e);
        if (!e) return WS_NOMEM;
        nx->e = e;
        uint32_t *pv = ws__realloc(nx->prev, (size_t)c * BANDS * sizeof *pv);
        if (!pv) return WS_NOMEM;
        nx->prev = pv;
        nx->ecap = c;
    }
    if ((nx->used + BANDS) * 2 > nx->cap) {
        size_t c = nx->cap ? nx->cap * 2 : 4096;
        slot *t = ws__calloc(c, sizeof *t);
        if (!t) return WS_NOMEM;
        for (size_t i = 0; i < nx->cap; i++)
            if (nx->tab[i].key) *find(t, c, nx->tab[i].key) = nx->tab[i];
        ws__free(nx->tab);
        nx->tab = t;
        nx->cap = c;
    }
    return WS_OK;
}

/* Enters E, a copy of it taking the next id, in the index. */
static void insert(ws_near *nx, const entry *e)
{
    uint32_t id = nx->n++;
    nx->e[id] = *e;
    for (int b = 0; b < BANDS; b++) {
        uint32_t k = e->band[b];
        slot *s = find(nx->tab, nx->cap, k);
        if (!s->key) {
            s->key = k;
            s->latest = NONE;
            nx->used++;
        }
        nx->prev[(size_t)id * BANDS + (size_t)b] = s->latest;
        s->latest = id;
    }
}

/* Forgets the older half of the entries (their memory is kept). */
static void forget_half(ws_near *nx)
{
    uint32_t half = nx->n / 2, keep = nx->n - half;
    memmove(nx->e, nx->e + half, (size_t)keep * sizeof *nx->e);
    memset(nx->tab, 0, nx->cap * sizeof *nx->tab);
    nx->used = 0;
    nx->n = 0;
    for (uint32_t i = 0; i < keep; i++) {
        entry e = nx->e[i];
        insert(nx, &e);
    }
}

static kslot *kfind(kslot *tab, uint64_t key)
{
    size_t i = (size_t)mix(key) & (KCAP - 1);
    while (tab[i].state && tab[i].key != key) i = (i + 1) & (KCAP - 1);
    return &tab[i];
}

/* The slot of KEY in the newer generation, made if absent (the older
 * generation dropped when the newer is full). */
static kslot *kput(ws_near *nx, uint64_t key)
{
    kslot *k = kfind(nx->gen[0], key);
    if (k->state) return k;
    if (nx->gused == WS_NEAR_KEYS) {
        kslot *old = nx->gen[1];
        memset(old, 0, KCAP * sizeof *old);
        nx->gen[1] = nx->gen[0];
        nx->gen[0] = old;
        nx->gused = 0;
        k = kfind(nx->gen[0], key);
    }
    nx->gused++;
    k->key = key;
    return k;
}

int ws_near_recall(ws_near *nx, uint64_t key, uint64_t *cluster)
{
    *cluster = key;
    kslot *k = kfind(nx->gen[0], key);
    if (!k->state) {
        const kslot *o = kfind(nx->gen[1], key);
        if (!o->state) return WS_NEAR_UNSEEN;
        kslot c = *o;
        k = kput(nx, key);
        *k = c;
    }
    *cluster = k->cluster;
    return k->state;
}

void ws_near_note_short(ws_near *nx, uint64_t key)
{
    kslot *k = kput(nx, key);
    k->cluster = key;
    k->state = WS_NEAR_SHORT_KEY;
}

static int enter(ws_near *nx, const entry *e, uint64_t key)
{
    if (nx->n == WS_NEAR_KEEP) forget_half(nx);
    if (reserve(nx) != WS_OK) return WS_NOMEM;
    insert(nx, e);
    kslot *k = kput(nx, key);
    k->cluster = e->cluster;
    k->state = WS_NEAR_KNOWN;
    return WS_OK;
}

int ws_near_join(ws_near *nx, const ws_near_sig *sig, uint64_t key, uint64_t doc, int64_t cb,
                 int64_t ce, uint64_t *cluster)
{
    *cluster = key;
    entry me = {.sig = *sig, .cluster = key, .doc = doc, .b = cb, .e = ce};
    const uint32_t *keys = me.band;
    for (int b = 0; b < BANDS; b++) me.band[b] = band_key(sig, b);
    if (sig->n >= WS_NEAR_MIN_PAIRS && nx->n) {
        /* the candidates: the entries sharing a band with SIG; the best
         * is the one sharing the most places, the latest on a tie */
        uint32_t best = NONE;
        int best_same = 0;
        for (int b = 0; b < BANDS; b++) {
            slot *s = find(nx->tab, nx->cap, keys[b]);
            if (!s->key) continue;
            /* the latest CHAIN_MAX entries of a band: boilerplate shared
             * by thousands of statements must not make a join slow */
            int walked = 0;
            for (uint32_t id = s->latest; id != NONE && walked < CHAIN_MAX;
                 id = nx->prev[(size_t)id * BANDS + (size_t)b], walked++) {
                const ws_near_sig *o = &nx->e[id].sig;
                /* counted once: at the first band it shares */
                bool seen = false;
                for (int q = 0; q < b && !seen; q++) seen = nx->e[id].band[q] == keys[q];
                if (seen || (nx->e[id].doc == doc && nx->e[id].b < ce && cb < nx->e[id].e) ||
                    !ws_near_alike(sig, o))
                    continue;
                int same = 0;
                for (int q = 0; q < WS_NEAR_K; q++) same += o->h[q] == sig->h[q];
                if (same > best_same || (same == best_same && (best == NONE || id > best))) {
                    best = id;
                    best_same = same;
                }
            }
        }
        if (best != NONE) *cluster = nx->e[best].cluster;
    }
    me.cluster = *cluster;
    return enter(nx, &me, key);
}
