# The JSON API and the safety of `whosaid serve` (issue 5): status codes,
# JSON shapes, filters, the read-only database, path traversal, size limits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve.inc"
cat >"$TMP/docs.jsonl" <<'JSONL'
{"id":"a1","date":"2025-03-10","title":"Talks resume","outlet":"Daily","url":"https://example.org/a1","text":"\"We want peacekeepers on the border,\" Defence Minister Anna Berg said on Monday. \"A ceasefire must come first,\" Berg added."}
{"id":"a2","date":"2025-03-20","outlet":"Weekly","text":"\"We want peacekeepers on the border,\" Defence Minister Anna Berg said. \"Sanctions will stay,\" Foreign Minister Carl Holm said on Wednesday."}
{"id":"a3","date":"2025-04-02","text":"\"The ceasefire is holding,\" Carl Holm said."}
JSONL
"$WHOSAID" ingest --db "$TMP/t.db" "$TMP/docs.jsonl" >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
"$WHOSAID" serve --db "$TMP/missing.db" --port 0 2>"$TMP/err"; [ $? -eq 1 ] || fail "a missing database is served"
sqlite3 "$TMP/other.db" "CREATE TABLE x(y)"
"$WHOSAID" serve --db "$TMP/other.db" --port 0 2>"$TMP/err"; [ $? -eq 1 ] || fail "a foreign database is served"
grep -q "not a whosaid database" "$TMP/err" || fail "foreign database: $(cat "$TMP/err")"
"$WHOSAID" serve --port 99999 2>/dev/null; [ $? -eq 1 ] || fail "bad --port accepted"
before=$(cksum <"$TMP/t.db")
start_server "$TMP/t.db"
python3 - "$BASE" "$WHOSAID" "$TMP/t.db" <<'PY' || fail "API checks"
import http.client, json, subprocess, sys, urllib.parse
base, whosaid, dbpath = sys.argv[1], sys.argv[2], sys.argv[3]
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
def get(path, method="GET", body=None):
    c = http.client.HTTPConnection(host, port, timeout=10)
    c.request(method, path, body=body)      # the path is sent as written
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data
def js(path, status=200):
    s, h, d = get(path)
    assert s == status, (path, s, d[:200])
    assert h["Content-Type"].startswith("application/json"), (path, h)
    return json.loads(d)
def check(cond, what):
    if not cond:
        print("FAIL:", what); sys.exit(1)
    print("ok -", what)

r = js("/api/statements")
check(r["total"] == 5 and len(r["statements"]) == 5, "all statements: total 5")
keys = {"id", "doc", "kind", "content", "content2", "cue", "source", "speaker", "date", "date_text",
        "venue", "cluster", "confidence", "method", "topics", "repeats", "document"}
check(all(keys <= set(s) for s in r["statements"]), "each statement has the extract fields and more")
dates = [s["date"] or s["document"]["date"] for s in r["statements"]]
check(dates == sorted(dates, reverse=True), "newest first")
r = js("/api/statements?q=peacekeepers")
check(r["total"] == 2 and all(s["repeats"] == 2 for s in r["statements"]), "full-text search; a quote in two reports repeats 2")
r = js("/api/statements?q=ceasefire&speaker=Holm")
check(r["total"] == 1 and r["statements"][0]["speaker"]["name"] == "Carl Holm", "search with a speaker name")
spk = r["statements"][0]["speaker"]["id"]
check(js("/api/statements?speaker=%d" % spk)["total"] == 2, "speaker by id")
check(js("/api/statements?since=2025-03-15&until=2025-03-31")["total"] == 2, "date range, inclusive")
r = js("/api/statements?limit=2&offset=4")
check(len(r["statements"]) == 1 and r["total"] == 5, "limit and offset")
check(js("/api/statements?q=%22%20OR%20*%20NEAR(")["total"] == 0, "FTS syntax in q is only words")
check(js("/api/statements?q=x%27%3B%20DROP%20TABLE%20statements%3B--")["total"] == 0, "SQL in q is only words")
for bad in ["limit=0", "limit=201", "limit=abc", "offset=-1", "since=2025-13-01", "until=yesterday",
            "kind=shouted"]:
    js("/api/statements?" + bad, 400)
check(True, "bad parameters give 400")
r = js("/api/speakers")
check(r["total"] == 2 and {"id", "name", "statements", "first", "last", "titles", "affiliations"} <= set(r["speakers"][0]),
      "speakers list")
