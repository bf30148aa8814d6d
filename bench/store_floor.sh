#!/bin/sh
# bench/store_floor.sh -- the least time SQLite itself needs to store what
# `whosaid ingest` stores, for comparison with ingest (bench/store.sh).
#
# Copies the rows of the database that bench/store.sh built (documents,
# statements, topics) into a fresh database with the same schema and
# settings (WAL, 16 KiB pages, the same FTS5 table), with INSERT ... SELECT
# in the sqlite3 shell: no extraction, no binding, no speaker work, one
# transaction a table (every table ingest writes: the speaker registry and
# the near-repeat signatures too); then builds the FTS index and the two indexes that a
# bulk load defers.  Prints each step's time: their sum is a floor for the
# single writer thread of any ingest that keeps this schema; their CPU
# (user + sys) is the figure a loaded machine distorts least.
# Usage: sh bench/store.sh first (it leaves bench/out/store/store.db), then
#        sh bench/store_floor.sh
#        SRC=bench/out/pg/bench.db sh bench/store_floor.sh   another database
#                                         (bench/pg.sh does that)
set -eu
cd "$(dirname "$0")/.."
SRC=${SRC:-bench/out/store/store.db}
DST=${SRC%.db}.floor.db
[ -f "$SRC" ] || { echo "run sh bench/store.sh first ($SRC is absent)" >&2; exit 1; }
rm -f "$DST" "$DST-wal" "$DST-shm"
# the schema as whosaid creates it, taken from the source database
# (tables and the indexes ingest maintains row by row; not the deferred two)
schema=$(sqlite3 "$SRC" "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'statements_fts_%'
    AND (type = 'table' OR (type = 'index' AND name NOT IN ('statements_speaker', 'statements_cluster'))) ORDER BY rowid")
sqlite3 "$DST" <<SQL >/dev/null
PRAGMA page_size=16384;
PRAGMA journal_mode=WAL;
$schema
SQL
t0=$(date +%s.%N)
sqlite3 "$DST" <<SQL | tee "$DST.log"
.output /dev/null
PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA threads=2;
.output stdout
ATTACH '$SRC' AS src;
.timer on
.print documents
INSERT INTO documents SELECT * FROM src.documents ORDER BY id;
.print statements
INSERT INTO statements SELECT * FROM src.statements ORDER BY id;
.print statement_topics
INSERT INTO statement_topics SELECT * FROM src.statement_topics;
.print speakers, aliases, titles, topics, cluster signatures and bands
INSERT INTO speakers SELECT * FROM src.speakers;
INSERT INTO speaker_aliases SELECT * FROM src.speaker_aliases;
INSERT INTO speaker_titles SELECT * FROM src.speaker_titles;
INSERT INTO topics SELECT * FROM src.topics;
INSERT INTO cluster_sigs SELECT * FROM src.cluster_sigs;
INSERT INTO cluster_bands SELECT * FROM src.cluster_bands;
.print full-text index
INSERT INTO statements_fts(statements_fts, rank) VALUES ('hashsize', 67108864);
INSERT INTO statements_fts(statements_fts, rank) VALUES ('automerge', 8);
INSERT INTO statements_fts(rowid, content, content2) SELECT id, content, content2 FROM statements ORDER BY id;
.print index statements_speaker
CREATE INDEX statements_speaker ON statements(speaker_id);
.print index statements_cluster
CREATE INDEX statements_cluster ON statements(cluster);
SQL
t1=$(date +%s.%N)
echo "all steps: $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s wall (one sqlite3 process; its close checkpoints the WAL)," \
    "$(awk '/^Run Time:/ {c += $6 + $8} END {printf "%.1f", c}' "$DST.log") s CPU (user + sys of the steps)"
rm -f "$DST" "$DST-wal" "$DST-shm" "$DST.log"
