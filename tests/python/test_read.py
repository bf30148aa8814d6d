"""whosaid.read against `whosaid read` (pages, feeds, WARC archives, lines,
JSON lines), and extract_many over its documents against `whosaid extract`."""
import json
import os
import subprocess
import sys

import pytest

import whosaid
from conftest import ROOT, run_cli

EX = os.path.join(ROOT, "examples")


def cli_read(cli, *args):
    return run_cli(cli, "read", *args)


@pytest.mark.parametrize("name,mode", [("feed.xml", None), ("article.html", None), ("feed.txt", "lines"),
                                       ("feed.txt", "text"), ("feed.xml", "feed"), ("article.html", "html")])
def test_read_equals_command_line(cli, name, mode):
    path = os.path.join(EX, name)
    args = ["--input", mode] if mode else []
    want = cli_read(cli, *args, path)
    got = list(whosaid.read(path, input=mode))
    assert got == want and len(got) > 0
    assert list(got[0]) == ["id", "title", "date", "url", "outlet", "author", "lang", "text"]
    # and their statements
    want = run_cli(cli, "extract", *args, path)
    assert list(whosaid.Extractor().extract_many(whosaid.read(path, input=mode))) == want


def test_read_warc_equals_command_line(cli, tmp_path):
    warc = tmp_path / "pages.warc.gz"
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "e2e", "warcgen.py"), str(warc), "good"],
                   check=True)
    want = cli_read(cli, str(warc))
    got = list(whosaid.read(str(warc)))
    assert got == want and len(got) > 0
    assert got == list(whosaid.read(warc, input="warc"))


def test_read_lines_with_date(cli, seed):
    want = cli_read(cli, "--input", "lines", "--date", "2025-04-05", seed)
    assert list(whosaid.read(seed, input="lines", date="2025-04-05")) == want
    assert all(d["date"] == "2025-04-05" for d in want)


def test_read_jsonl(cli, tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps({"text": "A \u00e9t\u00e9.", "id": 7, "date": "2025-01-02T10:00:00Z"}) + "\n\n" +
                 json.dumps({"text": "Two", "title": "T"}) + "\n", encoding="utf-8")
    want = cli_read(cli, str(f))
    got = list(whosaid.read(str(f)))
    assert got == want
    assert [d["id"] for d in got] == ["7", "%s:3" % f]
    assert got[0]["date"] == "2025-01-02"


def test_read_invalid_bytes_as_the_command_line(cli, tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"caf\xe9 \xe2\x82 and \xff\n")
    want = cli_read(cli, "--input", "text", str(f))
    got = list(whosaid.read(str(f), input="text"))
    assert got == want
    assert got[0]["text"].count("\ufffd") == 4
