#!/usr/bin/python3
"""Extracts statements from JSON-lines files on a Dask cluster.

    python3 examples/dask_extract.py --out OUT FILE.jsonl...
    python3 examples/dask_extract.py --scheduler tcp://HOST:8786 --out OUT FILE.jsonl...

Each input file is one partition of a dask.bag; a worker reads it (one JSON
object a line: text, id, date, title, url, outlet, as `whosaid extract
--input jsonl` reads it), runs Extractor.extract_many over its documents
and the statements are written as JSON lines, one output file a partition:
OUT/00000.jsonl for the first input file, OUT/00001.jsonl for the second...
A partition's statements are those of `whosaid extract --input jsonl FILE`
for its file: speakers are resolved across the documents of one file.

Without --scheduler it starts a distributed.LocalCluster of --workers
processes (default 2) on this machine.  With one, it connects to a running
cluster (`dask-scheduler` and `dask-worker` on the machines); the input
files and OUT must then be at the same path on every worker (a shared file
system), and `whosaid` importable there.

Debian packages: python3-dask, python3-distributed (and the whosaid module,
`make python` or `pip install --no-build-isolation .`).
"""
import argparse
import functools
import json
import os
import sys
import warnings


@functools.lru_cache(maxsize=1)
def extractor(data_dir):
    """One Extractor per worker process: the knowledge is loaded once."""
    import whosaid

    return whosaid.Extractor(data_dir)


def documents(path, date):
    """The documents of a JSON-lines file, with the ids the command line
    gives (FILE:LINE for a line without one); a bad line is reported and
    skipped, as the command line does."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if not isinstance(d, dict) or not isinstance(d.get("text"), str):
                    raise ValueError("no \"text\" string")
            except ValueError as e:
                warnings.warn("%s:%d: %s" % (path, n, e))
                continue
            if d.get("id") in (None, ""):
                d["id"] = "%s:%d" % (path, n)
            if not d.get("date") and date:
                d["date"] = date
            yield d


def extract_file(paths, data_dir, date, threads):
    """A partition: the statements of its files as JSON lines."""
    ex = extractor(data_dir)
    out = []
    for path in paths:
        for s in ex.extract_many(documents(path, date), threads=threads):
            out.append(json.dumps(s, ensure_ascii=False))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE.jsonl")
    ap.add_argument("--out", required=True, help="output directory (one .jsonl a partition)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://HOST:8786)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (2)")
    ap.add_argument("--threads", type=int, default=1, help="extraction threads a partition (1)")
    ap.add_argument("--date", help="date of documents without one (YYYY-MM-DD)")
    ap.add_argument("--data", help="knowledge directory (default: the module's)")
    a = ap.parse_args(argv)

    import dask.bag as db
    from distributed import Client, LocalCluster

    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        files = [os.path.abspath(f) if a.scheduler else f for f in a.files]
        bag = db.from_sequence(files, npartitions=len(files))
        lines = bag.map_partitions(extract_file, a.data, a.date, a.threads)
        os.makedirs(a.out, exist_ok=True)
        lines.to_textfiles(os.path.join(a.out, "*.jsonl"), name_function=lambda i: "%05d" % i,
                           encoding="utf-8")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
