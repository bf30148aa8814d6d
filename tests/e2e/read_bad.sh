# Bad web input: each fault reported as FILE:RECORD: what, everything else
# read, exit status 2; never a crash.
. "$(dirname "$0")/lib.sh"
GEN="$(dirname "$0")/warcgen.py"
# run NAME ARGS...: read, expecting exit status 2; stdout in $TMP/o, stderr in $TMP/e
run() {
    "$WHOSAID" read "$@" >"$TMP/o" 2>"$TMP/e"
    rc=$?
    [ "$rc" -eq 2 ] || fail "read $*: exit $rc, 2 expected; stderr: $(cat "$TMP/e")"
}
pages() { wc -l <"$TMP/o" | tr -d ' '; }

# WARC: a Content-Length that lies, in a .warc.gz (the member tells) and plain
python3 "$GEN" "$TMP/a.warc.gz" lying-length
run "$TMP/a.warc.gz"
grep -q "^$TMP/a.warc.gz:6: Content-Length 963 but the gzip member ends after 463 bytes" "$TMP/e" || fail "lying length (gz): $(cat "$TMP/e")"
[ "$(pages)" -eq 2 ] || fail "lying length (gz): the other 2 pages expected"
python3 "$GEN" "$TMP/a.warc" lying-length
run "$TMP/a.warc"
grep -q "^$TMP/a.warc:7: .* not a WARC record skipped" "$TMP/e" || fail "lying length (plain): $(cat "$TMP/e")"
[ "$(pages)" -ge 2 ] || fail "lying length (plain): pages lost"
# a gzip member cut off at the end of the file
python3 "$GEN" "$TMP/c.warc.gz" cut
run "$TMP/c.warc.gz"
grep -q "^$TMP/c.warc.gz:16: gzip member cut off" "$TMP/e" || fail "cut member: $(cat "$TMP/e")"
[ "$(pages)" -eq 3 ] || fail "cut member: 3 pages before it expected"
# a corrupt gzip member: the next member is found
python3 "$GEN" "$TMP/d.warc.gz" corrupt
run "$TMP/d.warc.gz"
grep -q "^$TMP/d.warc.gz:6: gzip data corrupt" "$TMP/e" || fail "corrupt member: $(cat "$TMP/e")"
[ "$(pages)" -eq 2 ] || fail "corrupt member: 2 pages expected"
# bytes between records
python3 "$GEN" "$TMP/j.warc.gz" junk
run "$TMP/j.warc.gz"
grep -q "^$TMP/j.warc.gz:5: 2 lines that are not a WARC record skipped" "$TMP/e" || fail "junk: $(cat "$TMP/e")"
[ "$(pages)" -eq 3 ] || fail "junk: 3 pages expected"
# a record larger than the maximum document size, read past; memory stays
# near the maximum, not the record (3 MB record, 1 MB maximum)
python3 "$GEN" "$TMP/b.warc.gz" big
run --max-doc 1000000 "$TMP/b.warc.gz"
grep -q "^$TMP/b.warc.gz:18: record of 3000446 bytes, larger than the maximum document size" "$TMP/e" || fail "big: $(cat "$TMP/e")"
[ "$(pages)" -eq 4 ] || fail "big: the 4 other pages expected"
tail -1 "$TMP/o" | grep -q "After the big one" || fail "big: the page after it"

# feeds: not well-formed (what is recovered is read), not a feed at all
cat >"$TMP/broken.rss" <<'X'
<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>One</title><description>The first item is fine, the editor said.</description></item>
<item><title>Two & three</title><description>An ampersand that is not escaped.</description></item>
</channel>
X
run "$TMP/broken.rss"
grep -q "^$TMP/broken.rss:1: feed not well-formed (line [0-9]*: .*); the items recovered are read" "$TMP/e" || fail "broken feed: $(cat "$TMP/e")"
[ "$(pages)" -ge 1 ] || fail "broken feed: nothing recovered"
printf '<?xml version="1.0"?><html><body>not a feed</body></html>' >"$TMP/page.xml"
run "$TMP/page.xml"
grep -q "^$TMP/page.xml:1: not a feed: the root element is not rss, rdf:RDF or feed" "$TMP/e" || fail "not a feed: $(cat "$TMP/e")"
printf '{"version": "https://jsonfeed.org/version/1.1", "items": [' >"$TMP/bad.json"
run "$TMP/bad.json"
grep -q "^$TMP/bad.json:1: not a JSON Feed" "$TMP/e" || fail "bad json feed: $(cat "$TMP/e")"
# an item without text is skipped and named
printf '<rss><channel><title>T</title><item><title>empty</title></item><item><description>Text here, she said.</description></item></channel></rss>' >"$TMP/e.rss"
run "$TMP/e.rss"
grep -q "^$TMP/e.rss:1: feed item without text, skipped" "$TMP/e" || fail "empty item: $(cat "$TMP/e")"
[ "$(pages)" -eq 1 ] || fail "empty item: the other item expected"

# pages: broken markup is read; a wrong charset costs characters, not the page
printf '<html><body><div><p>Unclosed <b>bold <i>and italic<p>The mayor said the road <a href="x">would reopen</div></table></span>' >"$TMP/broken.html"
"$WHOSAID" read "$TMP/broken.html" >"$TMP/o" 2>"$TMP/e" || fail "broken markup: $(cat "$TMP/e")"
grep -q "The mayor said the road would reopen" "$TMP/o" || fail "broken markup text: $(cat "$TMP/o")"
printf '<html><head><meta charset="x-no-such-charset"></head><body><p>Caf\351 au lait, he said.</p></body></html>' >"$TMP/cs.html"
"$WHOSAID" read "$TMP/cs.html" >"$TMP/o" 2>"$TMP/e" || fail "unknown charset: $(cat "$TMP/e")"
grep -q 'Caf\\ufffd au lait\|Caf� au lait' "$TMP/o" || fail "unknown charset text: $(cat "$TMP/o")"
printf '<html><head><script>var a = 1;</script></head><body><nav><a href="/">Home</a></nav></body></html>' >"$TMP/empty.html"
run "$TMP/empty.html"
grep -q "^$TMP/empty.html:1: no article text found in the page" "$TMP/e" || fail "empty page: $(cat "$TMP/e")"
# several files: a bad one does not stop the others
run "$TMP/empty.html" "$TMP/broken.html" "$TMP/missing.html"
grep -q "missing.html" "$TMP/e" || fail "missing file not reported"
[ "$(pages)" -eq 1 ] || fail "several files: the good page expected"
# extract and ingest report the same way and go on
"$WHOSAID" extract "$TMP/a.warc.gz" >"$TMP/o" 2>"$TMP/e"
[ $? -eq 2 ] || fail "extract: exit 2 expected"
grep -q "^$TMP/a.warc.gz:6: Content-Length" "$TMP/e" || fail "extract: $(cat "$TMP/e")"
exit 0
