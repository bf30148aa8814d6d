/*
 * pipeline.c -- a run over many documents, in order, on N threads.
 *
 * Documents are copied (and made valid UTF-8) into a ring of W slots,
 * each with its own extractor.  Worker threads extract slots in input
 * order; the caller's thread delivers them, oldest first, to the emit
 * callback.  Before a document is delivered, the person names of the
 * documents up to W/2 places after it (all remaining ones at the end) are
 * learned into a window of full names (speaker/resolve.c: ws_spk_window,
 * the speaker rules the extractor and the store use too), so that a bare
 * surname ("Peskov says") resolves to a full name ("Dmitry Peskov") given
 * in the same document, before it, or shortly after it.  Which names are known when a
 * document is delivered depends only on the input, never on thread timing,
 * so output is identical for any number of threads.
 *
 * The window's keys (the surnames of a document's full names, casefolded
 * and hashed) are made where the document was extracted, while its names
 * are in that core's cache; the delivery only probes the table.
 *
 * What is per document runs on the workers: decoding a raw JSON line
 * (ws_pipeline_push_jsonl; the reading thread only finds line ends), the
 * UTF-8 repair of the pushed copy, the extraction and, with opts.jsonl, the JSON rendering of
 * the statements into the slot's buffer (one record of offsets a
 * statement).  The caller's thread only reads input, learns names and
 * writes bytes: a statement whose speaker the registry changes at delivery
 * is rendered again there, so the bytes are those of ws_write_jsonl on the
 * delivered statements, whatever the number of threads.  Without workers
 * (threads 0) a document's statements are rendered once, at delivery,
 * with the registry's names (no rendering twice and no copy).
 *
 * A line that does not decode, and a problem pushed by
 * ws_pipeline_push_error, take a slot like a document and reach the
 * callback in its place, so problems are reported in input order too.
 *
 * With tuning.caller_works (ws_pipeline_new's default) the caller's
 * thread is one of the extraction threads: it starts one worker fewer,
 * and while it waits to deliver it takes the documents no worker has
 * taken yet (extract_slot on its own thread), instead of sleeping while a
 * worker does them.  On two cores `--threads 2` then runs two threads,
 * not three, with a third as many context switches.  Ingest leaves it off
 * (ws__pipeline_new, pipeline.h): its caller feeds the database writer,
 * the slower stage, and should not extract.
 *
 * tuning.worker_nice lowers the workers' priority (Linux: the nice value
 * is per thread), for a caller whose own threads are the slower stage of
 * its run (ingest's database writer): they then get the CPU first and the
 * workers fill the idle time.  It is a hint: where the system refuses,
 * the workers run at the caller's priority.
 *
 * A slot's text is not copied again when it is valid UTF-8 (most text):
 * it is read in the slot's buffer of pushed bytes; a JSON line's decoded
 * text is copied over the line in that buffer.
 *
 * Memory is bounded: at most W documents (raw lines included) (and window_bytes of text) are
 * held, each slot's arena keeps its capacity (output buffers only up to
 * OUT_KEEP, pushed-bytes buffers up to RAW_KEEP), and the registry holds
 * one entry per distinct surname.
 */
#include "pipeline.h"

#include "whosaid.h"
#include "base/base.h"
#include "extract.h"
#include "output/output.h"
#include "input/jsonl.h"
#include "speaker/speaker.h"
#include "cluster/near.h"

#include <pthread.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <string.h>

enum { SLOT_FREE, SLOT_PENDING, SLOT_RUNNING, SLOT_DONE };

/* What a slot holds: a document's text, a raw JSON line to decode, or a
 * problem found before queueing (delivered as it is). */
enum { KIND_DOC, KIND_JSONL, KIND_ERROR };

/* Output buffers larger than this are released after delivery. */
#define OUT_KEEP ((size_t)1 << 20)
/* Pushed-bytes buffers larger than this too (the others are reused, so a
 * run does not allocate for every document). */
#define RAW_KEEP ((size_t)256 << 10)

/* A full name of a document, as the window will learn it: its surname
 * folded and hashed on the thread that extracted it (its strings are in
 * that extractor's arena, in that core's cache then, not at delivery). */
typedef struct name_ref {
    ws_spk_fullname f; /* f.key is set at delivery: nkeys may move */
    size_t koff;       /* the folded surname: slot's nkeys.p[koff, koff + f.klen) */
} name_ref;

