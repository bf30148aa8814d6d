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
# server's CPU (the postmaster's ended and live children, from /proc: the
# backend of each search) and, when the server logs every statement
# (log_min_duration_statement = 0), the server's own time: the durations
# of the search's session summed, median of the runs.  CPU and server time
# move less with the machine's load than wall time.  WHOSAID names the
# binary (default build/whosaid).
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 LITE.db PGDIR [REPEAT]" >&2; exit 2; }
W=${WHOSAID:-build/whosaid}
python3 - "$W" "$1" "$2" "${3:-5}" <<'PY'
import os, re, resource, statistics, subprocess, sys, time
w, lite, pgdir, rep = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3]), int(sys.argv[4])
uri = f"postgresql:///whosaid?host={pgdir}&user=postgres"
tick = os.sysconf("SC_CLK_TCK")
log = os.path.join(pgdir, "log")
def server_cpu():
    pm = int(open(os.path.join(pgdir, "data", "postmaster.pid")).readline())
    total = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            f = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(d) == pm:
            total += int(f[13]) + int(f[14])
        elif int(f[1]) == pm:
            total += int(f[11]) + int(f[12])
    return total / tick
def log_size():
    return os.path.getsize(log) if os.path.exists(log) else 0
searches = [
    ["Clinton"], ["emails", "--speaker", "Trump"], ["--speaker", "Obama"], ["--topic", "sanctions"],
    ["immigration", "--since", "2016-01-01"], ["tax*"], ["economy", "--kind", "direct"],
    ["--speaker", "Sanders", "--since", "2015-06-01", "--until", "2015-12-31"], ["terror*", "--speaker", "Cruz"],
    ["Supreme", "Court"],
]
print(f"{'search':56} {'rows':>4} {'SQLite wall':>11} {'SQLite CPU':>10} {'PG wall':>8} {'PG client CPU':>13}"
      f" {'PG server CPU':>13} {'PG server ms':>12} {'load':>5}")
for s in searches:
    out = []
    for db in (lite, uri):
        ts, srv = [], []
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        s0 = server_cpu()
        for _ in range(rep):
            at = log_size()
            t = time.perf_counter()
            r = subprocess.run([w, "search", "--db", db, "--format", "jsonl"] + s, capture_output=True, check=True)
            ts.append((time.perf_counter() - t) * 1000)
            if db == uri and at:
                with open(log, errors="replace") as f:
                    f.seek(at)
                    srv.append(sum(float(x) for x in re.findall(r"duration: ([0-9.]+) ms", f.read())))
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000 / rep
        out.append((statistics.median(ts), cpu, (server_cpu() - s0) * 1000 / rep,
                    statistics.median(srv) if srv else float("nan"), r.stdout.count(b"\n")))
    (lw, lc, _, _, ln), (pw, pc, ps, pm, pn) = out
    rows = f"{ln}" if ln == pn else f"{ln}/{pn}"
    print(f"{' '.join(s):56} {rows:>4} {lw:11.1f} {lc:10.1f} {pw:8.1f} {pc:13.1f} {ps:13.1f} {pm:12.1f}"
          f" {os.getloadavg()[0]:5.1f}")
PY
