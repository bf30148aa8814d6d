/*
 * sqlite.c -- the SQLite backend of the statement store: one database
 * file, its schema, batches as transactions, and the checkpointer thread.
 * Rows are written by sqlite_ingest.c, read by sqlite_query.c.
 *
 * The schema (README.md documents it for users):
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
 *   speaker_titles    (speaker_id, kind 'title'|'affiliation', value,
 *                     statements, first_date, last_date): every title and
 *                     affiliation a speaker's statements gave, how many and
 *                     their first and last sort_date; index
 *                     speaker_titles_value (value NOCASE, kind) finds the
 *                     holders of a title (a title alone, registry.c)
 *   topics            id, name;  statement_topics (topic_id, statement_id)
 *   cluster_sigs      cluster (its 16 hex digits as a signed 64-bit
 *                     integer) -> the near-repeat signature of its first
 *                     statement (ingest.c); cluster_bands (band, cluster)
 *                     its band hashes, to find it from a later ingest
 *   clusters          a VIEW: cluster, occurrences, documents, earliest
 *   statements_fts    FTS5 over content and content2, external content
 *                     (the statements table): ingest indexes each batch's
 *                     new rows itself; triggers remove or reindex rows
 *                     deleted or updated; porter stemming over unicode61,
 *                     so "peacekeepers" finds "peacekeeping"
 *   meta              key/value: schema version, the statement sequence
 *
 * A batch is a write transaction (BEGIN IMMEDIATE ... COMMIT).  WAL mode,
 * synchronous=NORMAL: a crash (even SIGKILL) loses at most the open
 * batch, never half a document, and a rerun redoes it.
 *
 * Speed.  Storing must keep up with extraction, so:
 *   - no insert trigger feeds the FTS index: a statement that fires a
 *     trigger opens a savepoint, and FTS5 writes its pending terms to a new
 *     segment at every savepoint, i.e. one segment (and merge work) a row.
 *     A statement row goes in at once; its full-text row waits in memory
 *     (pend_fts) until the commit, then all go in rowid order, so that
 *     FTS5 keeps the whole batch in memory (hashsize 64 MiB) and writes
 *     one segment.  A cleared document first indexes what waits, so that
 *     the delete trigger removes only what is indexed;
 *   - a checkpointer thread copies each committed batch from the WAL into
 *     the database file on its own connection (ckpt_main), so the writer
 *     does not; the WAL stays under about CK_RESTART_FRAMES pages plus a
 *     batch;
 *   - 16 KiB pages, FTS5 automerge 8: fewer pages written again at each
 *     commit and fewer segment merges;
 *   - FTS5 columnsize=0: no docsize row a statement (whosaid never ranks
 *     by bm25);
 *   - a load into an empty database builds the indexes statements_speaker
 *     and statements_cluster at its end (finish; CREATE INDEX sorts, far
 *     cheaper than a million random inserts).  Crash safety: a killed
 *     load leaves them missing, and every open of a non-empty database
 *     creates missing ones, so the rerun has them.  Ingest itself needs
 *     only the document and alias lookups, which stay; the speaker index
 *     is built early, in the batch, when a speaker merge or a cleared
 *     document would otherwise scan more than DEFER_SCAN_ROWS rows.
 * bench/store.sh measures it (figures in bench/README.md).
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION "1"

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
    "  statements INTEGER NOT NULL DEFAULT 0, first_date TEXT, last_date TEXT,\n"
    "  PRIMARY KEY(speaker_id, kind, value)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS speaker_titles_value ON speaker_titles(value COLLATE NOCASE, kind);\n"
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
    "CREATE TABLE IF NOT EXISTS cluster_sigs(cluster INTEGER PRIMARY KEY, sig TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS cluster_bands(band INTEGER NOT NULL, cluster INTEGER NOT NULL,\n"
    "  PRIMARY KEY(band, cluster)) WITHOUT ROWID;\n"
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
 * at its end (finish) instead of row by row; any other open creates
 * them when missing (see the top of this file). */
static const char *const deferred_sql =
    "CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_id);\n"
    "CREATE INDEX IF NOT EXISTS statements_cluster ON statements(cluster);\n";