typedef struct pslot {
    ws_extractor *ex;
    int kind;
    buf raw;        /* the pushed bytes: text the worker repairs, or a JSON line it decodes */
    ws_date defdate; /* a JSON line's default date */
    jl_doc jd;       /* a JSON line, decoded (on the worker) */
    buf idb;         /* its id */
    char *text;     /* a repaired copy of the text, when it needed one */
    size_t text_len;
    const char *view; /* the text: in text or raw */
    size_t view_len;
    size_t held;    /* bytes counted in held_bytes */
    buf meta;
    buf out;        /* JSON lines of the statements (opts.jsonl) */
    size_t *offs;   /* statement i is out.p[offs[i], offs[i+1]) */
    size_t offcap;
    ws_doc doc;
    int status;
    char err[256];
    const ws_statement *st;
    size_t n;
    int state;
    int learned;
    int bare;       /* a statement's speaker is a person named by one word */
    name_ref *nref; /* the document's full names (ws_extract_names) */
    size_t nnref, nrefcap;
    buf nkeys;      /* their folded surnames, each NUL-terminated */
} pslot;


struct ws_pipeline {
    const ws_lexicon *lx;
    ws_pipeline_opts o;
    ws__pipeline_tuning tune;
    ws_emit_fn emit;
    void *ud;
    pslot *slots;
    size_t W;
    size_t head, tail, next_work;
    size_t held_bytes;
    pthread_t *th;
    int nth;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_done;
    int stop;
    /* the caller's thread waits for slots wait_from..wait_to to be done
     * (see emit_oldest): a worker wakes it only then */
    int waiting;
    size_t wait_from, wait_to;
    ws_spk_window names; /* surnames -> full names (speaker/resolve.c) */
    ws_spk_titles titles; /* (title, affiliation) -> holders, by date */
    ws_statement *tmp;
    size_t tmpcap;
    size_t learn_next;    /* the first document no delivery has learned from yet */
    ws_near *near;        /* the run's statements, for repeats a few words apart */
    buf jout;             /* a delivery with re-rendered statements */
    arena scratch;        /* the caller's thread's (ws__extract) */
    const char *cur_json; /* what ws_pipeline_jsonl returns now */
    size_t cur_json_len;
    int failed;
};

/* Lists S's full names with their surnames folded and hashed (name_ref),
 * on the thread that extracted S.  WS_OK or WS_NOMEM. */
static int name_refs(pslot *s)
{
    const char *const *nm;
    size_t nn = ws_extract_names(s->ex, &nm);
    s->nnref = 0;
    s->nkeys.len = 0;
    if (nn > s->nrefcap) {
        name_ref *nr = ws__realloc(s->nref, nn * sizeof *nr);
        if (!nr) return WS_NOMEM;
        s->nref = nr;
        s->nrefcap = nn;
    }
    for (size_t k = 0; k < nn; k++) {
        if (ws_buf_reserve(&s->nkeys, strlen(nm[k]) + 1) != WS_OK) return WS_NOMEM;
        name_ref *r = &s->nref[s->nnref];
        if (!ws_spk_fullname_of(nm[k], s->nkeys.p + s->nkeys.len, &r->f)) continue;
        r->koff = s->nkeys.len;
        s->nkeys.len += r->f.klen + 1;
        s->nnref++;
    }
    return WS_OK;
}

/* Renders ST, the s->n statements of S, as JSON lines into s->out. */
static int render_slot(pslot *s, const ws_statement *st)
{
    s->out.len = 0;
    if (s->n + 1 > s->offcap) {
        size_t *no = ws__realloc(s->offs, (s->n + 1) * sizeof *no);
        if (!no) return WS_NOMEM;
        s->offs = no;
        s->offcap = s->n + 1;
    }
    return ws__jsonl_doc(&s->out, &s->doc, st, s->n, s->offs);
}

/* Copies DOC's id, title, url and outlet into s->meta and DOC into s->doc
 * (text left unset). */
