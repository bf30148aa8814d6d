#!/bin/bash
# A sharded ingest into one PostgreSQL database as a Slurm array job: task
# K of N ingests document K of every N of the same inputs (--shard K/N,
# by a hash of the document id), so the tasks split the input without
# overlap or gap and may run in any order, at once or not; a task that
# fails or is killed can simply be run again (stored documents are
# skipped).
#
#   export WHOSAID_DB='postgresql://whosaid@db.example.org/news'
#   sbatch --array=0-15 examples/slurm-pg-ingest.sh /data/news/*.jsonl
#
# The password comes from ~/.pgpass or PGPASSWORD (libpq), never from the
# command line.  Every task must be given the same inputs under the same
# paths: a document's id is its JSON "id", else FILE:LINE.
#SBATCH --job-name=whosaid-ingest
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=whosaid-ingest-%A_%a.log
set -euo pipefail
: "${WHOSAID_DB:?WHOSAID_DB must be the database URI (postgresql://...)}"
[ $# -gt 0 ] || { echo "usage: sbatch --array=0-N examples/slurm-pg-ingest.sh FILE..." >&2; exit 2; }
N=${SLURM_ARRAY_TASK_COUNT:?run me with sbatch --array}
K=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))
exec whosaid ingest --db "$WHOSAID_DB" --shard "$K/$N" --threads "${SLURM_CPUS_PER_TASK:-2}" "$@"
