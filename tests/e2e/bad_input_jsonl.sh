# Bad JSON lines and unreadable files (issue 7), beyond bad_input.sh: lines
# that are not objects, lack "text", carry wrong types or huge numbers, are
# nested too deep or cut off at the end of the file; a directory, a missing
# file and a file whose read fails.  Each bad record is reported as
# FILE:LINE: what, every good record is processed (offsets valid), the run
# ends without a signal and exits 2 (something was skipped).
. "$(dirname "$0")/lib.sh"
CHECK="python3 $(dirname "$0")/offsets.py"
J="$TMP/bad.jsonl"
python3 - "$J" <<'PY'
import json, sys
s = '"We will win," Mayor Paul Dupont said.'
good = lambda i: json.dumps({"id": "ok%d" % i, "text": s})
lines = [
    good(1),
    '"just a string"', '42', 'null', 'true', '[{"text": "in an array"}]',     # 2-6: not objects
    '{"title": "no text"}', '{}',                                           # 7-8: no text
    '{"text": null}', '{"text": ["a"]}', '{"text": {"a": 1}}', '{"text": false}',  # 9-12
    '{"text": "x", "id": 1.5}', '{"text": "x", "id": ["a"]}',              # 13-14: bad id
    '{"text": "x", "date": 20250405}', '{"text": "x", "title": 7}',         # 15-16
    '{"text": "x", "url": {}}', '{"text": "x", "outlet": []}',              # 17-18
    '{"text": "x", "id": 1e400}',                                           # 19: huge float
    '{"text": "x", "id": 123456789012345678901234567890}',                   # 20: huge integer
    '[' * 100000 + ']' * 100000,                                            # 21: too deep
    '{"text": "x", "text": "twice", "n": ' + '9' * 5000 + '}',               # 22: 5000 digits
    good(23),
    json.dumps({"id": 9223372036854775807, "text": s, "n": -1e308, "f": 1e-400}),  # 24: edge numbers
    '{"text": "\\ud800 lone surrogate"}',                                    # 25
    '{"text": "' + s.replace('"', '\\"') + '", "date": "2025-13-45"}',        # 26: bad date
    good(27),
    json.dumps({"id": "", "text": s}),                                      # 28: empty id
]
with open(sys.argv[1], 'w') as f:
    f.write('\n'.join(lines) + '\n' + '{"id": "cut", "text": "half writ')    # 29: cut off
PY
"$WHOSAID" extract --input jsonl "$J" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -lt 128 ] || fail "killed by signal $((rc - 128))"
[ "$rc" -eq 2 ] || { cat "$TMP/err" >&2; fail "exit status $rc, expected 2"; }
for n in 2 3 4 5 6; do grep -q "^$J:$n: not a JSON object" "$TMP/err" || fail "line $n (not an object) not reported"; done
for n in 7 8; do grep -q "^$J:$n: no \"text\" field" "$TMP/err" || fail "line $n (no text) not reported"; done
for n in 9 10 11 12; do grep -q "^$J:$n: \"text\" is not a string" "$TMP/err" || fail "line $n (text type) not reported"; done
for n in 13 14; do grep -q "^$J:$n: \"id\" is not a string or integer" "$TMP/err" || fail "line $n (id type) not reported"; done
grep -q "^$J:15: \"date\" is not a string" "$TMP/err" || fail "line 15 (date type) not reported"
grep -q "^$J:16: \"title\" is not a string" "$TMP/err" || fail "line 16 (title type) not reported"
grep -q "^$J:17: \"url\" is not a string" "$TMP/err" || fail "line 17 (url type) not reported"
grep -q "^$J:18: \"outlet\" is not a string" "$TMP/err" || fail "line 18 (outlet type) not reported"
for n in 19 20 21 22 25 29; do grep -q "^$J:$n: not valid JSON" "$TMP/err" || fail "line $n (invalid JSON) not reported"; done
grep -q "^$J:26: \"date\" is not YYYY-MM-DD" "$TMP/err" || fail "line 26 (bad date) not reported"
# every bad line is reported exactly once, and only the bad lines; an
# empty id is no id (the document is FILE:LINE, found by fuzz_jsonl)
[ "$(grep -c "^$J:" "$TMP/err")" -eq 24 ] || { cat "$TMP/err" >&2; fail "expected 24 reports"; }
$CHECK "$TMP/out" jsonl "$J" >"$TMP/docs" || { cat "$TMP/docs" >&2; fail "offsets"; }
for d in ok1 ok23 9223372036854775807 ok27 "$J:28"; do
    grep -q " $d\( \|\$\)" "$TMP/docs" || fail "document $d lost ($(cat "$TMP/docs"))"
done
# the workers decode the lines: reports come in input order, and output
# and reports are the same on two threads (the file twice, with a line
# longer than --max-doc, which the reader reports, between the copies)
grep "^$J:" "$TMP/err" | cut -d: -f2 | sort -n -c || fail "reports not in input order"
python3 -c 'import json; print(json.dumps({"text": "x" * 5000}))' >"$TMP/long.jsonl"
for t in 1 2; do
    "$WHOSAID" extract --input jsonl --threads $t --max-doc 4000 "$J" "$TMP/long.jsonl" "$J" >"$TMP/out$t" 2>"$TMP/err$t"
    [ $? -eq 2 ] || fail "threads $t: exit status"
done
cmp -s "$TMP/out1" "$TMP/out2" || fail "output differs on two threads"
cmp -s "$TMP/err1" "$TMP/err2" || { diff "$TMP/err1" "$TMP/err2" >&2; fail "reports differ on two threads"; }
[ "$(sed -n 25p "$TMP/err1" | cut -d: -f1-2)" = "$TMP/long.jsonl:1" ] || fail "the long line not reported between the copies"

# files that cannot be read: each named, the readable ones still processed.
# (Tests run as root, so permission bits cannot make a file unreadable: a
# directory, a missing path and /proc/self/mem, whose first read fails.)
printf '"We will win," Mayor Paul Dupont said.\n' >"$TMP/ok.txt"
mkdir "$TMP/dir.txt"
for mode in lines text jsonl; do
    "$WHOSAID" extract --input $mode "$TMP/dir.txt" "$TMP/ok.txt" "$TMP/nope.txt" /proc/self/mem "$TMP/ok.txt" \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || { cat "$TMP/err" >&2; fail "$mode: unreadable files: exit status $rc"; }
    grep -q "$TMP/dir.txt: Is a directory" "$TMP/err" || fail "$mode: directory not reported"
    grep -q "$TMP/nope.txt: No such file or directory" "$TMP/err" || fail "$mode: missing file not reported"
    grep -q "^/proc/self/mem:1: read error: Input/output error" "$TMP/err" || fail "$mode: read error not reported"
    [ "$(grep -c 'problem' "$TMP/err")" -eq 1 ] || fail "$mode: no summary line"
    [ "$mode" = jsonl ] && continue
    [ "$(wc -l <"$TMP/out")" -eq 2 ] || fail "$mode: the readable files were not both processed"
done
exit 0
