"""whosaid.Database against `whosaid search`, `speakers` and `timeline` on a
database ingested by the command line."""
import datetime
import subprocess

import pytest

import whosaid
from conftest import run_cli


@pytest.fixture(scope="module")
def db(cli, seed, dev_files, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("db") / "w.db")
    for args in (["--input", "lines", "--date", "2025-04-05", seed], ["--input", "text", *dev_files]):
        p = subprocess.run([cli, "ingest", "--db", path, *args], capture_output=True, check=False)
        assert p.returncode in (0, 2), p.stderr.decode()
    return path


QUERIES = [
    {},
    {"text": "peacekeepers"},
    {"speaker": "Peskov"},
    {"speaker": "Trump", "kind": "direct"},
    {"text": "Clinton", "limit": 5},
    {"since": "2025-01-01", "until": "2025-12-31"},
    {"topic": "ukraine"},
    {"kind": "mixed", "limit": 0},
]


def cli_args(q):
    args = ["--format", "jsonl"]
    for k, v in q.items():
        if k != "text":
            args += ["--" + k, str(v)]
    if "text" in q:
        args.append(q["text"])
    return args


def test_search_equals_command_line(cli, db):
    with whosaid.Database(db) as d:
        for q in QUERIES:
            want = run_cli(cli, "search", "--db", db, *cli_args(q))
            got = d.search(**q)
            assert got == want, q
        assert len(d.search(limit=None)) == len(d.search(limit=0)) > 50
        assert len(d.search()) == 50


def test_speakers_equal_command_line(cli, db):
    d = whosaid.Database(db)
    assert d.speakers() == run_cli(cli, "speakers", "--db", db, "--format", "jsonl")
    assert d.speakers("Peskov") == run_cli(cli, "speakers", "--db", db, "--format", "jsonl", "Peskov")
    assert d.speakers("Peskov")[0]["name"] == "Dmitry Peskov"
    d.close()
    with pytest.raises(ValueError):
        d.speakers()


def test_timeline_equals_command_line(cli, db):
    d = whosaid.Database(db)
    for by in ("day", "week", "month"):
        want = run_cli(cli, "timeline", "--db", db, "--format", "jsonl", "--by", by)
        assert d.timeline(by=by) == want
    assert d.timeline() == run_cli(cli, "timeline", "--db", db, "--format", "jsonl")
    want = run_cli(cli, "timeline", "--db", db, "--format", "jsonl", "--speaker", "Peskov", "--since", "2025-01-01")
    assert d.timeline(speaker="Peskov", since=datetime.date(2025, 1, 1)) == want


def test_bad_queries(db):
    d = whosaid.Database(db)
    with pytest.raises(ValueError):
        d.search(since="yesterday")
    with pytest.raises(ValueError):
        d.search(kind="quote")
    with pytest.raises(TypeError):
        d.search(limit="5")
    with pytest.raises(ValueError):
        d.search(limit=-1)
    with pytest.raises(ValueError):
        d.timeline(by="year")
    with pytest.raises(TypeError):
        d.timeline(by=1)
    with pytest.raises(ValueError):
        d.search(match="AND AND (")
    with pytest.raises(TypeError):
        d.search(speaker=5)
    assert "Database" in repr(d)