static const char *const undefer_sql =
    "DROP INDEX IF EXISTS statements_speaker; DROP INDEX IF EXISTS statements_cluster;";

/* Rows of this handle's own statements past which a deferred speaker
 * index is built before a speaker merge or a document replacement
 * instead of scanning the table for them. */
#define DEFER_SCAN_ROWS 50000

const char *const ws_sql_ingest[Q_COUNT] = {
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
    [Q_TITLE_INS] = "INSERT INTO speaker_titles(speaker_id, kind, value, statements, first_date, last_date)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(speaker_id, kind, value) DO UPDATE SET"
                    " statements = statements + excluded.statements,"
                    " first_date = CASE WHEN excluded.first_date IS NULL THEN first_date"
                    "   WHEN first_date IS NULL OR excluded.first_date < first_date THEN excluded.first_date"
                    "   ELSE first_date END,"
                    " last_date = CASE WHEN excluded.last_date IS NULL THEN last_date"
                    "   WHEN last_date IS NULL OR excluded.last_date > last_date THEN excluded.last_date"
                    "   ELSE last_date END",
    [Q_TITLE_CLEAR] = "DELETE FROM speaker_titles WHERE speaker_id = ?1",
    [Q_TITLE_RECOUNT] = "INSERT INTO speaker_titles(speaker_id, kind, value, statements, first_date, last_date)"
                        " SELECT speaker_id, 'title', title, count(*), min(sort_date), max(sort_date)"
                        " FROM statements WHERE speaker_id = ?1 AND title <> '' GROUP BY speaker_id, title"
                        " UNION ALL SELECT speaker_id, 'affiliation', affiliation, count(*), min(sort_date),"
                        " max(sort_date) FROM statements WHERE speaker_id = ?1 AND affiliation <> ''"
                        " GROUP BY speaker_id, affiliation",
    [Q_TITLE_HOLDERS] = "SELECT t.speaker_id FROM speaker_titles t JOIN speakers sp ON sp.id = t.speaker_id"
                        " WHERE t.value = ?1 COLLATE NOCASE AND t.kind = 'title' AND sp.is_person = 1"
                        " AND sp.name LIKE '% %' AND t.first_date <= ?4 AND t.last_date >= ?3"
                        " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM speaker_titles a WHERE a.speaker_id = t.speaker_id"
                        "   AND a.kind = 'affiliation' AND a.value = ?2 COLLATE NOCASE"
                        "   AND a.first_date <= ?4 AND a.last_date >= ?3))"
                        " GROUP BY t.speaker_id ORDER BY t.speaker_id LIMIT 2",
    [Q_NEAR_FIND] = "SELECT cluster, sig FROM cluster_sigs WHERE cluster IN (SELECT cluster FROM cluster_bands"
                    " WHERE band IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))"
                    " ORDER BY cluster LIMIT 64",
    [Q_NEAR_SIG] = "INSERT OR IGNORE INTO cluster_sigs(cluster, sig) VALUES (?1, ?2)",
    [Q_NEAR_BAND] = "INSERT OR IGNORE INTO cluster_bands(band, cluster) VALUES (?1, ?17), (?2, ?17), (?3, ?17),"
                    " (?4, ?17), (?5, ?17), (?6, ?17), (?7, ?17), (?8, ?17), (?9, ?17), (?10, ?17), (?11, ?17),"
                    " (?12, ?17), (?13, ?17), (?14, ?17), (?15, ?17), (?16, ?17)",
    [Q_NEAR_ANY] = "SELECT cluster, sig FROM cluster_sigs LIMIT 1",
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

/* ------------------------------------------------------------ helpers */

int ws_sql_fail(sqlconn *c, const char *what)
{
    snprintf(c->err, sizeof c->err, "%s: %s", what, sqlite3_errmsg(c->db));
    return WS_DB;
}

int ws_sql_exec(sqlconn *c, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(c->err, sizeof c->err, "%s", msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        return WS_DB;
    }
    return WS_OK;
}

int ws_sql_bind_text(sqlite3_stmt *q, int i, const char *s, size_t n)
{
    if (!s) return sqlite3_bind_null(q, i);
    if (n > 0x7fffffff) return SQLITE_TOOBIG;
    return sqlite3_bind_text(q, i, s, (int)n, SQLITE_STATIC);
}

int ws_sql_bind_str(sqlite3_stmt *q, int i, const char *s) { return ws_sql_bind_text(q, i, s, s ? strlen(s) : 0); }

int ws_sql_step_bound(sqlconn *c, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return ws_sql_fail(c, what);
    return WS_OK;
}

int ws_sql_step_done(sqlconn *c, sqlite3_stmt *q, const char *what)
{
    int rc = ws_sql_step_bound(c, q, what);
    sqlite3_clear_bindings(q);
    return rc;
}

/* A database made before speaker_titles had its counts and dates gets
 * the columns, and its rows are made again from the statements. */
static int upgrade_titles(sqlconn *c)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM pragma_table_info('speaker_titles') WHERE name = 'statements'",
                           -1, &q, NULL) != SQLITE_OK)
        return ws_sql_fail(c, "schema");
    int have = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
    sqlite3_finalize(q);
    if (have) return WS_OK;
    return ws_sql_exec(c,
                       "ALTER TABLE speaker_titles ADD COLUMN statements INTEGER NOT NULL DEFAULT 0;"
                       "ALTER TABLE speaker_titles ADD COLUMN first_date TEXT;"
                       "ALTER TABLE speaker_titles ADD COLUMN last_date TEXT;"
                       "DELETE FROM speaker_titles;"
                       "INSERT INTO speaker_titles(speaker_id, kind, value, statements, first_date, last_date)"
                       " SELECT speaker_id, 'title', title, count(*), min(sort_date), max(sort_date) FROM statements"
                       " WHERE speaker_id IS NOT NULL AND title <> '' GROUP BY speaker_id, title"
                       " UNION ALL SELECT speaker_id, 'affiliation', affiliation, count(*), min(sort_date),"
                       " max(sort_date) FROM statements WHERE speaker_id IS NOT NULL AND affiliation <> ''"
                       " GROUP BY speaker_id, affiliation;");
}

