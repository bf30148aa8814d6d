/*
 * store.c -- the statement database: documents, statements, a speaker
 * registry, clusters and topics in one SQLite file, with full-text search.
 *
 * The schema is part of whosaid's interface (users query it with sqlite3
 * or Datasette); README.md documents it for them.  Tables:
 *
 *   documents         one row a document ingested
 *   +------------+----------------------------------------------------+
 *   | id         | INTEGER PRIMARY KEY                                |
 *   | doc        | the document id as ingested ("feed.txt:3"), UNIQUE |
 *   | hash       | 16 hex digits over text, date, title, url, outlet  |
 *   | date title url outlet | as given (date YYYY-MM-DD)              |
 *   | bytes      | length of the text                                 |
 *   | text       | the text (NULL with --no-text)                     |
 *   | statements | how many statements it gave                        |
 *   | ingested   | UTC time of the last (re)ingest                    |
 *   +------------+----------------------------------------------------+
 *   statements        one row a statement (the extract output's fields)
 *   +------------------------+----------------------------------------+
 *   | id                     | INTEGER PRIMARY KEY: julian day of     |
 *   |                        | sort_date << 32 | a sequence number,   |
 *   |                        | so rowid order is date order           |
 *   | doc_id                 | documents.id                           |
 *   | kind                   | direct, indirect, mixed                |
 *   | content, content_start, content_end     | the words; code points |
 *   | content2, content2_start, content2_end  | 2nd part or NULL       |
 *   | cue, cue_start, cue_end                 | "said"                 |
 *   | source, source_start, source_end        | "she", or NULL         |
 *   | speaker_id             | speakers.id, or NULL                   |
 *   | speaker                | the name the extractor resolved        |
 *   | title, affiliation     | as seen in this statement              |
 *   | date, date_text, venue | when said (YYYY-MM-DD), the words      |
 *   | sort_date              | date, else the document's date         |
 *   | cluster                | 16 hex digits (same words, same key)   |
 *   | confidence, method     |                                        |
 *   +------------------------+----------------------------------------+
 *   speakers          the registry across ingests
 *     id, name (canonical), is_person, surname (last word of a person),
 *     statements (count), first_date, last_date
 *   speaker_aliases   alias (COLLATE NOCASE, the key) -> speaker_id; every
 *                     name a speaker was seen under, its own included
 *   speaker_titles    (speaker_id, kind 'title'|'affiliation', value)
 *   topics            id, name;  statement_topics (topic_id, statement_id)
 *   clusters          a VIEW: cluster, occurrences, documents, earliest
 *   statements_fts    FTS5 over content and content2, external content
 *                     (the statements table): ingest indexes each batch's
 *                     new rows itself; triggers remove or reindex rows
 *                     deleted or updated; porter stemming over unicode61,
 *                     so "peacekeepers" finds "peacekeeping"
 *   meta              key/value: schema version, the statement sequence
 *
 * Ingest.  ws_db_emit receives each document from a ws_pipeline.  It opens
 * a write transaction (BEGIN IMMEDIATE) at the first document of a batch
 * and commits after batch_docs documents (ws_db_flush commits the rest).
 * WAL mode, synchronous=NORMAL: a crash (even SIGKILL) loses at most the
 * open batch, never half a document, and a rerun redoes it.  A document is
 * keyed by its id: the same hash is skipped (idempotence), another hash
 * deletes its statements (and their topics, speaker counts) and inserts the
 * new ones.
 *
 * Speed.  Storing must keep up with extraction, so:
 *   - no insert trigger feeds the FTS index: a statement that fires a
 *     trigger opens a savepoint, and FTS5 writes its pending terms to a new
 *     segment at every savepoint, i.e. one segment (and merge work) a row.
 *     A statement row goes in at once; its full-text row waits in
 *     memory (pend_fts: the rowid and a copy of the content) until the
 *     commit, then all go in rowid order, so that FTS5 keeps the whole
 *     batch in memory (hashsize 64 MiB) and writes one segment.  A
 *     replaced document first indexes what waits, so that the delete
 *     trigger removes only what is indexed;
 *   - merging speakers updates the rows (the batch's too) and adds the
 *     counts, instead of recounting;
 *   - with opts.writer_thread (ingest), ws_db_emit copies the document,
 *     hashes it, matches its topics and queues it (at most QUEUE_BYTES) for a writer
 *     thread that does everything SQLite: the caller's thread goes back
 *     to reading input while the workers extract;
 *   - a checkpointer thread copies each committed batch from the WAL into
 *     the database file on its own connection (ckpt_main), so the writer
 *     does not; the WAL stays under about CK_RESTART_FRAMES pages plus a
 *     batch;
 *   - batches of 4000 documents (ingest asks for 12000; at most about
 *     PEND_MAX_ROWS statements, whose content waits in memory), 16 KiB pages,
 *     FTS5 automerge 8: fewer pages written again at each commit and
 *     fewer segment merges;
 *   - FTS5 columnsize=0: no docsize row a statement (whosaid never ranks
 *     by bm25; FTS5 would compute sizes from the content if asked);
 *   - a load into an empty database builds the indexes statements_speaker
 *     and statements_cluster at its end (ws_db_flush; CREATE INDEX sorts,
 *     far cheaper than a million random inserts).  Crash safety: a
 *     killed load leaves them missing, and every open of a non-empty
 *     database creates missing ones, so the rerun has them.  Ingest itself
 *     needs only the document and alias lookups, which stay; the speaker
 *     index is built early, in the batch, when a speaker merge or a
 *     replaced document would otherwise scan more than DEFER_SCAN_ROWS
 *     committed rows;
 *   - the speaker work of a batch is done in memory: a cache of the names
 *     resolved (cleared at each batch, so what another process wrote is
 *     seen), the statement counts and first/last dates added per speaker
 *     at the commit (before a surname lookup, which ranks by the count,
 *     a merge or a replacement), a title inserted once a batch.
 * bench/store.sh measures it (figures in bench/README.md).
 *
 * Speakers.  A name is first looked up among the aliases (case-insensitive).
 * A one-word person name ("Zelensky") not found there becomes the alias of
 * the person with most statements whose name ends with that word; a new
 * full name ("Volodymyr Zelensky") absorbs an earlier one-word speaker of
 * its surname (statements, aliases and titles move over).  Non-person
 * sources ("the Kremlin", "officials") are speakers under their own text.
 * Known limits: two people sharing a surname take "Trump" to the one with
 * more statements at that moment; merges are not undone when a document is
 * replaced; topics are assigned at ingest (a new topics file applies to
 * documents ingested afterwards).
 *
 * Search.  Statement ids grow with sort_date, so "newest first" is rowid
 * order descending: a full-text query walks the FTS index backwards and
 * stops at the limit, a topic query walks statement_topics backwards, a
 * date range is a rowid range.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "../internal.h"
#include "store.h"
#include "sqlq.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCHEMA_VERSION "1"
#define DEFAULT_BATCH 4000
/* A batch also ends after the document that brings it to this many
 * statements: their full-text rows wait in memory until the commit. */
#define PEND_MAX_ROWS 250000

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id INTEGER PRIMARY KEY, doc TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,\n"
    "  date TEXT, title TEXT, url TEXT, outlet TEXT, bytes INTEGER NOT NULL,\n"
    "  text TEXT, statements INTEGER NOT NULL DEFAULT 0, ingested TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS speakers(\n"
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, is_person INTEGER NOT NULL,\n"
    "  surname TEXT COLLATE NOCASE, statements INTEGER NOT NULL DEFAULT 0,\n"
    "  first_date TEXT, last_date TEXT);\n"
    "CREATE INDEX IF NOT EXISTS speakers_surname ON speakers(surname);\n"
    "CREATE INDEX IF NOT EXISTS speakers_name ON speakers(name COLLATE NOCASE);\n"
    "CREATE TABLE IF NOT EXISTS speaker_aliases(\n"
    "  alias TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, speaker_id INTEGER NOT NULL) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS speaker_aliases_speaker ON speaker_aliases(speaker_id);\n"
    "CREATE TABLE IF NOT EXISTS speaker_titles(\n"
    "  speaker_id INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  PRIMARY KEY(speaker_id, kind, value)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS statements(\n"
    "  id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, kind TEXT NOT NULL,\n"
    "  content TEXT NOT NULL, content_start INTEGER, content_end INTEGER,\n"
    "  content2 TEXT, content2_start INTEGER, content2_end INTEGER,\n"
    "  cue TEXT, cue_start INTEGER, cue_end INTEGER,\n"
    "  source TEXT, source_start INTEGER, source_end INTEGER,\n"
    "  speaker_id INTEGER, speaker TEXT, title TEXT, affiliation TEXT,\n"
    "  date TEXT, date_text TEXT, venue TEXT, sort_date TEXT,\n"
    "  cluster TEXT NOT NULL, confidence REAL, method TEXT);\n"
    "CREATE INDEX IF NOT EXISTS statements_doc ON statements(doc_id);\n"
    "CREATE TABLE IF NOT EXISTS topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);\n"
    "CREATE TABLE IF NOT EXISTS statement_topics(\n"
    "  topic_id INTEGER NOT NULL, statement_id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(topic_id, statement_id)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS statement_topics_statement ON statement_topics(statement_id);\n"
    "CREATE VIEW IF NOT EXISTS clusters AS SELECT cluster, count(*) AS occurrences,\n"
    "  count(DISTINCT doc_id) AS documents, min(sort_date) AS earliest\n"
    "  FROM statements GROUP BY cluster;\n"
    "CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(content, content2,\n"
    "  content='statements', content_rowid='id', columnsize=0,\n"
    "  tokenize='porter unicode61 remove_diacritics 2');\n"
    "DROP TRIGGER IF EXISTS statements_ai;\n"
    "INSERT INTO statements_fts(statements_fts, rank) VALUES ('hashsize', 67108864);\n"
    "INSERT INTO statements_fts(statements_fts, rank) VALUES ('automerge', 8);\n"
    "CREATE TRIGGER IF NOT EXISTS statements_ad AFTER DELETE ON statements BEGIN\n"
    "  INSERT INTO statements_fts(statements_fts, rowid, content, content2)\n"
    "    VALUES ('delete', old.id, old.content, old.content2);\n"
    "END;\n"
    "CREATE TRIGGER IF NOT EXISTS statements_au AFTER UPDATE OF content, content2 ON statements BEGIN\n"
    "  INSERT INTO statements_fts(statements_fts, rowid, content, content2)\n"
    "    VALUES ('delete', old.id, old.content, old.content2);\n"
    "  INSERT INTO statements_fts(rowid, content, content2) VALUES (new.id, new.content, new.content2);\n"
    "END;\n"
    "INSERT OR IGNORE INTO meta VALUES ('schema', '" SCHEMA_VERSION "'), ('seq', 0);\n";

