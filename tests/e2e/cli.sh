# The command line's contract: usage errors, formats, standard input.
. "$(dirname "$0")/lib.sh"
"$WHOSAID" extract --bogus >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "unknown option: exit status"
grep -q "unknown option '--bogus'" "$TMP/err" || fail "unknown option not named"
"$WHOSAID" extract --date 2025-13-01 </dev/null >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad --date accepted"
"$WHOSAID" extract --format brat </dev/null >/dev/null 2>&1; [ $? -eq 1 ] || fail "brat without --out accepted"
"$WHOSAID" nosuch >/dev/null 2>&1; [ $? -eq 1 ] || fail "unknown command accepted"
"$WHOSAID" --help >/dev/null 2>&1 || fail "--help"
"$WHOSAID" extract --data "$TMP/nowhere" </dev/null >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "missing data dir accepted"
grep -q "nowhere/words.tsv" "$TMP/err" || fail "missing data dir not named"
# standard input, text mode by default: one document "-"
printf '"We will win," Mayor Paul Dupont said on Friday.\n' | "$WHOSAID" extract --date 2024-06-16 >"$TMP/out" || fail "stdin"
grep -q '"doc":"-"' "$TMP/out" || fail "stdin doc id"
grep -q '"date":"2024-06-14"' "$TMP/out" || fail "date resolved against --date"
grep -q '"speaker":{"name":"Paul Dupont","title":"Mayor"' "$TMP/out" || fail "speaker"
# the readable table
printf '"We will win," Mayor Paul Dupont said.\n' | "$WHOSAID" extract --format table >"$TMP/out" || fail "table"
grep -q 'Paul Dupont (Mayor)' "$TMP/out" || fail "table speaker"
grep -q '^1 statements in 1 documents' "$TMP/out" || fail "table count"
# the same output with several threads
printf '"A b c d," Ann Lee said.\n"E f g h," Lee said.\n"I j k l," Bo Ek said.\n' >"$TMP/t.txt"
"$WHOSAID" extract --input lines "$TMP/t.txt" >"$TMP/one" || fail "threads 1"
"$WHOSAID" extract --input lines --threads 2 "$TMP/t.txt" >"$TMP/two" || fail "threads 2"
cmp -s "$TMP/one" "$TMP/two" || fail "--threads 2 changed the output"
[ "$(grep -c '"name":"Ann Lee"' "$TMP/one")" -eq 2 ] || fail "surname across documents"
# a whole text from a file, from a FIFO (read until its end, not by its
# size) and over --max-doc (reported by name, nothing extracted)
printf '"We will win the vote," Mayor Paul Dupont said.\n' >"$TMP/doc.txt"
"$WHOSAID" extract --input text "$TMP/doc.txt" >"$TMP/file.out" || fail "text file"
grep -q '"speaker":{"name":"Paul Dupont"' "$TMP/file.out" || fail "text file: statement"
mkfifo "$TMP/doc.txt.fifo" 2>/dev/null && {
    # in two writes: a short read of a FIFO is not its end
    { printf '"We will win the vote,"'; sleep 0.3; printf ' Mayor Paul Dupont said.\n'; } >"$TMP/doc.txt.fifo" &
    "$WHOSAID" extract --input text "$TMP/doc.txt.fifo" >"$TMP/fifo.out" || fail "text FIFO"
    wait
    sed 's/doc.txt.fifo/doc.txt/' "$TMP/fifo.out" | cmp -s - "$TMP/file.out" || fail "a FIFO read differently from a file"
}
"$WHOSAID" extract --input text --max-doc 20 "$TMP/doc.txt" >"$TMP/big.out" 2>"$TMP/err"; rc=$?
[ "$rc" -eq 2 ] || fail "text over --max-doc: exit status $rc"
grep -q "doc.txt.*larger than the maximum document size" "$TMP/err" || fail "text over --max-doc not reported"
[ ! -s "$TMP/big.out" ] || fail "text over --max-doc: something was extracted"
# the file commands share one argument loop and one ending: every one names
# an unknown option (exit 1), takes -h (exit 0), and after a file that does
# not open goes on and ends with one line counting the problems (exit 2)
for c in extract read ingest; do
    db=; [ "$c" = ingest ] && db="--db $TMP/c.db"
    "$WHOSAID" $c $db --bogus >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "$c: unknown option: exit status"
    grep -q "unknown option '--bogus'" "$TMP/err" || fail "$c: unknown option not named"
    grep -q "^usage: whosaid" "$TMP/err" || fail "$c: no usage after an unknown option"
    "$WHOSAID" $c -h >/dev/null 2>&1 || fail "$c -h"
    "$WHOSAID" $c $db --input text "$TMP/nosuch.txt" "$TMP/doc.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
    [ "$rc" -eq 2 ] || fail "$c: a missing file: exit status $rc"
    grep -q "nosuch.txt" "$TMP/err" || fail "$c: the missing file not named"
    grep -q "^whosaid: 1 input problem reported above; everything else was" "$TMP/err" || fail "$c: no problem count"
    grep -q "Paul Dupont\|We will win the vote\|1 documents" "$TMP/out" || fail "$c: the other file not processed"
done
"$WHOSAID" ingest --db "$TMP/c.db" --batch 0 "$TMP/doc.txt" >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "--batch 0 accepted"
grep -q "batch must be a positive number" "$TMP/err" || fail "--batch 0 not explained"
"$WHOSAID" ingest --db >/dev/null 2>"$TMP/err"; [ $? -eq 1 ] || fail "--db without a value accepted"
grep -q "\-\-db needs a value" "$TMP/err" || fail "--db without a value not explained"
