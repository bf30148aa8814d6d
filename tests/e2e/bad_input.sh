# Bad input loses nothing: every record is extracted or reported as
# FILE:LINE: what, and the exit status says something was skipped.
. "$(dirname "$0")/lib.sh"
J="$TMP/in.jsonl"
{
    echo '{"id":"a","text":"\"We will win,\" Mayor Paul Dupont said."}'
    echo '{"id":"b","text": "unterminated'
    echo '{"id":"c"}'
    echo '{"id":"d","text":42}'
    echo '[1,2,3]'
    echo ''
    echo '{"id":"e","text":"\"Rents are too high,\" union leader Karl Weber said.","date":"2024-02-30"}'
    echo '{"id":"f","text":"\"Rents are too high,\" union leader Karl Weber said.","date":"2024-02-03"}'
} >"$J"
"$WHOSAID" extract "$J" >"$TMP/out" 2>"$TMP/err"
rc=$?
cat "$TMP/err"
[ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"
grep -q "^$J:2: not valid JSON" "$TMP/err" || fail "line 2 not reported"
grep -q "^$J:3: no \"text\" field" "$TMP/err" || fail "line 3 not reported"
grep -q "^$J:4: \"text\" is not a string" "$TMP/err" || fail "line 4 not reported"
grep -q "^$J:5: not a JSON object" "$TMP/err" || fail "line 5 not reported"
grep -q "^$J:7: \"date\" is not YYYY-MM-DD" "$TMP/err" || fail "line 7 not reported"
[ "$(grep -c '"doc":"a"' "$TMP/out")" -eq 1 ] || fail "document a lost"
[ "$(grep -c '"doc":"f"' "$TMP/out")" -eq 1 ] || fail "document f lost"

# a file that cannot be read is reported; the next file is still read
printf '"We will win," Mayor Paul Dupont said.\n' >"$TMP/ok.txt"
"$WHOSAID" extract --input lines "$TMP/missing.txt" "$TMP/ok.txt" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] || fail "missing file: exit status $rc"
grep -q "missing.txt: No such file" "$TMP/err" || fail "missing file not named"
grep -q 'ok.txt:1' "$TMP/out" || fail "second file not processed"

# invalid UTF-8, NUL bytes, CRLF: no crash, valid JSON out, offsets valid
printf '\377\376"We will win," Mayor Paul Dupont said.\r\n\000x "A b c," Ann Lee said.\r\n' >"$TMP/bad.txt"
"$WHOSAID" extract --input lines "$TMP/bad.txt" >"$TMP/out" 2>"$TMP/err" || fail "bad bytes: exit $?"
python3 - "$TMP/out" <<'PY' || fail "output is not valid JSON lines"
import json, sys
n = 0
for line in open(sys.argv[1], encoding='utf8'):
    r = json.loads(line)
    assert r['content']['start'] < r['content']['end']
    n += 1
assert n >= 1, n
PY

# a document over --max-doc is reported, the rest processed
{ printf '"We will win," Mayor Paul Dupont said.\n'; head -c 5000 /dev/zero | tr '\0' 'a'; printf '\n"We will lose," Mayor Paul Dupont said.\n'; } >"$TMP/big.txt"
"$WHOSAID" extract --input lines --max-doc 1000 "$TMP/big.txt" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] || fail "max-doc: exit status $rc"
grep -q "big.txt:2: line longer than the maximum document size" "$TMP/err" || fail "max-doc not reported"
[ "$(wc -l <"$TMP/out")" -eq 2 ] || fail "max-doc: the other documents were not all processed"
exit 0
