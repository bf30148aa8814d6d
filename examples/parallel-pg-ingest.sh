#!/bin/sh
# A sharded ingest into one PostgreSQL database with GNU parallel: eight
# ingesters, here or over ssh on the machines of -S, each storing document
# K of every 8 of the same inputs (--shard K/8).  -q: parallel runs the
# command through a shell, and a URI's "&" (postgresql://...?a=1&b=2)
# would end the command there; -q quotes each word.  The one line:
#
#   parallel -q -j 8 whosaid ingest --db "$WHOSAID_DB" --shard {}/8 /data/news/*.jsonl ::: $(seq 0 7)
#
# Over machines that see the same files under the same paths (the
# variable sent along with --env, and quoted where it is expanded):
#
#   parallel -S 4/node1,4/node2 --env WHOSAID_DB \
#       whosaid ingest --db '"$WHOSAID_DB"' --shard {}/8 /data/news/*.jsonl ::: $(seq 0 7)
#
# Usage: examples/parallel-pg-ingest.sh N FILE...   (WHOSAID_DB set)
set -eu
: "${WHOSAID_DB:?WHOSAID_DB must be the database URI (postgresql://...)}"
[ $# -ge 2 ] || { echo "usage: $0 N FILE..." >&2; exit 2; }
n=$1
shift
seq 0 $((n - 1)) | parallel -q -j "$n" --halt now,fail=1 whosaid ingest --db "$WHOSAID_DB" --shard "{}/$n" "$@"
