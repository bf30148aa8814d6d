# The scale-out recipes of examples/ and the README, run against a
# throwaway PostgreSQL server: examples/slurm-pg-ingest.sh as the tasks
# of a Slurm array job would run it (SLURM_ARRAY_* set as sbatch sets
# them, the tasks at once), examples/parallel-pg-ingest.sh and the
# README's GNU parallel line each leave the tables one ingester leaves
# (without the speaker registry: a shard resolves surnames within its own
# documents, pg_concurrent.sh says why).  GNU parallel's part is skipped
# with a notice where `parallel` is absent.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.inc"
cd "$TMP" || fail "tmp"
# examples/feed.txt's lines three times under other ids and dates
python3 - "$ROOT/examples/feed.txt" <<'PY' >corpus.jsonl || fail "corpus"
import json, sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for c in range(3):
    for i, t in enumerate(lines):
        print(json.dumps({"id": "c%d:%d" % (c, i), "date": "2025-06-%02d" % (1 + (c * 7 + i) % 28), "text": t}))
PY
# the examples call `whosaid` from PATH
PATH="$(dirname "$WHOSAID"):$PATH"
export PATH
one=$(new_db one)
whosaid ingest --db "$one" corpus.jsonl >/dev/null 2>err || fail "one ingester: $(cat err)"
pg_tables "$one" nospk >one.rows
[ "$(grep -c '^statements ' one.rows)" -ge 20 ] || fail "few statements: $(grep -c '^statements ' one.rows)"
k=0
same_as_one() { # LABEL DB
    k=$((k + 1))
    pg_tables "$2" nospk >run$k.rows
    cmp -s one.rows run$k.rows || fail "$1 differs from one ingester:
$(diff one.rows run$k.rows | head -10)"
}

# a Slurm array job of 4 tasks (--array=10-13): each task's environment
slurm=$(new_db slurm)
for id in 10 11 12 13; do
    ( WHOSAID_DB=$slurm SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_COUNT=4 \
        SLURM_CPUS_PER_TASK=1 bash "$ROOT/examples/slurm-pg-ingest.sh" corpus.jsonl >slurm$id.out 2>slurm$id.err
      echo $? >slurm$id.rc ) &
done
wait
for id in 10 11 12 13; do
    [ "$(cat slurm$id.rc)" = 0 ] || fail "Slurm task $id: exit $(cat slurm$id.rc): $(cat slurm$id.err)"
done
# every task stored a share, none all
for id in 10 11 12 13; do
    grep -q "ingested [1-9][0-9]* documents" slurm$id.out || fail "Slurm task $id stored nothing: $(cat slurm$id.out)"
done
same_as_one slurm "$slurm"
# a shard is chosen by the document's id, not its place: the input
# reversed gives task 11 the same documents
tac corpus.jsonl >reversed.jsonl
rev=$(new_db reversed)
WHOSAID_DB=$rev SLURM_ARRAY_TASK_ID=11 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_COUNT=4 \
    bash "$ROOT/examples/slurm-pg-ingest.sh" reversed.jsonl >/dev/null 2>err || fail "task 11, reversed input: $(cat err)"
fwd=$(new_db forward)
WHOSAID_DB=$fwd SLURM_ARRAY_TASK_ID=11 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_COUNT=4 \
    bash "$ROOT/examples/slurm-pg-ingest.sh" corpus.jsonl >/dev/null 2>err || fail "task 11: $(cat err)"
a=$(psqlq "$fwd" "SELECT string_agg(doc, ',' ORDER BY doc) FROM documents")
b=$(psqlq "$rev" "SELECT string_agg(doc, ',' ORDER BY doc) FROM documents")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "task 11's documents depend on the input's order: $a / $b"
# a task run again (a failed one resubmitted) stores nothing twice
WHOSAID_DB=$slurm SLURM_ARRAY_TASK_ID=12 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_COUNT=4 \
    bash "$ROOT/examples/slurm-pg-ingest.sh" corpus.jsonl >again.out 2>err || fail "Slurm task run again: $(cat err)"
grep -q "(0 new, 0 changed, [1-9][0-9]* unchanged)" again.out || fail "Slurm task run again: $(cat again.out)"
same_as_one "slurm, a task run again" "$slurm"
# outside an array job the script says how to run it
WHOSAID_DB=$slurm bash "$ROOT/examples/slurm-pg-ingest.sh" corpus.jsonl >/dev/null 2>err && fail "Slurm script ran outside sbatch"
grep -q "sbatch --array" err || fail "Slurm script outside sbatch: $(cat err)"

if command -v parallel >/dev/null 2>&1; then
    par=$(new_db par)
    WHOSAID_DB=$par sh "$ROOT/examples/parallel-pg-ingest.sh" 3 corpus.jsonl >par.out 2>par.err ||
        fail "examples/parallel-pg-ingest.sh: $(cat par.err)"
    [ "$(grep -c "ingested" par.out)" = 3 ] || fail "examples/parallel-pg-ingest.sh: not 3 ingests: $(cat par.out)"
    same_as_one "examples/parallel-pg-ingest.sh" "$par"
    # the README's line
    readme=$(new_db readme)
    WHOSAID_DB=$readme
    parallel -q -j 8 whosaid ingest --db "$WHOSAID_DB" --shard {}/8 corpus.jsonl ::: $(seq 0 7) >readme.out 2>readme.err ||
        fail "the README's parallel line: $(cat readme.err)"
    same_as_one "the README's parallel line" "$readme"
else
    echo "SKIPPED (part): GNU parallel is absent; scripts/install-deps.sh installs it" >&2
fi
exit 0
