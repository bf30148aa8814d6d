/*
 * whosaid_store.h -- the statement store of libwhosaid_store: documents,
 * statements, a speaker registry across ingests, clusters and topics,
 * with full-text search; SQLite (one file) or PostgreSQL.
 *
 * Link: libwhosaid_store.a, libwhosaid.a, SQLite (and libpq when built
 * with PostgreSQL).  Errors, ownership and threads as in whosaid.h.
 */
#ifndef WHOSAID_STORE_H
#define WHOSAID_STORE_H

#include "whosaid.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A statement database: documents, statements, a speaker registry across
 * ingests, clusters and topics, with full-text search.  The schema is
 * documented in README.md and src/store/backend.h; SQLite (one file) is
 * the default backend.  A ws_db is used by one thread at a time; several
 * processes may open the same database (SQLite: one writer at a time). */
typedef struct ws_db ws_db;

typedef struct ws_db_opts {
    const char *topics_path; /* topics file (see data/topics.txt); NULL:
                                statements get no topics */
    int no_text;             /* 1: keep only a hash of each document's text */
    size_t batch_docs;       /* documents per transaction (0: 4000) */
    int writer_thread;       /* 1: ws_db_emit copies each document to a
                                queue that a writer thread stores, and
                                returns at once (a storing error is
                                returned by a later ws_db_emit or by
                                ws_db_flush); call ws_db_flush before any
                                other call on the handle */
    int read_only;           /* 1: queries only; the database must exist
                                and hold the store's tables (else WS_DB) */
} ws_db_opts;

/* Optional process-wide settings for a program that ingests much: SQLite
 * keeps no allocation statistics (a mutex and counters on every
 * allocation, which full-text indexing pays for).  Call at program start,
 * on one thread, before any other call of the store; it changes the
 * process's SQLite for every user of it. */
void ws_db_process_init(void);

/* Opens (creating when missing) the database PATH: a SQLite file
 * (":memory:" for a private one), or a "postgresql://" URI when the
 * library was built with PostgreSQL, with OPTS (NULL: defaults).  On failure returns WS_DB,
 * WS_IO, WS_PARSE (topics file) or WS_NOMEM and writes why into err.
 * *out is owned by the caller (ws_db_close). */
int ws_db_open(const char *path, const ws_db_opts *opts, ws_db **out, char *err,
               size_t errlen);

/* The last error's message (borrowed, valid until the next call). */
const char *ws_db_errmsg(const ws_db *db);

/* A ws_emit_fn storing each document (UD is the ws_db).  A document whose
 * id is stored with the same content hash (text, date, title, url, outlet)
 * is skipped; one stored with another hash has its statements replaced.
 * Documents are written in batches of opts.batch_docs (a batch also ends
 * at about 250,000 pending statements, so memory stays bounded), each
 * batch one transaction: a crash loses at most the batch in progress,
 * never leaves half a document.  A failed document (STATUS != WS_OK) is counted and
 * skipped.  Returns 0, or WS_DB/WS_NOMEM (which stops the pipeline). */
int ws_db_emit(void *db, const ws_doc *doc, int status, const char *errmsg,
               const ws_statement *st, size_t n);

/* Creates a pipeline for an ingest, as ws_pipeline_new does, tuned for a
 * caller whose EMIT stores what it is given (through ws_db_emit, with a
 * writer thread): the extraction threads yield the CPU to the database
 * writer (nice 10 on Linux, best effort), and the caller's thread, which
 * feeds the writer, does not extract (THREADS workers are started). */
int ws_db_ingest_pipeline_new(const ws_lexicon *lx, const ws_pipeline_opts *opts,
                              ws_emit_fn emit, void *ud, ws_pipeline **out);

/* Commits the batch in progress.  Call after ws_pipeline_finish; a
 * ws_db_close without it rolls the batch back.  After a load into an
 * empty database it also builds the secondary indexes that load deferred
 * (a later ws_db_open creates any that a crash left missing). */
int ws_db_flush(ws_db *db);

/* What this handle's ingest did so far. */
typedef struct ws_db_ingest_stats {
    long docs_new, docs_changed, docs_unchanged, docs_failed;
    long statements; /* statements written */
    long retries;    /* batches run again at the database's request (PostgreSQL:
                      * concurrent ingesters' rows met) */
} ws_db_ingest_stats;

void ws_db_ingest_stats_get(const ws_db *db, ws_db_ingest_stats *out);

/* Row counts of the database. */
typedef struct ws_db_counts {
    long documents, statements, speakers, clusters, topics;
} ws_db_counts;

