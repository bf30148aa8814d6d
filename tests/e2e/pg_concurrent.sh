# Several ingesters at once on one PostgreSQL database: two and four
# ingesters on overlapping inputs (small batches, so that their batches
# interleave), two on the same input (a batch run again at the database's
# request, reported), and three sharded ingesters on the same input, give
# the same tables as one ingester (every table's rows, ids aside): each
# document once, one speaker per person, cluster counts right; and two
# ingesters, one meeting only "Zelensky" and the other only "Volodymyr
# Zelensky", at once, end with one speaker and both aliases.  (The
# sharded ones are compared without the speaker registry: the pipeline
# resolves "Trump" to "Donald Trump" seen in an earlier document of the
# same process, so a shard without that document gives the registry other
# names; the registry's own rules are checked by the overlapping runs.)
. "$(dirname "$0")/lib.sh"
need_shared pg_concurrent
. "$(dirname "$0")/pg.inc"
cd "$TMP" || fail "tmp"
# every line of the seed and of examples/feed.txt twice (ids a:N and b:N:
# repeated quotes make clusters of two documents)
python3 - "$SHARED/seed/000_4ecd10820ece11c0.txt" "$ROOT/examples/feed.txt" <<'PY' || fail "corpus"
import json, sys
docs = []
for f, path in enumerate(sys.argv[1:]):
    for i, line in enumerate(open(path, encoding="utf-8")):
        if line.strip():
            for copy in "ab":
                docs.append({"id": "%s:%d:%d" % (copy, f, i), "text": line.strip(),
                             "date": "2025-04-%02d" % (1 + i % 28)})
n = len(docs)
def write(name, part):
    with open(name, "w") as o:
        for d in part:
            o.write(json.dumps(d) + "\n")
write("all.jsonl", docs)
# overlapping parts: every document in at least one, many in two or three
write("p1.jsonl", docs[: n * 2 // 3])
write("p2.jsonl", docs[n // 3:])
write("q1.jsonl", docs[: n // 2])
write("q2.jsonl", docs[n // 4: n * 3 // 4])
write("q3.jsonl", docs[n // 2:][::-1])
write("q4.jsonl", docs[::3] + docs[1::3])
PY
ingest() { # LABEL DB FILE [OPTIONS]: ingest in the background, status into LABEL.rc
    l=$1 db=$2 f=$3
    shift 3
    ( "$WHOSAID" ingest --db "$db" --batch 3 "$@" "$f" >"$l.out" 2>"$l.err"; echo $? >"$l.rc" ) &
}
check_rc() { # LABELS...: each ingest exited 0
    for l in "$@"; do
        [ "$(cat "$l.rc")" = 0 ] || fail "ingest $l: exit $(cat "$l.rc"): $(cat "$l.err")"
    done
}
one=$(new_db one)
"$WHOSAID" ingest --db "$one" --batch 3 all.jsonl >/dev/null 2>err || fail "single ingest: $(cat err)"
pg_tables "$one" >one.rows
[ "$(grep -c '^documents ' one.rows)" -ge 60 ] || fail "corpus too small"
grep -q '^clusters .*,2,2,' one.rows || fail "no cluster of two documents"

two=$(new_db two)
ingest p1 "$two" p1.jsonl
ingest p2 "$two" p2.jsonl
wait
check_rc p1 p2
pg_tables "$two" >two.rows
cmp -s one.rows two.rows || fail "two ingesters at once differ from one:
$(diff one.rows two.rows | head -10)"

four=$(new_db four)
for f in q1 q2 q3 q4; do ingest $f "$four" $f.jsonl; done
wait
check_rc q1 q2 q3 q4
pg_tables "$four" >four.rows
cmp -s one.rows four.rows || fail "four ingesters at once differ from one:
$(diff one.rows four.rows | head -10)"

# the same documents at once: a batch meets the other's documents (the
# unique key, or a deadlock) and is run again, which the ingest reports;
# the tables are still those of one ingester.  Rounds until a retry is
# seen (the interleaving is the scheduler's).
retried=0
for round in 1 2 3 4 5 6; do
    same=$(new_db same$round)
    ingest a "$same" all.jsonl
    ingest b "$same" all.jsonl
    wait
    check_rc a b
    pg_tables "$same" >same.rows
    cmp -s one.rows same.rows || fail "two ingesters of the same documents differ from one (round $round):
$(diff one.rows same.rows | head -10)"
    if grep -q "run again at the database's request" a.err b.err; then retried=1; break; fi
done
[ "$retried" = 1 ] || fail "two ingesters of the same documents never ran a batch again in 6 rounds"

# one person under two names in two ingesters at once, in rounds (the
# interleaving is the scheduler's): one speaker, both names its aliases,
# every statement counted
python3 - <<'PY' || fail "names corpus"
import json
topics = ["air defence", "the grain corridor", "the energy grid", "the front line", "the talks"]
with open("sur.jsonl", "w") as a, open("full.jsonl", "w") as b:
    for i in range(40):
        t = topics[i % len(topics)]
        a.write(json.dumps({"id": "s%d" % i, "date": "2025-05-%02d" % (1 + i % 28),
                            "text": '"We need help with %s now," Zelensky said on Monday.' % t}) + "\n")
        b.write(json.dumps({"id": "f%d" % i, "date": "2025-05-%02d" % (1 + i % 28),
                            "text": '"We will not give up %s," President Volodymyr Zelensky said.' % t}) + "\n")
PY
for round in 1 2 3; do
    nm=$(new_db names$round)
    ingest ns "$nm" sur.jsonl --batch 1
    ingest nf "$nm" full.jsonl --batch 1
    wait
    check_rc ns nf
    spk=$(psqlq "$nm" "SELECT name || ':' || statements FROM speakers WHERE statements > 0 ORDER BY name")
    [ "$spk" = "Volodymyr Zelensky:80" ] || fail "round $round: one speaker of 80 statements expected: $spk"
    al=$(psqlq "$nm" "SELECT string_agg(a.alias || '>' || s.name, ',' ORDER BY a.alias) FROM speaker_aliases a
        JOIN speakers s ON s.id = a.speaker_id WHERE a.alias LIKE '%Zelensky%'")
    [ "$al" = "Volodymyr Zelensky>Volodymyr Zelensky,Zelensky>Volodymyr Zelensky" ] || fail "round $round: aliases: $al"
    [ "$(psqlq "$nm" "SELECT count(*) FROM statements s JOIN speakers p ON p.id = s.speaker_id
        WHERE p.name = 'Volodymyr Zelensky'")" = 80 ] || fail "round $round: statements not all his"
done

# the scale-out recipe: N shards of the same input at once
sh=$(new_db sharded)
for k in 0 1 2; do ingest s$k "$sh" all.jsonl --shard $k/3; done
wait
check_rc s0 s1 s2
pg_tables "$sh" nospk >sh.rows
pg_tables "$one" nospk >one.nospk
[ "$(grep -c '^statements ' sh.rows)" = "$(grep -c '^statements ' one.rows)" ] || fail "sharded: statements lost"
cmp -s one.nospk sh.rows || fail "three sharded ingesters differ from one:
$(diff one.nospk sh.rows | head -10)"
# one speaker per person there too: no surname-only speaker beside a full name
dup=$(psqlq "$sh" "SELECT a.name FROM speakers a JOIN speakers b ON b.is_person = 1 AND b.name LIKE '% %'
    AND lower(b.surname) = lower(a.name) WHERE a.is_person = 1 AND a.name NOT LIKE '% %' AND a.statements > 0")
[ -z "$dup" ] || fail "sharded: surname-only speakers beside their full name: $dup"
exit 0
