/*
 * near.c -- which statements repeat each other, a few words apart.
 *
 * The exact cluster key (cluster.c) gives two keys to one quote carried
 * trimmed, with an ellipsis or with a word changed.  Here a statement's
 * words become the set of its word pairs ("we will", "will rebuild", ...),
 * summarised by a MinHash signature of K places made with one hash a pair
 * (one-permutation hashing): the pair's hash picks one of K bins by its
 * top bits, and each place holds the least hash of its bin.  A bin no
 * pair fell in borrows from a filled one (densify), so that two
 * signatures agree at any place with the probability J, the Jaccard
 * similarity of the two sets, as under K hash functions.  From J and the
 * two sets' sizes follow the shared pairs: |A ∩ B| = J (|A| + |B|) / (1 + J).
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
 * hashing; a band is places b and b + 16, whose empty bins borrow from
 * different places): an index from each band's hash to the statements with it,
 * so that a statement is compared only with those that share a band.
 * The index keeps the latest WS_NEAR_KEEP statements (at most about 7 MB
 * at 8,192): when full, it forgets the older half.
 *
 * Statements with an exact cluster key seen before (the same words) need
 * no MinHash work: a map from the key to the cluster its first statement
 * took answers them (ws_near_recall).  The map is bounded: two
 * generations of at most WS_NEAR_KEYS keys each; a key looked up in the
 * older one moves to the newer, and when the newer is full the older is
 * dropped (an approximate LRU, at most about 3 MB; each generation made
 * small and doubled as keys come, so a short run clears little).  A statement joined
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

/* What a byte is to the word scan: WB_SEP ends a word (ASCII other than
 * letters, digits and the apostrophe), WB_QUOTE is the apostrophe (in a
 * word, not hashed), WB_E2 the first byte of a curly quotation mark or a
 * dash (E2 80 xx: a separator) or of another character; anything else is
 * a word byte, the value hashed (ASCII letters lowercased). */
enum { WB_SEP = 0, WB_QUOTE = 1, WB_E2 = 2 };

#define WB_ROW(x) (x), (x) + 1, (x) + 2, (x) + 3, (x) + 4, (x) + 5, (x) + 6, (x) + 7, \
                  (x) + 8, (x) + 9, (x) + 10, (x) + 11, (x) + 12, (x) + 13, (x) + 14, (x) + 15
static const uint8_t WB[256] = {
    [0] = 0,
    ['\''] = WB_QUOTE,
    ['0'] = '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
    ['A'] = 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
            'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
    ['a'] = 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
            'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
    [0x80] = WB_ROW(0x80), WB_ROW(0x90), WB_ROW(0xA0), WB_ROW(0xB0),
    WB_ROW(0xC0), WB_ROW(0xD0), 0xE0, 0xE1, WB_E2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
    0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF, WB_ROW(0xF0),
};

/* Whether S[k, n) opens with a curly quotation mark or a dash. */
static bool e280(const char *s, size_t n, size_t k)
{
    return k + 2 < n && (unsigned char)s[k + 1] == 0x80;
}

/* The next word of S[*i, n): its FNV-1a hash over lowercased ASCII
 * letters and digits and every non-ASCII byte; 0 at the end. */
