# whosaid serve in a real browser (issue 5): a database ingested from the
# seed feed, Debian's headless Chromium driven by playwright-core: search
# "peacekeepers", find Meloni's statement of March 15, open her speaker
# page and check that its chart is drawn.  Screenshots: tests/artifacts/.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve.inc"
need_shared "the serve browser test"
need_browser
"$WHOSAID" ingest --db "$TMP/seed.db" --input lines --date 2025-04-05 \
    "$SHARED/seed/000_4ecd10820ece11c0.txt" >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
start_server "$TMP/seed.db"
run_page search "$BASE"
