# The seed as a feed: its items (one a line after an empty first line)
# written as an RSS 2.0 feed give the same statements as --input lines:
# content, speaker, cue and kind of each, in order (document ids differ).
. "$(dirname "$0")/lib.sh"
need_shared "the seed-as-feed test"
SEED=$(ls "$SHARED"/seed/*.txt | head -1)
python3 - "$SEED" "$TMP/seed.rss" <<'X' || fail "writing the feed"
import sys
from xml.sax.saxutils import escape
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>seed</title>\n')
    for i, line in enumerate(lines):
        if line.strip():
            f.write("<item><guid isPermaLink=\"false\">%d</guid><description>%s</description></item>\n" % (i + 1, escape(line)))
    f.write("</channel></rss>\n")
X
"$WHOSAID" extract --input lines "$SEED" >"$TMP/lines.jsonl" || fail "extract --input lines"
"$WHOSAID" extract "$TMP/seed.rss" >"$TMP/feed.jsonl" || fail "extract the feed"
key() {
    python3 -c '
import json,sys
for l in open(sys.argv[1]):
    o=json.loads(l)
    sp=o["speaker"]["name"] if o["speaker"] else None
    print(json.dumps([o["content"]["text"], sp, o["cue"]["text"] if o["cue"] else None, o["kind"]]))
' "$1"
}
key "$TMP/lines.jsonl" >"$TMP/a"
key "$TMP/feed.jsonl" >"$TMP/b"
[ -s "$TMP/a" ] || fail "no statements from the seed"
diff "$TMP/a" "$TMP/b" >"$TMP/d" || fail "the feed gives other statements than the lines: $(head -20 "$TMP/d")"
exit 0
