# whosaid read on feeds: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, found by
# extension and by their first bytes; the example feed ingested and searched.
. "$(dirname "$0")/lib.sh"
EX="$(dirname "$0")/../../examples"
# one field of line N (1-based) of a JSON lines file
field() { python3 -c 'import json,sys,signal; signal.signal(signal.SIGPIPE, signal.SIG_DFL); print(json.loads(open(sys.argv[1]).readlines()[int(sys.argv[2])-1]).get(sys.argv[3]))' "$@"; }

"$WHOSAID" read "$EX/feed.xml" >"$TMP/rss" 2>"$TMP/err" || fail "read feed.xml: $(cat "$TMP/err")"
[ ! -s "$TMP/err" ] || fail "read feed.xml wrote to stderr: $(cat "$TMP/err")"
[ "$(wc -l <"$TMP/rss")" -eq 3 ] || fail "feed.xml: 3 items expected, got $(wc -l <"$TMP/rss")"
[ "$(field "$TMP/rss" 1 id)" = "$EX/feed.xml#1" ] || fail "rss id: $(field "$TMP/rss" 1 id)"
[ "$(field "$TMP/rss" 1 title)" = "Ferry service to the islands resumes after repairs" ] || fail "rss title"
[ "$(field "$TMP/rss" 1 date)" = "2025-06-10" ] || fail "rss pubDate"
[ "$(field "$TMP/rss" 1 outlet)" = "The Harbour Gazette" ] || fail "rss outlet"
[ "$(field "$TMP/rss" 1 author)" = "Mara Lindqvist" ] || fail "rss dc:creator"
[ "$(field "$TMP/rss" 1 lang)" = "en" ] || fail "rss language"
[ "$(field "$TMP/rss" 2 url)" = "https://gazette.example.org/2025/06/11/sea-wall-approved" ] || fail "rss link"
# content:encoded HTML read to paragraphs; an escaped-HTML description unescaped
field "$TMP/rss" 1 text | grep -q '^"The hull is sound' || fail "content:encoded paragraphs"
field "$TMP/rss" 2 text | grep -q '^"This is the cheapest insurance' || fail "escaped description"
field "$TMP/rss" 2 text | grep -q '[<>]\|&quot;' && fail "markup left in the text"

cat >"$TMP/rdf" <<'X'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://w.example/"><title>Valley Post</title><link>https://w.example/</link><description>d</description></channel>
  <item rdf:about="https://w.example/a"><title>First</title><link>https://w.example/a</link>
    <dc:date>2024-03-05T10:00:00+01:00</dc:date><description>The mayor said the bridge would open in May.</description></item>
  <item rdf:about="https://w.example/b"><title>Second</title><link>https://w.example/b</link>
    <description>Nothing was said.</description></item>
</rdf:RDF>
X
"$WHOSAID" read "$TMP/rdf" >"$TMP/rdf.out" || fail "RSS 1.0 (sniffed)"
[ "$(wc -l <"$TMP/rdf.out")" -eq 2 ] || fail "rdf: 2 items"
[ "$(field "$TMP/rdf.out" 1 date)" = "2024-03-05" ] || fail "rdf dc:date"
[ "$(field "$TMP/rdf.out" 1 outlet)" = "Valley Post" ] || fail "rdf outlet"
[ "$(field "$TMP/rdf.out" 2 date)" = "None" ] || fail "rdf: no date expected"

cat >"$TMP/atom.atom" <<'X'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Bergblatt</title>
  <entry><title>Eins</title><link rel="alternate" href="https://b.example/1"/><link rel="edit" href="https://b.example/e1"/>
    <published>2023-11-02T08:00:00Z</published><updated>2023-12-01T08:00:00Z</updated>
    <author><name>Lea Brunner</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Erster Absatz.</p><p>Zweiter <b>Absatz</b>.</p></div></content></entry>
  <entry><title>Zwei</title><link href="https://b.example/2"/><updated>2023-12-24T08:00:00Z</updated>
    <summary type="html">&lt;p&gt;Kurz &amp;amp; gut.&lt;/p&gt;</summary></entry>
  <entry><title>Drei</title><content type="text">a &lt; b, said nobody</content></entry>
