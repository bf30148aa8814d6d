#!/bin/sh
# bench/pg.sh -- the statement store on PostgreSQL beside SQLite (issue 14).
#
# On the input of bench/store.sh (the PolNeAR train texts repeated under
# distinct ids, dates over two years, JSON lines, at least TARGET
# statements; default 1,000,000), in one run:
#   - plain `whosaid extract` (the reference: ratios are to it),
#   - `whosaid ingest` into SQLite,
#   - `whosaid ingest` into PostgreSQL with 1, 2 and 4 ingester processes
#     at once (--shard K/P each, one database), on a throwaway server
#     (scripts/pg-test-server.sh: Unix socket, default settings, fsync on),
#   each as wall time, statements per second and the ratio of extract's
#   wall time to its own, and as CPU time per statement: the client's
#   (whosaid's processes, user + sys) and the server's (the postmaster
#   and every backend, from /proc), which a loaded machine distorts less
#   than wall time; for SQLite also the CPU of storing (WHOSAID_STATS:
#   the writer thread, then the final flush and index build);
#   - REPEAT runs of the ten typical searches on both databases, as
#     bench/pg_search.sh prints them (bench/storelib.py's search_table:
#     median wall time with process start, CPU of client and server);
#   - the floor of the SQLite ingest: bench/store_floor.sh on the rows
#     the SQLite ingest stored (the ingest's target: within 1.5x of it).
# Usage: sh bench/pg.sh                  (needs ../shared/data/polnear)
#        TARGET=200000 sh bench/pg.sh    a smaller run
#        PROCS="1 2 4" REPEAT=10         the defaults
# Work files go to bench/out/pg/ (ignored by git); the server is stopped
# and removed at the end whatever happens.  The corpus, the searches and
# the CPU readings are bench/storelib.py's, shared with bench/store.sh.
set -eu
cd "$(dirname "$0")/.."
W=${WHOSAID:-build/whosaid}
TEXT=${POLNEAR:-../shared/data/polnear/train/text}
TARGET=${TARGET:-1000000}
REPEAT=${REPEAT:-10}
PROCS=${PROCS:-1 2 4}
OUT=bench/out/pg
[ -x "$W" ] || { echo "build first: make" >&2; exit 1; }
[ -d "$TEXT" ] || { echo "SKIPPED: $TEXT is absent" >&2; exit 77; }
mkdir -p "$OUT"
PGDIR=$(mktemp -u /tmp/whosaid-bench-pg.XXXXXX)
trap 'scripts/pg-test-server.sh stop "$PGDIR" >/dev/null 2>&1' EXIT
trap 'exit 1' INT TERM HUP
URI=$(scripts/pg-test-server.sh start "$PGDIR")
PSQL="$(scripts/pg-test-server.sh bindir)/psql"
python3 bench/storelib.py corpus "$W" "$TEXT" "$TARGET" "$OUT/big.jsonl"
echo "$(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
cat "$OUT/big.jsonl" >/dev/null
python3 - "$W" "$OUT" "$URI" "$PGDIR" "$PSQL" "$REPEAT" $PROCS <<'PY'
import os, resource, subprocess, sys, time
sys.path.insert(0, "bench")
from storelib import search_table, server_cpu, store_cpu
w, out, uri, pgdir, psql, rep = sys.argv[1:7]
rep = int(rep)
procs = [int(p) for p in sys.argv[7:]]
inp = os.path.join(out, "big.jsonl")
mb = os.path.getsize(inp) / 1e6
store = []
def timed(cmds):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    s0 = server_cpu(pgdir)
    t = time.time()
    env = dict(os.environ, WHOSAID_STATS="1")
    ps = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env) for c in cmds]
    for p, c in zip(ps, cmds):
        err = p.communicate()[1]
        if p.returncode:
            sys.exit(f"{' '.join(c)}: exit {p.returncode}: {err.decode(errors='replace')[-500:]}")
        if b"run again" in err:
            print(f"  {[l for l in err.decode(errors='replace').splitlines() if 'run again' in l][0]}")
        if "ingest" in c and "postgres" not in " ".join(c):
            cpu = store_cpu(err.decode(errors="replace"))
            if cpu:
                store.append(cpu)
    wall = time.time() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, os.getloadavg()[0], client, server_cpu(pgdir) - s0
def sql(db, q):
    return subprocess.run([psql, db, "-XAtqc", q], capture_output=True, text=True, check=True).stdout.strip()
res = []
t, load, cc, sc = timed([[w, "extract", inp, "--format", "jsonl"]])
n = int(subprocess.run(f"'{w}' extract '{inp}' | wc -l", shell=True, capture_output=True, text=True).stdout)
ext = t
res.append(("extract (no store)", t, load, cc, sc))
lite = os.path.join(out, "bench.db")
for f in (lite, lite + "-wal", lite + "-shm"):
    if os.path.exists(f): os.remove(f)
res.append(("ingest SQLite", *timed([[w, "ingest", "--db", lite, inp]])))
dbs = {}
for p in procs:
    name = f"bench{p}"
    sql(uri, f"DROP DATABASE IF EXISTS {name}")
    sql(uri, f"CREATE DATABASE {name}")
    db = f"postgresql:///{name}?host={pgdir}&user=postgres"
    dbs[p] = db
    cmds = [[w, "ingest", "--db", db] + (["--shard", f"{k}/{p}"] if p > 1 else []) + [inp] for k in range(p)]
    res.append((f"ingest PostgreSQL, {p} process{'es' if p > 1 else ''}", *timed(cmds)))
    got = int(sql(db, "SELECT count(*) FROM statements"))
    if got != n:
        sys.exit(f"PostgreSQL with {p} processes holds {got} statements, not {n}")
print(f"input {mb:.1f} MB, {n} statements; load average after: {os.getloadavg()[0]:.1f}")
print(f"{'run':36} {'wall s':>8} {'statements/s':>13} {'extract/run':>12} {'load after':>11}"
      f" {'client CPU us/st':>17} {'server CPU us/st':>17}")
for name, t, load, cc, sc in res:
    print(f"{name:36} {t:8.1f} {n / t:13.0f} {ext / t:11.0%} {load:11.1f} {cc / n * 1e6:17.1f} {sc / n * 1e6:17.1f}")
if store:
    wt, tail = store[0]
    print(f"SQLite ingest's storing CPU (WHOSAID_STATS): writer thread {wt:.1f} s + final flush and index build"
          f" {tail:.1f} s = {wt + tail:.1f} s (compare with the floor's CPU below)")
size = sql(dbs[procs[0]], "SELECT pg_size_pretty(pg_database_size(current_database()))")
print(f"database size: SQLite {os.path.getsize(lite) / 1e6:.0f} MB, PostgreSQL {size}")
# every statement's duration in the server's log, for the searches' server time
sql(uri, "ALTER SYSTEM SET log_min_duration_statement = 0")
sql(uri, "SELECT pg_reload_conf()")
worst = search_table(w, lite, dbs[procs[0]], pgdir, rep)
print(f"slowest median: SQLite {worst[0]:.1f} ms, PostgreSQL {worst[1]:.1f} ms (target < 50 ms each);"
      f" load average {os.getloadavg()[0]:.1f}")
PY
# the least time SQLite needs to store the same rows (compare with the
# SQLite ingest's wall time above)
echo "load average before the floor: $(cut -d' ' -f1 /proc/loadavg)"
SRC="$OUT/bench.db" sh bench/store_floor.sh