/* Runs ROLLBACK keeping the error that made it necessary. */
static void rollback(sqlconn *c)
{
    char keep[sizeof c->err];
    memcpy(keep, c->err, sizeof keep);
    ws_sql_exec(c, "ROLLBACK");
    memcpy(c->err, keep, sizeof keep);
}

/* ------------------------------------------------------- deferred indexes */

/* An empty database gets its deferred indexes at the end of the load
 * (dropped now if an earlier version made them); a non-empty one gets
 * them now if they are missing (a bulk load that was killed, say). */
static int defer_or_build(sqlconn *c)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, "SELECT EXISTS(SELECT 1 FROM statements)", -1, &q, NULL) != SQLITE_OK)
        return ws_sql_fail(c, "schema");
    int r = sqlite3_step(q);
    int empty = r == SQLITE_ROW && sqlite3_column_int(q, 0) == 0;
    sqlite3_finalize(q);
    if (r != SQLITE_ROW) return ws_sql_fail(c, "schema");
    c->deferred = empty;
    return ws_sql_exec(c, empty ? undefer_sql : deferred_sql);
}

/* Builds the deferred indexes (in the open transaction, else in one of
 * its own). */
static int build_deferred(sqlconn *c)
{
    if (!c->deferred) return WS_OK;
    /* CREATE INDEX sorts on up to two helper threads */
    int rc = ws_sql_exec(c, "PRAGMA threads=2");
    if (rc == WS_OK) rc = c->in_tx ? ws_sql_exec(c, deferred_sql) : ws_sql_exec(c, "BEGIN IMMEDIATE");
    if (rc == WS_OK && !c->in_tx) {
        rc = ws_sql_exec(c, deferred_sql);
        if (rc == WS_OK) rc = ws_sql_exec(c, "COMMIT");
        else rollback(c);
    }
    if (rc == WS_OK) c->deferred = 0;
    return rc;
}

int ws_sql_need_speaker_index(sqlconn *c)
{
    if (!c->deferred || c->written < DEFER_SCAN_ROWS) return WS_OK;
    return build_deferred(c);
}

/* ------------------------------------------------------- checkpointer */

/* WAL frames (16 KiB pages) past which a batch, before it begins, waits
 * for the checkpointer to catch up, so that the WAL starts again from its
 * beginning: it stays under about this size plus one batch. */