/* The secondary indexes that a bulk load into an empty database builds
 * at its end (ws_db_flush) instead of row by row; any other open creates
 * them when missing (see the essay). */
static const char *const deferred_sql =
    "CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_id);\n"
    "CREATE INDEX IF NOT EXISTS statements_cluster ON statements(cluster);\n";
static const char *const undefer_sql =
    "DROP INDEX IF EXISTS statements_speaker; DROP INDEX IF EXISTS statements_cluster;";

/* Rows of this handle's own statements past which a deferred speaker
 * index is built before a speaker merge or a document replacement
 * instead of scanning the table for them. */
#define DEFER_SCAN_ROWS 50000

/* The prepared statements of ingest, reused for every document. */
enum {
    Q_DOC_GET, Q_DOC_INS, Q_DOC_UPD, Q_DOC_SPEAKERS, Q_DEL_TOPICS, Q_DEL_ST,
    Q_SPK_RECOUNT, Q_ALIAS_GET, Q_SPK_SURNAME, Q_SPK_INS, Q_ALIAS_INS,
    Q_SPK_SINGLE, Q_ST_INS, Q_SPK_ADD, Q_TITLE_INS, Q_TOPIC_INS, Q_SEQ_GET,
    Q_SEQ_SET, Q_FTS_INS, Q_SPK_MERGE, Q_COUNT
};

static const char *const ingest_sql[Q_COUNT] = {
    [Q_DOC_GET] = "SELECT id, hash FROM documents WHERE doc = ?1",
    [Q_DOC_INS] = "INSERT INTO documents(doc, hash, date, title, url, outlet, bytes, text, statements, ingested)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [Q_DOC_UPD] = "UPDATE documents SET doc = ?1, hash = ?2, date = ?3, title = ?4, url = ?5, outlet = ?6,"
                  " bytes = ?7, text = ?8, statements = ?9, ingested = ?10 WHERE id = ?11",
    [Q_DOC_SPEAKERS] = "SELECT DISTINCT speaker_id FROM statements WHERE doc_id = ?1 AND speaker_id IS NOT NULL",
    [Q_DEL_TOPICS] = "DELETE FROM statement_topics WHERE statement_id IN"
                     " (SELECT id FROM statements WHERE doc_id = ?1)",
    [Q_DEL_ST] = "DELETE FROM statements WHERE doc_id = ?1",
    [Q_SPK_RECOUNT] = "UPDATE speakers SET"
                      " statements = (SELECT count(*) FROM statements WHERE speaker_id = ?1),"
                      " first_date = (SELECT min(sort_date) FROM statements WHERE speaker_id = ?1),"
                      " last_date = (SELECT max(sort_date) FROM statements WHERE speaker_id = ?1)"
                      " WHERE id = ?1",
    [Q_ALIAS_GET] = "SELECT speaker_id FROM speaker_aliases WHERE alias = ?1",
    [Q_SPK_SURNAME] = "SELECT id FROM speakers WHERE surname = ?1 AND is_person = 1 AND name LIKE '% %'"
                      " ORDER BY statements DESC, id LIMIT 1",
    [Q_SPK_INS] = "INSERT INTO speakers(name, is_person, surname) VALUES (?1, ?2, ?3)",
    [Q_ALIAS_INS] = "INSERT OR IGNORE INTO speaker_aliases(alias, speaker_id) VALUES (?1, ?2)",
    [Q_SPK_SINGLE] = "SELECT id FROM speakers WHERE name = ?1 COLLATE NOCASE AND is_person = 1 AND id <> ?2",
    [Q_ST_INS] = "INSERT INTO statements(id, doc_id, kind, content, content_start, content_end,"
                 " content2, content2_start, content2_end, cue, cue_start, cue_end,"
                 " source, source_start, source_end, speaker_id, speaker, title, affiliation,"
                 " date, date_text, venue, sort_date, cluster, confidence, method)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                 " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    [Q_SPK_ADD] = "UPDATE speakers SET statements = statements + ?3,"
                  " first_date = CASE WHEN ?2 IS NULL THEN first_date"
                  "   WHEN first_date IS NULL OR ?2 < first_date THEN ?2 ELSE first_date END,"
                  " last_date = CASE WHEN ?4 IS NULL THEN last_date"
                  "   WHEN last_date IS NULL OR ?4 > last_date THEN ?4 ELSE last_date END"
                  " WHERE id = ?1",
    [Q_TITLE_INS] = "INSERT OR IGNORE INTO speaker_titles(speaker_id, kind, value) VALUES (?1, ?2, ?3)",
    [Q_TOPIC_INS] = "INSERT OR IGNORE INTO statement_topics(topic_id, statement_id) VALUES (?1, ?2)",
    [Q_SEQ_GET] = "SELECT value FROM meta WHERE key = 'seq'",
    [Q_SEQ_SET] = "UPDATE meta SET value = ?1 WHERE key = 'seq'",
    [Q_FTS_INS] = "INSERT INTO statements_fts(rowid, content, content2) VALUES (?1, ?2, ?3)",
    [Q_SPK_MERGE] = "UPDATE speakers SET statements = speakers.statements + f.statements,"
                    " first_date = CASE WHEN f.first_date IS NULL THEN speakers.first_date"
                    "   WHEN speakers.first_date IS NULL OR f.first_date < speakers.first_date THEN f.first_date"
                    "   ELSE speakers.first_date END,"
                    " last_date = CASE WHEN f.last_date IS NULL THEN speakers.last_date"
                    "   WHEN speakers.last_date IS NULL OR f.last_date > speakers.last_date THEN f.last_date"
                    "   ELSE speakers.last_date END"
                    " FROM (SELECT statements, first_date, last_date FROM speakers WHERE id = ?1) AS f"
                    " WHERE speakers.id = ?2",
};

/* A statement's full-text row waiting for its batch's commit: FTS5
 * flushes its in-memory index whenever a rowid lower than the previous
 * one arrives, and our rowids follow dates, not arrival; so a batch's
 * content is kept here (the statement rows themselves are inserted at
 * once) and indexed in rowid order just before the commit. */
typedef struct pend_fts {
    int64_t id;
    size_t off;        /* content, then content2, in pend_text */
    uint32_t len;      /* content's bytes */
    int64_t len2;      /* content2's bytes, or -1 for NULL */
} pend_fts;

/* A document queued for the writer thread: one allocation holding the
 * job, its statements and copies of every string they point at. */
typedef struct wjob {
    struct wjob *next;
    size_t bytes;
    int status;
    ws_doc doc;
    ws_statement *st;
    size_t n;
    unsigned char *hits; /* n rows of ws_tp_count bytes: the topics matched */
    char hash[17];       /* doc_hash, computed while copying */
} wjob;

/* A hash map from short byte strings to an integer, cleared at each
 * batch: the speaker work of a batch is done in memory (see the essay). */
typedef struct smap_ent {
    uint64_t h; /* 0: empty */
    size_t off; /* key in smap.text */
    size_t len;
    int64_t v;
} smap_ent;
typedef struct smap {
    smap_ent *e;
    size_t cap, n; /* cap: 0 or a power of two */
    buf text;
} smap;

/* A speaker's statements of the batch, added to its row at the commit. */
typedef struct spk_add {
    int64_t id;
    long n;
    char first[11], last[11]; /* "" for none */
} spk_add;

/* Bytes of queued documents past which ws_db_emit waits for the writer. */
#define QUEUE_BYTES ((size_t)64 << 20)

struct ws_db {
    sqlite3 *db;
    /* the writer thread (opts.writer_thread) and its queue */
    int threaded, started, stop, busy, werr;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv_job, cv_room;
    wjob *qhead, *qtail;
    size_t qbytes;
    /* the checkpointer thread, its connection and its work (see ckpt_main);
     * wal_frames: the WAL's length after the writer's last commit */
    sqlite3 *ck;
    pthread_t ckth;
    int ck_started, ck_stop, ck_busy;
    unsigned long ck_commits, ck_seen;
    pthread_cond_t cv_ck, cv_ckdone;
    int wal_frames;
    pend_fts *pend;
    size_t npend, cappend;
    buf pend_text;
    sqlite3_stmt *q[Q_COUNT];
    smap aliases; /* name -> speaker id, as looked up in this batch */
    smap titles;  /* speaker id, kind, value: inserted in this batch */
    smap adds_ix; /* speaker id -> index in adds */
    spk_add *adds;
    size_t nadds, capadds;
    tp_set *topics;
    int64_t *topic_ids;
    unsigned char *topic_hit;
    tp_scratch scratch, qscratch; /* the writer's; ws_db_emit's */
    int no_text;
    size_t batch_docs;
    int in_tx;
    int deferred; /* the deferred indexes are missing, built at ws_db_flush */
    size_t batch_n;
    int64_t seq;
    ws_db_ingest_stats stats;
    char err[512];
};

