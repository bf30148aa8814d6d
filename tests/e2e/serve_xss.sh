# whosaid serve shows markup in the data as text (issue 5): a document whose
# quote, speaker, title and outlet carry <script>, <img onerror> and other
# markup is ingested; headless Chromium loads the page, which must show them
# as written and run none of it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve.inc"
need_browser
cat >"$TMP/evil.jsonl" <<'JSONL'
{"id":"evil<b>1</b>","date":"2025-03-20","title":"<script>window.__xss4=1</script>A <b>bold</b> title","outlet":"<i>Outlet</i>","url":"javascript:window.__xss5=1","text":"According to Ministry <script>window.__xss1=1</script>, the talks will \"never <script>window.__xss2=1</script> give up <img src=x onerror=window.__xss3=1>\" now."}
JSONL
"$WHOSAID" ingest --db "$TMP/evil.db" "$TMP/evil.jsonl" >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
[ "$(sqlite3 "$TMP/evil.db" "SELECT count(*) FROM speakers WHERE name LIKE '%<script>%'")" = 1 ] \
    || fail "the extractor no longer gives a speaker with markup; change the document"
start_server "$TMP/evil.db"
run_page xss "$BASE"