static uint64_t next_word(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    for (; k < n; k++) {
        unsigned t = WB[(unsigned char)s[k]];
        if (t == WB_SEP || t == WB_QUOTE) continue;
        if (t != WB_E2 || !e280(s, n, k)) break;
        k += 2;
    }
    if (k >= n) {
        *i = n;
        return 0;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    for (; k < n; k++) {
        unsigned t = WB[(unsigned char)s[k]];
        if (t > WB_E2 || (t == WB_E2 && !e280(s, n, k))) {
            h ^= t > WB_E2 ? t : 0xE2;
            h *= 1099511628211ull;
        } else if (t != WB_QUOTE) break;
    }
    *i = k;
    return h ? h : 1;
}

/* Pair hashes gathered before they are merged into the least ones. */
#define PAIRS_AT_ONCE 64

/* A signature's places, one bin each: a pair falls in the bin of its
 * hash's top five bits. */
_Static_assert(WS_NEAR_K == 32, "one bin a signature place, five bits of the hash");

typedef struct sig_build {
    ws_near_sig *sg;
    uint32_t bins;                   /* the bins some pair fell in */
    uint32_t low[PAIRS_AT_ONCE];     /* the gathered pairs' low hash halves */
    size_t np;
} sig_build;

/* IN[0, n) (n <= PAIRS_AT_ONCE) in ascending order into OUT: placed by
 * their top four bits (hashes are uniform, so about n / 16 a bucket),
 * then sorted by insertion, which moves each within its bucket. */
static void sort_hashes(const uint32_t *in, size_t n, uint32_t *out)
{
    uint32_t tmp[PAIRS_AT_ONCE];
    uint8_t at[17] = {0};
    for (size_t i = 0; i < n; i++) at[(in[i] >> 28) + 1]++;
    for (int b = 1; b < 17; b++) at[b] = (uint8_t)(at[b] + at[b - 1]);
    for (size_t i = 0; i < n; i++) tmp[at[in[i] >> 28]++] = in[i];
    for (size_t i = 0; i < n; i++) {
        uint32_t x = tmp[i];
        size_t j = i;
        for (; j > 0 && out[j - 1] > x; j--) out[j] = out[j - 1];
        out[j] = x;
    }
}

/* Merges the gathered pairs' hashes into the least WS_NEAR_P distinct
 * ones. */
static void flush(sig_build *sb)
{
    ws_near_sig *sg = sb->sg;
    size_t n = sb->np;
    uint32_t v[PAIRS_AT_ONCE]; /* the gathered hashes, ascending */
    sort_hashes(sb->low, n, v);
    uint32_t k = 0;
    if (!sg->np) {
        /* the first block (all of a statement of up to 64 pairs): its
         * distinct hashes */
        _Static_assert(PAIRS_AT_ONCE <= WS_NEAR_P, "a block fits the least hashes");
        for (size_t i = 0; i < n; i++)
            if (k == 0 || sg->p[k - 1] != v[i]) sg->p[k++] = v[i];
        sg->np = k;
        sb->np = 0;
        return;
    }
    uint32_t m[WS_NEAR_P] = {0};
    size_t i = 0, j = 0;
    while (k < WS_NEAR_P && (i < sg->np || j < n)) {
        uint32_t x = j >= n || (i < sg->np && sg->p[i] <= v[j]) ? sg->p[i++] : v[j++];
        if (k == 0 || m[k - 1] != x) m[k++] = x;
    }
    memcpy(sg->p, m, k * sizeof *m);
    sg->np = k;
    sb->np = 0;
}

/* One pair: a single hash gives both its bin's MinHash value (the high
 * half: the bin is its top five bits, the rest orders the bin) and its
 * bottom-k hash (the low half). */
static void add_pair(sig_build *sb, uint64_t pair)
{
    uint64_t x = mix(pair);
    uint32_t hi = (uint32_t)(x >> 32), bin = hi >> 27;
    uint32_t *h = &sb->sg->h[bin];
    *h = hi < *h ? hi : *h;
    sb->bins |= 1u << bin;
    sb->low[sb->np++] = (uint32_t)x;
    if (sb->np == PAIRS_AT_ONCE) flush(sb);
}

/* The offset an empty bin adds to the value it borrows, times the
 * distance it looked (the golden ratio). */
#define STEP 0x9E3779B9u

/* Fills the bins no pair fell in (densification): empty bin i borrows
 * the value of the first filled bin at or after a place of its own,
 * circularly, plus STEP times the distance.  Two sets whose union first
 * fills bin j from that place both borrow from j when both filled it,
 * so an empty place agrees with probability J as a filled one does;
 * each bin's own starting place keeps the two places of a band from
 * borrowing the same value. */
static void densify(uint32_t h[WS_NEAR_K], uint32_t bins)
{
    if (!bins) return;
    for (uint32_t e = ~bins; e; e &= e - 1) {
        uint32_t i = (uint32_t)__builtin_ctz(e);
        uint32_t from = (i * STEP) >> 27; /* bin i's starting place */
        uint32_t r = from ? bins >> from | bins << (WS_NEAR_K - from) : bins;
        uint32_t d = (uint32_t)__builtin_ctz(r);
        h[i] = h[(from + d) & (WS_NEAR_K - 1)] + STEP * (d + 1);
    }
}

void ws_near_sig_of(const char *a, size_t alen, const char *b, size_t blen, ws_near_sig *out)
{
    for (int j = 0; j < WS_NEAR_K; j++) out->h[j] = UINT32_MAX;
    out->n = 0;
    out->np = 0;
    sig_build sb = {.sg = out, .bins = 0, .np = 0};
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
    densify(out->h, sb.bins);
}

bool ws_near_alike(const ws_near_sig *x, const ws_near_sig *y)
{
    uint32_t small = x->n < y->n ? x->n : y->n, large = x->n ^ y->n ^ small;
    if (small < WS_NEAR_MIN_PAIRS || large > 3 * small) return false;
    uint32_t i = 0, j = 0, seen = 0, both = 0;
    if (x->n <= WS_NEAR_P && y->n <= WS_NEAR_P) {
        /* all pairs kept: count the shared ones, stopping as soon as the
         * answer is known (4 both >= 3 small) */
        uint32_t need = (3 * small + 3) / 4, nx = x->np, ny = y->np;
        while (i < nx && j < ny) {
            uint32_t a = x->p[i], b = y->p[j], left;
            both += a == b;
            i += a <= b;
            j += b <= a;
            left = nx - i < ny - j ? nx - i : ny - j;
            if (both >= need) return true;
            if (both + left < need) return false;
        }
        return false;
    }
    /* else estimated: the share of the least WS_NEAR_P hashes of the
     * union that both have estimates J */
    while ((i < x->np || j < y->np) && seen < WS_NEAR_P) {
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
    double jac = (double)both / seen;
    double shared = jac * (double)(x->n + y->n) / (1.0 + jac);
    return shared >= 0.75 * (double)small;
}

/* ------------------------------------------------------------ index */

/* Bands of two signature places, b and b + BANDS: two statements are
 * compared when both places of one band agree (probability J^2 a band:
 * at J = 0.5 one of sixteen bands agrees 99 times in 100). */
#define BANDS (WS_NEAR_K / 2)

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

/* Slots of a generation: at most half used; made at KMIN and doubled as
 * keys come (not grown faster: every statement of a run looks its key up
 * here, and a smaller table stays in the cache), so that a short run does
 * not clear KCAP slots. */
#define KCAP ((size_t)2 * WS_NEAR_KEYS)
#define KMIN ((size_t)1024)


struct ws_near {
    kslot *gen[2];  /* gen[0] the newer; NULL until a key comes */
    size_t kcap[2]; /* their slots */
    size_t gused;   /* keys in gen[0] */
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
    uint64_t x = ((uint64_t)sg->h[b] << 32 | sg->h[b + BANDS]) + (uint64_t)b;
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

/* The slot of band hash KEY (a hash already: its low bits are the home
 * slot), or the empty one where it goes. */
static slot *find(slot *tab, size_t cap, uint32_t key)
{
    size_t i = (size_t)key & (cap - 1);
    while (tab[i].key && tab[i].key != key) i = (i + 1) & (cap - 1);
    return &tab[i];
}

/* Room for one more entry and its bands.  The entries' arrays are made
 * for WS_NEAR_KEEP at the first (not zeroed: their pages are touched as
 * entries come, and never copied by a growth); the band table is grown
 * fourfold (4,096 * 4^3 slots hold WS_NEAR_KEEP entries' bands half
 * full): a long run rehashes a third as many slots as by doubling. */
static int reserve(ws_near *nx)
{
    if (nx->n == nx->ecap) {
        uint32_t c = nx->ecap ? nx->ecap * 2 : WS_NEAR_KEEP;
        entry *e = ws__realloc(nx->e, (size_t)c * sizeof *e);
        if (!e) return WS_NOMEM;
        nx->e = e;
        uint32_t *pv = ws__realloc(nx->prev, (size_t)c * BANDS * sizeof *pv);
        if (!pv) return WS_NOMEM;
        nx->prev = pv;
        nx->ecap = c;
    }
    if ((nx->used + BANDS) * 2 > nx->cap) {
        size_t c = nx->cap ? nx->cap * 4 : 4096;
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

/* Enters E, a copy of it taking the next id, in the index.  AT: NULL,
 * or the slots find gave for E's bands in the table as it is (a slot
 * one of E's earlier bands has taken since is looked up again). */
static void insert(ws_near *nx, const entry *e, const uint32_t *at)
{
    uint32_t id = nx->n++;
    nx->e[id] = *e;
    for (int b = 0; b < BANDS; b++) {
        uint32_t k = e->band[b];
        slot *s = at ? &nx->tab[at[b]] : NULL;
        if (!s || (s->key && s->key != k)) s = find(nx->tab, nx->cap, k);
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
        insert(nx, &e, NULL);
    }
}

static kslot *kfind(kslot *tab, size_t cap, uint64_t key)
{
    size_t i = (size_t)mix(key) & (cap - 1);
    while (tab[i].state && tab[i].key != key) i = (i + 1) & (cap - 1);
    return &tab[i];
}

/* Doubles the newer generation's slots (KMIN at first).  WS_OK or
 * WS_NOMEM. */
static int kgrow(ws_near *nx)
{
    size_t cap = nx->kcap[0] ? nx->kcap[0] * 2 : KMIN;
    kslot *t = ws__calloc(cap, sizeof *t);
    if (!t) return WS_NOMEM;
    for (size_t i = 0; i < nx->kcap[0]; i++)
        if (nx->gen[0][i].state) *kfind(t, cap, nx->gen[0][i].key) = nx->gen[0][i];
    ws__free(nx->gen[0]);
    nx->gen[0] = t;
    nx->kcap[0] = cap;
    return WS_OK;
}

/* The slot of KEY in the newer generation, made if absent (the older
 * generation dropped when the newer is full); NULL when out of memory. */
static kslot *kput(ws_near *nx, uint64_t key)
{
    if (nx->kcap[0]) {
        kslot *k = kfind(nx->gen[0], nx->kcap[0], key);
        if (k->state) return k;
    }
    if (nx->gused == WS_NEAR_KEYS) {
        ws__free(nx->gen[1]);
        nx->gen[1] = nx->gen[0];
        nx->kcap[1] = nx->kcap[0];
        nx->gen[0] = NULL;
        nx->kcap[0] = 0;
        nx->gused = 0;
    }
    if ((nx->gused + 1) * 2 > nx->kcap[0] && kgrow(nx) != WS_OK) return NULL;
    kslot *k = kfind(nx->gen[0], nx->kcap[0], key);
    nx->gused++;
    k->key = key;
    return k;
}

int ws_near_recall(ws_near *nx, uint64_t key, uint64_t *cluster)
{
    *cluster = key;
    if (nx->kcap[0]) {
        const kslot *k = kfind(nx->gen[0], nx->kcap[0], key);
        if (k->state) {
            *cluster = k->cluster;
            return k->state;
        }
    }
    if (!nx->kcap[1]) return WS_NEAR_UNSEEN;
    const kslot *o = kfind(nx->gen[1], nx->kcap[1], key);
    if (!o->state) return WS_NEAR_UNSEEN;
    kslot c = *o;
    /* moved to the newer generation (when that cannot grow, answered
     * from the older one all the same) */
    kslot *k = kput(nx, key);
    if (k) *k = c;
    *cluster = c.cluster;
    return c.state;
}

void ws_near_note_short(ws_near *nx, uint64_t key)
{
    kslot *k = kput(nx, key);
    if (!k) return; /* not remembered: its signature is made again next time */
    k->cluster = key;
    k->state = WS_NEAR_SHORT_KEY;
}

/* Enters E of cluster key KEY; AT as insert's, for the table before. */
static int enter(ws_near *nx, const entry *e, uint64_t key, const uint32_t *at)
{
    size_t cap = nx->cap;
    if (nx->n == WS_NEAR_KEEP) {
        forget_half(nx);
        at = NULL;
    }
    /* reserve always leaves a table (the test is for the static analyser) */
    if (reserve(nx) != WS_OK || !nx->tab) return WS_NOMEM;
    insert(nx, e, nx->cap == cap ? at : NULL);
    kslot *k = kput(nx, key);
    if (!k) return WS_NOMEM;
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
    uint32_t at[BANDS]; /* find's slot of each band, kept for insert */
    bool found = false;
    for (int b = 0; b < BANDS; b++) me.band[b] = band_key(sig, b);
    if (sig->n >= WS_NEAR_MIN_PAIRS && nx->n) {
        found = true;
        /* the candidates: the entries sharing a band with SIG; the best
         * is the one sharing the most places, the latest on a tie */
        uint32_t best = NONE;
        int best_same = 0;
        for (int b = 0; b < BANDS; b++) {
            slot *s = find(nx->tab, nx->cap, keys[b]);
            at[b] = (uint32_t)(s - nx->tab);
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
    return enter(nx, &me, key, found ? at : NULL);
}