static void *writer_main(void *arg);
static void *ckpt_main(void *arg);
static void writer_stop(ws_db *db);

/* ------------------------------------------------------------ helpers */

static int db_fail(ws_db *db, const char *what)
{
    snprintf(db->err, sizeof db->err, "%s: %s", what, sqlite3_errmsg(db->db));
    return WS_DB;
}

static int exec(ws_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "%s", msg ? msg : sqlite3_errmsg(db->db));
        sqlite3_free(msg);
        return WS_DB;
    }
    return WS_OK;
}

/* Binds S[n] (NULL: SQL NULL) as text; the caller keeps S alive until the
 * statement has been stepped. */
static int bind_text(sqlite3_stmt *q, int i, const char *s, size_t n)
{
    if (!s) return sqlite3_bind_null(q, i);
    if (n > 0x7fffffff) return SQLITE_TOOBIG;
    return sqlite3_bind_text(q, i, s, (int)n, SQLITE_STATIC);
}

static int bind_str(sqlite3_stmt *q, int i, const char *s) { return bind_text(q, i, s, s ? strlen(s) : 0); }

/* Steps Q (which returns no rows, or the first is ignored) and resets it,
 * keeping its bindings: for the row inserts, whose every parameter is
 * bound again before each step. */
static int step_bound(ws_db *db, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(db, what);
    return WS_OK;
}

/* Steps Q (which returns no rows, or the first is ignored) and resets it
 * and its bindings. */
static int step_done(ws_db *db, sqlite3_stmt *q, const char *what)
{
    int rc = step_bound(db, q, what);
    sqlite3_clear_bindings(q);
    return rc;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n);

static uint64_t smap_hash(const char *k, size_t n) { return fnv(1469598103934665603ull, k, n) | 1; }

/* The entry of key K[n] in M: its slot, empty when absent (M not empty). */
static smap_ent *smap_slot(smap *m, const char *k, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    for (;; i = (i + 1) & (m->cap - 1)) {
        smap_ent *e = &m->e[i];
        if (!e->h || (e->h == h && e->len == n && !memcmp(m->text.p + e->off, k, n))) return e;
    }
}

/* Whether K[n] is in M; its value to *V. */
static int smap_get(smap *m, const char *k, size_t n, int64_t *v)
{
    if (!m->n) return 0;
    smap_ent *e = smap_slot(m, k, n, smap_hash(k, n));
    if (!e->h) return 0;
    *v = e->v;
    return 1;
}

/* Sets K[n] to V in M. */
static int smap_put(smap *m, const char *k, size_t n, int64_t v)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 256;
        smap_ent *ne = ws__calloc(nc, sizeof *ne);
        if (!ne) return WS_NOMEM;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->e[i].h) continue;
            size_t j = (size_t)m->e[i].h & (nc - 1);
            while (ne[j].h) j = (j + 1) & (nc - 1);
            ne[j] = m->e[i];
        }
        ws__free(m->e);
        m->e = ne;
        m->cap = nc;
    }
    uint64_t h = smap_hash(k, n);
    smap_ent *e = smap_slot(m, k, n, h);
    if (!e->h) {
        e->off = m->text.len;
        if (ws_buf_append(&m->text, k, n) != WS_OK) return WS_NOMEM;
        e->h = h;
        e->len = n;
        m->n++;
    }
    e->v = v;
    return WS_OK;
}

static void smap_clear(smap *m)
{
    if (m->n) memset(m->e, 0, m->cap * sizeof *m->e);
    m->n = 0;
    m->text.len = 0;
}

static void smap_free(smap *m)
{
    ws__free(m->e);
    ws_buf_free(&m->text);
}