#define CK_RESTART_FRAMES 16384

/* The checkpointer (a bulk load into a database file): after each commit
 * of a batch it copies the WAL's new pages into the database file on its
 * own connection, instead of the writer doing it at the commit (SQLite's
 * automatic checkpoint, turned off on the writer's connection).  A
 * passive checkpoint never blocks the writer; what it leaves, the next
 * one or the close copies, so a failed one is harmless.  The WAL can only
 * start again from its beginning when all of it has been copied at the
 * moment a write transaction begins: the writer waits for that when the
 * WAL has grown past CK_RESTART_FRAMES (ckpt_bound). */
static void *ckpt_main(void *arg)
{
    sqlconn *c = arg;
    (void)pthread_setname_np(pthread_self(), "whosaid-ckpt");
    pthread_mutex_lock(&c->ck_mu);
    for (;;) {
        while (!c->ck_stop && c->ck_seen == c->ck_commits) pthread_cond_wait(&c->cv_ck, &c->ck_mu);
        if (c->ck_stop) break;
        c->ck_seen = c->ck_commits;
        c->ck_busy = 1;
        pthread_mutex_unlock(&c->ck_mu);
        (void)sqlite3_wal_checkpoint_v2(c->ck, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->ck_mu);
        c->ck_busy = 0;
        pthread_cond_broadcast(&c->cv_ckdone);
    }
    pthread_mutex_unlock(&c->ck_mu);
    return NULL;
}

/* The writer connection's WAL hook: records the WAL's length. */
static int wal_hook(void *arg, sqlite3 *conn, const char *schema, int frames)
{
    (void)conn;
    (void)schema;
    ((sqlconn *)arg)->wal_frames = frames;
    return SQLITE_OK;
}

/* Starts the checkpointer for the database file PATH; without it (an
 * in-memory database, no connection, no thread) the writer checkpoints
 * as usual. */
static void ckpt_start(sqlconn *c, const char *path)
{
    if (!*path || !strcmp(path, ":memory:")) return;
    if (pthread_mutex_init(&c->ck_mu, NULL)) return;
    if (pthread_cond_init(&c->cv_ck, NULL)) {
        pthread_mutex_destroy(&c->ck_mu);
        return;
    }
    if (pthread_cond_init(&c->cv_ckdone, NULL)) {
        pthread_cond_destroy(&c->cv_ck);
        pthread_mutex_destroy(&c->ck_mu);
        return;
    }
    /* a first read opens the WAL on this connection (before, it would
     * not checkpoint: "not in WAL mode") */
    if (sqlite3_open_v2(path, &c->ck, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(c->ck, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK ||
        pthread_create(&c->ckth, NULL, ckpt_main, c) != 0) {
        sqlite3_close(c->ck);
        c->ck = NULL;
        pthread_cond_destroy(&c->cv_ckdone);
        pthread_cond_destroy(&c->cv_ck);
        pthread_mutex_destroy(&c->ck_mu);
        return;
    }
    sqlite3_busy_timeout(c->ck, 10000);
    c->ck_started = 1;
    /* replaces the automatic checkpoint (itself a WAL hook) */
    sqlite3_wal_hook(c->db, wal_hook, c);
}

/* Tells the checkpointer that a batch was committed. */
static void ckpt_signal(sqlconn *c)
{
    if (!c->ck_started) return;
    pthread_mutex_lock(&c->ck_mu);
    c->ck_commits++;
    pthread_cond_signal(&c->cv_ck);
    pthread_mutex_unlock(&c->ck_mu);
}

/* Before a batch: when the WAL is long, waits until the checkpointer has
 * copied all of it, so that this batch writes it from its beginning. */
static void ckpt_bound(sqlconn *c)
{
    if (!c->ck_started || c->wal_frames < CK_RESTART_FRAMES) return;
    pthread_mutex_lock(&c->ck_mu);
    while (c->ck_busy || c->ck_seen != c->ck_commits) pthread_cond_wait(&c->cv_ckdone, &c->ck_mu);
    pthread_mutex_unlock(&c->ck_mu);
}

/* Stops the checkpointer and closes its connection (the writer's close
 * then checkpoints what is left). */
static void ckpt_stop(sqlconn *c)
{
    if (!c->ck_started) return;
    pthread_mutex_lock(&c->ck_mu);
    c->ck_stop = 1;
    pthread_cond_signal(&c->cv_ck);
    pthread_mutex_unlock(&c->ck_mu);
    pthread_join(c->ckth, NULL);
    sqlite3_close(c->ck);
    c->ck = NULL;
    pthread_cond_destroy(&c->cv_ckdone);
    pthread_cond_destroy(&c->cv_ck);
    pthread_mutex_destroy(&c->ck_mu);
    c->ck_started = 0;
}

/* ------------------------------------------------------- open, close */

/* Process-wide, before SQLite starts; see whosaid_store.h. */
void ws_db_process_init(void) { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static int sql_accepts(const char *target)
{
    return strncmp(target, "postgresql://", 13) != 0 && strncmp(target, "postgres://", 11) != 0;
}

/* Whether C's database holds every table the store reads. */
static int check_schema(sqlconn *c)
{
    static const char *const tables[] = {"documents", "statements", "speakers", "speaker_aliases",
                                         "speaker_titles", "topics", "statement_topics", "statements_fts"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &st, NULL) != SQLITE_OK) {
            snprintf(c->err, sizeof c->err, "cannot read the database: %s", sqlite3_errmsg(c->db));
            return WS_DB;
        }
        sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_ROW) continue;
        if (rc == SQLITE_DONE)
            snprintf(c->err, sizeof c->err, "not a whosaid database (no table '%s'): run whosaid ingest first",
                     tables[i]);
        else
            snprintf(c->err, sizeof c->err, "cannot read the database: %s", sqlite3_errmsg(c->db));
        return WS_DB;
    }
    return WS_OK;
}

