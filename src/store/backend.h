/*
 * backend.h -- a storage backend of the statement store: the operations
 * the backend-neutral store (ingest, the speaker registry, the writer
 * thread, the query module) asks of a database.  Not API: included by the
 * store's own files (src/store/) and by each backend's files.  Backends:
 *
 *   sqlite*.c   SQLite, one file (the default; ws_store_sqlite)
 *   pg*.c       PostgreSQL through libpq (ws_store_pg), for targets that
 *               begin "postgresql://" or "postgres://"
 *
 * What lives where.  The MEANING of everything is above this interface:
 * which document is new, changed or unchanged (ingest.c), how a name
 * becomes a registry speaker (registry.c, with the rules of
 * src/speaker/resolve.c), what a filter means (query.c builds a ws_filter
 * from a ws_query or from the HTTP API's parameters).  A backend only
 * stores and finds rows: it renders a ws_filter into its own SQL, a
 * statement row into its own insert (or COPY), and must give the same
 * rows in the same order as every other backend.
 *
 * The schema (the same tables and columns on every backend; README.md):
 *   documents(id, doc UNIQUE, hash, date, title, url, outlet, bytes, text,
 *             statements, ingested)
 *   statements(id, doc_id, kind, content, content_start, content_end,
 *              content2.., cue.., source.., speaker_id, speaker, title,
 *              affiliation, date, date_text, venue, sort_date, cluster,
 *              confidence, method)
 *   speakers(id, name, is_person, surname, statements, first_date, last_date)
 *   speaker_aliases(alias, speaker_id)   alias unique, case-insensitive
 *   speaker_titles(speaker_id, kind, value, statements, first_date, last_date)
 *   topics(id, name)  statement_topics(topic_id, statement_id)
 *   cluster_sigs(cluster, sig)  cluster_bands(band, cluster): the near-
 *             repeat signature of each cluster's first statement and its
 *             band hashes, so that a later ingest joins a repeat to it
 *   and a full-text index over content and content2 (SQLite: FTS5 with
 *   porter stemming; PostgreSQL: a tsvector with the english
 *   configuration and a GIN index): "peacekeepers" finds "peacekeeping".
 *
 * Statement ids.  A statement's id is (julian day of sort_date << 32) |
 * a sequence number (day 0 when undated), so that id order is date
 * order: "newest first" is id descending on every backend.  The backend
 * draws the sequence (SQLite: meta.seq, in the batch's transaction;
 * PostgreSQL may use a SEQUENCE) and writes each row's id
 * (statements_add).
 *
 * Calls and threads.  One connection (the void *conn an open gave) is
 * used by one thread at a time.  Every operation returns WS_OK or a
 * negative ws_status (WS_DB with errmsg set, WS_NOMEM, WS_PARSE for a bad
 * query expression); a failed write operation leaves the batch to be
 * rolled back (close does it).
 *
 * Ingest, as ingest.c calls it, per batch:
 *
 *   begin
 *   for each document:
 *     doc_find                       same hash: skipped
 *     [doc_clear]                    a changed document's old statements
 *     doc_put
 *     for each statement: the registry (alias_get, surname_best,
 *        speaker_new, alias_add, speaker_single, speaker_merge,
 *        speaker_add, title_add, in the order the rules need them)
 *     statements_add                 the document's rows at once
 *   commit
 *   ... and at the end of the load: finish
 *
 * statements_add may buffer rows (PostgreSQL: COPY) as long as every
 * later operation sees them: a backend flushes what it buffered before
 * doc_clear, speaker_merge, commit and any query.
 *
 * Several writers at once (PostgreSQL; SQLite has one writer at a time).
 * A backend that sets `gather` gets each batch's documents queued before
 * the batch begins (writer.c), so that whatever it locks is held for the
 * database's work only, not while the documents are being extracted.  An
 * operation of such a backend may return WS_STORE_RETRY: the database
 * asked to run the batch again (a serialization failure, a deadlock, a
 * concurrent writer's row); the backend has forgotten the batch (its next
 * begin rolls it back) and the writer thread replays the batch's
 * documents from begin on, with the registry's memory of the batch
 * cleared (one speaker per person, a document stored once, whatever the
 * interleaving).  Without the writer thread such a batch is an error of
 * the run (a rerun completes it, documents being idempotent).
 *
 * Adding a backend: a file (or files) defining a const ws_store_backend
 * with every operation but registry_enter, its extern above, and its
 * entry in db.c's table (the first backend that accepts a target gets it).
 */
#ifndef WS_STORE_BACKEND_H
#define WS_STORE_BACKEND_H

#include "whosaid_store.h"

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ rows */

/* Text that need not be NUL-terminated; p NULL is SQL NULL. */
typedef struct ws_store_text {
    const char *p;
    size_t n;
} ws_store_text;

