# Repeats a few words apart share a cluster across the documents of a run
# (trimmed, an ellipsis, other quotation marks, a word changed); other
# statements and short boilerplate ("the matter was under review") do
# not; the clusters are the same on any number of threads.
. "$(dirname "$0")/lib.sh"
cat >"$TMP/feed.txt" <<'TXT'
"We will rebuild every bridge in this region before the winter comes," Governor Nadia Petrov said on Monday.
Petrov told farmers: "We will rebuild every bridge in this region before the winter."
“We will rebuild every bridge … before the winter comes,” the governor said.
"We will rebuild every road in this region before the winter comes," Petrov said again.
"The ferry will run every hour from the first of June until the end of August," harbour master Tom Quist said.
The mayor said the matter was under review.
The utility said the matter was under review.
TXT
for t in 1 3; do
    "$WHOSAID" extract --threads $t --input lines "$TMP/feed.txt" >"$TMP/out$t.jsonl" || fail "extract exited $?"
done
cmp -s "$TMP/out1.jsonl" "$TMP/out3.jsonl" || fail "clusters differ between 1 and 3 threads"
cat "$TMP/out1.jsonl"
cl() { sed -n "$1p" "$TMP/out1.jsonl" | sed 's/.*"cluster":"\([0-9a-f]*\)".*/\1/'; }
[ "$(wc -l <"$TMP/out1.jsonl")" -eq 7 ] || fail "expected 7 statements"
[ "$(cl 1)" = "$(cl 2)" ] || fail "the trimmed repeat has another cluster"
[ "$(cl 1)" = "$(cl 3)" ] || fail "the repeat with an ellipsis and curly quotes has another cluster"
[ "$(cl 1)" = "$(cl 4)" ] || fail "the repeat with a word changed has another cluster"
[ "$(cl 1)" != "$(cl 5)" ] || fail "an unrelated quote joined the cluster"
[ "$(cl 6)" != "$(cl 7)" ] || fail "two documents' boilerplate share a cluster"
echo "ok - near repeats"
