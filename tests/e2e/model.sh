# The statement model (data/attrib.model.tsv, and the option
# data/attrib.filter.model.tsv): a truncated, damaged or
# foreign model file is refused with one line naming it; training is
# deterministic; the model changes what is extracted.
. "$(dirname "$0")/lib.sh"
DATA="$(dirname "$0")/../../data"
mkdir -p "$TMP/d"
cp "$DATA"/*.tsv "$DATA"/*.txt "$TMP/d/"
echo 'Anna Berg said that the bridge would open in May.' >"$TMP/in.txt"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >"$TMP/ok.jsonl" || fail "extract with the model exited $?"
grep -q '"speaker":{"name":"Anna Berg"' "$TMP/ok.jsonl" || fail "the model dropped a plain statement"
cp "$DATA/attrib.filter.model.tsv" "$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >"$TMP/ok2.jsonl" || fail "extract with the option exited $?"
grep -q '"speaker":{"name":"Anna Berg"' "$TMP/ok2.jsonl" || fail "the optional model dropped a plain statement"
# truncated: fewer records than the header says
head -n 100 "$DATA/attrib.model.tsv" >"$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "truncated model accepted"
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "more than one line of error"
grep -q "attrib.model.tsv: truncated" "$TMP/err" || fail "truncated model not named: $(cat "$TMP/err")"
# damaged: one weight changed
sed '$s/\t-\?[0-9]*$/\t12345/' "$DATA/attrib.model.tsv" >"$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "damaged model accepted"
grep -q "attrib.model.tsv: damaged" "$TMP/err" || fail "damaged model not named: $(cat "$TMP/err")"
# another version
sed '1s/^whosaid-model\t1\t/whosaid-model\t9\t/' "$DATA/attrib.model.tsv" >"$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "foreign model accepted"
grep -q "attrib.model.tsv:1: model of another version" "$TMP/err" || fail "version not named: $(cat "$TMP/err")"
# not a model at all
echo 'hello' >"$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "garbage accepted"
grep -q "attrib.model.tsv:1: not a whosaid model file" "$TMP/err" || fail "garbage not named: $(cat "$TMP/err")"
# cut in the middle of a line
head -c 5000 "$DATA/attrib.model.tsv" >"$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "model cut mid-line accepted"
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "more than one line of error: $(cat "$TMP/err")"
grep -q "attrib.model.tsv:[0-9]*: truncated line" "$TMP/err" || fail "cut model not named: $(cat "$TMP/err")"
# empty
: >"$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "empty model accepted"
grep -q "attrib.model.tsv: empty model file" "$TMP/err" || fail "empty model not named: $(cat "$TMP/err")"
# missing: an error naming the file, in eval and ingest too, never the rules alone in silence
rm "$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >"$TMP/out" 2>"$TMP/err" && fail "missing model accepted"
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "more than one line of error: $(cat "$TMP/err")"
grep -q "$TMP/d/attrib.model.tsv: missing" "$TMP/err" || fail "missing model not named: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "output without the model"
"$WHOSAID" ingest --db "$TMP/x.db" --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "ingest: missing model accepted"
grep -q "attrib.model.tsv: missing" "$TMP/err" || fail "ingest: missing model not named: $(cat "$TMP/err")"
# the default data directory (WHOSAID_DATA) needs it as well
WHOSAID_DATA="$TMP/d" "$WHOSAID" extract --input text "$TMP/in.txt" >/dev/null 2>"$TMP/err" && fail "default dir: missing model accepted"
grep -q "$TMP/d/attrib.model.tsv: missing" "$TMP/err" || fail "default dir: missing model not named: $(cat "$TMP/err")"
# the rules alone, asked for: --no-model, or a directory marked rules-only
"$WHOSAID" extract --input text --no-model --data "$TMP/d" "$TMP/in.txt" >"$TMP/r1.jsonl" || fail "--no-model exited $?"
grep -q '"speaker":{"name":"Anna Berg"' "$TMP/r1.jsonl" || fail "--no-model: no statement"
grep -q '"method":"rule:' "$TMP/r1.jsonl" || fail "--no-model: not the rules"
: >"$TMP/d/rules-only"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >"$TMP/r2.jsonl" || fail "rules-only dir exited $?"
cmp -s "$TMP/r1.jsonl" "$TMP/r2.jsonl" || fail "rules-only dir and --no-model differ"
rm "$TMP/d/rules-only"
# --no-model ignores a model that is there: the rules alone differ from the model's output on dev
cp "$DATA/attrib.model.tsv" "$TMP/d/"
"$WHOSAID" extract --input text --no-model --data "$TMP/d" "$TMP/in.txt" >"$TMP/r3.jsonl" || fail "--no-model with a model exited $?"
cmp -s "$TMP/r1.jsonl" "$TMP/r3.jsonl" || fail "--no-model used the model"
# training on a small corpus twice gives the same file
mkdir -p "$TMP/c/text" "$TMP/c/attributions"
i=0
for s in "Anna Berg said that the bridge would open." "The mayor wants the bridge to open in May." \
         "Officials said the plan was sound." "The report showed costs rising." \
         "Tom Lee said the road was closed." "Critics want a new vote on the plan."; do
    i=$((i + 1))
    printf '%s\n' "$s" >"$TMP/c/text/a$i.txt"
    : >"$TMP/c/attributions/a${i}_x.ann"
done
printf 'T1\tSource 0 9\tAnna Berg\nT2\tCue 10 14\tsaid\nT3\tContent 15 42\tthat the bridge would open\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n' \
    >"$TMP/c/attributions/a1_x.ann"
cp "$TMP/c/attributions/a1_x.ann" "$TMP/c/attributions/a5_x.ann"
rm -f "$TMP/d/attrib.model.tsv"
# training reads the patterns alone: it needs no model in the directory
"$WHOSAID" train --model "$TMP/c" --data "$TMP/d" --out "$TMP/m1.tsv" || fail "train --model exited $?"
"$WHOSAID" train --model "$TMP/c" --data "$TMP/d" --out "$TMP/m2.tsv" || fail "train --model exited $?"
cmp -s "$TMP/m1.tsv" "$TMP/m2.tsv" || fail "model training is not deterministic"
"$WHOSAID" train --model "$TMP/c" --filter-rules --data "$TMP/d" --out "$TMP/m4.tsv" || fail "train --filter-rules exited $?"
grep -qP '^param\tkeep_rules\t0$' "$TMP/m4.tsv" || fail "--filter-rules not recorded"
grep -qP '^param\tkeep_rules\t1$' "$TMP/m1.tsv" || fail "keep_rules not recorded"
head -1 "$TMP/m1.tsv" | grep -q '^whosaid-model	1	20	' || fail "no model header"
cp "$TMP/m1.tsv" "$TMP/d/attrib.model.tsv"
"$WHOSAID" extract --input text --data "$TMP/d" "$TMP/in.txt" >/dev/null || fail "a trained model does not load"
"$WHOSAID" train --model "$TMP/nowhere" --data "$TMP/d" --out "$TMP/m3.tsv" 2>"$TMP/err" && fail "missing corpus accepted"
grep -q "nowhere" "$TMP/err" || fail "missing corpus not named"
exit 0
