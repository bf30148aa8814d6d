/*
 * pg.h -- what the PostgreSQL backend's files share (pg.c: connection,
 * schema, batches, ingest; pg_sql.c: the SQL text; pg_registry.c: the
 * registry; pg_query.c: queries).  Not API; included by those files
 * only.  Built with WS_HAVE_PG.
 */
#ifndef WS_STORE_PG_H
#define WS_STORE_PG_H

#include "../base/base.h"
#include "backend.h"

#include <libpq-fe.h>

/* Ids drawn from a sequence at once. */
#define BLOCK_IDS 4096

/* A block of ids drawn from a sequence. */
typedef struct idblock {
    int64_t v[BLOCK_IDS];
    size_t n, pos;
} idblock;

typedef struct pg {
    PGconn *c;
    int in_tx;
    int locked;    /* this batch holds the ingest lock */
    int lock_begun; /* ... taken at its begin (a batch run again) */
    int lock_next; /* the next batch takes it at begin (after a retry) */
    int forgot;    /* the batch failed with WS_STORE_RETRY: begin rolls it back */
    int read_only;
    int wrote;    /* rows written since open (finish analyzes them) */
    int deferred; /* the full-text index waits for finish (a load into an empty database) */
    /* buffered rows, COPY text format (pg_flush writes them) */
    buf docs, st, tp;
    /* documents of this batch: asked holds every id looked up ahead
     * (pg_doc_prefetch), known those stored, by the database or by this
     * batch (value: index in kn) */
    ws_hmap asked, known;
    struct kdoc {
        int64_t id;
        char hash[17];
    } *kn;
    size_t nkn, capkn;
    /* buffered speaker counts and titles: PostgreSQL array literals */
    buf add_id, add_n, add_first, add_last;
    buf title_id, title_kind, title_value, title_n, title_first, title_last;
    size_t nadds, ntitles;
    /* speakers the batch's buffered rows point at (locked FOR KEY SHARE
     * when they are written, so that no merge deletes them meanwhile) */
    ws_hmap used;
    buf used_ids;
    idblock doc_seq, st_seq;
    buf sql; /* queries under construction */
    /* the speakers whose aliases match spk_name as whole words (ids
     * "1,2,3", "" when none), found by the last alias_exists: every
     * WS_SPK_WORD filter comes right after one (query.c, speaker_of) */
    buf spk_name, spk_ids;
    char doc[160]; /* the document last looked up by ingest, for errors */
    char state[6]; /* SQLSTATE of the last error, "" when none */
    char err[512];
} pg;

/* Records WHAT and PostgreSQL's message (its first line) as G's error;
 * during an ingest batch, with the document it had reached.  WS_DB. */
int ws_pg_fail(pg *g, const char *what, const PGresult *r);

/* Whether R ended well (a command, or rows); else records the error
 * (WS_PARSE for a syntax error: a bad --match expression). */
int ws_pg_ok(pg *g, PGresult *r, const char *what);

/* V as decimal digits into OUT. */
void ws_pg_i64s(char out[24], int64_t v);

/* Writes every buffered row (documents, statements, topics, speaker
 * counts and titles) before an operation that must see them. */
int ws_pg_flush(pg *g);
/* The statements prepared at open, by name. */
enum {
    P_DOC_FIND, P_ALIAS_GET, P_SURNAME, P_SPK_NEW, P_ALIAS_ADD, P_SPK_SINGLE, P_DOC_UPD, P_COUNT
};
/* The schema version pg_sql.c writes into meta and pg.c expects. */
#define SCHEMA_VERSION "1"
/* A statement prepared at open: its name, SQL and number of parameters. */
typedef struct ws_pg_stmt {
    const char *name, *sql;
    int nparams;
} ws_pg_stmt;
/* pg_sql.c: the statements prepared at open (by the enum above), the
 * schema, the indexes a load into an empty database builds at its end
 * (and the SQL that drops them before such a load). */
