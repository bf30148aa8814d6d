/*
 * pg_sql.c -- the PostgreSQL backend's SQL text: the schema (created at
 * open for writing), the indexes a load into an empty database builds at
 * its end, and the statements prepared at open (pg.h declares them; pg.c
 * runs them); the array literals that carry a batch's values to them.
 */
#ifdef WS_HAVE_PG

#include "pg.h"

const char *const ws_pg_schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text);\n"
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id bigserial PRIMARY KEY, doc text NOT NULL UNIQUE, hash text NOT NULL,\n"
    "  date text, title text, url text, outlet text, bytes bigint NOT NULL,\n"
    "  text text, statements bigint NOT NULL DEFAULT 0, ingested text NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS speakers(\n"
    "  id bigserial PRIMARY KEY, name text NOT NULL, is_person integer NOT NULL,\n"
    "  surname text, statements bigint NOT NULL DEFAULT 0,\n"
    "  first_date text, last_date text);\n"
    "CREATE INDEX IF NOT EXISTS speakers_surname ON speakers(lower(surname COLLATE \"C\"));\n"
    "CREATE INDEX IF NOT EXISTS speakers_name ON speakers(lower(name COLLATE \"C\"));\n"
    "CREATE TABLE IF NOT EXISTS speaker_aliases(alias text NOT NULL, speaker_id bigint NOT NULL);\n"
    "CREATE UNIQUE INDEX IF NOT EXISTS speaker_aliases_alias ON speaker_aliases(lower(alias COLLATE \"C\"));\n"
    "CREATE INDEX IF NOT EXISTS speaker_aliases_speaker ON speaker_aliases(speaker_id);\n"
    "CREATE TABLE IF NOT EXISTS speaker_titles(\n"
    "  speaker_id bigint NOT NULL, kind text NOT NULL, value text NOT NULL,\n"
    "  statements bigint NOT NULL DEFAULT 0, first_date text, last_date text,\n"
    "  PRIMARY KEY(speaker_id, kind, value));\n"
    "ALTER TABLE speaker_titles ADD COLUMN IF NOT EXISTS statements bigint NOT NULL DEFAULT 0,\n"
    "  ADD COLUMN IF NOT EXISTS first_date text, ADD COLUMN IF NOT EXISTS last_date text;\n"
    "CREATE INDEX IF NOT EXISTS speaker_titles_value ON speaker_titles(lower(value COLLATE \"C\"), kind);\n"
    "CREATE TABLE IF NOT EXISTS statements(\n"
    "  id bigint PRIMARY KEY, doc_id bigint NOT NULL, kind text NOT NULL,\n"
    "  content text NOT NULL, content_start bigint, content_end bigint,\n"
    "  content2 text, content2_start bigint, content2_end bigint,\n"
    "  cue text, cue_start bigint, cue_end bigint,\n"
    "  source text, source_start bigint, source_end bigint,\n"
    "  speaker_id bigint, speaker text, title text, affiliation text,\n"
    "  date text, date_text text, venue text, sort_date text,\n"
    "  cluster text NOT NULL, confidence double precision, method text,\n"
    "  fts tsvector GENERATED ALWAYS AS\n"
    "    (to_tsvector('english'::regconfig, content || ' ' || coalesce(content2, ''))) STORED);\n"
    "CREATE INDEX IF NOT EXISTS statements_doc ON statements(doc_id);\n"
    /* a speaker's statements newest first (and a speaker's rows for merges) */
    "CREATE INDEX IF NOT EXISTS statements_speaker_id ON statements(speaker_id, id);\n"
    "DROP INDEX IF EXISTS statements_speaker;\n"
    "CREATE SEQUENCE IF NOT EXISTS statement_seq;\n"
    "CREATE TABLE IF NOT EXISTS cluster_sigs(cluster text PRIMARY KEY, sig text NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS cluster_bands(band bigint NOT NULL, cluster text NOT NULL,\n"
    "  PRIMARY KEY(band, cluster));\n"
    "CREATE TABLE IF NOT EXISTS topics(id bigserial PRIMARY KEY, name text NOT NULL);\n"
    "CREATE UNIQUE INDEX IF NOT EXISTS topics_name ON topics(lower(name COLLATE \"C\"));\n"
    "CREATE TABLE IF NOT EXISTS statement_topics(\n"
    "  topic_id bigint NOT NULL, statement_id bigint NOT NULL,\n"
    "  PRIMARY KEY(topic_id, statement_id));\n"
    "CREATE INDEX IF NOT EXISTS statement_topics_statement ON statement_topics(statement_id);\n"
    "CREATE OR REPLACE VIEW clusters AS SELECT cluster, count(*) AS occurrences,\n"
    "  count(DISTINCT doc_id) AS documents, min(sort_date COLLATE \"C\") AS earliest\n"
    "  FROM statements GROUP BY cluster;\n"
    /* a database made before the titles had counts: rows made again
     * from the statements (every row a statement gave has a count) */
    "DELETE FROM speaker_titles WHERE EXISTS (SELECT 1 FROM speaker_titles WHERE statements = 0);\n"
    "INSERT INTO speaker_titles(speaker_id, kind, value, statements, first_date, last_date)\n"
    "  SELECT speaker_id, 'title', title, count(*), min(sort_date COLLATE \"C\"), max(sort_date COLLATE \"C\")\n"
    "  FROM statements WHERE speaker_id IS NOT NULL AND title <> ''\n"
    "  AND NOT EXISTS (SELECT 1 FROM speaker_titles) GROUP BY speaker_id, title\n"
    "  UNION ALL SELECT speaker_id, 'affiliation', affiliation, count(*), min(sort_date COLLATE \"C\"),\n"
    "  max(sort_date COLLATE \"C\") FROM statements WHERE speaker_id IS NOT NULL AND affiliation <> ''\n"
    "  AND NOT EXISTS (SELECT 1 FROM speaker_titles) GROUP BY speaker_id, affiliation;\n"
    "INSERT INTO meta VALUES ('schema', '" SCHEMA_VERSION "') ON CONFLICT DO NOTHING;\n"
    /* documents' text compressed by lz4 where the server has it (pglz
     * costs the load several times more CPU) */
    "DO $$ BEGIN ALTER TABLE documents ALTER COLUMN text SET COMPRESSION lz4;\n"
    "  EXCEPTION WHEN OTHERS THEN NULL; END $$;\n";