/* A span of a statement: its text and [start,end) in code points; an
 * absent span has text.p NULL (start and end are then stored NULL). */
typedef struct ws_store_span {
    ws_store_text text;
    int64_t start, end;
} ws_store_span;

/* A document row.  Strings NUL-terminated or NULL, but id and text. */
typedef struct ws_store_doc {
    ws_store_text id;   /* documents.doc */
    const char *hash;   /* 16 hex digits */
    const char *date;   /* YYYY-MM-DD or NULL */
    const char *title, *url, *outlet;
    int64_t bytes;
    ws_store_text text; /* p NULL with --no-text */
    int64_t statements;
    const char *ingested; /* "YYYY-MM-DDTHH:MM:SSZ" */
} ws_store_doc;

/* A statement row.  The content is never NULL (an empty content is "",
 * its start and end stored as given). */
typedef struct ws_store_row {
    int64_t id;          /* written by statements_add */
    int64_t day;         /* julian day of sort_date, 0 when undated */
    int64_t doc_id;
    const char *kind;    /* "direct", "indirect", "mixed" */
    ws_store_span content, content2, cue, source;
    int64_t speaker_id;  /* 0: none (NULL) */
    const char *speaker, *title, *affiliation;
    const char *date, *date_text, *venue, *sort_date;
    const char *cluster; /* 16 hex digits */
    double confidence;
    const char *method;
    const int64_t *topics; /* topic ids (topics_register), ntopics of them */
    size_t ntopics;
} ws_store_row;

/* ------------------------------------------------------------ filters */

/* How a filter's speaker matches (query.c decides; see ws_filter). */
typedef enum ws_spk_match {
    WS_SPK_ANY = 0, /* no speaker filter */
    WS_SPK_ID,      /* speakers.id = speaker_id */
    WS_SPK_WORD,    /* some alias of the speaker equals NAME, or holds it
                       as whole words: "NAME ...", "... NAME",
                       "... NAME ..." (words split at spaces); ASCII
                       case-insensitive */
    WS_SPK_SUBSTR   /* some alias holds NAME anywhere; ASCII
                       case-insensitive */
} ws_spk_match;

/* A word of a text filter: all words are required; stemmed by the
 * backend's full-text index; PREFIX: the word begins a longer one. */
typedef struct ws_store_word {
    const char *p;
    size_t n;
    int prefix;
} ws_store_word;

/* Which statements: every field set is a condition, all must hold.  Built
 * by query.c only (checked: a backend may trust it). */
typedef struct ws_filter {
    const ws_store_word *words; /* full-text words, nwords of them */
    size_t nwords;
    const char *match;          /* a raw expression in the backend's own
                                   full-text syntax (`search --match`;
                                   SQLite: FTS5), or NULL */
    ws_spk_match speaker_mode;
    const char *speaker;        /* WS_SPK_WORD, WS_SPK_SUBSTR */
    int64_t speaker_id;         /* WS_SPK_ID */
    const char *topic;          /* topics.name, case-insensitive, or NULL */
    int64_t since_day, until_day; /* julian days of sort_date, inclusive;
                                     0: open */
    char since[11], until[11];  /* the same as YYYY-MM-DD ("" open) */
    const char *kind;           /* "direct", "indirect", "mixed" or NULL */
} ws_filter;

/* ------------------------------------------------------------ query rows */

/* One statement as the queries return it: ws_hit (whosaid_store.h) plus
 * what the HTTP API shows. */
typedef struct ws_store_hit {
    ws_hit h;
    int64_t speaker_id; /* 0: none */
    int64_t doc_id;
    long repeats;       /* documents with this cluster (WS_HIT_REPEATS) */
} ws_store_hit;

typedef int (*ws_store_hit_fn)(void *ud, const ws_store_hit *h);

/* Flags of search. */
enum { WS_HIT_REPEATS = 1 };

/* A speaker listing. */
typedef struct ws_speaker_query {
    ws_spk_match mode;  /* WS_SPK_ANY: every speaker with statements */
    const char *name;
    int64_t id;
    long limit, offset; /* limit 0: all */
    int all_aliases;    /* aliases include the canonical name itself */
} ws_speaker_query;

/* Timeline series (the API's split). */
typedef enum ws_split { WS_SPLIT_NONE = 0, WS_SPLIT_TOPIC, WS_SPLIT_SPEAKER } ws_split;

/* A count per period: SERIES NULL for the total; PERIOD "YYYY-MM-DD",
 * the period's first day (a week: its Monday; a month: its 1st). */
typedef int (*ws_period_fn)(void *ud, const char *series, const char *period, long n);

typedef int (*ws_count_fn)(void *ud, const char *name, long n);

