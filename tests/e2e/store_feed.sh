# The statement database on the bundled example feed (always runs):
# ingest, idempotence, search, speakers, timeline, formats, errors.
. "$(dirname "$0")/lib.sh"
FEED="$(dirname "$0")/../../examples/feed.txt"
DB="$TMP/w.db"
q() { sqlite3 "$DB" "$1"; }
"$WHOSAID" ingest --db "$DB" --input lines --date 2025-06-12 "$FEED" >"$TMP/out" || fail "ingest"
grep -q "new" "$TMP/out" || fail "ingest summary"
n=$(q "SELECT count(*) FROM statements")
[ "$n" -gt 0 ] || fail "no statements stored"
[ "$(q 'SELECT count(*) FROM documents')" -gt 0 ] || fail "no documents"
counts() { q "SELECT (SELECT count(*) FROM documents),(SELECT count(*) FROM statements),(SELECT count(*) FROM speakers),(SELECT sum(statements) FROM speakers),(SELECT count(*) FROM speaker_aliases),(SELECT count(*) FROM statement_topics),(SELECT count(*) FROM clusters),(SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'the')"; }
before=$(counts)
"$WHOSAID" ingest --db "$DB" --input lines --date 2025-06-12 "$FEED" >"$TMP/out2" || fail "second ingest"
grep -q "0 new, 0 changed" "$TMP/out2" || fail "second ingest found new documents: $(cat "$TMP/out2")"
[ "$(counts)" = "$before" ] || fail "second ingest changed counts: $before -> $(counts)"
# every statement points at its document and has offsets into its text
[ "$(q "SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id WHERE substr(d.text, s.content_start + 1, s.content_end - s.content_start) <> s.content")" = 0 ] \
    || fail "content offsets do not match the stored text"
# search: the table, jsonl, csv
"$WHOSAID" search --db "$DB" flood >"$TMP/s" || fail "search"
grep -q "Karl Weber" "$TMP/s" || fail "search flood: Karl Weber missing"
"$WHOSAID" search --db "$DB" --speaker weber --format jsonl >"$TMP/s.jsonl" || fail "search jsonl"
[ -s "$TMP/s.jsonl" ] || fail "no statement of Weber"
python3 -c '
import json,sys
for l in open(sys.argv[1]):
    o=json.loads(l)
    assert o["speaker"]["name"]=="Karl Weber", o
    assert o["content"]["text"] and o["content"]["end"]>o["content"]["start"]
    for k in ("doc","kind","cue","cluster","date","topics","confidence","method"): assert k in o, k
' "$TMP/s.jsonl" || fail "search jsonl rows"
"$WHOSAID" search --db "$DB" --format csv --limit 1 >"$TMP/s.csv" || fail "search csv"
[ "$(wc -l <"$TMP/s.csv")" -eq 2 ] || fail "csv: header and one row expected"
head -1 "$TMP/s.csv" | grep -q '^id,date,' || fail "csv header"
# speakers
"$WHOSAID" speakers --db "$DB" --format jsonl >"$TMP/sp" || fail "speakers"
python3 -c '
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
w=[r for r in rows if r["name"]=="Karl Weber"]
assert len(w)==1 and w[0]["statements"]>=1, rows
assert sum(r["statements"] for r in rows) <= int(sys.argv[2])
' "$TMP/sp" "$n" || fail "speakers jsonl"
"$WHOSAID" speakers --db "$DB" >"$TMP/sp.txt" || fail "speakers table"
grep -q "^Karl Weber" "$TMP/sp.txt" || fail "speakers table row"
# timeline
"$WHOSAID" timeline --db "$DB" --by day >"$TMP/tl" || fail "timeline"
grep -q "2025-06-1" "$TMP/tl" || fail "timeline days"
grep -q "█" "$TMP/tl" || fail "timeline bars"
"$WHOSAID" timeline --db "$DB" --by month --format csv >"$TMP/tl.csv" || fail "timeline csv"
grep -q "^2025-06,$n$" "$TMP/tl.csv" || fail "timeline month count: $(cat "$TMP/tl.csv") vs $n"
# errors
"$WHOSAID" search --db "$TMP/none.db" x >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "missing db accepted"
grep -q "no database" "$TMP/err" || fail "missing db message"
[ ! -e "$TMP/none.db" ] || fail "search created a database"
"$WHOSAID" search --db "$DB" --since yesterday >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad --since accepted"
"$WHOSAID" search --db "$DB" --match 'AND (' >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad --match accepted"
"$WHOSAID" timeline --db "$DB" --by year >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad --by accepted"
printf '[broken\n' >"$TMP/t.txt"
"$WHOSAID" ingest --db "$TMP/x.db" --topics "$TMP/t.txt" "$FEED" >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "bad topics file accepted"
grep -q "t.txt:1" "$TMP/err" || fail "bad topics file not located"
# a changed document replaces its statements
printf '"We will rebuild the harbour," Mayor Ann Berg said.\n' >"$TMP/f.txt"
"$WHOSAID" ingest --db "$TMP/c.db" --input lines "$TMP/f.txt" >/dev/null || fail "ingest f"
printf '"We will never rebuild the pier," Mayor Ann Berg said.\n' >"$TMP/f.txt"
"$WHOSAID" ingest --db "$TMP/c.db" --input lines "$TMP/f.txt" >"$TMP/out" || fail "ingest f changed"
grep -q "1 changed" "$TMP/out" || fail "changed document not seen: $(cat "$TMP/out")"
[ "$(sqlite3 "$TMP/c.db" "SELECT count(*) FROM statements")" = 1 ] || fail "changed document: statements not replaced"
[ "$(sqlite3 "$TMP/c.db" "SELECT content FROM statements")" = "We will never rebuild the pier" ] || fail "changed content"
[ "$(sqlite3 "$TMP/c.db" "SELECT statements FROM speakers WHERE name = 'Ann Berg'")" = 1 ] || fail "speaker count after replace"
exit 0
