# Full text with a speaker on PostgreSQL: each of the ways the backend
# can find the rows (src/store/pg_query.c, text_speaker_plan: walking the
# busiest speaker's rows newest first, then the others' as new; the text's
# matches tested for the speakers; both bitmaps ANDed; the text's matches
# among the speakers' rows since a day, widened until the page is full)
# gives what SQLite gives, rows and order, at every page size.  A generated
# corpus of one statement a document where one speaker has most
# statements, a word is in a third of them and another in a few, so that
# the counts lead to each of the first three ways; a second, larger one
# (the range needs a walk and a text of more than 3,000 rows each) where
# the busiest speaker says a word the others often say only in the oldest
# fifth of the time (the first range holds too few: widened) and another
# only in the newest fifth (the first range holds the page).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.inc"
cd "$TMP" || fail "tmp"
python3 - >corpus.jsonl <<'PY' || fail "corpus"
import json, random
random.seed(7)
people = ["Maria Lindqvist"] * 40 + ["Tomas Berger"] * 6 + ["Anna Kowalczyk"] * 3 + ["Peter Olsen", "Jonas Lindqvist"]
fill = "harbour budget railway schools hospital farmers tourism museum bridge energy".split()
for k in range(6000):
    who = random.choice(people)
    words = random.sample(fill, 4)
    if random.random() < 0.3:
        words.append("reform")
    if random.random() < 0.1:
        words.append("pensions")
    if k % 500 == 7:
        words.append("glacier")
    text = '"We will discuss the %s next week," %s said on Tuesday.' % (" and the ".join(words), who)
    print(json.dumps({"id": "d%d" % k, "date": "2020-%02d-%02d" % (1 + k % 12, 1 + k % 28), "text": text}))
PY
"$WHOSAID" ingest --db lite.db corpus.jsonl >/dev/null 2>err || fail "sqlite ingest: $(cat err)"
"$WHOSAID" ingest --db "$PGURI" corpus.jsonl >/dev/null 2>err || fail "postgresql ingest: $(cat err)"
# every statement from now on in the server's log, to see which ways ran
psqlq "$PGURI" "ALTER SYSTEM SET log_statement = 'all'" >/dev/null || fail "log_statement"
psqlq "$PGURI" "SELECT pg_reload_conf()" >/dev/null || fail "reload"
n=0
LITE=lite.db
same() { # ARGS...: whosaid search ARGS on both backends
    n=$((n + 1))
    "$WHOSAID" search --db "$LITE" --format jsonl "$@" >lite.$n 2>&1 || fail "search $* on SQLite: $(cat lite.$n)"
    "$WHOSAID" search --db "$PGURI" --format jsonl "$@" >pg.$n 2>&1 || fail "search $* on PostgreSQL: $(cat pg.$n)"
    [ -s lite.$n ] || fail "search $*: no rows"
    cmp -s lite.$n pg.$n || fail "search $*: SQLite and PostgreSQL differ:
$(diff lite.$n pg.$n | head -8)"
}
for limit in 1 5 50 400; do
    same reform --speaker Lindqvist --limit $limit        # walk, two speakers
    same reform --speaker "Tomas Berger" --limit $limit   # walk, one speaker
    same glacier --speaker Lindqvist --limit $limit       # the text's matches
    same pensions --speaker Berger --limit $limit         # both bitmaps
    same "reform pensions" --speaker Lindqvist --kind direct --since 2020-03-01 --until 2020-09-30 --limit $limit
    same "harb*" --speaker lindqvist --limit $limit
    same museum --speaker "Olsen" --limit $limit
done
# the range: 48,000 statements over two years, dated in order
python3 - >range.jsonl <<'PY' || fail "range corpus"
import datetime, json, random
random.seed(11)
n = 48000
others = ["Tomas Berger"] * 12 + ["Anna Kowalczyk"] * 8 + ["Peter Olsen"] * 3 + ["Jonas Lindqvist"] * 2
fill = "harbour budget railway schools hospital farmers tourism museum bridge energy".split()
for k in range(n):
    words = random.sample(fill, 3)
    if random.random() < 0.75:
        who = "Maria Lindqvist"
        if k < n // 5 and random.random() < 0.12:
            words.append("tariffs")
        if k >= n - n // 5 and random.random() < 0.12:
            words.append("quotas")
    else:
        who = random.choice(others)
        for w in ("tariffs", "quotas"):
            if random.random() < 0.42:
                words.append(w)
    text = '"We will discuss the %s next week," %s said on Tuesday.' % (" and the ".join(words), who)
    d = datetime.date(2019, 1, 1) + datetime.timedelta(days=k * 730 // n)
    print(json.dumps({"id": "r%d" % k, "date": d.isoformat(), "text": text}))
PY
"$WHOSAID" ingest --db range.db range.jsonl >/dev/null 2>err || fail "sqlite ingest (range): $(cat err)"
PGURI=$(new_db ranges)
"$WHOSAID" ingest --db "$PGURI" range.jsonl >/dev/null 2>err || fail "postgresql ingest (range): $(cat err)"
LITE=range.db
same tariffs --speaker Lindqvist --limit 400          # widened to every day
same quotas --speaker Lindqvist --limit 400           # the first range holds the page
same tariffs --speaker "Maria Lindqvist" --limit 400
same quotas --speaker Lindqvist --since 2019-06-01 --limit 350
for limit in 1 50; do
    same tariffs --speaker Lindqvist --limit $limit
    same quotas --speaker Lindqvist --limit $limit
done
# the four ways ran (their SQL's marks in the log)
log="$PGDIR/log"
grep -q "WITH b AS MATERIALIZED" "$log" || fail "no search walked a speaker's rows"
grep -q "UNION ALL SELECT s.id FROM statements s WHERE s.speaker_id = ANY" "$log" ||
    fail "no walk read a second speaker's rows"
grep -q "OFFSET 0) s WHERE s.speaker_id = ANY" "$log" || fail "no search tested the text's matches for the speakers"
grep -q "FROM (SELECT s.id AS hid FROM statements s WHERE true AND s.fts @@ .* AND s.speaker_id = ANY(" "$log" ||
    fail "no search ANDed the bitmaps"
grep -q "SELECT (SELECT id FROM statements WHERE speaker_id = [0-9]* ORDER BY id DESC LIMIT 1)" "$log" ||
    fail "no search took the busiest speaker's days (the range)"
grep -q "s.speaker_id = ANY('{[0-9,]*}'::bigint\[\]) AND s.id >= \$1 AND s.fts @@" "$log" ||
    fail "no search read the speakers' rows since a day"
grep -q "s.speaker_id = ANY('{[0-9,]*}'::bigint\[\]) AND s.fts @@ .* LIMIT 400" "$log" ||
    fail "no range was widened to every day"
exit 0