berg = [s for s in r["speakers"] if s["name"] == "Anna Berg"][0]
check(berg["statements"] == 3 and berg["titles"] == ["Defence Minister"], "Anna Berg: 3 statements, her title")
r = js("/api/speakers/%d" % berg["id"])
check(r["name"] == "Anna Berg" and r["first"] == "2025-03-10", "one speaker")
check(any(t["name"] == "peacekeepers" for t in r["topics"]), "her topics")
check([(n["name"], n["first"], n["last"], n["statements"]) for n in r["names"]] == [("Anna Berg", "2025-03-10", "2025-03-20", 3)],
      "her names with first and last date: " + json.dumps(r["names"]))
check([(x["title"], x["affiliation"], x["first"], x["last"], x["statements"]) for x in r["roles"]]
      == [("Defence Minister", None, "2025-03-10", "2025-03-20", 2)], "her title over time (one statement has none): " + json.dumps(r["roles"]))
js("/api/speakers/999999", 404)
js("/api/speakers/abc", 404)
r = js("/api/topics")
check(any(t["name"] == "ceasefire" and t["statements"] == 2 for t in r["topics"]), "topics with counts")
r = js("/api/timeline?speaker=%d&by=week&split=topic" % berg["id"])
check(r["by"] == "week" and r["periods"] == ["2025-03-10", "2025-03-17"] and r["total"] == [2, 1], "timeline by week: " + json.dumps(r))
check(len(r["series"]) >= 1 and all(len(s["counts"]) == 2 for s in r["series"]), "one count per period in each series")
r = js("/api/timeline?topic=ceasefire&by=month&split=speaker")
check(r["periods"] == ["2025-03-01", "2025-04-01"] and sorted(s["name"] for s in r["series"]) == ["Anna Berg", "Carl Holm"], "topic timeline by speaker")
r = js("/api/timeline?q=ceasefire&by=day")
check(len(r["periods"]) == 24 and sum(r["total"]) == 2, "days between are filled with zeros")
js("/api/timeline?by=year", 400)
js("/api/timeline?split=mood", 400)
s = js("/api/statements?q=sanctions")["statements"][0]
d = js("/api/documents/%d" % s["document"]["id"])
check(d["doc"] == "a2" and d["outlet"] == "Weekly" and len(d["statements"]) == 2, "a document with its statements")
text = list(d["text"])
check("".join(text[s["content"]["start"]:s["content"]["end"]]) == s["content"]["text"], "offsets are code points into the text")
check(js("/api/documents/a3")["doc"] == "a3", "a document by its ingested id")
js("/api/documents/999999", 404)
js("/api/nothing", 404)
js("/api", 404)

# one query module: a filter selects the same statements on the command
# line and on the page (the name word-wise, else as a substring; an id)
def cli(*args):
    out = subprocess.run([whosaid, "search", "--db", dbpath, "--format", "jsonl", "--limit", "0"] + list(args),
                         check=True, capture_output=True, text=True).stdout
    return [str(json.loads(l)["id"]) for l in out.splitlines()]
for params, args in [("speaker=Holm", ["--speaker", "Holm"]), ("speaker=holm", ["--speaker", "holm"]),
                     ("speaker=erg", ["--speaker", "erg"]), ("speaker=Anna%20Berg", ["--speaker", "Anna Berg"]),
                     ("speaker=%d" % berg["id"], ["--speaker", str(berg["id"])]),
                     ("q=peacekeepers&since=2025-03-15", ["peacekeepers", "--since", "2025-03-15"]),
                     ("topic=ceasefire&until=2025-03-31", ["--topic", "ceasefire", "--until", "2025-03-31"]),
                     ("kind=direct&speaker=Berg", ["--kind", "direct", "--speaker", "Berg"])]:
    api = [s["id"] for s in js("/api/statements?limit=200&" + params)["statements"]]
    check(api == cli(*args) and api, "the same statements for %s on the page and the command line" % params)
r = js("/api/speakers?q=erg")
check([s["name"] for s in r["speakers"]] == ["Anna Berg"], "speakers by a part of a name")

# the page and its files
st, h, body = get("/")
check(st == 200 and b"<title>whosaid</title>" in body and "script-src 'self'" in h["Content-Security-Policy"], "the page, with its CSP")
check(h["X-Content-Type-Options"] == "nosniff", "nosniff")
for f in ["/static/app.js", "/static/app.css", "/static/uPlot.iife.min.js", "/static/uPlot.min.css"]:
    st, h, body = get(f)
    check(st == 200 and len(body) > 100, f)
# path traversal: only the embedded files exist
for p in ["/../../etc/passwd", "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
          "/static/%2e%2e/app.js", "/static/..%2f..%2fetc%2fpasswd", "/static//etc/passwd",
          "/static/", "/static", "/etc/passwd", "/static/app.js%00.png", "/%2e%2e/README.md", "/index.html/.."]:
    st, h, body = get(p)
    check(st in (400, 404) and b"root:" not in body, "traversal %s -> %d" % (p, st))