extern const ws_pg_stmt ws_pg_prepared[P_COUNT];
extern const char *const ws_pg_schema_sql;
extern const char *const ws_pg_deferred_sql;
extern const char *const ws_pg_undefer_sql;

/* Runs prepared statement P with text parameters V; the result to *OUT
 * (the caller clears it) when OUT is not NULL. */
int ws_pg_run(pg *g, int p, const char *const *v, PGresult **out, const char *what);

/* The first column of the first row of R as an integer, 0 when none. */
int64_t ws_pg_first_id(const PGresult *r);

/* Appends S to the PostgreSQL array literal under construction in B. */
int ws_pg_arr_add(buf *b, const char *s);
/* The array literal in B (non-empty) closed with '}' and NUL; B's length
 * then counts the '}': the caller empties B, or restores the length to
 * add more. */
const char *ws_pg_arr_end(buf *b);

/* Writes the buffered speaker counts. */
int ws_pg_flush_adds(pg *g);

/* Takes the ingest lock for the rest of the batch, unless held. */
int ws_pg_lock(pg *g);

/* The speaker registry's operations (backend.h), in pg_registry.c. */
int ws_pg_alias_get(void *conn, const char *name, int64_t *id);
int ws_pg_surname_best(void *conn, const char *word, int64_t *id);
int ws_pg_speaker_new(void *conn, const char *name, int is_person, const char *surname, int64_t *id);
int ws_pg_alias_add(void *conn, const char *name, int64_t id);
int ws_pg_speaker_single(void *conn, const char *word, int64_t except, int64_t *id);
int ws_pg_speaker_merge(void *conn, int64_t from, int64_t to);
int ws_pg_speaker_add(void *conn, int64_t id, long n, const char *first, const char *last);
int ws_pg_title_add(void *conn, int64_t id, const char *kind, const char *value, long n, const char *first,
                    const char *last);
int ws_pg_title_holders(void *conn, const char *title, const char *affiliation, const char *from,
                        const char *to, int64_t *id);
int ws_pg_speaker_titles(void *conn, int64_t id, ws_title_fn fn, void *ud);
int ws_pg_near_find(void *conn, const uint32_t *bands, size_t nsets, size_t n,
                    int (*fn)(void *ud, size_t k, const char *cluster, const char *sig), void *ud);
int ws_pg_near_add(void *conn, const char *const *clusters, const char *const *sigs, const uint32_t *bands,
                   size_t nsets, size_t n);

/* The query operations of the backend (backend.h), in pg_query.c. */
int ws_pg_counts(void *conn, ws_db_counts *out);
int ws_pg_alias_exists(void *conn, const char *name, ws_spk_match mode, int *found);
int ws_pg_search(void *conn, const ws_filter *f, long limit, long offset, int flags, ws_store_hit_fn fn,
                 void *ud);
int ws_pg_count(void *conn, const ws_filter *f, long *n);
int ws_pg_timeline(void *conn, const ws_filter *f, ws_period by, ws_split split, int max_series,
                   ws_period_fn fn, void *ud);
int ws_pg_speakers(void *conn, const ws_speaker_query *s, ws_speaker_fn fn, void *ud);
int ws_pg_speakers_count(void *conn, const ws_speaker_query *s, long *n);
int ws_pg_speaker_topics(void *conn, int64_t id, ws_count_fn fn, void *ud);
int ws_pg_topics(void *conn, ws_count_fn fn, void *ud);
int ws_pg_speaker_names(void *conn, int64_t id, ws_seen_fn fn, void *ud);
int ws_pg_speaker_roles(void *conn, int64_t id, ws_seen_fn fn, void *ud);
int ws_pg_document(void *conn, int64_t id, const char *doc, int *found,
                   int (*dfn)(void *ud, const ws_store_docrow *d), int (*sfn)(void *ud, const ws_store_docst *s),
                   void *ud);

#endif