/* The julian day number of a date, 0 for none (y == 0 or out of range). */
static int64_t julian(ws_date d)
{
    if (d.y < 1 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31) return 0;
    int64_t a = (14 - d.m) / 12, y = d.y + 4800 - a, m = d.m + 12 * a - 3;
    return d.d + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

static void date_str(ws_date d, char out[11])
{
    if (julian(d)) snprintf(out, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
    else out[0] = 0;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void doc_hash(const ws_doc *doc, char out[17])
{
    uint64_t h = 1469598103934665603ull;
    char date[11] = ""; /* the analyzer cannot see date_str always writes it */
    date_str(doc->date, date);
    if (doc->text) h = fnv(h, doc->text, doc->text_len);
    const char *parts[4] = {date, doc->title, doc->url, doc->outlet};
    for (int i = 0; i < 4; i++) {
        h = fnv(h, "\x1f", 1);
        if (parts[i]) h = fnv(h, parts[i], strlen(parts[i]));
        else h = fnv(h, "\x1e", 1);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ------------------------------------------------------------- open */

static int register_topics(ws_db *db)
{
    int n = ws_tp_count(db->topics);
    if (!n) return WS_OK;
    db->topic_ids = ws__calloc((size_t)n, sizeof *db->topic_ids);
    db->topic_hit = ws__calloc((size_t)n, 1);
    if (!db->topic_ids || !db->topic_hit) return WS_NOMEM;
    sqlite3_stmt *ins = NULL, *get = NULL;
    int rc = WS_OK;
    if (sqlite3_prepare_v2(db->db, "INSERT OR IGNORE INTO topics(name) VALUES (?1)", -1, &ins, NULL) ||
        sqlite3_prepare_v2(db->db, "SELECT id FROM topics WHERE name = ?1", -1, &get, NULL))
        rc = db_fail(db, "topics");
    for (int i = 0; i < n && rc == WS_OK; i++) {
        bind_str(ins, 1, ws_tp_name(db->topics, i));
        rc = step_done(db, ins, "topics");
        if (rc) break;
        bind_str(get, 1, ws_tp_name(db->topics, i));
        if (sqlite3_step(get) == SQLITE_ROW) db->topic_ids[i] = sqlite3_column_int64(get, 0);
        else rc = db_fail(db, "topics");
        sqlite3_reset(get);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(get);
    return rc;
}

/* An empty database gets its deferred indexes at the end of the load
 * (dropped now if an earlier version made them); a non-empty one gets
 * them now if they are missing (a bulk load that was killed, say). */
static int defer_or_build(ws_db *db)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db->db, "SELECT EXISTS(SELECT 1 FROM statements)", -1, &q, NULL) != SQLITE_OK)
        return db_fail(db, "schema");
    int r = sqlite3_step(q);
    int empty = r == SQLITE_ROW && sqlite3_column_int(q, 0) == 0;
    sqlite3_finalize(q);
    if (r != SQLITE_ROW) return db_fail(db, "schema");
    db->deferred = empty;
    return exec(db, empty ? undefer_sql : deferred_sql);
}

/* Builds the deferred indexes (in the open transaction, else in one of
 * its own). */
static int build_deferred(ws_db *db)
{
    if (!db->deferred) return WS_OK;
    /* CREATE INDEX sorts on up to two helper threads */
    int rc = exec(db, "PRAGMA threads=2");
    if (rc == WS_OK) rc = db->in_tx ? exec(db, deferred_sql) : exec(db, "BEGIN IMMEDIATE");
    if (rc == WS_OK && !db->in_tx) {
        rc = exec(db, deferred_sql);
        if (rc == WS_OK) rc = exec(db, "COMMIT");
        else {
            char keep[sizeof db->err];
            memcpy(keep, db->err, sizeof keep);
            exec(db, "ROLLBACK");
            memcpy(db->err, keep, sizeof keep);
        }
    }
    if (rc == WS_OK) db->deferred = 0;
    return rc;
}

/* Before a query that looks statements up by speaker: without the
 * speaker index it scans the table, cheap while the table is small. */
static int need_speaker_index(ws_db *db)
{
    if (!db->deferred || db->stats.statements < DEFER_SCAN_ROWS) return WS_OK;
    return build_deferred(db);
}

/* ------------------------------------------------------- checkpointer */

/* WAL frames (16 KiB pages) past which the writer, before its next batch,
 * waits for the checkpointer to catch up, so that the WAL starts again
 * from its beginning: it stays under about this size plus one batch. */
#define CK_RESTART_FRAMES 16384

/* The checkpointer (ingest, with the writer thread, on a database file):
 * after each commit of a batch it copies the WAL's new pages into the
 * database file on its own connection, instead of the writer doing it at
 * the commit (SQLite's automatic checkpoint, turned off on the writer's
 * connection).  A passive checkpoint never blocks the writer; what it
 * leaves, the next one or the close copies, so a failed one is harmless.
 * The WAL can only start again from its beginning when all of it has been
 * copied at the moment a write transaction begins: the writer waits for
 * that when the WAL has grown past CK_RESTART_FRAMES (ckpt_bound). */
static void *ckpt_main(void *arg)
{
    ws_db *db = arg;
    (void)pthread_setname_np(pthread_self(), "whosaid-ckpt");
    pthread_mutex_lock(&db->mu);
    for (;;) {
        while (!db->ck_stop && db->ck_seen == db->ck_commits) pthread_cond_wait(&db->cv_ck, &db->mu);
        if (db->ck_stop) break;
        db->ck_seen = db->ck_commits;
        db->ck_busy = 1;
        pthread_mutex_unlock(&db->mu);
        (void)sqlite3_wal_checkpoint_v2(db->ck, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&db->mu);
        db->ck_busy = 0;
        pthread_cond_broadcast(&db->cv_ckdone);
    }
    pthread_mutex_unlock(&db->mu);
    return NULL;
}

/* The writer connection's WAL hook: records the WAL's length. */
static int wal_hook(void *arg, sqlite3 *conn, const char *schema, int frames)
{
    (void)conn;
    (void)schema;
    ((ws_db *)arg)->wal_frames = frames;
    return SQLITE_OK;
}

/* Starts the checkpointer for the database file PATH; without it (an
 * in-memory database, no connection, no thread) the writer checkpoints
 * as usual. */
static void ckpt_start(ws_db *db, const char *path)
{
    if (!*path || !strcmp(path, ":memory:")) return;
    if (pthread_cond_init(&db->cv_ck, NULL)) return;
    if (pthread_cond_init(&db->cv_ckdone, NULL)) {
        pthread_cond_destroy(&db->cv_ck);
        return;
    }
    /* a first read opens the WAL on this connection (before, it would
     * not checkpoint: "not in WAL mode") */
    if (sqlite3_open_v2(path, &db->ck, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(db->ck, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK ||
        pthread_create(&db->ckth, NULL, ckpt_main, db) != 0) {
        sqlite3_close(db->ck);
        db->ck = NULL;
        pthread_cond_destroy(&db->cv_ckdone);
        pthread_cond_destroy(&db->cv_ck);
        return;
    }
    sqlite3_busy_timeout(db->ck, 10000);
    db->ck_started = 1;
    /* replaces the automatic checkpoint (itself a WAL hook) */
    sqlite3_wal_hook(db->db, wal_hook, db);
}

/* Tells the checkpointer that a batch was committed. */
static void ckpt_signal(ws_db *db)
{
    if (!db->ck_started) return;
    pthread_mutex_lock(&db->mu);
    db->ck_commits++;
    pthread_cond_signal(&db->cv_ck);
    pthread_mutex_unlock(&db->mu);
}

/* Before a batch: when the WAL is long, waits until the checkpointer has
 * copied all of it, so that this batch writes it from its beginning. */
static void ckpt_bound(ws_db *db)
{
    if (!db->ck_started || db->wal_frames < CK_RESTART_FRAMES) return;
    pthread_mutex_lock(&db->mu);
    while (db->ck_busy || db->ck_seen != db->ck_commits) pthread_cond_wait(&db->cv_ckdone, &db->mu);
    pthread_mutex_unlock(&db->mu);
}

/* Stops the checkpointer and closes its connection (the writer's close
 * then checkpoints what is left). */
static void ckpt_stop(ws_db *db)
{
    if (!db->ck_started) return;
    pthread_mutex_lock(&db->mu);
    db->ck_stop = 1;
    pthread_cond_signal(&db->cv_ck);
    pthread_mutex_unlock(&db->mu);
    pthread_join(db->ckth, NULL);
    sqlite3_close(db->ck);
    db->ck = NULL;
    pthread_cond_destroy(&db->cv_ckdone);
    pthread_cond_destroy(&db->cv_ck);
    db->ck_started = 0;
}

/* Opens PATH; see whosaid.h. */
int ws_db_open(const char *path, const ws_db_opts *opts, ws_db **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!path) return WS_USAGE;
    ws_db *db = ws__calloc(1, sizeof *db);
    if (!db) {
        if (err) snprintf(err, errlen, "out of memory");
        return WS_NOMEM;
    }
    db->batch_docs = opts && opts->batch_docs ? opts->batch_docs : DEFAULT_BATCH;
    db->no_text = opts ? opts->no_text : 0;
    int rc = WS_OK;
    if (opts && opts->topics_path) {
        rc = ws_tp_load(opts->topics_path, &db->topics, db->err, sizeof db->err);
        if (rc) goto fail;
    }
    if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = db->db ? db_fail(db, path) : WS_NOMEM;
        if (!db->db) snprintf(db->err, sizeof db->err, "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(db->db, 10000);
    sqlite3_extended_result_codes(db->db, 1);
    if ((rc = exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                       "PRAGMA temp_store=MEMORY;")))
        goto fail;
    if ((rc = exec(db, "BEGIN IMMEDIATE"))) goto fail;
    rc = exec(db, schema_sql);
    if (rc == WS_OK) rc = defer_or_build(db);
    if (rc == WS_OK) rc = register_topics(db);
    if (rc == WS_OK) rc = exec(db, "COMMIT");
    if (rc) {
        char keep[sizeof db->err];
        memcpy(keep, db->err, sizeof keep);
        exec(db, "ROLLBACK");
        memcpy(db->err, keep, sizeof keep);
        goto fail;
    }
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v3(db->db, ingest_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &db->q[i], NULL) != SQLITE_OK) {
            rc = db_fail(db, "prepare");
            goto fail;
        }
    if (opts && opts->writer_thread) {
        if (pthread_mutex_init(&db->mu, NULL)) goto nothread;
        if (pthread_cond_init(&db->cv_job, NULL)) {
            pthread_mutex_destroy(&db->mu);
            goto nothread;
        }
        if (pthread_cond_init(&db->cv_room, NULL)) {
            pthread_cond_destroy(&db->cv_job);
            pthread_mutex_destroy(&db->mu);
            goto nothread;
        }
        db->threaded = 1;
        if (pthread_create(&db->th, NULL, writer_main, db) == 0) db->started = 1;
        if (db->started) ckpt_start(db, path);
    }
nothread: /* without a thread, ws_db_emit stores on the caller's thread */
    *out = db;
    return WS_OK;
fail:
    if (err) snprintf(err, errlen, "%s", rc == WS_NOMEM && !db->err[0] ? "out of memory" : db->err);
    ws_db_close(db);
    return rc;
}

const char *ws_db_errmsg(const ws_db *db) { return db ? db->err : "no database"; }

void ws_db_close(ws_db *db)
{
    if (!db) return;
    writer_stop(db);
    ckpt_stop(db);
    if (db->threaded) {
        pthread_cond_destroy(&db->cv_room);
        pthread_cond_destroy(&db->cv_job);
        pthread_mutex_destroy(&db->mu);
    }
    if (db->in_tx) exec(db, "ROLLBACK");
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(db->q[i]);
    if (db->db) {
        /* a clean close checkpoints the WAL into the database file */
        sqlite3_close(db->db);
    }
    ws_tp_free(db->topics);
    smap_free(&db->aliases);
    smap_free(&db->titles);
    smap_free(&db->adds_ix);
    ws__free(db->adds);
    ws_tp_scratch_free(&db->scratch);
    ws_tp_scratch_free(&db->qscratch);
    ws__free(db->pend);
    ws_buf_free(&db->pend_text);
    ws__free(db->topic_ids);
    ws__free(db->topic_hit);
    ws__free(db);
}

void ws_db_ingest_stats_get(const ws_db *db, ws_db_ingest_stats *out) { *out = db->stats; }

/* ------------------------------------------------------------ ingest */

static int pend_cmp(const void *a, const void *b)
{
    int64_t x = ((const pend_fts *)a)->id, y = ((const pend_fts *)b)->id;
    return x < y ? -1 : x > y;
}

/* Indexes the batch's statements, in rowid order: one statement without
 * a trigger opens no savepoint, so FTS5 keeps the batch's terms in memory
 * and writes them as one segment at the commit. */
static int insert_pending(ws_db *db)
{
    if (!db->npend) return WS_OK;
    qsort(db->pend, db->npend, sizeof *db->pend, pend_cmp);
    sqlite3_stmt *f = db->q[Q_FTS_INS];
    int rc = WS_OK;
    for (size_t k = 0; k < db->npend && rc == WS_OK; k++) {
        const pend_fts *p = &db->pend[k];
        const char *t = db->pend_text.p + p->off;
        sqlite3_bind_int64(f, 1, p->id);
        bind_text(f, 2, t, p->len);
        if (p->len2 >= 0) bind_text(f, 3, t + p->len, (size_t)p->len2);
        else sqlite3_bind_null(f, 3);
        rc = step_bound(db, f, "full-text index");
    }
    db->npend = 0;
    db->pend_text.len = 0;
    return rc;
}

/* Binds span S of DOC to parameter I of Q, its start and end to I+1 and
 * I+2 (all NULL when S is empty). */
static void bind_span(sqlite3_stmt *q, int i, const ws_doc *doc, ws_span s)
{
    size_t n;
    const char *t = ws_span_text(doc, s, &n);
    bind_text(q, i, t, n);
    if (t) {
        sqlite3_bind_int64(q, i + 1, s.start);
        sqlite3_bind_int64(q, i + 2, s.end);
    } else {
        sqlite3_bind_null(q, i + 1);
        sqlite3_bind_null(q, i + 2);
    }
}

/* Adds the batch's statements counted in memory to their speakers' rows. */
static int apply_adds(ws_db *db)
{
    sqlite3_stmt *q = db->q[Q_SPK_ADD];
    int rc = WS_OK;
    for (size_t i = 0; i < db->nadds && rc == WS_OK; i++) {
        const spk_add *a = &db->adds[i];
        sqlite3_bind_int64(q, 1, a->id);
        bind_str(q, 2, a->first[0] ? a->first : NULL);
        sqlite3_bind_int64(q, 3, a->n);
        bind_str(q, 4, a->last[0] ? a->last : NULL);
        rc = step_done(db, q, "speaker count");
    }
    db->nadds = 0;
    smap_clear(&db->adds_ix);
    return rc;
}

/* Counts a statement of speaker ID dated SORT (or NULL) in memory. */
static int count_add(ws_db *db, int64_t id, const char *sort)
{
    int64_t k;
    char key[8];
    memcpy(key, &id, sizeof key);
    if (!smap_get(&db->adds_ix, key, sizeof key, &k)) {
        if (db->nadds == db->capadds) {
            size_t nc = db->capadds ? db->capadds * 2 : 256;
            spk_add *na = ws__realloc(db->adds, nc * sizeof *na);
            if (!na) return WS_NOMEM;
            db->adds = na;
            db->capadds = nc;
        }
        k = (int64_t)db->nadds;
        if (smap_put(&db->adds_ix, key, sizeof key, k) != WS_OK) return WS_NOMEM;
        spk_add *a = &db->adds[db->nadds++];
        memset(a, 0, sizeof *a);
        a->id = id;
    }
    spk_add *a = &db->adds[k];
    a->n++;
    if (sort) {
        if (!a->first[0] || strcmp(sort, a->first) < 0) snprintf(a->first, sizeof a->first, "%s", sort);
        if (!a->last[0] || strcmp(sort, a->last) > 0) snprintf(a->last, sizeof a->last, "%s", sort);
    }
    return WS_OK;
}

/* Stores title or affiliation VALUE of speaker ID unless this batch did. */
static int add_title(ws_db *db, int64_t id, const char *kind, const char *value)
{
    char key[256];
    size_t vl = strlen(value);
    int64_t seen;
    int keyed = vl + 9 <= sizeof key;
    if (keyed) {
        memcpy(key, &id, 8);
        key[8] = kind[0];
        memcpy(key + 9, value, vl);
        if (smap_get(&db->titles, key, vl + 9, &seen)) return WS_OK;
    }
    sqlite3_stmt *q = db->q[Q_TITLE_INS];
    sqlite3_bind_int64(q, 1, id);
    bind_str(q, 2, kind);
    bind_str(q, 3, value);
    int rc = step_done(db, q, "speaker title");
    if (rc == WS_OK && keyed) rc = smap_put(&db->titles, key, vl + 9, 1);
    return rc;
}

static int begin_batch(ws_db *db)
{
    if (db->in_tx) return WS_OK;
    ckpt_bound(db);
    int rc = exec(db, "BEGIN IMMEDIATE");
    if (rc) return rc;
    /* what other connections wrote since is seen afresh */
    smap_clear(&db->aliases);
    smap_clear(&db->titles);
    db->in_tx = 1;
    db->batch_n = 0;
    sqlite3_stmt *q = db->q[Q_SEQ_GET];
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return db_fail(db, "sequence");
    }
    db->seq = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return WS_OK;
}

/* Commits the batch in progress (the writer thread, if any, is idle). */
static int flush_now(ws_db *db)
{
    if (!db->in_tx) return WS_OK;
    int rc = insert_pending(db);
    if (rc == WS_OK) rc = apply_adds(db);
    if (rc) return rc;
    sqlite3_bind_int64(db->q[Q_SEQ_SET], 1, db->seq);
    rc = step_done(db, db->q[Q_SEQ_SET], "sequence");
    if (rc == WS_OK) rc = exec(db, "COMMIT");
    if (rc == WS_OK) {
        db->in_tx = 0;
        ckpt_signal(db);
    }
    return rc;
}

static int recount(ws_db *db, int64_t speaker)
{
    sqlite3_bind_int64(db->q[Q_SPK_RECOUNT], 1, speaker);
    return step_done(db, db->q[Q_SPK_RECOUNT], "speaker count");
}

/* Moves everything of speaker FROM to speaker TO and deletes FROM; TO's
 * count and dates absorb FROM's, which cover the batch's rows too. */
static int merge_speaker(ws_db *db, int64_t from, int64_t to)
{
    int rc = need_speaker_index(db);
    if (rc == WS_OK) rc = apply_adds(db);
    if (rc) return rc;
    for (size_t i = 0; i < db->aliases.cap; i++)
        if (db->aliases.e[i].h && db->aliases.e[i].v == from) db->aliases.e[i].v = to;
    sqlite3_bind_int64(db->q[Q_SPK_MERGE], 1, from);
    sqlite3_bind_int64(db->q[Q_SPK_MERGE], 2, to);
    rc = step_done(db, db->q[Q_SPK_MERGE], "speaker merge");
    if (rc) return rc;
    char *sql = sqlite3_mprintf(
        "UPDATE statements SET speaker_id = %lld WHERE speaker_id = %lld;"
        "UPDATE speaker_aliases SET speaker_id = %lld WHERE speaker_id = %lld;"
        "INSERT OR IGNORE INTO speaker_titles SELECT %lld, kind, value FROM speaker_titles WHERE speaker_id = %lld;"
        "DELETE FROM speaker_titles WHERE speaker_id = %lld;"
        "DELETE FROM speakers WHERE id = %lld;",
        (long long)to, (long long)from, (long long)to, (long long)from, (long long)to, (long long)from,
        (long long)from, (long long)from);
    if (!sql) return WS_NOMEM;
    rc = exec(db, sql);
    sqlite3_free(sql);
    return rc;
}

static int lookup_id(ws_db *db, sqlite3_stmt *q, int64_t *id)
{
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? WS_OK : db_fail(db, "speaker lookup");
}

/* The registry id of speaker NAME (created when new), from the database;
 * see the essay. */
static int resolve_speaker_db(ws_db *db, const char *name, int is_person, int64_t *id)
{
    int rc;
    bind_str(db->q[Q_ALIAS_GET], 1, name);
    if ((rc = lookup_id(db, db->q[Q_ALIAS_GET], id)) || *id) return rc;
    const char *sp = strrchr(name, ' ');
    const char *last = sp ? sp + 1 : name;
    if (is_person && !sp) {
        /* "the one with most statements": the batch's counts first */
        if ((rc = apply_adds(db))) return rc;
        bind_str(db->q[Q_SPK_SURNAME], 1, name);
        if ((rc = lookup_id(db, db->q[Q_SPK_SURNAME], id))) return rc;
        if (*id) {
            bind_str(db->q[Q_ALIAS_INS], 1, name);
            sqlite3_bind_int64(db->q[Q_ALIAS_INS], 2, *id);
            return step_done(db, db->q[Q_ALIAS_INS], "alias");
        }
    }
    bind_str(db->q[Q_SPK_INS], 1, name);
    sqlite3_bind_int(db->q[Q_SPK_INS], 2, is_person ? 1 : 0);
    if (is_person) bind_str(db->q[Q_SPK_INS], 3, last);
    if ((rc = step_done(db, db->q[Q_SPK_INS], "speaker"))) return rc;
    *id = sqlite3_last_insert_rowid(db->db);
    bind_str(db->q[Q_ALIAS_INS], 1, name);
    sqlite3_bind_int64(db->q[Q_ALIAS_INS], 2, *id);
    if ((rc = step_done(db, db->q[Q_ALIAS_INS], "alias"))) return rc;
    if (is_person && sp) {
        /* a full name absorbs earlier surname-only speakers */
        for (;;) {
            int64_t old;
            bind_str(db->q[Q_SPK_SINGLE], 1, last);
            sqlite3_bind_int64(db->q[Q_SPK_SINGLE], 2, *id);
            if ((rc = lookup_id(db, db->q[Q_SPK_SINGLE], &old))) return rc;
            if (!old) break;
            if ((rc = merge_speaker(db, old, *id))) return rc;
        }
    }
    return WS_OK;
}

/* The registry id of speaker NAME, through this batch's cache. */
static int resolve_speaker(ws_db *db, const char *name, int is_person, int64_t *id)
{
    size_t len = strlen(name);
    if (smap_get(&db->aliases, name, len, id)) return WS_OK;
    int rc = resolve_speaker_db(db, name, is_person, id);
    return rc ? rc : smap_put(&db->aliases, name, len, *id);
}

/* Deletes the statements of stored document DOC_ID, fixing speaker counts. */
static int delete_statements(ws_db *db, int64_t doc_id)
{
    int64_t *spk = NULL;
    size_t n = 0, cap = 0;
    int rc = insert_pending(db), s;
    if (rc == WS_OK) rc = apply_adds(db);
    if (rc == WS_OK) rc = need_speaker_index(db);
    if (rc) return rc;
    sqlite3_stmt *q = db->q[Q_DOC_SPEAKERS];
    sqlite3_bind_int64(q, 1, doc_id);
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *ns = ws__realloc(spk, cap * sizeof *ns);
            if (!ns) { rc = WS_NOMEM; break; }
            spk = ns;
        }
        spk[n++] = sqlite3_column_int64(q, 0);
    }
    if (rc == WS_OK && s != SQLITE_ROW && s != SQLITE_DONE) rc = db_fail(db, "replace");
    sqlite3_reset(q);
    if (rc == WS_OK) {
        sqlite3_bind_int64(db->q[Q_DEL_TOPICS], 1, doc_id);
        rc = step_done(db, db->q[Q_DEL_TOPICS], "replace");
    }
    if (rc == WS_OK) {
        sqlite3_bind_int64(db->q[Q_DEL_ST], 1, doc_id);
        rc = step_done(db, db->q[Q_DEL_ST], "replace");
    }
    for (size_t i = 0; i < n && rc == WS_OK; i++) rc = recount(db, spk[i]);
    ws__free(spk);
    return rc;
}