static int set_meta(pslot *s, const ws_doc *doc)
{
    s->meta.len = 0;
    size_t need = doc->id_len + 4 + (doc->title ? strlen(doc->title) : 0) +
                  (doc->url ? strlen(doc->url) : 0) + (doc->outlet ? strlen(doc->outlet) : 0);
    if (ws_buf_reserve(&s->meta, need + 1) != WS_OK) return WS_NOMEM;
    char *m = s->meta.p;
    s->doc = *doc;
    if (doc->id_len) memcpy(m, doc->id, doc->id_len);
    m[doc->id_len] = 0;
    s->doc.id = m;
    m += doc->id_len + 1;
    const char **fields[] = {&s->doc.title, &s->doc.url, &s->doc.outlet};
    for (int i = 0; i < 3; i++) {
        if (!*fields[i]) continue;
        size_t l = strlen(*fields[i]);
        memcpy(m, *fields[i], l + 1);
        *fields[i] = m;
        m += l + 1;
    }
    s->doc.text = NULL;
    s->doc.text_len = 0;
    return WS_OK;
}

/* Decodes the JSON line of S into its document (text and meta), or sets
 * the problem (status, err) with the id "FILE:LINE" already in s->doc. */
static void decode_slot(pslot *s)
{
    char what[sizeof s->err];
    int rc = ws_jl_decode(s->raw.p, s->raw.len, s->doc.id, s->doc.id_len, s->defdate, &s->jd, &s->idb, what,
                       sizeof what);
    if (rc == WS_OK) {
        /* valid UTF-8 (all text jansson decodes) is kept in raw; text
         * that is not would be repaired into a copy */
        const ws_doc *d = &s->jd.doc;
        const char *t = d->text ? d->text : "";
        long bad = 0;
        if (s->jd.utf8_ok || !ws__utf8_bad(t, d->text_len)) {
            /* valid text is copied over the line it was decoded from
             * (never longer than the line), so that the decoded value is
             * freed here, on the thread that made it (freeing across
             * threads costs glibc more) */
            memmove(s->raw.p, t, d->text_len);
            s->raw.len = d->text_len;
            s->raw.p[s->raw.len] = 0;
            s->view = s->raw.p;
            s->view_len = d->text_len;
        } else if ((bad = ws_utf8_sanitize(t, d->text_len, &s->text, &s->text_len)) >= 0) {
            s->view = s->text;
            s->view_len = s->text_len;
        }
        if (bad < 0 || set_meta(s, d) != WS_OK) {
            if (bad >= 0) ws__free(s->text);
            s->text = NULL;
            s->text_len = 0;
            rc = WS_NOMEM;
            snprintf(what, sizeof what, "%s", ws_strerror(rc));
        }
    }
    ws_jl_release(&s->jd);
    if (rc != WS_OK) {
        s->view = NULL;
        s->view_len = 0;
        s->status = rc;
        snprintf(s->err, sizeof s->err, "%s", what);
    }
}

/* Whether ST's speaker is a person named by one word: a surname that the
 * run may know in full. */
static bool is_bare(const ws_statement *st)
{
    return ws_spk_is_bare(st->speaker, st->speaker_is_person);
}

/* Extracts S on the calling thread, whose scratch arena is SCRATCH. */
static void extract_slot(ws_pipeline *p, pslot *s, arena *scratch)
{
    if (s->kind == KIND_ERROR) return; /* status and err set when pushed */
    s->err[0] = 0;
    s->status = WS_OK;
    if (s->kind == KIND_JSONL) {
        decode_slot(s);
        if (s->status != WS_OK) {
            s->n = 0;
            s->st = NULL;
            s->doc.text = "";
            s->doc.text_len = 0;
            return;
        }
    } else if (!ws__utf8_bad(s->raw.p, s->raw.len)) {
        /* valid UTF-8 (most text): the pushed copy is the text, as
         * ws_utf8_sanitize would copy it (NUL-terminated when pushed) */
        s->view = s->raw.p;
        s->view_len = s->raw.len;
    } else {
        long bad = ws_utf8_sanitize(s->raw.p, s->raw.len, &s->text, &s->text_len);
        if (bad < 0) {
            s->text = NULL;
            s->text_len = 0;
            s->status = WS_NOMEM;
        }
        s->view = s->text;
        s->view_len = s->text_len;
    }
    s->doc.text = s->view ? s->view : "";
    s->doc.text_len = s->view_len;
    if (s->status == WS_OK) s->status = ws__extract(s->ex, scratch, &s->doc, &s->st, &s->n);
    /* whether the delivery may have a surname to resolve: looked at here,
     * while the statements are in this core's cache */
    s->bare = 0;
    for (size_t i = 0; s->status == WS_OK && i < s->n && !s->bare; i++)
        s->bare = is_bare(&s->st[i]);
    if (s->status == WS_OK) s->status = name_refs(s);
    /* without workers rendering waits for the delivery (emit_oldest) */
    if (s->status == WS_OK && p->o.jsonl && p->nth) s->status = render_slot(s, s->st);
    if (s->status != WS_OK) {
        s->n = 0;
        s->st = NULL;
        if (s->status == WS_TOOBIG)
            snprintf(s->err, sizeof s->err, "document larger than the maximum (%zu bytes)", p->o.max_doc);
        else
            snprintf(s->err, sizeof s->err, "%s", ws_strerror(s->status));
    }
}

