#!/bin/sh
# bench/store.sh -- the statement database at scale (issue 4).
#
# Builds a database of at least TARGET (default 1,000,000) statements from
# the PolNeAR train texts repeated under distinct ids (and dates spread over
# two years) as JSON lines, and prints:
#   - plain `whosaid extract` throughput on that input (MB/s),
#   - `whosaid ingest` throughput on the same input in the same run, and
#     the ratio (target: ingest >= 70% of extract), and ingest's storing
#     CPU (WHOSAID_STATS=1: the writer thread, then the final flush and
#     index build on the calling thread),
#   - the median wall time of ten typical searches (`whosaid search`, each
#     run REPEAT times, process start included; target < 50 ms each),
#   - the floor: the time SQLite itself takes to store the same rows
#     (bench/store_floor.sh), which no ingest with this schema can beat.
# Usage: sh bench/store.sh            (needs ../shared/data/polnear)
#        TARGET=200000 sh bench/store.sh   a smaller run
#        RUNS=3 sh bench/store.sh          extract and ingest alternately
#                                          3 times each, medians reported
#                                          (other work on the machine moves
#                                          wall times a lot: the load
#                                          average is printed with them)
# Work files go to bench/out/store/ (ignored by git).
set -eu
cd "$(dirname "$0")/.."
W=${WHOSAID:-build/whosaid}
TEXT=${POLNEAR:-../shared/data/polnear/train/text}
TARGET=${TARGET:-1000000}
REPEAT=${REPEAT:-5}
RUNS=${RUNS:-1}
OUT=bench/out/store
[ -x "$W" ] || { echo "build first: make" >&2; exit 1; }
[ -d "$TEXT" ] || { echo "SKIPPED: $TEXT is absent" >&2; exit 77; }
mkdir -p "$OUT"
python3 bench/storelib.py corpus "$W" "$TEXT" "$TARGET" "$OUT/big.jsonl"
bytes=$(wc -c <"$OUT/big.jsonl")
mb=$(python3 -c "print(round($bytes / 1e6, 1))")
cat "$OUT/big.jsonl" >/dev/null   # warm the page cache for both runs
rm -f "$OUT/store.db" "$OUT/store.db-wal" "$OUT/store.db-shm"
# wall and CPU time (user+sys of the process and its threads) of each run
python3 - "$W" "$OUT/big.jsonl" "$OUT/store.db" "$bytes" "$RUNS" <<'PY'
import os, resource, statistics, subprocess, sys, time
sys.path.insert(0, "bench")
from storelib import store_cpu
w, inp, db, b, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
# ingest's storing CPU (WHOSAID_STATS): the writer thread's, plus what the
# calling thread spent in the final ws_db_flush (last batch, deferred indexes)
S = []
def run(args, out):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.time()
    p = subprocess.run(args, stdout=out, stderr=subprocess.PIPE, check=True, env=dict(os.environ, WHOSAID_STATS="1"))
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = store_cpu(p.stderr.decode(errors="replace"))
    if cpu:
        S.append(cpu)
    return time.time() - t, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), os.getloadavg()[0]
E, I = [], []
for k in range(runs):
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f): os.remove(f)
    with open("/dev/null", "w") as null:
        E.append(run([w, "extract", inp], null))
        I.append(run([w, "ingest", "--db", db, inp], null))
mb = b / 1e6
print(f"input {mb:.1f} MB; {runs} run(s) of each, alternating")
for name, v in (("extract", E), ("ingest", I)):
    for wall, cpu, load in v:
        print(f"  {name:8} {wall:8.1f} s wall {mb/wall:6.2f} MB/s   {cpu:8.1f} s CPU   load average {load:.1f}")
ew, ec = statistics.median(x[0] for x in E), statistics.median(x[1] for x in E)
iw, ic = statistics.median(x[0] for x in I), statistics.median(x[1] for x in I)
print(f"extract  {ew:8.1f} s wall {mb/ew:6.2f} MB/s   {ec:8.1f} s CPU")
print(f"ingest   {iw:8.1f} s wall {mb/iw:6.2f} MB/s   {ic:8.1f} s CPU")
print(f"ingest/extract throughput (wall): {ew/iw*100:.0f}% (target >= 70%); CPU per MB: ingest {ic/ec:.2f}x extract")
if S:
    w, tail = statistics.median(x[0] for x in S), statistics.median(x[1] for x in S)
    print(f"ingest storing CPU (median): writer thread {w:.1f} s + final flush and index build {tail:.1f} s")
PY
echo "database: $(du -h "$OUT/store.db" | cut -f1), $(sqlite3 "$OUT/store.db" 'SELECT count(*) FROM statements') statements"
# ten typical searches
python3 - "$W" "$OUT/store.db" "$REPEAT" <<'PY'
import sys
sys.path.insert(0, "bench")
from storelib import SEARCHES, run_search
w, db, rep = sys.argv[1], sys.argv[2], int(sys.argv[3])
print(f"{'search':62} {'rows':>5} {'median ms':>10} {'CPU ms':>8}")
worst = 0
for s in SEARCHES:
    r = run_search(w, db, s, rep)
    worst = max(worst, r["wall"])
    print(f"{' '.join(s):62} {r['rows']:5d} {r['wall']:10.1f} {r['cpu']:8.1f}")
print(f"slowest median {worst:.1f} ms (target < 50 ms each; process start included; CPU: mean a run)")
PY
# what SQLite alone needs for the same rows (bench/store_floor.sh)
sh bench/store_floor.sh