/* Marks in HIT[ws_tp_count] the topics of statement S of DOC. */
static int match_topics(const tp_set *t, const ws_doc *doc, const ws_statement *s, tp_scratch *sc,
                        unsigned char *hit)
{
    size_t n;
    int rc = WS_OK;
    memset(hit, 0, (size_t)ws_tp_count(t));
    const char *t1 = ws_span_text(doc, s->content, &n);
    if (t1) rc = ws_tp_match(t, t1, n, sc, hit);
    const char *t2 = ws_span_text(doc, s->content2, &n);
    if (t2 && rc == WS_OK) rc = ws_tp_match(t, t2, n, sc, hit);
    return rc;
}

/* Stores statement S of DOC; HIT: its topics (match_topics), or NULL to
 * match them here. */
static int store_statement(ws_db *db, const ws_doc *doc, int64_t doc_id, const char *doc_date,
                           const ws_statement *s, const unsigned char *hit)
{
    int rc;
    int64_t spk = 0;
    if (s->speaker && *s->speaker && (rc = resolve_speaker(db, s->speaker, s->speaker_is_person, &spk))) return rc;
    char date[11], cl[17];
    date_str(s->date, date);
    const char *sort = date[0] ? date : doc_date[0] ? doc_date : NULL;
    ws_date sd = {0, 0, 0};
    if (sort) ws_date_parse(sort, &sd);
    int64_t id = (julian(sd) << 32) | (++db->seq & 0xffffffffll);
    ws_cluster_hex(s->cluster, cl);
    sqlite3_stmt *q = db->q[Q_ST_INS];
    size_t n, n2 = 0;
    const char *t = ws_span_text(doc, s->content, &n);
    const char *t2 = ws_span_text(doc, s->content2, &n2);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, doc_id);
    bind_str(q, 3, ws_kind_name(s->kind));
    bind_text(q, 4, t ? t : "", t ? n : 0);
    sqlite3_bind_int64(q, 5, s->content.start);
    sqlite3_bind_int64(q, 6, s->content.end);
    bind_span(q, 7, doc, s->content2);
    bind_span(q, 10, doc, s->cue);
    bind_span(q, 13, doc, s->source);
    if (spk) sqlite3_bind_int64(q, 16, spk);
    else sqlite3_bind_null(q, 16);
    bind_str(q, 17, s->speaker);
    bind_str(q, 18, s->title);
    bind_str(q, 19, s->affiliation);
    bind_str(q, 20, date[0] ? date : NULL);
    bind_str(q, 21, s->date_text);
    bind_str(q, 22, s->venue);
    bind_str(q, 23, sort);
    bind_str(q, 24, cl);
    sqlite3_bind_double(q, 25, s->confidence);
    bind_str(q, 26, s->method);
    if ((rc = step_bound(db, q, "statement"))) return rc;
    /* its full-text row waits for the batch's commit (see pend_fts) */
    if (db->npend == db->cappend) {
        size_t nc = db->cappend ? db->cappend * 2 : 1024;
        pend_fts *np = ws__realloc(db->pend, nc * sizeof *np);
        if (!np) return WS_NOMEM;
        db->pend = np;
        db->cappend = nc;
    }
    pend_fts *r = &db->pend[db->npend];
    r->id = id;
    r->off = db->pend_text.len;
    r->len = t ? (uint32_t)n : 0;
    r->len2 = t2 ? (int64_t)n2 : -1;
    if (t && (rc = ws_buf_append(&db->pend_text, t, n))) return rc;
    if (t2 && (rc = ws_buf_append(&db->pend_text, t2, n2))) return rc;
    db->npend++;
    db->stats.statements++;
    if (spk) {
        if ((rc = count_add(db, spk, sort))) return rc;
        if (s->title && *s->title && (rc = add_title(db, spk, "title", s->title))) return rc;
        if (s->affiliation && *s->affiliation && (rc = add_title(db, spk, "affiliation", s->affiliation))) return rc;
    }
    int nt = ws_tp_count(db->topics);
    if (nt) {
        if (!hit) {
            if ((rc = match_topics(db->topics, doc, s, &db->scratch, db->topic_hit))) return rc;
            hit = db->topic_hit;
        }
        for (int i = 0; i < nt; i++) {
            if (!hit[i]) continue;
            sqlite3_bind_int64(db->q[Q_TOPIC_INS], 1, db->topic_ids[i]);
            sqlite3_bind_int64(db->q[Q_TOPIC_INS], 2, id);
            if ((rc = step_done(db, db->q[Q_TOPIC_INS], "topic"))) return rc;
        }
    }
    return WS_OK;
}