/* True when slots FROM..TO (ring indexes, inclusive) are all done.
 * Called with p->mu held. */
static bool all_done(const ws_pipeline *p, size_t from, size_t to)
{
    for (size_t i = from; i <= to; i++)
        if (p->slots[i % p->W].state != SLOT_DONE) return false;
    return true;
}

static void *worker(void *arg)
{
    ws_pipeline *p = arg;
#ifdef __linux__
    /* a hint (see the essay): a refusal leaves the caller's priority */
    if (p->tune.worker_nice > 0) (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->tune.worker_nice);
#endif
    arena scratch; /* this thread's (ws__extract) */
    ws_arena_init(&scratch);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_work == p->tail) pthread_cond_wait(&p->cv_work, &p->mu);
        if (p->next_work == p->tail && p->stop) break;
        pslot *s = &p->slots[p->next_work % p->W];
        p->next_work++;
        s->state = SLOT_RUNNING;
        pthread_mutex_unlock(&p->mu);
        extract_slot(p, s, &scratch);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        if (p->waiting && all_done(p, p->wait_from, p->wait_to)) pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    ws_arena_free(&scratch);
    return NULL;
}

int ws_pipeline_new(const ws_lexicon *lx, const ws_pipeline_opts *opts, ws_emit_fn emit, void *ud,
                    ws_pipeline **out)
{
    static const ws__pipeline_tuning tune = {.worker_nice = 0, .caller_works = 1};
    return ws__pipeline_new(lx, opts, &tune, emit, ud, out);
}

int ws__pipeline_new(const ws_lexicon *lx, const ws_pipeline_opts *opts, const ws__pipeline_tuning *t,
                     ws_emit_fn emit, void *ud, ws_pipeline **out)
{
    *out = NULL;
    if (!lx || !emit || !t) return WS_USAGE;
    ws_pipeline *p = ws__calloc(1, sizeof *p);
    if (!p) return WS_NOMEM;
    if (opts) p->o = *opts;
    p->tune = *t;
    if (p->o.window_docs < 2) p->o.window_docs = 64;
    if (!p->o.window_bytes) p->o.window_bytes = (size_t)16 << 20;
    if (!p->o.max_doc) p->o.max_doc = WS_DEFAULT_MAX_DOC;
    if (p->o.threads < 0) p->o.threads = 0;
    if (p->o.threads > 64) p->o.threads = 64;
    p->lx = lx;
    ws_arena_init(&p->scratch);
    ws_spk_window_init(&p->names);
    ws_spk_titles_init(&p->titles);
    if (ws_near_new(&p->near) != WS_OK) {
        ws__free(p);
        return WS_NOMEM;
    }
    p->emit = emit;
    p->ud = ud;
    p->W = p->o.window_docs;
    p->slots = ws__calloc(p->W, sizeof *p->slots);
    if (!p->slots) { ws_near_free(p->near); ws__free(p); return WS_NOMEM; }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_work, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    for (size_t i = 0; i < p->W; i++) {
        if (ws_extractor_new(lx, &p->slots[i].ex) != WS_OK) { ws_pipeline_free(p); return WS_NOMEM; }
        ws_extractor_set_max_doc(p->slots[i].ex, p->o.max_doc);
    }
    if (p->o.threads > 1) {
        int nw = p->tune.caller_works ? p->o.threads - 1 : p->o.threads;
        p->th = ws__calloc((size_t)nw, sizeof *p->th);
        if (!p->th) { ws_pipeline_free(p); return WS_NOMEM; }
        for (int i = 0; i < nw; i++) {
            if (pthread_create(&p->th[i], NULL, worker, p) != 0) break;
            p->nth++;
        }
        if (p->nth == 0) { ws_pipeline_free(p); return WS_NOMEM; }
    }
    *out = p;
    return WS_OK;
}

