# whosaid train: learns cue statistics deterministically; the shipped
# data/cues.learned.tsv is what training on PolNeAR train gives (reads
# ../shared for that part).
. "$(dirname "$0")/lib.sh"
cat >"$TMP/t.tsv" <<'TSV'
# start	end	word	lemma	pos	ner	role
# doc a
0	4	Anna	Anna	NNP	PERSON	B-SOURCE
5	9	said	say	VBD	O	B-CUE
10	12	it	it	PRP	O	B-CONTENT
13	18	rains	rain	VBZ	O	I-CONTENT

0	3	Bob	Bob	NNP	PERSON	B-SOURCE
4	8	Said	say	VBD	O	B-CUE
9	13	more	more	JJR	O	B-CONTENT
14	18	said	say	VBN	O	O
19	25	saying	say	VBG	O	B-CUE
TSV
"$WHOSAID" train "$TMP/t.tsv" --out "$TMP/c1.tsv" || fail "train exited $?"
"$WHOSAID" train "$TMP/t.tsv" --out "$TMP/c2.tsv" || fail "train exited $?"
cmp -s "$TMP/c1.tsv" "$TMP/c2.tsv" || fail "training is not deterministic"
grep -qP '^said\t2\t3\tVBD$' "$TMP/c1.tsv" || fail "said: expected 2 cues in 3, VBD"
grep -qP '^saying\t1\t1\tVBG$' "$TMP/c1.tsv" || fail "saying: expected 1 of 1, VBG"
! grep -qP '^rains\t' "$TMP/c1.tsv" || fail "a word never a cue is listed"
# a malformed line is reported with its file and line
printf '0\t4\tAnna\n' >"$TMP/bad.tsv"
"$WHOSAID" train "$TMP/bad.tsv" --out "$TMP/c3.tsv" 2>"$TMP/err" && fail "bad file accepted"
grep -q "bad.tsv:1: expected 7 tab-separated fields" "$TMP/err" || fail "bad line not named"
[ ! -e "$TMP/c3.tsv" ] || fail "a failed training left an output file"
need_shared "the shipped cue model check"
"$WHOSAID" train "$SHARED/data/polnear/train.tokens.tsv" --out "$TMP/full.tsv" || fail "train on PolNeAR"
cmp -s "$TMP/full.tsv" "$(dirname "$0")/../../data/cues.learned.tsv" ||
    fail "data/cues.learned.tsv differs from training on PolNeAR train (run: make train)"