/* Stores one document and its statements (on the writer thread when
 * there is one). */
static int emit_now(ws_db *db, const ws_doc *doc, int status, const ws_statement *st, size_t n,
                    const unsigned char *hits, const char *dhash)
{
    if (status != WS_OK) {
        db->stats.docs_failed++;
        return 0;
    }
    int rc = begin_batch(db);
    if (rc) return rc;
    char hash[17], date[11], now[32];
    if (dhash) memcpy(hash, dhash, sizeof hash);
    else doc_hash(doc, hash);
    date_str(doc->date, date);
    sqlite3_stmt *q = db->q[Q_DOC_GET];
    bind_text(q, 1, doc->id, doc->id_len);
    int64_t doc_id = 0;
    int same = 0;
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
        doc_id = sqlite3_column_int64(q, 0);
        const unsigned char *h = sqlite3_column_text(q, 1);
        same = h && !strcmp((const char *)h, hash);
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (s != SQLITE_ROW && s != SQLITE_DONE) return db_fail(db, "document lookup");
    if (same) {
        db->stats.docs_unchanged++;
    } else {
        time_t tnow = time(NULL);
        struct tm tm;
        gmtime_r(&tnow, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (doc_id && (rc = delete_statements(db, doc_id))) return rc;
        q = db->q[doc_id ? Q_DOC_UPD : Q_DOC_INS];
        bind_text(q, 1, doc->id, doc->id_len);
        bind_str(q, 2, hash);
        bind_str(q, 3, date[0] ? date : NULL);
        bind_str(q, 4, doc->title);
        bind_str(q, 5, doc->url);
        bind_str(q, 6, doc->outlet);
        sqlite3_bind_int64(q, 7, (int64_t)doc->text_len);
        bind_text(q, 8, db->no_text ? NULL : doc->text, doc->text_len);
        sqlite3_bind_int64(q, 9, (int64_t)n);
        bind_str(q, 10, now);
        if (doc_id) sqlite3_bind_int64(q, 11, doc_id);
        if ((rc = step_done(db, q, "document"))) return rc;
        if (!doc_id) doc_id = sqlite3_last_insert_rowid(db->db);
        for (size_t i = 0; i < n; i++)
            if ((rc = store_statement(db, doc, doc_id, date, &st[i], hits ? hits + i * (size_t)ws_tp_count(db->topics) : NULL)))
                return rc;
        if (s == SQLITE_ROW) db->stats.docs_changed++;
        else db->stats.docs_new++;
    }
    if (++db->batch_n >= db->batch_docs || db->npend >= PEND_MAX_ROWS) return flush_now(db);
    return WS_OK;
}

/* ------------------------------------------------------ writer thread */

/* The writer: stores queued documents in order until told to stop with
 * an empty queue.  After a failure it discards what is queued (the error
 * stays in werr for the caller's thread). */
static void *writer_main(void *arg)
{
    ws_db *db = arg;
    /* a name for `top -H` and WHOSAID_STATS (cmd_store.c); failure is harmless */
    (void)pthread_setname_np(pthread_self(), "whosaid-writer");
    pthread_mutex_lock(&db->mu);
    for (;;) {
        while (!db->qhead && !db->stop) pthread_cond_wait(&db->cv_job, &db->mu);
        wjob *j = db->qhead;
        if (!j) break;
        db->qhead = j->next;
        if (!db->qhead) db->qtail = NULL;
        db->busy = 1;
        int failed = db->werr;
        pthread_mutex_unlock(&db->mu);
        int rc = failed ? failed : emit_now(db, &j->doc, j->status, j->st, j->n, j->hits, j->hash);
        size_t bytes = j->bytes;
        ws__free(j);
        pthread_mutex_lock(&db->mu);
        db->qbytes -= bytes;
        db->busy = 0;
        if (rc && !db->werr) db->werr = rc;
        pthread_cond_broadcast(&db->cv_room);
    }
    pthread_mutex_unlock(&db->mu);
    return NULL;
}

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

/* Copies S[n] (NULL stays NULL) to *P, NUL-terminated; advances *P. */
static const char *copy_str(char **p, const char *s, size_t n)
{
    if (!s) return NULL;
    char *d = *p;
    memcpy(d, s, n);
    d[n] = 0;
    *p += n + 1;
    return d;
}

static const char *copy_cstr(char **p, const char *s) { return s ? copy_str(p, s, strlen(s)) : NULL; }

/* A queued copy of DOC and its statements (spans stay valid: they index
 * the copied text) with their topics matched here, or NULL when out of
 * memory. */
static wjob *job_new(ws_db *db, const ws_doc *doc, int status, const ws_statement *st, size_t n)
{
    if (status != WS_OK) n = 0;
    size_t nt = (size_t)ws_tp_count(db->topics);
    size_t bytes = sizeof(wjob) + n * sizeof(ws_statement) + n * nt;
    if (status == WS_OK) {
        bytes += doc->id_len + 1 + (doc->text ? doc->text_len + 1 : 0) + str_size(doc->title) +
                 str_size(doc->url) + str_size(doc->outlet);
        for (size_t i = 0; i < n; i++)
            bytes += str_size(st[i].speaker) + str_size(st[i].title) + str_size(st[i].affiliation) +
                     str_size(st[i].date_text) + str_size(st[i].venue) + str_size(st[i].method);
    }
    wjob *j = ws__alloc(bytes);
    if (!j) return NULL;
    memset(j, 0, sizeof *j);
    j->bytes = bytes;
    j->status = status;
    if (status != WS_OK) return j;
    j->st = (ws_statement *)(j + 1);
    j->n = n;
    char *p = (char *)(j->st + n);
    if (nt) {
        j->hits = (unsigned char *)p;
        p += n * nt;
    }
    j->doc = *doc;
    doc_hash(doc, j->hash);
    j->doc.id = copy_str(&p, doc->id, doc->id_len);
    j->doc.text = copy_str(&p, doc->text, doc->text_len);
    j->doc.title = copy_cstr(&p, doc->title);
    j->doc.url = copy_cstr(&p, doc->url);
    j->doc.outlet = copy_cstr(&p, doc->outlet);
    for (size_t i = 0; i < n; i++) {
        ws_statement *s = &j->st[i];
        *s = st[i];
        s->speaker = copy_cstr(&p, st[i].speaker);
        s->title = copy_cstr(&p, st[i].title);
        s->affiliation = copy_cstr(&p, st[i].affiliation);
        s->date_text = copy_cstr(&p, st[i].date_text);
        s->venue = copy_cstr(&p, st[i].venue);
        s->method = copy_cstr(&p, st[i].method);
    }
    for (size_t i = 0; i < n && nt; i++)
        if (match_topics(db->topics, &j->doc, &j->st[i], &db->qscratch, j->hits + i * nt) != WS_OK) {
            ws__free(j);
            return NULL;
        }
    return j;
}

/* Stores one document and its statements, or queues a copy for the
 * writer thread; see whosaid.h. */
int ws_db_emit(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st, size_t n)
{
    ws_db *db = ud;
    (void)errmsg;
    if (!db->started) return emit_now(db, doc, status, st, n, NULL, NULL);
    wjob *j = job_new(db, doc, status, st, n);
    if (!j) return WS_NOMEM;
    pthread_mutex_lock(&db->mu);
    while (db->qbytes > QUEUE_BYTES && !db->werr) pthread_cond_wait(&db->cv_room, &db->mu);
    int rc = db->werr;
    if (!rc) {
        if (db->qtail) db->qtail->next = j;
        else db->qhead = j;
        db->qtail = j;
        db->qbytes += j->bytes;
        pthread_cond_signal(&db->cv_job);
    }
    pthread_mutex_unlock(&db->mu);
    if (rc) ws__free(j);
    return rc;
}

/* Waits until the writer thread (if any) has stored everything queued;
 * returns its error, if it had one. */
static int writer_wait(ws_db *db)
{
    if (!db->started) return WS_OK;
    pthread_mutex_lock(&db->mu);
    while ((db->qhead || db->busy) && !db->werr) pthread_cond_wait(&db->cv_room, &db->mu);
    while (db->busy) pthread_cond_wait(&db->cv_room, &db->mu);
    int rc = db->werr;
    pthread_mutex_unlock(&db->mu);
    return rc;
}

/* Commits the batch in progress, then builds the indexes a load into an
 * empty database deferred; see whosaid.h. */
int ws_db_flush(ws_db *db)
{
    int rc = writer_wait(db);
    if (rc == WS_OK) rc = flush_now(db);
    return rc ? rc : build_deferred(db);
}

/* Stops the writer thread after it has stored what is queued (or dropped
 * it after an error). */
static void writer_stop(ws_db *db)
{
    if (!db->started) return;
    pthread_mutex_lock(&db->mu);
    db->stop = 1;
    pthread_cond_signal(&db->cv_job);
    pthread_mutex_unlock(&db->mu);
    pthread_join(db->th, NULL);
    db->started = 0;
}

/* ------------------------------------------------------------ queries */

/* Row counts; see whosaid.h. */
int ws_db_counts_get(ws_db *db, ws_db_counts *out)
{
    static const char *const sql =
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements),"
        " (SELECT count(*) FROM speakers WHERE statements > 0),"
        " (SELECT count(DISTINCT cluster) FROM statements), (SELECT count(*) FROM topics)";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db->db, sql, -1, &q, NULL) != SQLITE_OK) return db_fail(db, "counts");
    int rc = sqlite3_step(q) == SQLITE_ROW ? WS_OK : db_fail(db, "counts");
    if (rc == WS_OK) {
        out->documents = (long)sqlite3_column_int64(q, 0);
        out->statements = (long)sqlite3_column_int64(q, 1);
        out->speakers = (long)sqlite3_column_int64(q, 2);
        out->clusters = (long)sqlite3_column_int64(q, 3);
        out->topics = (long)sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    return rc;
}

