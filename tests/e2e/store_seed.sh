# The issue's acceptance checks on the seed feed: stemmed search with a
# speaker filter, the speaker registry, idempotent re-ingest.
. "$(dirname "$0")/lib.sh"
need_shared store_seed
SEED="$SHARED/seed/000_4ecd10820ece11c0.txt"
cd "$TMP" || fail "tmp"
"$WHOSAID" ingest --input lines --date 2025-04-05 "$SEED" >out || fail "ingest"
[ -f whosaid.db ] || fail "default database ./whosaid.db not created"
"$WHOSAID" search peacekeepers --speaker Meloni --format jsonl >s.jsonl || fail "search"
python3 - s.jsonl <<'PY' || fail "search peacekeepers --speaker Meloni: $(cat s.jsonl)"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
lines = {}
for r in rows:
    assert r["speaker"]["name"] == "Giorgia Meloni", r
    lines.setdefault(int(r["doc"].rsplit(":", 1)[1]), []).append(r)
assert set(lines) == {18, 21}, sorted(lines)
assert any(r["date"] == "2025-03-15" for r in lines[18]), lines[18]
dates = [r["sort_date"] for r in rows]
assert dates == sorted(dates, reverse=True), dates
PY
"$WHOSAID" search peacekeepers --speaker Meloni >table || fail "search table"
grep -q "2025-03-15.*Giorgia Meloni.*peacekeeping" table || fail "table: line 18 dated 2025-03-15"
"$WHOSAID" speakers --format jsonl >sp.jsonl || fail "speakers"
[ "$(grep -c '"name":"Volodymyr Zelensky"' sp.jsonl)" = 1 ] || fail "Volodymyr Zelensky not listed once"
grep -q '"name":"Volodymyr Zelensky","statements":4,' sp.jsonl || fail "Zelensky: 4 statements expected: $(grep Zelensky sp.jsonl)"
grep -q '"name":"Zelensky"' sp.jsonl && fail "surname-only Zelensky listed apart"
"$WHOSAID" speakers >sp.txt || fail "speakers table"
[ "$(grep -c '^Volodymyr Zelensky ' sp.txt)" = 1 ] || fail "speakers table: Zelensky once"
counts() { sqlite3 whosaid.db "SELECT (SELECT count(*) FROM documents),(SELECT count(*) FROM statements),(SELECT count(*) FROM speakers),(SELECT group_concat(name || '=' || statements) FROM speakers),(SELECT count(*) FROM speaker_aliases),(SELECT count(*) FROM speaker_titles),(SELECT count(*) FROM statement_topics),(SELECT group_concat(cluster || '=' || occurrences) FROM clusters)"; }
before=$(counts)
"$WHOSAID" ingest --input lines --date 2025-04-05 "$SEED" >out2 || fail "second ingest"
[ "$(counts)" = "$before" ] || fail "second ingest changed counts"
"$WHOSAID" speakers --format jsonl | cmp -s - sp.jsonl || fail "speakers changed after the second ingest"
# the repeated Peskov quote (lines 3 and 4): one cluster, two occurrences
[ "$(sqlite3 whosaid.db "SELECT max(occurrences) FROM clusters")" -ge 2 ] || fail "no cluster with two occurrences"
exit 0
