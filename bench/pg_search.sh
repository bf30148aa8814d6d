#!/bin/sh
# bench/pg_search.sh -- the ten typical searches (bench/pg.sh's) on two
# databases that exist already, for the 10M-statement figures of issue 14:
#
#   sh bench/pg_search.sh LITE.db PGDIR [REPEAT]
#
# LITE.db: a SQLite store; PGDIR: a server started by
# scripts/pg-test-server.sh (its socket and data/postmaster.pid are read;
# the database is "whosaid").  For each search, REPEAT runs (default 5) on
# each backend: the median wall time (process start included), the CPU of
# the whosaid process (user + sys, mean a run), for PostgreSQL also the
# server's CPU (the postmaster and its ended and live children, from
# /proc: mostly the backend of each search) and, when the server logs every statement
# (log_min_duration_statement = 0), the server's own time: the durations
# of the search's session summed, median of the runs.  CPU and server time
# move less with the machine's load than wall time.  WHOSAID names the
# binary (default build/whosaid).  The searches and their measurement are
# bench/storelib.py's (search_table), shared with bench/pg.sh.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 LITE.db PGDIR [REPEAT]" >&2; exit 2; }
W=${WHOSAID:-build/whosaid}
python3 - "$W" "$1" "$2" "${3:-5}" <<'PY'
import os, sys
sys.path.insert(0, "bench")
from storelib import search_table
w, lite, pgdir, rep = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3]), int(sys.argv[4])
search_table(w, lite, f"postgresql:///whosaid?host={pgdir}&user=postgres", pgdir, rep)
PY