int ws_db_counts_get(ws_db *db, ws_db_counts *out);

/* A search or timeline query; every field may be NULL/0 (no filter).
 * The same filters mean the same in `whosaid search`/`timeline`/
 * `speakers` and in the HTTP API (one query module: src/store/query.c). */
typedef struct ws_query {
    const char *text;    /* words, all required; stemmed, so
                            "peacekeepers" finds "peacekeeping"; a word
                            ending in '*' is a prefix */
    const char *match;   /* a raw expression in the backend's full-text
                            syntax (SQLite: FTS5) */
    const char *speaker; /* digits: the registry id; else a name: the
                            speakers with an alias (the canonical name
                            included) equal to it or holding it as whole
                            words ("Meloni" is "Giorgia Meloni"), ASCII
                            case-insensitive; when no alias matches so,
                            the aliases holding it anywhere */
    const char *topic;   /* a topic name */
    const char *since;   /* YYYY-MM-DD, inclusive */
    const char *until;   /* YYYY-MM-DD, inclusive */
    const char *kind;    /* direct, indirect or mixed */
    long limit;          /* at most this many rows; 0: no limit */
} ws_query;

/* A span of a stored statement: text (NULL when absent), code points. */
typedef struct ws_db_span {
    const char *text;
    int64_t start, end;
} ws_db_span;

/* One stored statement, as search returns it.  Strings are borrowed and
 * valid during the callback only; NULL where unknown. */
typedef struct ws_hit {
    int64_t id;
    const char *doc;        /* document id as ingested */
    const char *doc_date, *doc_title, *doc_url, *doc_outlet;
    const char *kind;
    ws_db_span content, content2, cue, source;
    const char *speaker;    /* canonical name in the registry */
    const char *said_as;    /* the name the extractor gave */
    const char *title, *affiliation;
    const char *date;       /* when it was said */
    const char *date_text, *venue;
    const char *sort_date;  /* date, else the document's date */
    const char *cluster;    /* 16 hex digits */
    double confidence;
    const char *method;
    const char *topics;     /* topic names joined by ',' or NULL */
} ws_hit;

typedef int (*ws_hit_fn)(void *ud, const ws_hit *h);

/* Calls FN for each statement matching Q, newest first (by statement date,
 * else document date; undated last).  A non-zero return from FN stops the
 * search and is returned.  WS_PARSE for a bad query (message on db). */
int ws_db_search(ws_db *db, const ws_query *q, ws_hit_fn fn, void *ud);

/* A speaker of the registry; strings valid during the callback. */
typedef struct ws_speaker_row {
    int64_t id;
    const char *name;
    int is_person;
    long statements;
    const char *first, *last;  /* dates, or NULL */
    const char *titles;        /* titles seen, joined by "; ", or NULL */
    const char *affiliations;  /* affiliations seen, joined by "; " */
    const char *aliases;       /* other names seen, joined by "; " */
} ws_speaker_row;

typedef int (*ws_speaker_fn)(void *ud, const ws_speaker_row *s);

/* Calls FN for each speaker with statements (matching NAME as
 * ws_query.speaker does, when not NULL), most statements first. */
int ws_db_speakers(ws_db *db, const char *name, ws_speaker_fn fn, void *ud);

/* A title or affiliation a speaker was seen under: how many of its
 * statements gave it, and their first and last dates (NULL: undated). */
typedef struct ws_title_row {
    const char *kind;  /* "title" or "affiliation" */
    const char *value;
    long statements;
    const char *first, *last;
} ws_title_row;

typedef int (*ws_title_fn)(void *ud, const ws_title_row *t);

/* Calls FN for each title and affiliation of registry speaker ID
 * (ws_speaker_row.id): affiliations first, each kind by first date. */
int ws_db_speaker_titles(ws_db *db, int64_t id, ws_title_fn fn, void *ud);

typedef enum ws_period { WS_BY_DAY = 0, WS_BY_WEEK, WS_BY_MONTH } ws_period;

/* Calls FN with the number of statements matching Q (limit ignored) per
 * period, oldest first; PERIOD is "YYYY-MM-DD" (a week: its Monday) or
 * "YYYY-MM".  Undated statements are not counted. */
int ws_db_timeline(ws_db *db, const ws_query *q, ws_period by,
                   int (*fn)(void *ud, const char *period, long count),
                   void *ud);

/* Commits nothing pending (see ws_db_flush), closes.  Accepts NULL. */
void ws_db_close(ws_db *db);


#ifdef __cplusplus
}
#endif
#endif
