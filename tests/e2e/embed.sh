# The word clusters the statement model reads (data/embed.clusters.tsv):
# a model without its clusters file, or with a damaged or different one,
# is refused with one line naming the clusters file.
. "$(dirname "$0")/lib.sh"
DATA="$(dirname "$0")/../../data"
grep -q '^param	clusters	[1-9]' "$DATA/attrib.model.tsv" || { echo "embed.sh: the shipped model reads no clusters; skipped"; exit 0; }
mkdir -p "$TMP/d"
cp "$DATA"/*.tsv "$DATA"/*.txt "$TMP/d/"
echo 'Anna Berg said that the bridge would open in May.' >"$TMP/in.txt"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null || fail "extract with the clusters exited $?"
check() { # WHAT: extraction must fail with one line naming the clusters file and saying WHAT
    "$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "$1: accepted"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$1: more than one line of error: $(cat "$TMP/err")"
    grep -q "embed.clusters.tsv" "$TMP/err" || fail "$1: clusters file not named: $(cat "$TMP/err")"
    grep -q "$1" "$TMP/err" || fail "$1: not said: $(cat "$TMP/err")"
}
rm "$TMP/d/embed.clusters.tsv"
check "missing"
head -n 1000 "$DATA/embed.clusters.tsv" >"$TMP/d/embed.clusters.tsv"
check "truncated"
sed '2s/\t[0-9]*$/\t7/' "$DATA/embed.clusters.tsv" >"$TMP/d/embed.clusters.tsv"
check "damaged"
# a well-formed file of other clusters, made by `whosaid train --clusters`
# from a small vectors file in the package's layout (1,100 words of made-up
# vectors), twice: the same file both times
awk 'BEGIN { s = 12345; printf "{\"precision\":8,\"words\":[\"a\"],\"vectors\":{";
    for (i = 0; i < 1100; i++) { printf "%s\"w%d\":[", i ? "," : "", i;
        for (d = 0; d < 102; d++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%s%.4f", d ? "," : "", s / 2147483648 - 0.5 }
        printf "]" }
    printf "}}" }' >"$TMP/v.json"
"$WHOSAID" train --clusters "$TMP/v.json" --out "$TMP/c1.tsv" || fail "train --clusters exited $?"
"$WHOSAID" train --clusters "$TMP/v.json" --out "$TMP/c2.tsv" || fail "train --clusters exited $?"
cmp -s "$TMP/c1.tsv" "$TMP/c2.tsv" || fail "clustering is not deterministic"
head -1 "$TMP/c1.tsv" | grep -q '^whosaid-clusters	1	64	256	1024	1100	' || fail "no clusters header: $(head -1 "$TMP/c1.tsv")"
[ "$(cut -f2 "$TMP/c1.tsv" | sed 1d | sort -u | wc -l)" -gt 32 ] || fail "fewer than 33 of 64 coarse clusters used"
cp "$TMP/c1.tsv" "$TMP/d/embed.clusters.tsv"
check "not the word clusters the model was trained with"
"$WHOSAID" train --clusters /nonexistent.json --out "$TMP/none.tsv" 2>"$TMP/err" && fail "missing vectors accepted"
grep -q "/nonexistent.json" "$TMP/err" || fail "missing vectors file not named: $(cat "$TMP/err")"
exit 0
