# whosaid read on article pages: main text without the page's furniture,
# metadata, character sets, detection; no progress line off a terminal.
. "$(dirname "$0")/lib.sh"
EX="$(dirname "$0")/../../examples"
field() { python3 -c 'import json,sys,signal; signal.signal(signal.SIGPIPE, signal.SIG_DFL); print(json.loads(open(sys.argv[1]).readlines()[int(sys.argv[2])-1]).get(sys.argv[3]))' "$@"; }

"$WHOSAID" read "$EX/article.html" >"$TMP/a" 2>"$TMP/err" || fail "read article.html"
[ ! -s "$TMP/err" ] || fail "stderr not empty off a terminal: $(cat "$TMP/err")"
[ "$(field "$TMP/a" 1 id)" = "$EX/article.html" ] || fail "id is the path as given"
[ "$(field "$TMP/a" 1 title)" = "Lighthouse keepers return to Skerry Point" ] || fail "og:title"
[ "$(field "$TMP/a" 1 date)" = "2025-06-13" ] || fail "article:published_time"
[ "$(field "$TMP/a" 1 url)" = "https://gazette.example.org/2025/06/13/lighthouse-keepers" ] || fail "canonical"
[ "$(field "$TMP/a" 1 outlet)" = "The Harbour Gazette" ] || fail "og:site_name"
[ "$(field "$TMP/a" 1 author)" = "Mara Lindqvist" ] || fail "meta author"
[ "$(field "$TMP/a" 1 lang)" = "en" ] || fail "html lang"
field "$TMP/a" 1 text >"$TMP/t"
grep -q "^For the first time in forty years" "$TMP/t" || fail "first paragraph missing"
grep -q "It deserves company" "$TMP/t" || fail "block quote missing"
grep -q "^A village that kept the key$" "$TMP/t" || fail "subheading missing"
for junk in "cookies" "Sport" "Comments" "All rights reserved" "analytics" "Related" "Tweet" "display: flex"; do
    grep -q "$junk" "$TMP/t" && fail "page furniture in the text: $junk"
done
# statements from the page
"$WHOSAID" extract --format table "$EX/article.html" >"$TMP/x" || fail "extract article.html"
grep -q "Henrik Dahl" "$TMP/x" || fail "extract: Henrik Dahl's statement missing"

# <title> less the site name; a JSON-LD headline and date; a date in the URL
cat >"$TMP/p1.html" <<'X'
<html><head><title>Rain stops play at the county ground | Daily Example</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rain stops play","datePublished":"2021-07-04T18:00:00+01:00","publisher":{"@type":"Organization","name":"Daily Example"},"author":[{"@type":"Person","name":"Sam Okafor"}]}</script>
</head><body><div class="story"><p>It rained all afternoon at the ground, and the umpires called it off at four, to the relief of the bowlers.</p></div></body></html>
X
"$WHOSAID" read "$TMP/p1.html" >"$TMP/p1" || fail "p1"
[ "$(field "$TMP/p1" 1 title)" = "Rain stops play" ] || fail "JSON-LD headline"
[ "$(field "$TMP/p1" 1 date)" = "2021-07-04" ] || fail "JSON-LD datePublished"
[ "$(field "$TMP/p1" 1 outlet)" = "Daily Example" ] || fail "JSON-LD publisher"
[ "$(field "$TMP/p1" 1 author)" = "Sam Okafor" ] || fail "JSON-LD author"
printf '<html><head><title>Harbour dredging to start next month - Coast News</title><link rel="canonical" href="https://c.example/2020/02/29/dredging"></head><body><p>Dredging of the harbour mouth will begin next month, the port said on Friday.</p></body></html>' >"$TMP/p2.htm"
"$WHOSAID" read "$TMP/p2.htm" >"$TMP/p2" || fail "p2"
[ "$(field "$TMP/p2" 1 title)" = "Harbour dredging to start next month" ] || fail "title less site: $(field "$TMP/p2" 1 title)"
[ "$(field "$TMP/p2" 1 date)" = "2020-02-29" ] || fail "date from the URL"

# a windows-1252 page (meta charset) converted; sniffed without extension
printf '<!DOCTYPE html>\n<html><head><meta charset="windows-1252"><title>Caf\351</title></head><body><p>\223We will reopen the caf\351 in spring,\224 the owner said.</p></body></html>' >"$TMP/latin"
"$WHOSAID" read "$TMP/latin" >"$TMP/l" || fail "latin page"
[ "$(field "$TMP/l" 1 text)" = "“We will reopen the café in spring,” the owner said." ] || fail "windows-1252 not converted: $(field "$TMP/l" 1 text)"
# a UTF-16 page with a byte order mark
printf '<html><body><p>Gr\374\337e aus Z\374rich, sagte sie.</p></body></html>' | iconv -f latin1 -t UTF-16 >"$TMP/u16.html"
"$WHOSAID" read "$TMP/u16.html" >"$TMP/u" || fail "utf-16 page"
[ "$(field "$TMP/u" 1 text)" = "Grüße aus Zürich, sagte sie." ] || fail "UTF-16: $(field "$TMP/u" 1 text)"
# a .txt file stays text, even when it holds markup
printf '<html><body><p>plain</p></body></html>' >"$TMP/notes.txt"
"$WHOSAID" read "$TMP/notes.txt" >"$TMP/n" || fail "txt"
[ "$(field "$TMP/n" 1 text)" = "<html><body><p>plain</p></body></html>" ] || fail ".txt was read as HTML"
# lines and JSON lines read as before
printf '\nfirst line\nsecond line\n' >"$TMP/l.txt"
"$WHOSAID" read --input lines "$TMP/l.txt" >"$TMP/lo" || fail "lines"
[ "$(field "$TMP/lo" 2 id)" = "$TMP/l.txt:3" ] || fail "lines id"
exit 0