/* Copies S's statements into p->tmp and points *ST there. */
static int copy_statements(ws_pipeline *p, const pslot *s, const ws_statement **st)
{
    if (s->n > p->tmpcap) {
        ws_statement *nt = ws__realloc(p->tmp, s->n * sizeof *nt);
        if (!nt) return WS_NOMEM;
        p->tmp = nt;
        p->tmpcap = s->n;
    }
    memcpy(p->tmp, s->st, s->n * sizeof *p->tmp);
    *st = p->tmp;
    return WS_OK;
}

/* A repeat of an earlier statement of the run a few words apart
 * (cluster/near.c) takes its cluster, in a copy of the statements
 * (p->tmp) that *ST then points to.  In delivery order, so the same for
 * any number of threads. */
static int near_join(ws_pipeline *p, const pslot *s, const ws_statement **st)
{
    uint64_t dh = 0; /* the document's hash for short statements */
    bool have_dh = false;
    for (size_t i = 0; i < s->n; i++) {
        const ws_statement *x = &(*st)[i];
        uint64_t cl;
        /* a statement with a key seen before needs no signature (near.c) */
        int known = ws_near_recall(p->near, x->cluster, &cl);
        ws_near_sig sg;
        if (known == WS_NEAR_UNSEEN) {
            const char *t = s->doc.text;
            ws_near_sig_of(t + x->content.bstart, (size_t)(x->content.bend - x->content.bstart),
                           x->content2.start >= 0 ? t + x->content2.bstart : NULL,
                           x->content2.start >= 0 ? (size_t)(x->content2.bend - x->content2.bstart) : 0,
                           &sg);
            if (sg.n < WS_NEAR_SHORT) {
                ws_near_note_short(p->near, x->cluster);
                known = WS_NEAR_SHORT_KEY;
            }
        }
        if (known == WS_NEAR_SHORT_KEY) {
            /* a few words ("to comment", "a lot") repeat by chance across
             * documents: their cluster is their document's alone, told by
             * its length and first bytes (a copy of the text shares it) */
            if (!have_dh) {
                uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)s->doc.text_len;
                for (size_t k = 0; k < s->doc.text_len && k < 256; k++)
                    h = (h ^ (unsigned char)s->doc.text[k]) * 1099511628211ull;
                h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ull;
                dh = h ^ (h >> 32);
                have_dh = true;
            }
            if (*st == s->st && copy_statements(p, s, st) != WS_OK) return WS_NOMEM;
            p->tmp[i].cluster = x->cluster ^ dh;
            continue;
        }
        int64_t b = x->content.bstart, e = x->content2.start >= 0 ? x->content2.bend : x->content.bend;
        if (known == WS_NEAR_UNSEEN) {
            if (ws_near_join(p->near, &sg, x->cluster, p->head, b, e, &cl) != WS_OK) return WS_NOMEM;
        }
        if (cl == x->cluster) continue;
        if (*st == s->st && copy_statements(p, s, st) != WS_OK) return WS_NOMEM;
        p->tmp[i].cluster = cl;
    }
    return WS_OK;
}

/* The julian day of statement X of DOC: its own date, else the
 * document's (0: undated). */
static int64_t day_of(const ws_doc *doc, const ws_statement *x)
{
    int64_t d = x->date.y ? ws_date_julian(x->date) : 0;
    return d ? d : ws_date_julian(doc->date);
}

/* A title alone ("the German chancellor") that one person of the run was
 * seen holding around the statement's date (speaker/resolve.c:
 * ws_spk_titles) becomes that person, in a copy of the statements
 * (p->tmp) that *ST then points to. */
static int title_join(ws_pipeline *p, const pslot *s, const ws_statement **st)
{
    if (!p->titles.n) return WS_OK;
    for (size_t i = 0; i < s->n; i++) {
        const ws_statement *x = &(*st)[i];
        if (!ws_spk_title_alone(x->speaker, x->speaker_is_person, x->title, x->affiliation)) continue;
        const spk_holder *h = ws_spk_titles_get(&p->titles, x->title, x->affiliation, day_of(&s->doc, x));
        if (!h) continue;
        if (*st == s->st && copy_statements(p, s, st) != WS_OK) return WS_NOMEM;
        p->tmp[i].speaker = h->name;
        p->tmp[i].title = h->title;
        p->tmp[i].speaker_is_person = 1;
    }
    return WS_OK;
}