/* What a speaker was seen as over time: a name it was said under
 * (speaker_names: NAME set) or a title and affiliation it was seen
 * with (speaker_roles: TITLE and AFFILIATION, either may be NULL), with
 * the first and last date of its statements seen so (YYYY-MM-DD: the
 * statement's date, else its document's; both NULL when none is dated)
 * and how many statements. */
typedef struct ws_store_seen {
    const char *name;
    const char *title, *affiliation;
    const char *first, *last;
    long statements;
} ws_store_seen;

typedef int (*ws_seen_fn)(void *ud, const ws_store_seen *s);

/* A document (documents' columns) for the API. */
typedef struct ws_store_docrow {
    int64_t id;
    const char *doc, *title, *url, *outlet, *date, *text;
} ws_store_docrow;

/* A statement of a document, in text order, for the API. */
typedef struct ws_store_docst {
    int64_t id;
    int64_t content_start, content_end;
    int64_t content2_start, content2_end; /* -1 when there is none */
    const char *speaker;                  /* registry name, else as said */
    int64_t speaker_id;                   /* 0: none */
} ws_store_docst;

/* ------------------------------------------------------------ the table */

typedef struct ws_store_open {
    int read_only;        /* queries only (the server) */
    int bulk;             /* a long load follows (ingest with the writer
                             thread): the backend may start helpers (the
                             SQLite checkpointer) */
} ws_store_open;

/* A backend's "run the batch again" (see above); never leaves the store. */
#define WS_STORE_RETRY (-100)

