"""examples/dask_extract.py on a distributed LocalCluster of two worker
processes gives exactly the command line's statements."""
import glob
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")


def test_dask_example_equals_command_line(cli, seed, dev_files, tmp_path):
    # three JSON-lines inputs: the seed's lines, and PolNeAR dev in two halves
    inputs = []
    docs = []
    with open(seed, encoding="utf-8") as f:
        docs.append([{"text": line.rstrip("\n")} for line in f if line.strip()])
    half = len(dev_files) // 2
    for part in (dev_files[:half], dev_files[half:]):
        d = []
        for i, p in enumerate(part):
            with open(p, encoding="utf-8") as f:
                d.append({"id": os.path.basename(p), "text": f.read(), "date": "2016-09-%02d" % (i % 28 + 1)})
        docs.append(d)
    for i, d in enumerate(docs):
        path = tmp_path / ("in%d.jsonl" % i)
        with open(path, "w", encoding="utf-8") as o:
            for x in d:
                o.write(json.dumps(x, ensure_ascii=False) + "\n")
        inputs.append(str(path))
    out = tmp_path / "out"
    env = dict(os.environ)
    p = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "dask_extract.py"), "--workers", "2",
                        "--date", "2025-04-05", "--out", str(out), *inputs],
                       env=env, capture_output=True, text=True, timeout=600, check=False)
    assert p.returncode == 0, p.stderr[-3000:]
    parts = sorted(glob.glob(str(out / "*.jsonl")))
    assert len(parts) == len(inputs)
    for inp, part in zip(inputs, parts):
        want = run_cli(cli, "extract", "--input", "jsonl", "--date", "2025-04-05", inp)
        with open(part, encoding="utf-8") as f:
            got = [json.loads(line) for line in f]
        assert len(got) == len(want) > 0
        assert got == want