</feed>
X
"$WHOSAID" read "$TMP/atom.atom" >"$TMP/atom.out" || fail "atom"
[ "$(field "$TMP/atom.out" 1 url)" = "https://b.example/1" ] || fail "atom link rel=alternate"
[ "$(field "$TMP/atom.out" 1 date)" = "2023-11-02" ] || fail "atom published before updated"
[ "$(field "$TMP/atom.out" 1 author)" = "Lea Brunner" ] || fail "atom author/name"
[ "$(field "$TMP/atom.out" 1 lang)" = "de" ] || fail "atom xml:lang"
[ "$(field "$TMP/atom.out" 1 text)" = "$(printf 'Erster Absatz.\n\nZweiter Absatz.')" ] || fail "atom xhtml content: $(field "$TMP/atom.out" 1 text)"
[ "$(field "$TMP/atom.out" 2 text)" = "Kurz & gut." ] || fail "atom html summary: $(field "$TMP/atom.out" 2 text)"
[ "$(field "$TMP/atom.out" 2 date)" = "2023-12-24" ] || fail "atom updated"
[ "$(field "$TMP/atom.out" 3 text)" = "a < b, said nobody" ] || fail "atom text content kept as text"

cat >"$TMP/feed.json" <<'X'
{"version": "https://jsonfeed.org/version/1.1", "title": "Plain Wire", "language": "en-GB",
 "items": [
  {"id": "1", "url": "https://p.example/1", "title": "One", "date_published": "2022-01-31T12:00:00-08:00",
   "authors": [{"name": "Ola Nordmann"}], "content_html": "<p>First.</p><script>x()</script><p>Second.</p>"},
  {"id": "2", "external_url": "https://p.example/2", "content_text": "Just text."}
 ]}
X
"$WHOSAID" read "$TMP/feed.json" >"$TMP/json.out" || fail "json feed"
[ "$(field "$TMP/json.out" 1 text)" = "$(printf 'First.\n\nSecond.')" ] || fail "json content_html"
[ "$(field "$TMP/json.out" 1 date)" = "2022-01-31" ] || fail "json date_published"
[ "$(field "$TMP/json.out" 1 author)" = "Ola Nordmann" ] || fail "json authors"
[ "$(field "$TMP/json.out" 1 outlet)" = "Plain Wire" ] || fail "json outlet"
[ "$(field "$TMP/json.out" 2 url)" = "https://p.example/2" ] || fail "json external_url"
[ "$(field "$TMP/json.out" 2 lang)" = "en-GB" ] || fail "json language"
# --input feed overrides the extension
cp "$TMP/feed.json" "$TMP/feed.txt"
"$WHOSAID" read --input feed "$TMP/feed.txt" >"$TMP/o2" || fail "--input feed"
[ "$(wc -l <"$TMP/o2")" -eq 2 ] || fail "--input feed: 2 items"

# the README's example: ingest the feed, then search it
"$WHOSAID" ingest --db "$TMP/w.db" "$EX/feed.xml" >"$TMP/ing" 2>&1 || fail "ingest feed.xml: $(cat "$TMP/ing")"
"$WHOSAID" search --db "$TMP/w.db" insurance >"$TMP/s" || fail "search"
grep -q "Johan Ekberg" "$TMP/s" || fail "search: the mayor's statement missing: $(cat "$TMP/s")"
# and extract gives the statements of the items
"$WHOSAID" extract "$EX/feed.xml" >"$TMP/x.jsonl" || fail "extract feed.xml"
grep -q '"doc":"[^"]*feed.xml#3"' "$TMP/x.jsonl" || fail "extract: no statement of item 3"
exit 0
