# The word classes the statement model reads (data/pos.classes.tsv): a
# model without its word-class file, or with a damaged or different one,
# is refused with one line naming the file; `whosaid train --pos` gives the
# same file twice from the same CoNLL-U input.
. "$(dirname "$0")/lib.sh"
DATA="$(dirname "$0")/../../data"
grep -q '^param	pos	[1-9]' "$DATA/attrib.model.tsv" || { echo "pos.sh: the shipped model reads no word classes; skipped"; exit 0; }
mkdir -p "$TMP/d"
cp "$DATA"/*.tsv "$DATA"/*.txt "$TMP/d/"
echo 'Anna Berg said that the bridge would open in May.' >"$TMP/in.txt"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null || fail "extract with the word classes exited $?"
check() { # WHAT: extraction must fail with one line naming the word-class file and saying WHAT
    "$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "$1: accepted"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$1: more than one line of error: $(cat "$TMP/err")"
    grep -q "pos.classes.tsv" "$TMP/err" || fail "$1: word-class file not named: $(cat "$TMP/err")"
    grep -q "$1" "$TMP/err" || fail "$1: not said: $(cat "$TMP/err")"
}
rm "$TMP/d/pos.classes.tsv"
check "missing"
head -n 1000 "$DATA/pos.classes.tsv" >"$TMP/d/pos.classes.tsv"
check "truncated"
awk -F '\t' -v OFS='\t' 'NR == 2 { $4 = ($4 + 1) % 4 } { print }' "$DATA/pos.classes.tsv" >"$TMP/d/pos.classes.tsv"
cmp -s "$DATA/pos.classes.tsv" "$TMP/d/pos.classes.tsv" && fail "the damaged copy equals the file"
check "damaged"
# a well-formed file of other classes, from a small CoNLL-U file, twice
i=0
while [ $i -lt 4 ]; do
    printf '1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tit\tit\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n4\tworks\twork\tVERB\tVBZ\t_\t2\tccomp\t_\t_\n\n'
    i=$((i + 1))
done >"$TMP/c.conllu"
"$WHOSAID" train --pos "$TMP/c.conllu" --out "$TMP/p1.tsv" || fail "train --pos exited $?"
"$WHOSAID" train --pos "$TMP/c.conllu" --out "$TMP/p2.tsv" || fail "train --pos exited $?"
cmp -s "$TMP/p1.tsv" "$TMP/p2.tsv" || fail "the word classes are not deterministic"
grep -q '^said	VBD	VBD	3$' "$TMP/p1.tsv" || fail "said: $(grep '^said' "$TMP/p1.tsv")"
grep -q '^works	VBZ	VBZ	0$' "$TMP/p1.tsv" || fail "works: $(grep '^works' "$TMP/p1.tsv")"
cp "$TMP/p1.tsv" "$TMP/d/pos.classes.tsv"
check "not the word classes the model was trained with"
"$WHOSAID" train --pos /nonexistent.conllu --out "$TMP/none.tsv" 2>"$TMP/err" && fail "missing CoNLL-U accepted"
grep -q "/nonexistent.conllu" "$TMP/err" || fail "missing CoNLL-U file not named: $(cat "$TMP/err")"
exit 0
