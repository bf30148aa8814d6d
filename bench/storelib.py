"""bench/storelib.py -- what the store benchmarks share (bench/store.sh,
bench/pg.sh, bench/pg_search.sh):

  write_corpus   the input: the PolNeAR train texts repeated under
                 distinct ids, dates cycling over two years, JSON lines
  SEARCHES       the ten typical searches
  server_cpu     the CPU a PostgreSQL server has used (from /proc)
  store_cpu      the CPU of SQLite's storing (WHOSAID_STATS)
  run_search     one search run REPEAT times: wall, CPU, rows
  search_table   the ten on SQLite and PostgreSQL side by side

The scripts run from the repository's root and import it with
sys.path.insert(0, "bench").  As a program:

  python3 bench/storelib.py corpus WHOSAID TEXT_DIR TARGET OUT
      OUT: at least TARGET statements (as many copies of the texts as
      WHOSAID extracts that many from; OUT's name with .one.jsonl for
      .jsonl holds one copy)
"""
import datetime
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

SEARCHES = [
    ["Clinton"],
    ["emails", "--speaker", "Trump"],
    ["--speaker", "Obama"],
    ["--topic", "sanctions"],
    ["immigration", "--since", "2016-01-01"],
    ["tax*"],
    ["economy", "--kind", "direct"],
    ["--speaker", "Sanders", "--since", "2015-06-01", "--until", "2015-12-31"],
    ["terror*", "--speaker", "Cruz"],
    ["Supreme", "Court"],
]


def write_corpus(src, copies, out):
    """The .txt files of SRC, COPIES times, as JSON lines into OUT: ids
    cN/FILE, dates from 2015-01-01 cycling over 730 days."""
    files = sorted(f for f in os.listdir(src) if f.endswith(".txt"))
    texts = [open(os.path.join(src, f), encoding="utf-8", errors="replace").read() for f in files]
    base = datetime.date(2015, 1, 1)
    k = 0
    with open(out, "w") as o:
        for c in range(copies):
            for f, t in zip(files, texts):
                d = base + datetime.timedelta(days=k % 730)
                o.write(json.dumps({"id": "c%d/%s" % (c, f), "date": d.isoformat(), "text": t}) + "\n")
                k += 1


def server_cpu(pgdir):
    """CPU seconds (user + sys) of the server started in PGDIR by
    scripts/pg-test-server.sh: the postmaster's own, its ended children's
    (cutime, cstime) and its live children's."""
    tick = os.sysconf("SC_CLK_TCK")
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
            total += sum(int(x) for x in f[11:15])
        elif int(f[1]) == pm:
            total += int(f[11]) + int(f[12])
    return total / tick


def store_cpu(err):
    """From an ingest's standard error under WHOSAID_STATS=1: (the writer
    thread's CPU seconds, what the calling thread spent in the final
    flush and index build), or None when the lines are absent."""
    cpu = {}
    for line in err.splitlines():
        f = line.split()
        if len(f) >= 5 and f[1] == "thread" and f[0] in ("extracted:", "stored:"):
            cpu.setdefault(f[0], []).append((f[2], float(f[3])))
    if "stored:" not in cpu or "extracted:" not in cpu:
        return None
    writer = sum(c for n, c in cpu["stored:"] if n == "whosaid-writer")
    return writer, cpu["stored:"][0][1] - cpu["extracted:"][0][1]


def _log_size(log):
    return os.path.getsize(log) if log and os.path.exists(log) else 0


def run_search(w, db, args, rep, pgdir=None):
    """`W search --db DB --format jsonl ARGS` REPEAT times.  Returns a
    dict: wall (median ms, process start included), cpu (the process's
    user + sys, mean ms a run: the clock tick is 10 ms, a median would
    round), rows; with PGDIR also server_cpu (mean ms a run) and, when
    the server logs every statement (log_min_duration_statement = 0),
    server_ms: the logged durations of a run summed, median of the runs."""
    log = os.path.join(pgdir, "log") if pgdir else None
    ts, srv = [], []
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    s0 = server_cpu(pgdir) if pgdir else 0
    for _ in range(rep):
        at = _log_size(log)
        t = time.perf_counter()
        r = subprocess.run([w, "search", "--db", db, "--format", "jsonl"] + args, capture_output=True, check=True)
        ts.append((time.perf_counter() - t) * 1000)
        if at:
            with open(log, errors="replace") as f:
                f.seek(at)
                d = re.findall(r"duration: ([0-9.]+) ms", f.read())
            if d:
                srv.append(sum(float(x) for x in d))
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"wall": statistics.median(ts),
           "cpu": ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000 / rep,
           "rows": r.stdout.count(b"\n")}
    if pgdir:
        out["server_cpu"] = (server_cpu(pgdir) - s0) * 1000 / rep
        out["server_ms"] = statistics.median(srv) if srv else float("nan")
    return out


def search_table(w, lite, uri, pgdir, rep):
    """The ten searches on the SQLite store LITE and the PostgreSQL
    database URI (on the server in PGDIR), REPEAT runs each, as a table;
    returns the slowest medians (SQLite, PostgreSQL) in wall ms."""
    print(f"{'search (%d runs)' % rep:56} {'rows':>4} {'SQLite wall':>11} {'SQLite CPU':>10} {'PG wall':>8}"
          f" {'PG client CPU':>13} {'PG server CPU':>13} {'PG server ms':>12} {'load':>5}")
    worst = [0.0, 0.0]
    for s in SEARCHES:
        a = run_search(w, lite, s, rep)
        b = run_search(w, uri, s, rep, pgdir)
        worst = [max(worst[0], a["wall"]), max(worst[1], b["wall"])]
        rows = f"{a['rows']}" if a["rows"] == b["rows"] else f"{a['rows']}/{b['rows']}"
        print(f"{' '.join(s):56} {rows:>4} {a['wall']:11.1f} {a['cpu']:10.1f} {b['wall']:8.1f} {b['cpu']:13.1f}"
              f" {b['server_cpu']:13.1f} {b['server_ms']:12.1f} {os.getloadavg()[0]:5.1f}")
    print("wall: median ms, process start included; CPU: mean ms a run; server ms: the server's logged"
          " durations (with log_min_duration_statement = 0), median")
    return worst


def corpus_for(w, src, target, out):
    """write_corpus into OUT with as many copies as give TARGET
    statements, counted on one copy; prints what it made."""
    one = os.path.splitext(out)[0] + ".one.jsonl"
    write_corpus(src, 1, one)
    r = subprocess.run([w, "extract", one], capture_output=True, check=True)
    per = r.stdout.count(b"\n")
    copies = (target + per - 1) // per
    write_corpus(src, copies, out)
    print(f"corpus: {len(os.listdir(src))} texts, {per} statements a copy; {copies} copies for {target} statements")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "corpus":
        corpus_for(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        sys.exit("usage: python3 bench/storelib.py corpus WHOSAID TEXT_DIR TARGET OUT")