/* Slots past its need that a waiting delivery waits for (emit_oldest). */
#define EMIT_AHEAD 8

/* Delivers the oldest document once the documents up to LAST are done. */
static int emit_oldest(ws_pipeline *p, size_t last)
{
    if (p->nth) {
        pthread_mutex_lock(&p->mu);
        if (!all_done(p, p->head, last)) {
            /* waits for EMIT_AHEAD slots more than this delivery needs,
             * so that the next ones need no wait: one wake-up (a context
             * switch) for several documents instead of one each */
            p->wait_from = p->head;
            p->wait_to = last + EMIT_AHEAD < p->tail ? last + EMIT_AHEAD : p->tail - 1;
            p->waiting = 1;
            while (!all_done(p, p->wait_from, p->wait_to)) {
                if (p->tune.caller_works && p->next_work < p->tail) {
                    /* a document no worker has taken: extracted here
                     * rather than waited for */
                    pslot *s = &p->slots[p->next_work % p->W];
                    p->next_work++;
                    s->state = SLOT_RUNNING;
                    pthread_mutex_unlock(&p->mu);
                    extract_slot(p, s, &p->scratch);
                    pthread_mutex_lock(&p->mu);
                    s->state = SLOT_DONE;
                    continue;
                }
                pthread_cond_wait(&p->cv_done, &p->mu);
            }
            p->waiting = 0;
        }
        pthread_mutex_unlock(&p->mu);
    }
    /* the documents before learn_next were seen by an earlier delivery
     * (LAST never goes back), done then as now */
    for (size_t i = p->learn_next > p->head ? p->learn_next : p->head; i <= last; i++) {
        pslot *s = &p->slots[i % p->W];
        if (s->learned || s->status != WS_OK) continue;
        s->learned = 1;
        for (size_t k = 0; k < s->nnref; k++) {
            s->nref[k].f.key = s->nkeys.p + s->nref[k].koff;
            if (ws_spk_window_learn(&p->names, &s->nref[k].f) != WS_OK) return WS_NOMEM;
        }
        for (size_t k = 0; k < s->n; k++) {
            const ws_statement *x = &s->st[k];
            if (!ws_spk_title_holder(x->speaker, x->speaker_is_person, x->title, x->affiliation)) continue;
            if (ws_spk_titles_learn(&p->titles, x->speaker, x->title, x->affiliation, day_of(&s->doc, x)) !=
                WS_OK)
                return WS_NOMEM;
        }
    }
    if (last + 1 > p->learn_next) p->learn_next = last + 1;
    pslot *s = &p->slots[p->head % p->W];
    /* a surname alone that the run knows in full (the window) is replaced
     * in a copy of the statements (p->tmp); a document with none (most)
     * goes out with its own */
    size_t first = s->n;
    for (size_t i = 0; s->bare && i < s->n && first == s->n; i++) {
        const char *nm = s->st[i].speaker;
        if (is_bare(&s->st[i])) {
            const char *full = ws_spk_window_get(&p->names, nm);
            if (full && full != nm) first = i;
        }
    }
    const ws_statement *st = s->st;
    if (first < s->n) {
        if (s->n > p->tmpcap) {
            ws_statement *nt = ws__realloc(p->tmp, s->n * sizeof *nt);
            if (!nt) return WS_NOMEM;
            p->tmp = nt;
            p->tmpcap = s->n;
        }
        memcpy(p->tmp, s->st, s->n * sizeof *p->tmp);
        for (size_t i = first; i < s->n; i++) {
            const char *nm = p->tmp[i].speaker;
            if (is_bare(&p->tmp[i])) {
                const char *full = ws_spk_window_get(&p->names, nm);
                if (full) p->tmp[i].speaker = full;
            }
        }
        st = p->tmp;
    }
    if (s->status == WS_OK && title_join(p, s, &st) != WS_OK) return WS_NOMEM;
    if (s->status == WS_OK && near_join(p, s, &st) != WS_OK) return WS_NOMEM;
    p->cur_json = NULL;
    p->cur_json_len = 0;
    if (p->o.jsonl && s->status == WS_OK) {
        if (!p->nth) {
            /* rendered here, once, with the registry's names, into the
             * one buffer every delivery uses (warm in the cache, where
             * the slot's own buffer is one of W in turn) */
            p->jout.len = 0;
            if (ws__jsonl_doc(&p->jout, &s->doc, st, s->n, NULL) != WS_OK) return WS_NOMEM;
            p->cur_json = p->jout.p ? p->jout.p : "";
            p->cur_json_len = p->jout.len;
        } else if (st == s->st) {
            p->cur_json = s->out.p ? s->out.p : "";
            p->cur_json_len = s->out.len;
        } else {
            /* a speaker or cluster set by the run: render that statement again */
            p->jout.len = 0;
            for (size_t i = 0; i < s->n; i++) {
                int rc = st[i].speaker != s->st[i].speaker || st[i].cluster != s->st[i].cluster
                             ? ws__jsonl_append(&p->jout, &s->doc, &st[i])
                             : ws_buf_append(&p->jout, s->out.p + s->offs[i], s->offs[i + 1] - s->offs[i]);
                if (rc != WS_OK) return WS_NOMEM;
            }
            p->cur_json = p->jout.p ? p->jout.p : "";
            p->cur_json_len = p->jout.len;
        }
    }
    int rc = p->emit(p->ud, &s->doc, s->status, s->err, st, s->n);
    p->cur_json = NULL;
    p->cur_json_len = 0;
    if (s->out.cap > OUT_KEEP) ws_buf_free(&s->out);
    if (p->jout.cap > OUT_KEEP) ws_buf_free(&p->jout);
    ws__free(s->text);
    s->text = NULL;
    s->view = NULL;
    s->view_len = 0;
    ws_jl_release(&s->jd);
    if (s->raw.cap > RAW_KEEP) ws_buf_free(&s->raw);
    p->held_bytes -= s->held;
    s->held = 0;
    s->text_len = 0;
    s->state = SLOT_FREE;
    s->learned = 0;
    p->head++;
    return rc;
}

