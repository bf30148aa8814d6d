# The page's timeline charts and speaker view in a real browser (issue
# 16): two statements on a topic in March and one in June give bars in
# exactly those months under month ticks, empty April and May; by week, a
# slot a week with bars in three; the speaker view lists the names she was
# said under and her titles, each with its first and last date.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve.inc"
need_browser
cat >"$TMP/a.jsonl" <<'JSONL'
{"id":"d1","date":"2025-03-04","outlet":"Daily","text":"\"A ceasefire must come first,\" Defence Minister Anna Berg said."}
{"id":"d2","date":"2025-03-21","outlet":"Weekly","text":"\"The ceasefire talks will go on,\" Foreign Minister Carl Holm said."}
{"id":"d3","date":"2025-06-18","outlet":"Daily","text":"\"The ceasefire is holding,\" Prime Minister Anna Berg said."}
JSONL
# a later ingest: the surname alone, under an honorific
cat >"$TMP/b.jsonl" <<'JSONL'
{"id":"d4","date":"2025-06-25","outlet":"Evening","text":"\"Steel prices will fall,\" Mr Berg told reporters."}
JSONL
for f in a b; do
    "$WHOSAID" ingest --db "$TMP/t.db" "$TMP/$f.jsonl" >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
done
start_server "$TMP/t.db"
run_page timeline "$BASE"
