# whosaid read on WARC files made here in Common Crawl's layout (warcinfo,
# then request, response and metadata records; .warc.gz one gzip member a
# record): HTML responses only, HTTP encodings undone, ids FILE#RECORD.
. "$(dirname "$0")/lib.sh"
GEN="$(dirname "$0")/warcgen.py"
field() { python3 -c 'import json,sys,signal; signal.signal(signal.SIGPIPE, signal.SIG_DFL); print(json.loads(open(sys.argv[1]).readlines()[int(sys.argv[2])-1]).get(sys.argv[3]))' "$@"; }
for f in crawl.warc.gz crawl.warc; do
    python3 "$GEN" "$TMP/$f" good || fail "warcgen"
    "$WHOSAID" read "$TMP/$f" >"$TMP/o" 2>"$TMP/err" || fail "$f: $(cat "$TMP/err")"
    [ ! -s "$TMP/err" ] || fail "$f: skipped records reported: $(cat "$TMP/err")"
    # three HTML responses; the image and the redirect skipped
    [ "$(wc -l <"$TMP/o")" -eq 3 ] || fail "$f: 3 pages expected, got $(wc -l <"$TMP/o")"
    [ "$(field "$TMP/o" 1 id)" = "$TMP/$f#3" ] || fail "$f: id of the first response: $(field "$TMP/o" 1 id)"
    [ "$(field "$TMP/o" 1 url)" = "https://tide.example/2024/05/16/ferry" ] || fail "$f: WARC-Target-URI"
    [ "$(field "$TMP/o" 1 date)" = "2024-05-16" ] || fail "$f: the page's own date"
    field "$TMP/o" 1 text | grep -q "operator Nils Holm said" || fail "$f: first page text"
    field "$TMP/o" 1 text | grep -q "Copyright\|Home" && fail "$f: page furniture kept"
    # chunked + gzip undone; WARC-Date when the page has none
    field "$TMP/o" 2 text | grep -q "harbour master Ada Lund said" || fail "$f: chunked gzip body"
    [ "$(field "$TMP/o" 2 date)" = "2024-05-18" ] || fail "$f: WARC-Date"
    # raw deflate, windows-1252 from the HTTP header
    field "$TMP/o" 3 text | grep -q "“We missed the café,” regular Ole Berg said." || fail "$f: deflate/cp1252: $(field "$TMP/o" 3 text)"
done
# found by its first bytes without an extension
cp "$TMP/crawl.warc.gz" "$TMP/crawl-data"
"$WHOSAID" read "$TMP/crawl-data" >"$TMP/o2" || fail "sniffed .warc.gz"
[ "$(wc -l <"$TMP/o2")" -eq 3 ] || fail "sniffed .warc.gz: 3 pages"
# statements out of a crawl
"$WHOSAID" extract --format table "$TMP/crawl.warc.gz" >"$TMP/x" || fail "extract warc"
grep -q "Ada Lund" "$TMP/x" || fail "extract warc: Ada Lund missing"
exit 0