# methods and sizes
check(get("/api/statements", "POST", b"q=x")[0] == 405, "POST refused")
check(get("/", "DELETE")[0] == 405, "DELETE refused")
check(get("/", "HEAD")[0] == 200, "HEAD answered")
check(get("/api/statements?q=" + "a" * 300)[0] == 400, "an over-long parameter -> 400")
check(get("/api/statements?q=" + "a" * 3000)[0] == 414, "an over-long URI -> 414")
check(get("/api/statements?q=" + "a" * 100000)[0] in (414, 431, 400), "a huge request line is refused")
check(get("/api/statements?" + "&".join("k%d=1" % i for i in range(40)))[0] == 400, "too many parameters -> 400")
check(get("/api/statements?q=%ff%fe")[0] == 400, "a parameter that is not UTF-8 -> 400")
check(js("/api/statements")["total"] == 5, "still serving after all that")
PY
stop_server
[ -z "$SERVER_FAILED" ] || fail "the server did not stop cleanly"
[ "$(cksum <"$TMP/t.db")" = "$before" ] || fail "the database file changed while served"

# Titles over time and the periods of a timeline (issue 16): two
# statements on a topic in March and one three months later; a later
# ingest names her by surname under an honorific.
cat >"$TMP/a.jsonl" <<'JSONL'
{"id":"d1","date":"2025-03-04","text":"\"A ceasefire must come first,\" Defence Minister Anna Berg said."}
{"id":"d2","date":"2025-03-21","text":"\"The ceasefire talks will go on,\" Foreign Minister Carl Holm said."}
{"id":"d3","date":"2025-06-18","text":"\"The ceasefire is holding,\" Prime Minister Anna Berg said."}
{"id":"d5","text":"\"Aid will come,\" said Norwegian Defence Minister Anna Berg."}
JSONL
cat >"$TMP/b.jsonl" <<'JSONL'
{"id":"d4","date":"2025-06-25","text":"\"Steel prices will fall,\" Mr Berg told reporters."}
JSONL
for f in a b; do
    "$WHOSAID" ingest --db "$TMP/h.db" "$TMP/$f.jsonl" >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
done
start_server "$TMP/h.db"
python3 - "$BASE" <<'PY' || fail "API checks of names, titles and periods"
import json, sys, urllib.request
base = sys.argv[1]
def js(path):
    with urllib.request.urlopen(base + path, timeout=10) as r:
        return json.loads(r.read())
def check(cond, what):
    if not cond:
        print("FAIL:", what); sys.exit(1)
    print("ok -", what)
r = js("/api/timeline?topic=ceasefire&by=month&split=speaker")
check(r["periods"] == ["2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01"] and r["total"] == [2, 0, 0, 1],
      "by month: March to June, the months between empty: " + json.dumps(r))
check({s["name"]: s["counts"] for s in r["series"]} == {"Anna Berg": [1, 0, 0, 1], "Carl Holm": [1, 0, 0, 0]},
      "by month: each speaker's count in its month")
r = js("/api/timeline?topic=ceasefire&by=week")
check(r["periods"][0] == "2025-03-03" and r["periods"][-1] == "2025-06-16" and len(r["periods"]) == 16
      and [p for p, n in zip(r["periods"], r["total"]) if n] == ["2025-03-03", "2025-03-17", "2025-06-16"],
      "by week: a period a week (Mondays), counts in three")
berg = [s for s in js("/api/speakers")["speakers"] if s["name"] == "Anna Berg"][0]
r = js("/api/speakers/%d" % berg["id"])
check([(n["name"], n["first"], n["last"], n["statements"]) for n in r["names"]]
      == [("Anna Berg", "2025-03-04", "2025-06-18", 3), ("Berg", "2025-06-25", "2025-06-25", 1)],
      "her names, first seen first, the undated statement counted: " + json.dumps(r["names"]))
roles = [(x["title"], x["affiliation"], x["first"], x["last"], x["statements"]) for x in r["roles"]]
check(roles[:3] == [("Defence Minister", None, "2025-03-04", "2025-03-04", 1),
                    ("Prime Minister", None, "2025-06-18", "2025-06-18", 1), ("Mr", None, "2025-06-25", "2025-06-25", 1)],
      "her titles over time, each with its first and last date: " + json.dumps(r["roles"]))
check(roles[3:] == [("Defence Minister", "NO", None, None, 1)],
      "a title with an affiliation is its own pair; undated, it comes last without dates: " + json.dumps(r["roles"][3:]))
PY
stop_server
[ -z "$SERVER_FAILED" ] || fail "the server did not stop cleanly"