static void sql_close(void *conn);

static int sql_open(const char *path, const ws_store_open *o, void **out, char *err, size_t errlen)
{
    *out = NULL;
    sqlconn *c = ws__calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return WS_NOMEM;
    }
    c->read_only = o->read_only;
    int flags = o->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = WS_OK;
    int r = sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (r != SQLITE_OK) {
        if (!c->db) snprintf(c->err, sizeof c->err, "out of memory");
        else if (o->read_only) snprintf(c->err, sizeof c->err, "%s: %s", path, sqlite3_errmsg(c->db));
        else ws_sql_fail(c, path);
        rc = c->db ? WS_DB : WS_NOMEM;
        goto fail;
    }
    if (o->read_only) {
        sqlite3_busy_timeout(c->db, 2000);
        if ((rc = check_schema(c))) goto fail;
        *out = c;
        return WS_OK;
    }
    sqlite3_busy_timeout(c->db, 10000);
    sqlite3_extended_result_codes(c->db, 1);
    if ((rc = ws_sql_exec(c, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                             " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;")))
        goto fail;
    if ((rc = ws_sql_exec(c, "BEGIN IMMEDIATE"))) goto fail;
    rc = ws_sql_exec(c, schema_sql);
    if (rc == WS_OK) rc = upgrade_titles(c);
    if (rc == WS_OK) rc = defer_or_build(c);
    if (rc == WS_OK) rc = ws_sql_exec(c, "COMMIT");
    if (rc) {
        rollback(c);
        goto fail;
    }
    for (int i = 0; i < Q_COUNT; i++)
        if (sqlite3_prepare_v3(c->db, ws_sql_ingest[i], -1, SQLITE_PREPARE_PERSISTENT, &c->q[i], NULL) !=
            SQLITE_OK) {
            rc = ws_sql_fail(c, "prepare");
            goto fail;
        }
    if (o->bulk) ckpt_start(c, path);
    *out = c;
    return WS_OK;
fail:
    snprintf(err, errlen, "%s", c->err);
    sql_close(c);
    return rc;
}

static void sql_close(void *conn)
{
    sqlconn *c = conn;
    if (!c) return;
    ckpt_stop(c);
    if (c->in_tx) ws_sql_exec(c, "ROLLBACK");
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(c->q[i]);
    /* a clean close checkpoints the WAL into the database file */
    if (c->db) sqlite3_close(c->db);
    ws__free(c->pend);
    ws_buf_free(&c->pend_text);
    ws__free(c);
}