static size_t lookahead_end(const ws_pipeline *p, bool finishing)
{
    size_t last = p->tail - 1;
    if (!finishing) {
        size_t la = p->head + p->W / 2;
        if (la < last) last = la;
    }
    return last;
}

/* Waits for room for a record of BYTES; returns the free slot. */
static pslot *slot_for(ws_pipeline *p, size_t bytes)
{
    while (p->tail - p->head == p->W || (p->tail > p->head && p->held_bytes + bytes > p->o.window_bytes)) {
        int rc = emit_oldest(p, lookahead_end(p, false));
        if (rc) {
            p->failed = rc;
            return NULL;
        }
    }
    pslot *s = &p->slots[p->tail % p->W];
    s->text = NULL;
    s->text_len = 0;
    s->view = NULL;
    s->view_len = 0;
    s->raw.len = 0;
    s->status = WS_OK;
    s->err[0] = 0;
    s->learned = 0;
    s->bare = 0;
    s->nnref = 0;
    s->n = 0;
    s->st = NULL;
    return s;
}

/* Hands S (filled, holding BYTES) to the workers, or extracts it here. */
static void slot_queue(ws_pipeline *p, pslot *s, size_t bytes)
{
    s->held = bytes;
    p->held_bytes += s->held;
    if (p->nth) {
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_PENDING;
        p->tail++;
        pthread_cond_signal(&p->cv_work);
        pthread_mutex_unlock(&p->mu);
    } else {
        extract_slot(p, s, &p->scratch);
        s->state = SLOT_DONE;
        p->tail++;
    }
}

/* Copies B[n] into S's raw buffer, NUL-terminated.  WS_OK or WS_NOMEM. */
static int push_raw(pslot *s, const char *b, size_t n)
{
    s->raw.len = 0;
    if (ws_buf_reserve(&s->raw, n + 1) != WS_OK) return WS_NOMEM;
    if (n) memcpy(s->raw.p, b, n);
    s->raw.p[n] = 0;
    s->raw.len = n;
    return WS_OK;
}