typedef struct ws_store_backend {
    const char *name; /* "sqlite", "postgresql" */
    int gather;       /* concurrent writers: a batch begins once its documents are queued */

    /* Whether TARGET (a --db value) is this backend's. */
    int (*accepts)(const char *target);
    /* Opens TARGET, creating the schema when missing (unless read_only;
     * read_only on a target without the schema is WS_DB "not a whosaid
     * database").  On failure writes why into err. */
    int (*open)(const char *target, const ws_store_open *o, void **conn, char *err, size_t errlen);
    /* Rolls back an open batch, closes.  Accepts NULL. */
    void (*close)(void *conn);
    /* The last error (borrowed). */
    const char *(*errmsg)(void *conn);

    /* ---- ingest */
    /* Registers topic NAMES[n] (insert when missing), their ids to IDS. */
    int (*topics_register)(void *conn, const char *const *names, size_t n, int64_t *ids);
    int (*begin)(void *conn);
    int (*commit)(void *conn);
    /* Optional (NULL): whether the open batch took, after its begin, a
     * lock that the other writers' batches wait for (PostgreSQL: the
     * ingest lock); the batch then commits after the document, so that
     * the lock is held for the work that needed it, not for the rest of
     * the batch. */
    int (*holds_lock)(void *conn);
    /* The end of a load (after the last commit): work deferred to it
     * (SQLite: the secondary indexes of a load into an empty database). */
    int (*finish)(void *conn);
    /* The stored document DOC: *id (0 when absent) and its hash. */
    int (*doc_find)(void *conn, ws_store_text doc, int64_t *id, char hash[17]);
    /* Optional (NULL): documents IDS[n] that doc_find will be asked about
     * in this batch (after begin), looked up at once (PostgreSQL: one
     * query instead of a round trip each). */
    int (*doc_prefetch)(void *conn, const ws_store_text *ids, size_t n);
    /* Deletes the statements of document ID (their topics with them) and
     * recounts the speakers they had (statements, first/last date). */
    int (*doc_clear)(void *conn, int64_t id);
    /* Inserts D (*id 0; the new id to *id) or replaces row *id. */
    int (*doc_put)(void *conn, const ws_store_doc *d, int64_t *id);
    /* Inserts ROWS[n] (with their topics and full-text entries), writing
     * each row's id. */
    int (*statements_add)(void *conn, ws_store_row *rows, size_t n);

    /* ---- the speaker registry (registry.c applies the rules) */
    /* Optional (NULL): called before the registry's first database
     * lookup in a batch; a backend with concurrent writers may take a
     * lock held until commit, so that two ingesters cannot make two
     * speakers of one person (PostgreSQL takes its lock later, at the
     * first name alias_get does not find). */
    int (*registry_enter)(void *conn);
    /* The speaker with alias NAME (case-insensitive), 0 when none. */
    int (*alias_get)(void *conn, const char *name, int64_t *id);
    /* The person with surname WORD (case-insensitive) whose name has more
     * than one word, with most statements (then lowest id); 0 when none. */
    int (*surname_best)(void *conn, const char *word, int64_t *id);
    /* A new speaker (surname NULL for a non-person). */
    int (*speaker_new)(void *conn, const char *name, int is_person, const char *surname, int64_t *id);
    /* Adds alias NAME of speaker ID (nothing when NAME is an alias already). */
    int (*alias_add)(void *conn, const char *name, int64_t id);
    /* A person other than EXCEPT named exactly WORD (case-insensitive), 0
     * when none. */
    int (*speaker_single)(void *conn, const char *word, int64_t except, int64_t *id);
    /* Moves statements, aliases and titles of FROM to TO, adds FROM's
     * count and dates to TO's, deletes FROM. */
    int (*speaker_merge)(void *conn, int64_t from, int64_t to);
    /* Adds N statements dated FIRST..LAST (NULL: undated) to speaker ID. */
    int (*speaker_add)(void *conn, int64_t id, long n, const char *first, const char *last);
    /* Adds N statements dated FIRST..LAST (NULL: undated) to speaker ID's
     * title or affiliation (KIND "title"|"affiliation") VALUE, a new row
     * when it has none. */
    int (*title_add)(void *conn, int64_t id, const char *kind, const char *value, long n, const char *first,
                     const char *last);
    /* The one person (a name of more than one word) holding title TITLE
     * (case-insensitive) with some statement dated in FROM..TO, and, when
     * AFFILIATION is not NULL, that affiliation in FROM..TO too: *id; 0
     * when none or more than one does.  Sees every title added before. */
    int (*title_holders)(void *conn, const char *title, const char *affiliation, const char *from,
                         const char *to, int64_t *id);

    /* ---- near repeats across ingests (ingest.c applies the rule) */
    /* For each of NSETS band lists (BANDS[k * n .. k * n + n)), the
     * clusters (at most 64 a list, by cluster) whose signature shares one
     * of its band hashes, each with its signature text, to FN with the
     * list's index K, in order of K (a non-zero return stops and is
     * returned); NSETS 0: any one cluster (is there one?). */
    int (*near_find)(void *conn, const uint32_t *bands, size_t nsets, size_t n,
                     int (*fn)(void *ud, size_t k, const char *cluster, const char *sig), void *ud);
    /* Records, for each K < NSETS, cluster CLUSTERS[K]'s signature text
     * SIGS[K] and its band hashes BANDS[K * n .. K * n + n); nothing for a
     * cluster that has a signature already. */
    int (*near_add)(void *conn, const char *const *clusters, const char *const *sigs, const uint32_t *bands,
                    size_t nsets, size_t n);

    /* ---- queries (query.c checks the arguments) */
    int (*counts)(void *conn, ws_db_counts *out);
    /* Whether some alias matches NAME in MODE (WS_SPK_WORD or SUBSTR). */
    int (*alias_exists)(void *conn, const char *name, ws_spk_match mode, int *found);
    /* Statements of F, newest first (id descending), OFFSET skipped, at
     * most LIMIT (0: all); FLAGS: WS_HIT_*. */
    int (*search)(void *conn, const ws_filter *f, long limit, long offset, int flags, ws_store_hit_fn fn,
                  void *ud);
    int (*count)(void *conn, const ws_filter *f, long *n);
    /* Dated statements of F per period, oldest first: the totals (series
     * NULL), or with SPLIT the MAX_SERIES largest series (topic names, or
     * speaker names: the registry's, else as said), largest first, each
     * series' periods oldest first. */
    int (*timeline)(void *conn, const ws_filter *f, ws_period by, ws_split split, int max_series,
                    ws_period_fn fn, void *ud);
    /* Speakers of Q, most statements first, then by name. */
    int (*speakers)(void *conn, const ws_speaker_query *q, ws_speaker_fn fn, void *ud);
    int (*speakers_count)(void *conn, const ws_speaker_query *q, long *n);
    /* The titles and affiliations of speaker ID: kind ("affiliation"
     * before "title"), then first date, then value. */
    int (*speaker_titles)(void *conn, int64_t id, ws_title_fn fn, void *ud);
    /* The topics of speaker ID's statements, most first, then by name. */
    int (*speaker_topics)(void *conn, int64_t id, ws_count_fn fn, void *ud);
    /* Every topic with its statements, most first, then by name. */
    int (*topics)(void *conn, ws_count_fn fn, void *ud);
    /* The names speaker ID was said under, and the titles and
     * affiliations it was seen with (ws_store_seen): first seen first
     * (undated last), then most statements, then by name (bytes). */
    int (*speaker_names)(void *conn, int64_t id, ws_seen_fn fn, void *ud);
    int (*speaker_roles)(void *conn, int64_t id, ws_seen_fn fn, void *ud);
    /* Document ID (when DOC is NULL) or DOC: its row to DFN, then its
     * statements by content start to SFN; *found 0 when there is none. */
    int (*document)(void *conn, int64_t id, const char *doc, int *found,
                    int (*dfn)(void *ud, const ws_store_docrow *d),
                    int (*sfn)(void *ud, const ws_store_docst *s), void *ud);
} ws_store_backend;

extern const ws_store_backend ws_store_sqlite;
#ifdef WS_HAVE_PG
extern const ws_store_backend ws_store_pg;
#endif

#endif