/* A LIKE pattern: PRE + S (with %, _ and \ escaped) + POST. */
static char *like_pattern(const char *pre, const char *s, const char *post)
{
    sqlite3_str *b = sqlite3_str_new(NULL);
    sqlite3_str_appendall(b, pre);
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') sqlite3_str_appendchar(b, 1, '\\');
        sqlite3_str_appendchar(b, 1, *s);
    }
    sqlite3_str_appendall(b, post);
    return sqlite3_str_finish(b);
}



static int64_t date_key(ws_db *db, const char *s, int *rc)
{
    ws_date d;
    if (ws_date_parse(s, &d) != WS_OK || !julian(d)) {
        snprintf(db->err, sizeof db->err, "not a date (YYYY-MM-DD): '%s'", s);
        *rc = WS_PARSE;
        return 0;
    }
    return julian(d) << 32;
}

/* Whether some alias matches S word-wise (else the query uses substrings). */
static int speaker_wordwise(ws_db *db, const char *s, int *found)
{
    static const char *const sql =
        "SELECT 1 FROM speaker_aliases WHERE alias = ?1 OR alias LIKE ?2 ESCAPE '\\'"
        " OR alias LIKE ?3 ESCAPE '\\' OR alias LIKE ?4 ESCAPE '\\' LIMIT 1";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db->db, sql, -1, &q, NULL) != SQLITE_OK) return db_fail(db, "speaker");
    char *p[3] = {like_pattern("", s, " %"), like_pattern("% ", s, ""), like_pattern("% ", s, " %")};
    int rc = WS_OK;
    if (!p[0] || !p[1] || !p[2]) rc = WS_NOMEM;
    else {
        bind_str(q, 1, s);
        for (int i = 0; i < 3; i++) bind_str(q, i + 2, p[i]);
        int r = sqlite3_step(q);
        if (r == SQLITE_ROW) *found = 1;
        else if (r == SQLITE_DONE) *found = 0;
        else rc = db_fail(db, "speaker");
    }
    for (int i = 0; i < 3; i++) sqlite3_free(p[i]);
    sqlite3_finalize(q);
    return rc;
}

/* Appends to B the condition "speaker ID column matches S". */
static int speaker_cond(ws_db *db, sqlq *b, const char *col, const char *s)
{
    int word = 0;
    int rc = speaker_wordwise(db, s, &word);
    if (rc) return rc;
    if (word) {
        sqlite3_str_appendf(b->sql,
                            " AND %s IN (SELECT speaker_id FROM speaker_aliases WHERE alias = ?%d"
                            " OR alias LIKE ?%d ESCAPE '\\' OR alias LIKE ?%d ESCAPE '\\'"
                            " OR alias LIKE ?%d ESCAPE '\\')",
                            col, b->n + 1, b->n + 2, b->n + 3, b->n + 4);
        ws_sqlq_text(b, sqlite3_mprintf("%s", s));
        ws_sqlq_text(b, like_pattern("", s, " %"));
        ws_sqlq_text(b, like_pattern("% ", s, ""));
        ws_sqlq_text(b, like_pattern("% ", s, " %"));
    } else {
        sqlite3_str_appendf(b->sql, " AND %s IN (SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ?%d ESCAPE '\\')",
                            col, b->n + 1);
        ws_sqlq_text(b, like_pattern("%", s, "%"));
    }
    if (!ws_sqlq_ok(b)) return WS_NOMEM;
    return WS_OK;
}

/* Builds "FROM ... WHERE ..." for Q into B; *ORDER gets the column whose
 * descending order is newest first. */
