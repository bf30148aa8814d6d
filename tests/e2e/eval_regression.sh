# Regression guard: linked F1 and precision of `whosaid eval` on the
# PolNeAR dev split stay at or above the floors in tests/quality_floor.txt.
# (The figures themselves are reported by bench/quality.sh.)
. "$(dirname "$0")/lib.sh"
need_shared "eval_regression"
DEV=$SHARED/data/polnear/dev
[ -d "$DEV/text" ] || { echo "SKIPPED: eval_regression needs $DEV" >&2; exit 77; }
FLOORS="$(dirname "$0")/../quality_floor.txt"
floor() { awk -v k="$1" '$1 == k { print $2 }' "$FLOORS"; }
F1_MIN=$(floor polnear_dev_linked_f1)
P_MIN=$(floor polnear_dev_linked_p)
C_MIN=$(floor polnear_dev_content_exact_f1)
[ -n "$F1_MIN" ] && [ -n "$P_MIN" ] && [ -n "$C_MIN" ] || fail "$FLOORS lacks polnear_dev_linked_f1, _linked_p or _content_exact_f1"
"$WHOSAID" eval "$DEV" >"$TMP/out.txt" || fail "eval exited $?"
F1=$(awk '$1 == "linked" && $2 == "F1" { print $3 }' "$TMP/out.txt")
P=$(awk '$1 == "linked" && $2 == "P" { print $3 }' "$TMP/out.txt")
C=$(awk '$1 == "content_exact" { print $4 }' "$TMP/out.txt")
[ -n "$F1" ] && [ -n "$P" ] && [ -n "$C" ] || fail "no linked or content figures in the output of eval"
echo "PolNeAR dev: linked F1 $F1 (floor $F1_MIN), linked P $P (floor $P_MIN), content exact F1 $C (floor $C_MIN)"
awk -v a="$F1" -v b="$F1_MIN" 'BEGIN { exit !(a + 0 >= b + 0) }' || fail "linked F1 $F1 fell below the floor $F1_MIN"
awk -v a="$P" -v b="$P_MIN" 'BEGIN { exit !(a + 0 >= b + 0) }' || fail "linked precision $P fell below $P_MIN"
awk -v a="$C" -v b="$C_MIN" 'BEGIN { exit !(a + 0 >= b + 0) }' || fail "content exact F1 $C fell below $C_MIN"
exit 0