static const char *sql_errmsg(void *conn) { return ((sqlconn *)conn)->err; }

/* ------------------------------------------------------- batches */

/* Registers the topics inside the open's transaction of their own. */
static int sql_topics_register(void *conn, const char *const *names, size_t n, int64_t *ids)
{
    sqlconn *c = conn;
    if (!n) return WS_OK;
    sqlite3_stmt *ins = NULL, *get = NULL;
    int rc = ws_sql_exec(c, "BEGIN IMMEDIATE");
    if (rc) return rc;
    if (sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO topics(name) VALUES (?1)", -1, &ins, NULL) ||
        sqlite3_prepare_v2(c->db, "SELECT id FROM topics WHERE name = ?1", -1, &get, NULL))
        rc = ws_sql_fail(c, "topics");
    for (size_t i = 0; i < n && rc == WS_OK; i++) {
        ws_sql_bind_str(ins, 1, names[i]);
        rc = ws_sql_step_done(c, ins, "topics");
        if (rc) break;
        ws_sql_bind_str(get, 1, names[i]);
        if (sqlite3_step(get) == SQLITE_ROW) ids[i] = sqlite3_column_int64(get, 0);
        else rc = ws_sql_fail(c, "topics");
        sqlite3_reset(get);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(get);
    if (rc == WS_OK) rc = ws_sql_exec(c, "COMMIT");
    else rollback(c);
    return rc;
}

static int sql_begin(void *conn)
{
    sqlconn *c = conn;
    if (c->in_tx) return WS_OK;
    ckpt_bound(c);
    int rc = ws_sql_exec(c, "BEGIN IMMEDIATE");
    if (rc) return rc;
    c->in_tx = 1;
    sqlite3_stmt *q = c->q[Q_SEQ_GET];
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return ws_sql_fail(c, "sequence");
    }
    c->seq = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return WS_OK;
}

static int sql_commit(void *conn)
{
    sqlconn *c = conn;
    if (!c->in_tx) return WS_OK;
    int rc = ws_sql_insert_pending(c);
    if (rc) return rc;
    sqlite3_bind_int64(c->q[Q_SEQ_SET], 1, c->seq);
    rc = ws_sql_step_done(c, c->q[Q_SEQ_SET], "sequence");
    if (rc == WS_OK) rc = ws_sql_exec(c, "COMMIT");
    if (rc == WS_OK) {
        c->in_tx = 0;
        ckpt_signal(c);
    }
    return rc;
}

static int sql_finish(void *conn) { return build_deferred(conn); }

const ws_store_backend ws_store_sqlite = {
    .name = "sqlite",
    .accepts = sql_accepts,
    .open = sql_open,
    .close = sql_close,
    .errmsg = sql_errmsg,
    .topics_register = sql_topics_register,
    .begin = sql_begin,
    .commit = sql_commit,
    .finish = sql_finish,
    .doc_find = ws_sql_doc_find,
    .doc_clear = ws_sql_doc_clear,
    .doc_put = ws_sql_doc_put,
    .statements_add = ws_sql_statements_add,
    .registry_enter = NULL,
    .alias_get = ws_sql_alias_get,
    .surname_best = ws_sql_surname_best,
    .speaker_new = ws_sql_speaker_new,
    .alias_add = ws_sql_alias_add,
    .speaker_single = ws_sql_speaker_single,
    .speaker_merge = ws_sql_speaker_merge,
    .speaker_add = ws_sql_speaker_add,
    .title_add = ws_sql_title_add,
    .title_holders = ws_sql_title_holders,
    .near_find = ws_sql_near_find,
    .near_add = ws_sql_near_add,
    .counts = ws_sql_counts,
    .alias_exists = ws_sql_alias_exists,
    .search = ws_sql_search,
    .count = ws_sql_count,
    .timeline = ws_sql_timeline,
    .speakers = ws_sql_speakers,
    .speakers_count = ws_sql_speakers_count,
    .speaker_titles = ws_sql_speaker_titles,
    .speaker_topics = ws_sql_speaker_topics,
    .topics = ws_sql_topics,
    .speaker_names = ws_sql_speaker_names,
    .speaker_roles = ws_sql_speaker_roles,
    .document = ws_sql_document,
};
