#!/bin/sh
# Latency of the JSON API of `whosaid serve` (issue 5; target: each
# endpoint under 20 ms median on the seed database).  Not a test: it prints
# figures.  Builds a database from the seed feed (or uses $DB), starts the
# server on a free loopback port, sends N requests (default 50) to each
# endpoint over one keep-alive connection, prints median and 90th
# percentile per endpoint, and stops the server.
#
#   bench/serve.sh                 the seed feed (../shared/seed)
#   DB=big.db N=20 bench/serve.sh  another database
set -eu
cd "$(dirname "$0")/.."
WHOSAID=${WHOSAID:-build/whosaid}
N=${N:-50}
TMP=$(mktemp -d)
PID=""
trap '[ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }; rm -rf "$TMP"' EXIT
[ -x "$WHOSAID" ] || make -s
if [ -z "${DB:-}" ]; then
    SEED=../shared/seed/000_4ecd10820ece11c0.txt
    [ -f "$SEED" ] || { echo "bench/serve.sh: $SEED is absent (set DB=FILE)" >&2; exit 77; }
    DB="$TMP/seed.db"
    "$WHOSAID" ingest --db "$DB" --input lines --date 2025-04-05 "$SEED" >/dev/null
fi
: >"$TMP/err"
"$WHOSAID" serve --db "$DB" --port 0 2>"$TMP/err" &
PID=$!
i=0
until grep -q '^whosaid: serving' "$TMP/err"; do
    i=$((i + 1)); [ "$i" -lt 100 ] || { cat "$TMP/err" >&2; exit 1; }; sleep 0.1
done
PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$TMP/err")
echo "database: $DB ($(sqlite3 "$DB" 'SELECT count(*) FROM statements') statements), $N requests an endpoint, one keep-alive connection"
python3 - "$PORT" "$N" <<'PY'
import http.client, json, statistics, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
def get(p):
    c.request("GET", p)
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit("%s -> %d %s" % (p, r.status, body[:200]))
    return body
sp = json.loads(get("/api/speakers?limit=1"))["speakers"][0]
st = json.loads(get("/api/statements?limit=1"))["statements"][0]
top = json.loads(get("/api/topics"))["topics"]
topic = top[0]["name"] if top else "peacekeepers"
word = st["content"]["text"].split()[-1].strip('".,')
paths = [
    "/api/statements",
    "/api/statements?q=peacekeepers",
    "/api/statements?q=%s" % word,
    "/api/statements?speaker=%s" % sp["name"].split()[-1],
    "/api/statements?speaker=%d&since=2025-01-01&until=2025-12-31" % sp["id"],
    "/api/statements?topic=%s" % topic,
    "/api/speakers",
    "/api/speakers/%d" % sp["id"],
    "/api/topics",
    "/api/timeline?speaker=%d&by=week&split=topic" % sp["id"],
    "/api/timeline?topic=%s&by=month&split=speaker" % topic,
    "/api/timeline?q=ceasefire&by=day",
    "/api/documents/%d" % st["document"]["id"],
    "/",
]
print("%-58s %9s %9s" % ("endpoint", "median ms", "p90 ms"))
worst = 0
for p in paths:
    p = p.replace(" ", "%20")
    for _ in range(3):
        get(p)  # warm
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        get(p)
        t.append((time.perf_counter() - t0) * 1000)
    t.sort()
    med = statistics.median(t)
    worst = max(worst, med)
    print("%-58s %9.2f %9.2f" % (p[:58], med, t[int(0.9 * (len(t) - 1))]))
print("slowest median: %.2f ms (target < 20 ms)" % worst)
PY
