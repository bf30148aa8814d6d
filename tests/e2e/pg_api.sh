# The web API of `whosaid serve --db postgresql://...`: the same answers
# as on SQLite for the same data (statements with every filter, paging,
# speakers, topics, timelines with splits, documents, errors).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.inc"
. "$(dirname "$0")/serve.inc"
# serve.inc's trap replaced pg.inc's: both servers go at exit
trap 'stop_server; "$PGCTL" stop "$PGDIR" >/dev/null 2>&1; rm -rf "$TMP"; [ -z "$SERVER_FAILED" ] || exit 1' EXIT
cat >"$TMP/docs.jsonl" <<'JSONL'
{"id":"a1","date":"2025-03-10","title":"Talks resume","outlet":"Daily","url":"https://example.org/a1","text":"\"We want peacekeepers on the border,\" Defence Minister Anna Berg said on Monday. \"A ceasefire must come first,\" Berg added."}
{"id":"a2","date":"2025-03-20","outlet":"Weekly","text":"\"We want peacekeepers on the border,\" Defence Minister Anna Berg said. \"Sanctions will stay,\" Foreign Minister Carl Holm said on Wednesday."}
{"id":"a3","date":"2025-04-02","text":"\"The ceasefire is holding,\" Carl Holm said."}
{"id":"a4","date":"2025-04-09","text":"Holm said the sanctions on steel would be lifted. \"Peacekeeping is not on the table,\" Berg told reporters in Oslo on April 8."}
{"id":"a5","text":"\"Aid will come,\" said Norwegian Defence Minister Anna Berg."}
JSONL
"$WHOSAID" ingest --db "$TMP/t.db" "$TMP/docs.jsonl" >/dev/null 2>"$TMP/ingest.err" || fail "sqlite ingest: $(cat "$TMP/ingest.err")"
"$WHOSAID" ingest --db "$PGURI" "$TMP/docs.jsonl" >/dev/null 2>"$TMP/ingest.err" || fail "pg ingest: $(cat "$TMP/ingest.err")"
fetch() { # OUT: every path of the list, status and body
    python3 - "$BASE" "$1" <<'PY' || fail "fetch from $BASE"
import http.client, json, sys, urllib.parse
base, out = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(base)
paths = ["/api/statements", "/api/statements?q=peacekeepers", "/api/statements?q=ceasefire&speaker=Holm",
         "/api/statements?q=peace*", "/api/statements?speaker=Berg", "/api/statements?speaker=berg&kind=direct",
         "/api/statements?since=2025-03-15&until=2025-03-31", "/api/statements?until=2025-03-31",
         "/api/statements?limit=2&offset=1", "/api/statements?topic=sanctions", "/api/statements?q=",
         "/api/statements?kind=nonsense", "/api/statements?since=2025-13-01",
         "/api/speakers", "/api/speakers?q=holm", "/api/speakers?limit=1&offset=1", "/api/speakers/1",
         "/api/speakers/2", "/api/speakers/999999", "/api/topics",
         "/api/timeline?q=ceasefire&by=day", "/api/timeline?by=week", "/api/timeline?by=month",
         "/api/timeline?by=week&split=topic", "/api/timeline?by=month&split=speaker",
         "/api/timeline?speaker=Berg&by=day&split=topic", "/api/documents/a3", "/api/documents/1",
         "/api/documents/999999", "/api/nothing"]
with open(out, "w") as o:
    for p in paths:
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        c.request("GET", p)
        r = c.getresponse()
        body = r.read().decode()
        c.close()
        o.write(f"{p} {r.status} {body}\n")
PY
}
start_server "$TMP/t.db"
fetch "$TMP/lite.txt"
stop_server
start_server "$PGURI"
fetch "$TMP/pg.txt"
stop_server
[ "$(grep -c ' 200 ' "$TMP/pg.txt")" -ge 20 ] || fail "few answers: $(head -c 600 "$TMP/pg.txt")"
grep -q '^/api/statements?q=peacekeepers 200 .*"total":3' "$TMP/pg.txt" || fail "peacekeepers: $(grep 'q=peacekeepers' "$TMP/pg.txt")"
grep -q '^/api/speakers/1 200 .*"roles":\[{"title":"Defence Minister","affiliation":null,"first":"2025-03-10","last":"2025-03-20","statements":2},{"title":"Defence Minister","affiliation":"NO","first":null,"last":null,"statements":1}\]' "$TMP/pg.txt" ||
    fail "her titles over time: $(grep '^/api/speakers/1 ' "$TMP/pg.txt" | grep -o '"names".*')"
cmp -s "$TMP/lite.txt" "$TMP/pg.txt" || fail "the API differs between SQLite and PostgreSQL:
$(diff "$TMP/lite.txt" "$TMP/pg.txt" | cut -c1-400 | head -8)"
exit 0
