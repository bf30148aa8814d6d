# The seed feed read as a person reads it: the engine issue's acceptance
# check (reads ../shared/seed and ../shared/tools/seed_check.py).
. "$(dirname "$0")/lib.sh"
need_shared "the seed gold test"
"$WHOSAID" extract --input lines --date 2025-04-05 "$SHARED/seed/000_4ecd10820ece11c0.txt" >"$TMP/out.jsonl" \
    || fail "extract exited $?"
python3 "$SHARED/tools/seed_check.py" "$SHARED/seed/gold.jsonl" "$TMP/out.jsonl" >"$TMP/score" || fail "seed_check failed"
cat "$TMP/score"
tail -1 "$TMP/score" | grep -qx 'seed score 30/30' || fail "seed score is not 30/30"
grep -q 'dates 11/11' "$TMP/score" || fail "dates are not 11/11"
grep -q 'false positives 0' "$TMP/score" || fail "false positives"
grep -q 'lines 3-4 clustered: yes' "$TMP/score" || fail "lines 3-4 not clustered"