int ws_pipeline_push(ws_pipeline *p, const ws_doc *doc)
{
    if (p->failed) return p->failed;
    pslot *s = slot_for(p, doc->text_len);
    if (!s) return p->failed;
    s->kind = KIND_DOC;
    /* a plain copy here; the worker repairs the UTF-8 */
    if (push_raw(s, doc->text, doc->text_len) != WS_OK) return p->failed = WS_NOMEM;
    if (set_meta(s, doc) != WS_OK) return p->failed = WS_NOMEM;
    slot_queue(p, s, doc->text_len);
    return WS_OK;
}

/* Sets s->doc to a document without text whose id is NAME:LINENO (or
 * NAME[name_len] alone when lineno < 0). */
static int set_where(pslot *s, const char *name, size_t name_len, long lineno)
{
    char num[32];
    int k = lineno >= 0 ? snprintf(num, sizeof num, ":%ld", lineno) : 0;
    s->meta.len = 0;
    if (ws_buf_reserve(&s->meta, name_len + (size_t)k + 1) != WS_OK) return WS_NOMEM;
    if (name_len) memcpy(s->meta.p, name, name_len);
    memcpy(s->meta.p + name_len, num, (size_t)k);
    s->meta.p[name_len + (size_t)k] = 0;
    memset(&s->doc, 0, sizeof s->doc);
    s->doc.id = s->meta.p;
    s->doc.id_len = name_len + (size_t)k;
    s->doc.text = "";
    return WS_OK;
}

int ws_pipeline_push_jsonl(ws_pipeline *p, const char *line, size_t len, const char *name, long lineno,
                           ws_date default_date)
{
    if (p->failed) return p->failed;
    pslot *s = slot_for(p, len);
    if (!s) return p->failed;
    s->kind = KIND_JSONL;
    if (push_raw(s, line, len) != WS_OK) return p->failed = WS_NOMEM;
    s->defdate = default_date;
    if (!name) name = "";
    if (set_where(s, name, strlen(name), lineno) != WS_OK) return p->failed = WS_NOMEM;
    slot_queue(p, s, len);
    return WS_OK;
}

int ws_pipeline_push_error(ws_pipeline *p, const char *where, size_t where_len, int status, const char *what)
{
    if (p->failed) return p->failed;
    pslot *s = slot_for(p, 0);
    if (!s) return p->failed;
    s->kind = KIND_ERROR;
    if (set_where(s, where ? where : "", where ? where_len : 0, -1) != WS_OK) return p->failed = WS_NOMEM;
    s->status = status < 0 ? status : WS_PARSE;
    snprintf(s->err, sizeof s->err, "%s", what ? what : ws_strerror(s->status));
    slot_queue(p, s, 0);
    return WS_OK;
}

const char *ws_pipeline_jsonl(const ws_pipeline *p, size_t *len)
{
    *len = p ? p->cur_json_len : 0;
    return p ? p->cur_json : NULL;
}

int ws_pipeline_finish(ws_pipeline *p)
{
    if (p->failed) return p->failed;
    while (p->head < p->tail) {
        int rc = emit_oldest(p, lookahead_end(p, true));
        if (rc) return p->failed = rc;
    }
    return WS_OK;
}

void ws_pipeline_free(ws_pipeline *p)
{
    if (!p) return;
    if (p->nth) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        /* abandon what was never delivered */
        pthread_cond_broadcast(&p->cv_work);
        pthread_mutex_unlock(&p->mu);
        for (int i = 0; i < p->nth; i++) pthread_join(p->th[i], NULL);
    }
    ws__free(p->th);
    for (size_t i = 0; p->slots && i < p->W; i++) {
        ws_extractor_free(p->slots[i].ex);
        ws_buf_free(&p->slots[i].raw);
        ws__free(p->slots[i].nref);
        ws_buf_free(&p->slots[i].nkeys);
        ws__free(p->slots[i].text);
        ws_jl_release(&p->slots[i].jd);
        ws_buf_free(&p->slots[i].idb);
        ws_buf_free(&p->slots[i].meta);
        ws_buf_free(&p->slots[i].out);
        ws__free(p->slots[i].offs);
    }
    ws__free(p->slots);
    ws_spk_window_free(&p->names);
    ws_spk_titles_free(&p->titles);
    ws__free(p->tmp);
    ws_near_free(p->near);
    ws_buf_free(&p->jout);
    ws_arena_free(&p->scratch);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv_work);
    pthread_cond_destroy(&p->cv_done);
    ws__free(p);
}