/* The indexes that a load into an empty database builds at its end
 * (pg_finish) instead of row by row; any other open for writing creates
 * them when missing (a load that was killed). */
const char *const ws_pg_deferred_sql =
    "SET maintenance_work_mem = '256MB';\n"
    "CREATE INDEX IF NOT EXISTS statements_cluster ON statements(cluster);\n"
    "CREATE INDEX IF NOT EXISTS statements_fts ON statements USING gin(fts);\n"
    "RESET maintenance_work_mem;\n";
const char *const ws_pg_undefer_sql = "DROP INDEX IF EXISTS statements_cluster, statements_fts;\n";

const ws_pg_stmt ws_pg_prepared[P_COUNT] = {
    [P_DOC_FIND] = {"ws_doc_find", "SELECT id, hash FROM documents WHERE doc = $1", 1},
    [P_ALIAS_GET] = {"ws_alias_get",
                     "SELECT speaker_id FROM speaker_aliases WHERE lower(alias COLLATE \"C\") = lower($1 COLLATE \"C\")",
                     1},
    [P_SURNAME] = {"ws_surname",
                   "SELECT id FROM speakers WHERE lower(surname COLLATE \"C\") = lower($1 COLLATE \"C\")"
                   " AND is_person = 1 AND name LIKE '% %' ORDER BY statements DESC, id LIMIT 1",
                   1},
    [P_SPK_NEW] = {"ws_spk_new", "INSERT INTO speakers(name, is_person, surname) VALUES ($1, $2, $3) RETURNING id", 3},
    [P_ALIAS_ADD] = {"ws_alias_add", "INSERT INTO speaker_aliases(alias, speaker_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     2},
    [P_SPK_SINGLE] = {"ws_spk_single",
                      "SELECT id FROM speakers WHERE lower(name COLLATE \"C\") = lower($1 COLLATE \"C\")"
                      " AND is_person = 1 AND id <> $2 ORDER BY id LIMIT 1",
                      2},
    [P_DOC_UPD] = {"ws_doc_upd",
                   "UPDATE documents SET doc = $1, hash = $2, date = $3, title = $4, url = $5, outlet = $6,"
                   " bytes = $7, text = $8, statements = $9, ingested = $10 WHERE id = $11",
                   11},
};

/* Appends S (NULL: NULL) as an element of a PostgreSQL array literal. */
int ws_pg_arr_add(buf *b, const char *s)
{
    int rc = ws_buf_putc(b, b->len ? ',' : '{');
    if (rc) return rc;
    if (!s) return ws_buf_append(b, "NULL", 4);
    rc = ws_buf_putc(b, '"');
    for (; *s && rc == WS_OK; s++) {
        if (*s == '"' || *s == '\\') rc = ws_buf_putc(b, '\\');
        if (rc == WS_OK) rc = ws_buf_putc(b, *s);
    }
    return rc ? rc : ws_buf_putc(b, '"');
}

/* The array literal in B, closed (NUL-terminated, not counted). */
const char *ws_pg_arr_end(buf *b)
{
    if (!b->len && ws_buf_putc(b, '{') != WS_OK) return NULL;
    if (ws_buf_append(b, "}", 2) != WS_OK) return NULL;
    b->len--;
    return b->p;
}

#else
/* Built without libpq: no PostgreSQL backend. */
typedef int ws_store_pg_sql_absent;
#endif