static int build_where(ws_db *db, const ws_query *q, sqlq *b, const char **order)
{
    int rc = WS_OK;
    char *fts = NULL;
    if (q->match && *q->match) fts = sqlite3_mprintf("%s", q->match);
    else if (q->text && *q->text) fts = ws_sqlq_fts_words(q->text);
    if ((q->match && *q->match) || (q->text && *q->text)) {
        if (!fts) return WS_NOMEM;
        if (!*fts) { sqlite3_free(fts); fts = NULL; }
    }
    if (fts) {
        sqlite3_str_appendf(b->sql, " FROM statements_fts f CROSS JOIN statements s ON s.id = f.rowid"
                                    " WHERE statements_fts MATCH ?%d", b->n + 1);
        ws_sqlq_text(b, fts);
        *order = "f.rowid";
    } else if (q->topic && *q->topic) {
        sqlite3_str_appendf(b->sql, " FROM statement_topics x CROSS JOIN statements s ON s.id = x.statement_id"
                                    " WHERE x.topic_id = (SELECT id FROM topics WHERE name = ?%d)",
                            b->n + 1);
        ws_sqlq_text(b, sqlite3_mprintf("%s", q->topic));
        *order = "x.statement_id";
    } else {
        sqlite3_str_appendall(b->sql, " FROM statements s WHERE 1");
        *order = "s.id";
    }
    if (fts && q->topic && *q->topic) {
        sqlite3_str_appendf(b->sql, " AND s.id IN (SELECT x.statement_id FROM statement_topics x"
                                    " WHERE x.topic_id = (SELECT id FROM topics WHERE name = ?%d))",
                            b->n + 1);
        ws_sqlq_text(b, sqlite3_mprintf("%s", q->topic));
    }
    if (q->since && *q->since) {
        int64_t k = date_key(db, q->since, &rc);
        if (rc) return rc;
        sqlite3_str_appendf(b->sql, " AND %s >= ?%d", *order, b->n + 1);
        ws_sqlq_int(b, k);
    }
    if (q->until && *q->until) {
        int64_t k = date_key(db, q->until, &rc);
        if (rc) return rc;
        sqlite3_str_appendf(b->sql, " AND %s < ?%d", *order, b->n + 1);
        ws_sqlq_int(b, k + ((int64_t)1 << 32));
    }
    if (q->kind && *q->kind) {
        if (strcmp(q->kind, "direct") && strcmp(q->kind, "indirect") && strcmp(q->kind, "mixed")) {
            snprintf(db->err, sizeof db->err, "a kind is direct, indirect or mixed, not '%s'", q->kind);
            return WS_PARSE;
        }
        sqlite3_str_appendf(b->sql, " AND s.kind = ?%d", b->n + 1);
        ws_sqlq_text(b, sqlite3_mprintf("%s", q->kind));
    }
    if (q->speaker && *q->speaker && (rc = speaker_cond(db, b, "s.speaker_id", q->speaker))) return rc;
    if (!ws_sqlq_ok(b)) return WS_NOMEM;
    return WS_OK;
}

static int prepare_built(ws_db *db, sqlq *b, sqlite3_stmt **st)
{
    int rc = ws_sqlq_prepare(b, db->db, NULL, st);
    if (rc == SQLITE_NOMEM) return WS_NOMEM;
    if (rc != SQLITE_OK) return db_fail(db, "query");
    return WS_OK;
}

/* Steps ST to its end; ROW is called per row.  FTS syntax errors are
 * reported as WS_PARSE. */
static int run_rows(ws_db *db, sqlite3_stmt *st, int (*row)(ws_db *, sqlite3_stmt *, void *), void *ud)
{
    int r, rc = WS_OK;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = row(db, st, ud))) break;
    if (rc == WS_OK && r != SQLITE_DONE) {
        rc = db_fail(db, "query");
        if ((r & 0xff) == SQLITE_ERROR) rc = WS_PARSE;
    }
    sqlite3_finalize(st);
    return rc;
}

static const char *col(sqlite3_stmt *q, int i) { return (const char *)sqlite3_column_text(q, i); }

static ws_db_span span_col(sqlite3_stmt *q, int i)
{
    ws_db_span s = {col(q, i), -1, -1};
    if (s.text) {
        s.start = sqlite3_column_int64(q, i + 1);
        s.end = sqlite3_column_int64(q, i + 2);
    }
    return s;
}

typedef struct hit_ctx {
    ws_hit_fn fn;
    void *ud;
} hit_ctx;

static int hit_row(ws_db *db, sqlite3_stmt *q, void *ud)
{
    hit_ctx *c = ud;
    (void)db;
    ws_hit h;
    h.id = sqlite3_column_int64(q, 0);
    h.doc = col(q, 1);
    h.doc_date = col(q, 2);
    h.doc_title = col(q, 3);
    h.doc_url = col(q, 4);
    h.doc_outlet = col(q, 5);
    h.kind = col(q, 6);
    h.content = span_col(q, 7);
    h.content2 = span_col(q, 10);
    h.cue = span_col(q, 13);
    h.source = span_col(q, 16);
    h.speaker = col(q, 19);
    h.said_as = col(q, 20);
    h.title = col(q, 21);
    h.affiliation = col(q, 22);
    h.date = col(q, 23);
    h.date_text = col(q, 24);
    h.venue = col(q, 25);
    h.sort_date = col(q, 26);
    h.cluster = col(q, 27);
    h.confidence = sqlite3_column_double(q, 28);
    h.method = col(q, 29);
    h.topics = col(q, 30);
    return c->fn(c->ud, &h);
}

/* Searches; see whosaid.h. */
int ws_db_search(ws_db *db, const ws_query *q, ws_hit_fn fn, void *ud)
{
    sqlq b;
    ws_sqlq_init(&b, db->db);
    const char *order = "s.id";
    sqlite3_str_appendall(b.sql,
        "SELECT s.id, d.doc, d.date, d.title, d.url, d.outlet, s.kind,"
        " s.content, s.content_start, s.content_end, s.content2, s.content2_start, s.content2_end,"
        " s.cue, s.cue_start, s.cue_end, s.source, s.source_start, s.source_end,"
        " sp.name, s.speaker, s.title, s.affiliation, s.date, s.date_text, s.venue, s.sort_date,"
        " s.cluster, s.confidence, s.method,"
        " (SELECT group_concat(t.name, ',') FROM statement_topics y JOIN topics t ON t.id = y.topic_id"
        "   WHERE y.statement_id = s.id) FROM (SELECT s.id AS hid");
    int rc = build_where(db, q, &b, &order);
    if (rc == WS_OK) {
        sqlite3_str_appendf(b.sql, " ORDER BY %s DESC", order);
        if (q->limit > 0) sqlite3_str_appendf(b.sql, " LIMIT %ld", q->limit);
        sqlite3_str_appendall(b.sql, ") h JOIN statements s ON s.id = h.hid JOIN documents d ON d.id = s.doc_id"
                                     " LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.id DESC");
    }
    sqlite3_stmt *st = NULL;
    if (rc == WS_OK) rc = prepare_built(db, &b, &st);
    ws_sqlq_free(&b);
    if (rc) return rc;
    hit_ctx c = {fn, ud};
    return run_rows(db, st, hit_row, &c);
}

typedef struct spk_ctx {
    ws_speaker_fn fn;
    void *ud;
} spk_ctx;

static int speaker_row(ws_db *db, sqlite3_stmt *q, void *ud)
{
    spk_ctx *c = ud;
    (void)db;
    ws_speaker_row r;
    r.id = sqlite3_column_int64(q, 0);
    r.name = col(q, 1);
    r.is_person = sqlite3_column_int(q, 2);
    r.statements = (long)sqlite3_column_int64(q, 3);
    r.first = col(q, 4);
    r.last = col(q, 5);
    r.titles = col(q, 6);
    r.affiliations = col(q, 7);
    r.aliases = col(q, 8);
    return c->fn(c->ud, &r);
}

/* Lists speakers; see whosaid.h. */
int ws_db_speakers(ws_db *db, const char *name, ws_speaker_fn fn, void *ud)
{
    sqlq b;
    ws_sqlq_init(&b, db->db);
    sqlite3_str_appendall(b.sql,
        "SELECT sp.id, sp.name, sp.is_person, sp.statements, sp.first_date, sp.last_date,"
        " (SELECT group_concat(value, '; ') FROM speaker_titles WHERE speaker_id = sp.id AND kind = 'title'),"
        " (SELECT group_concat(value, '; ') FROM speaker_titles WHERE speaker_id = sp.id AND kind = 'affiliation'),"
        " (SELECT group_concat(alias, '; ') FROM speaker_aliases WHERE speaker_id = sp.id AND alias <> sp.name)"
        " FROM speakers sp WHERE sp.statements > 0");
    int rc = WS_OK;
    if (name && *name) rc = speaker_cond(db, &b, "sp.id", name);
    sqlite3_str_appendall(b.sql, " ORDER BY sp.statements DESC, sp.name");
    sqlite3_stmt *st = NULL;
    if (rc == WS_OK) rc = prepare_built(db, &b, &st);
    ws_sqlq_free(&b);
    if (rc) return rc;
    spk_ctx c = {fn, ud};
    return run_rows(db, st, speaker_row, &c);
}

typedef struct tl_ctx {
    int (*fn)(void *, const char *, long);
    void *ud;
} tl_ctx;

static int timeline_row(ws_db *db, sqlite3_stmt *q, void *ud)
{
    tl_ctx *c = ud;
    (void)db;
    const char *p = col(q, 0);
    return p ? c->fn(c->ud, p, (long)sqlite3_column_int64(q, 1)) : 0;
}

/* Counts per period; see whosaid.h. */
int ws_db_timeline(ws_db *db, const ws_query *q, ws_period by, int (*fn)(void *, const char *, long), void *ud)
{
    static const char *const bucket[] = {
        "s.sort_date", "date(s.sort_date, '-6 days', 'weekday 1')", "substr(s.sort_date, 1, 7)"};
    if ((int)by < 0 || by > WS_BY_MONTH) return WS_USAGE;
    sqlq b;
    ws_sqlq_init(&b, db->db);
    const char *order;
    sqlite3_str_appendf(b.sql, "SELECT %s AS p, count(*)", bucket[by]);
    int rc = build_where(db, q, &b, &order);
    sqlite3_str_appendall(b.sql, " AND s.sort_date IS NOT NULL GROUP BY p ORDER BY p");
    sqlite3_stmt *st = NULL;
    if (rc == WS_OK) rc = prepare_built(db, &b, &st);
    ws_sqlq_free(&b);
    if (rc) return rc;
    tl_ctx c = {fn, ud};
    return run_rows(db, st, timeline_row, &c);
}
