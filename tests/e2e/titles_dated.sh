# A title alone across documents, as a reader of a week's news meets it:
# "the Austrian chancellor" a week after "Austrian Chancellor Karl Weber"
# is Karl Weber; two years on, after another chancellor was named, it is
# the new one; two foreign ministers named in the same weeks leave "the
# Norwegian foreign minister" as written, and so does a title nobody was
# seen holding.  The same on extract (the run's window) and on ingest
# (the database, a later run); the registry keeps each title with its
# count and first and last date, right after a document changes.
# Sourced by pg_titles.sh with DB set to a PostgreSQL URI.
if [ -z "${DB:-}" ]; then
    . "$(dirname "$0")/lib.sh"
    DB="$TMP/t.db"
fi
cat >"$TMP/holders.jsonl" <<'J'
{"id":"w1","date":"2024-03-04","text":"Austrian Chancellor Karl Weber said on Monday that the budget would balance by next year."}
{"id":"b1","date":"2026-06-01","text":"Austrian Chancellor Eva Brandl said the pension reform would pass before the summer."}
{"id":"n1","date":"2025-01-10","text":"Norwegian Foreign Minister Ola Berg said the talks in Oslo were useful."}
{"id":"n2","date":"2025-01-20","text":"Norwegian Foreign Minister Kari Lunde said the embassy would reopen in March."}
{"id":"p1","date":"2025-02-01","text":"US President Dana Cole said the tariffs would stay."}
J
cat >"$TMP/later.jsonl" <<'J'
{"id":"w2","date":"2024-03-11","text":"The Austrian chancellor said taxes would not rise this year."}
{"id":"b2","date":"2026-06-08","text":"Austria's chancellor said the reform was fair to young workers."}
{"id":"n3","date":"2025-01-25","text":"The Norwegian foreign minister said the fishing quota was settled."}
{"id":"k1","date":"2025-01-25","text":"The Kremlin spokesman said the convoy had turned back."}
{"id":"f1","date":"2026-06-09","text":"The former Austrian chancellor said the reform went too far."}
{"id":"p2","date":"2025-02-03","text":"The US vice president said the tariffs were under review."}
J
check() { # FILE (extract output) -> fails unless each statement has its speaker
    who() { grep -F "$1" "$2" | sed 's/.*"speaker":{"name":"\([^"]*\)".*/\1/'; }
    [ "$(who 'taxes would not rise' "$1")" = "Karl Weber" ] || fail "$2: w2: $(who 'taxes would not rise' "$1")"
    [ "$(who 'the reform was fair' "$1")" = "Eva Brandl" ] || fail "$2: b2: $(who 'the reform was fair' "$1")"
    [ "$(who 'the fishing quota' "$1")" = "The Norwegian foreign minister" ] \
        || fail "$2: two ministers, ambiguous: $(who 'the fishing quota' "$1")"
    [ "$(who 'the convoy had turned back' "$1")" = "The Kremlin spokesman" ] \
        || fail "$2: nobody seen: $(who 'the convoy had turned back' "$1")"
    [ "$(who 'the reform went too far' "$1")" = "The former Austrian chancellor" ] \
        || fail "$2: a former holder: $(who 'the reform went too far' "$1")"
    [ "$(who 'the tariffs were under review' "$1")" = "The US vice president" ] \
        || fail "$2: another office: $(who 'the tariffs were under review' "$1")"
}
# extract: one run sees both files
cat "$TMP/holders.jsonl" "$TMP/later.jsonl" >"$TMP/all.jsonl"
"$WHOSAID" extract --input jsonl "$TMP/all.jsonl" >"$TMP/x.jsonl" || fail "extract exited $?"
check "$TMP/x.jsonl" extract
# ingest: the holders in one run, the titles alone in a later one
"$WHOSAID" ingest --db "$DB" --input jsonl "$TMP/holders.jsonl" >/dev/null 2>"$TMP/err" || fail "ingest: $(cat "$TMP/err")"
"$WHOSAID" ingest --db "$DB" --input jsonl "$TMP/later.jsonl" >/dev/null 2>"$TMP/err" || fail "ingest 2: $(cat "$TMP/err")"
"$WHOSAID" search --db "$DB" --format jsonl >"$TMP/s.jsonl" || fail "search"
check "$TMP/s.jsonl" ingest
# the registry's titles over time
"$WHOSAID" speakers --db "$DB" "Karl Weber" --history --format jsonl >"$TMP/h.jsonl" || fail "speakers --history"
grep -qF '{"kind":"title","value":"Chancellor","statements":1,"first":"2024-03-04","last":"2024-03-04"}' "$TMP/h.jsonl" \
    || fail "Karl Weber's Chancellor: $(cat "$TMP/h.jsonl")"
grep -qF '{"kind":"affiliation","value":"AT","statements":2,"first":"2024-03-04","last":"2024-03-11"}' "$TMP/h.jsonl" \
    || fail "Karl Weber's AT: $(cat "$TMP/h.jsonl")"
grep -qF '{"kind":"title","value":"chancellor","statements":1,"first":"2024-03-11","last":"2024-03-11"}' "$TMP/h.jsonl" \
    || fail "Karl Weber's chancellor (the title alone): $(cat "$TMP/h.jsonl")"
# a document changed: its statements' titles are counted again
cat >"$TMP/w2.jsonl" <<'J'
{"id":"w2","date":"2024-03-11","text":"Officials said taxes would not rise this year."}
J
"$WHOSAID" ingest --db "$DB" --input jsonl "$TMP/w2.jsonl" >/dev/null 2>"$TMP/err" || fail "ingest 3: $(cat "$TMP/err")"
"$WHOSAID" speakers --db "$DB" "Karl Weber" --history --format jsonl >"$TMP/h.jsonl" || fail "speakers --history 2"
grep -qF '{"kind":"affiliation","value":"AT","statements":1,"first":"2024-03-04","last":"2024-03-04"}' "$TMP/h.jsonl" \
    || fail "Karl Weber's AT after the change: $(cat "$TMP/h.jsonl")"
grep -qF '"value":"chancellor"' "$TMP/h.jsonl" && fail "the changed document's title stayed: $(cat "$TMP/h.jsonl")"
"$WHOSAID" speakers --db "$DB" "Karl Weber" --history >"$TMP/h.txt" || fail "speakers --history table"
grep -q "^  title *Chancellor *1 2024-03-04 2024-03-04" "$TMP/h.txt" || fail "table: $(cat "$TMP/h.txt")"
case $DB in postgres*) echo "ok - titles by date (PostgreSQL)" ;; *) echo "ok - titles by date (SQLite)" ;; esac
