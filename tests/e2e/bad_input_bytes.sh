# Bad bytes never crash the extractor nor lose a document (issue 7):
# invalid UTF-8, NUL bytes, CRLF and lone CR, a byte-order mark, an empty
# file, 100,000 quotation marks, unbalanced and deeply nested quotes, and a
# 50 MB document without a newline.  Each: the run ends normally (no
# signal), every other document is processed, every offset is valid
# (offsets.py: the span's text is the document's text between its code
# point offsets), and the exit status says what happened.
. "$(dirname "$0")/lib.sh"
CHECK="python3 $(dirname "$0")/offsets.py"
S='"We will win," Mayor Paul Dupont said.'

# run EXPECTED_STATUS MODE FILE... : extract (with $OPTS), check status and offsets
OPTS=
run() {
    want=$1 mode=$2
    shift 2
    # shellcheck disable=SC2086
    "$WHOSAID" extract --input "$mode" --date 2025-04-05 $OPTS "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -lt 128 ] || fail "$*: killed by signal $((rc - 128))"
    [ "$rc" -eq "$want" ] || { cat "$TMP/err" >&2; fail "$*: exit status $rc, expected $want"; }
    $CHECK "$TMP/out" "$mode" "$@" >"$TMP/docs" || { cat "$TMP/docs" >&2; fail "$*: offsets"; }
}
# has_doc ID: a statement of document ID was written
has_doc() { grep -q " $1\( \|\$\)" "$TMP/docs" || fail "document $1 lost ($(cat "$TMP/docs"))"; }

# invalid UTF-8 of every kind before a statement: stray continuation,
# truncated sequences, overlong forms, a surrogate, past U+10FFFF, FE/FF
B="$TMP/utf8.txt"
{
    printf '\200\277 %s\n' "$S"
    printf '\342\202 %s\n' "$S"
    printf '\300\257\340\200\257 %s\n' "$S"
    printf '\355\240\200 %s\n' "$S"
    printf '\364\220\200\200\370\210\200\200\200 %s\n' "$S"
    printf '\376\377 %s\n%s \376\n' "$S" "$S"
    printf '\342\200\234Caf\303\251 prices are up,\342\200\235 \302\240she said \360\237\230\200.\n'
} >"$B"
run 0 lines "$B"
for i in 1 2 3 4 5 6; do has_doc "$B:$i"; done
run 0 text "$B"
has_doc utf8.txt

# NUL bytes inside lines, in lines and text mode
N="$TMP/nul.txt"
{ printf 'a\000b %s\n' "$S"; printf '\000\000\000\n'; printf '\000 %s\n' "$S"; } >"$N"
run 0 lines "$N"
has_doc "$N:1"
has_doc "$N:3"
run 0 text "$N"

# CRLF, lone CR inside a line and at the end, a byte-order mark
C="$TMP/crlf.txt"
{ printf '\357\273\277%s\r\n' "$S"; printf '\r\n'; printf '%s\r%s\r\n' "$S" "$S"; printf '%s\r' "$S"; } >"$C"
run 0 lines "$C"
has_doc "$C:1"
has_doc "$C:3"
has_doc "$C:4"
run 0 text "$C"
has_doc crlf.txt
grep -q '"content":{"text":"We will win","start":2,' "$TMP/out" || fail "BOM not counted as one code point in text mode"

# empty files, in every mode: nothing to say, nothing wrong
: >"$TMP/empty.txt"
: >"$TMP/empty.jsonl"
run 0 lines "$TMP/empty.txt"
run 0 text "$TMP/empty.txt"
run 0 jsonl "$TMP/empty.jsonl"
[ ! -s "$TMP/out" ] || fail "statements from an empty file"
printf '\n\n  \r\n' >"$TMP/blank.txt"
run 0 lines "$TMP/blank.txt"

# 100,000 quotation marks (straight, then curly), unbalanced quotes and
# quotes nested thousands deep; the statement after them is still found
Q="$TMP/quotes.txt"
python3 - "$Q" "$S" <<'PY'
import sys
q, s = sys.argv[1], sys.argv[2]
with open(q, 'w', encoding='utf8') as f:
    f.write('"' * 100000 + ' ' + s + '\n')
    f.write('\u201c\u201d' * 50000 + ' ' + s + '\n')
    f.write('"Unbalanced, Ann Lee said. "And again, she said.\n')
    f.write('\u201d' + s + '\u201c\n')
    f.write('"a ' * 20000 + 'b" said Bo Li.\n')
    f.write('\u201c' * 30000 + 'x' + '\u201d' * 29999 + ' said Bo Li.\n')
    f.write("'" * 10000 + ' \u00ab\u00bb\u201e\u201a\u2039\u203a' * 5000 + '\n')
    f.write(s + '\n')
PY
run 0 lines "$Q"
has_doc "$Q:1"
has_doc "$Q:2"
has_doc "$Q:8"
run 0 text "$Q"

# a 50 MB document with no newline: read whole (under the 64 MiB default),
# the statement at its very end found at the right offsets; with a smaller
# --max-doc it is reported by name and skipped, the next file still read
G="$TMP/big.txt"
python3 - "$G" "$S" <<'PY'
import sys
with open(sys.argv[1], 'w', encoding='utf8') as f:
    chunk = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit; caf\u00e9 \u2014 na\u00efve. ' * 1000
    n = 0
    while n < 50_000_000:
        f.write(chunk)
        n += len(chunk.encode('utf8'))
    f.write(sys.argv[2])
PY
[ "$(wc -c <"$G")" -gt 50000000 ] || fail "big.txt not generated"
run 0 lines "$G"
has_doc "$G:1"
grep -q '"cue":{"text":"said","start":[0-9]\{8\},' "$TMP/out" || fail "50 MB document: the final statement not found"
OPTS="--max-doc 10000000"
run 2 lines "$G" "$B"
grep -q "^$G:1: line longer than the maximum document size (10000000 bytes), skipped" "$TMP/err" ||
    fail "50 MB document over --max-doc not reported"
has_doc "$B:1"
run 2 text "$G" "$B"
grep -q "^$G:1: file larger than the maximum document size" "$TMP/err" || fail "50 MB file over --max-doc not reported"
has_doc utf8.txt
exit 0
