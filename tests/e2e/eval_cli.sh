# `whosaid eval` on a tiny corpus written here (no ../shared needed):
# extracting, --pred, --worst, --json, and the errors it reports.
. "$(dirname "$0")/lib.sh"
C=$TMP/corpus
mkdir -p "$C/text" "$C/attributions" "$TMP/pred"
printf 'Bo said that taxes will rise next year.\n' >"$C/text/b.txt"
printf 'Nothing here.\n' >"$C/text/n.txt"
printf 'T1\tSource 0 2\tBo\nT2\tCue 3 7\tsaid\nT3\tContent 13 39\ttaxes will rise next year.\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n' \
    >"$C/attributions/b_ann1.ann"
printf 'T1\tCue 0 7\tNothing\nT2\tContent 8 12\there\nE1\tAttribution:T3 Cue:T1 Content:T2\n' >"$C/attributions/n_ann1.ann"

"$WHOSAID" eval "$C" >"$TMP/out" || fail "eval exited $?"
tail -1 "$TMP/out" | grep -qx 'linked F1 0.667' || { cat "$TMP/out" >&2; fail "extracting: expected linked F1 0.667"; }
grep -qx 'attributions: 2 gold, 1 predicted, 1 linked' "$TMP/out" || fail "extracting: counts"

cp "$C/attributions/b_ann1.ann" "$TMP/pred/b.ann"
cp "$C/attributions/n_ann1.ann" "$TMP/pred/n.ann"
"$WHOSAID" eval "$C" --pred "$TMP/pred" >"$TMP/out" || fail "eval --pred exited $?"
tail -1 "$TMP/out" | grep -qx 'linked F1 1.000' || fail "--pred with the gold itself: expected 1.000"
grep -q '^content_exact *1.000 *1.000 *1.000$' "$TMP/out" || fail "--pred: content_exact"

rm "$TMP/pred/n.ann"
"$WHOSAID" eval "$C" --pred "$TMP/pred" --worst 1 >"$TMP/out" || fail "eval --worst exited $?"
grep -q ' n$' "$TMP/out" || fail "--worst 1 should name article n"
grep -q 'missed   - | Nothing | here' "$TMP/out" || fail "--worst should show what was missed"
tail -1 "$TMP/out" | grep -qx 'linked F1 0.667' || fail "--worst keeps the table last"

"$WHOSAID" eval "$C" --pred "$TMP/pred" --json --worst 1 >"$TMP/out.json" || fail "eval --json exited $?"
grep -q '"linked":\[1\.0*,0\.5,0\.66' "$TMP/out.json" || fail "--json: linked figures"
grep -q '"counts":{"gold":2,"predicted":1,"linked":1}' "$TMP/out.json" || fail "--json: counts"
grep -q '"worst":\[{"article":"n"' "$TMP/out.json" || fail "--json --worst"

"$WHOSAID" eval "$TMP/missing" 2>"$TMP/err" && fail "a missing corpus should fail"
grep -q "$TMP/missing/text" "$TMP/err" || fail "the missing directory is not named"
"$WHOSAID" eval 2>/dev/null && fail "eval without GOLD_DIR should fail"
"$WHOSAID" eval "$C" --worst x 2>/dev/null && fail "--worst x should fail"
exit 0
