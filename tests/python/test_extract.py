"""whosaid.extract, Extractor.extract and extract_many against the command
line: the same statements, field by field, on the seed feed and PolNeAR dev."""
import concurrent.futures
import json
import os

import pytest

import whosaid
from conftest import ROOT, run_cli

FIELDS = ["doc", "kind", "content", "content2", "cue", "source", "speaker", "date", "date_text", "venue",
          "cluster", "confidence", "method"]

MELONI = "\"We will not back down,\" Prime Minister Giorgia Meloni said on Monday."


def test_extract_one_statement():
    st = whosaid.extract(MELONI, date="2025-04-05", id="a1")
    assert len(st) == 1
    s = st[0]
    assert list(s) == FIELDS
    assert s["doc"] == "a1"
    assert s["kind"] == "direct"
    assert s["content"] == {"text": "We will not back down", "start": 1, "end": 22}
    assert s["content2"] is None
    assert s["cue"]["text"] == "said"
    assert s["source"]["text"] == "Prime Minister Giorgia Meloni"
    assert s["speaker"] == {"name": "Giorgia Meloni", "title": "Prime Minister", "affiliation": None}
    # "on Monday" before Saturday 5 April 2025
    assert s["date"] == "2025-03-31"
    assert s["date_text"] == "on Monday"
    assert len(s["cluster"]) == 16 and int(s["cluster"], 16) >= 0
    assert 0 < s["confidence"] <= 1
    assert s["method"].startswith("rule:")


def test_extract_defaults_and_types():
    import datetime

    a = whosaid.extract(MELONI, date=datetime.date(2025, 4, 5))
    b = whosaid.extract(MELONI, date=datetime.datetime(2025, 4, 5, 12, 30))
    c = whosaid.extract(MELONI.encode("utf-8"), date="2025-04-05")
    assert a == b == c
    assert a[0]["doc"] is None
    assert whosaid.extract(MELONI, id=17)[0]["doc"] == "17"
    assert whosaid.extract(MELONI)[0]["date"] is None
    assert whosaid.extract("") == []
    assert whosaid.extract("No one said anything here.") == []


def test_metadata_accepted():
    st = whosaid.extract(MELONI, title="T", url="https://example.org/a", outlet="Example")
    assert len(st) == 1


def test_offsets_are_python_indexes():
    text = "Über alles: «Nous ne céderons pas», a déclaré 🇫🇷 Macron. " + MELONI
    for s in whosaid.extract(text):
        for k in ("content", "content2", "cue", "source"):
            if s[k]:
                assert text[s[k]["start"]:s[k]["end"]] == s[k]["text"]


def test_lone_surrogate_is_one_replacement():
    text = "\ud800 " + MELONI
    st = whosaid.extract(text)
    assert len(st) == 1
    assert st[0]["content"]["start"] == 3
    assert text[3:st[0]["content"]["end"]] == st[0]["content"]["text"]


def test_invalid_bytes_as_the_command_line(cli, tmp_path):
    raw = b"\xff\xfe bad " + MELONI.encode() + b"\n"
    f = tmp_path / "bad.txt"
    f.write_bytes(raw)
    want = run_cli(cli, "extract", "--input", "text", str(f))
    got = whosaid.extract(raw, id="bad.txt")
    assert got == want and len(got) == 1


def test_seed_equals_command_line(cli, seed, extractor):
    want = run_cli(cli, "extract", "--input", "lines", "--date", "2025-04-05", seed)
    assert len(want) >= 30
    # documents made here, as --input lines makes them
    docs = []
    with open(seed, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip():
                docs.append({"id": "%s:%d" % (seed, n), "text": line})
    got = list(extractor.extract_many(docs, date="2025-04-05"))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert list(g) == FIELDS
        assert g == w
    # and from whosaid.read
    assert list(extractor.extract_many(whosaid.read(seed, input="lines", date="2025-04-05"))) == want


def test_dev_equals_command_line(cli, dev_files, extractor):
    want = run_cli(cli, "extract", "--input", "text", *dev_files)
    assert len(want) > 1000
    docs = [d for f in dev_files for d in whosaid.read(f, input="text")]
    got = list(extractor.extract_many(docs))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w
    # offsets index the str
    texts = {d["id"]: d["text"] for d in docs}
    for s in got:
        for k in ("content", "content2", "cue", "source"):
            if s[k]:
                assert texts[s["doc"]][s[k]["start"]:s[k]["end"]] == s[k]["text"]


def test_dev_one_document_each_equals_command_line(cli, dev_files, extractor):
    for f in dev_files[:30]:
        want = run_cli(cli, "extract", "--input", "text", f)
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        assert extractor.extract(text, id=os.path.basename(f)) == want, f


def test_jsonl_input_equals_command_line(cli, dev_files, extractor, tmp_path):
    path = tmp_path / "docs.jsonl"
    with open(path, "w", encoding="utf-8") as o:
        for i, f in enumerate(dev_files[:20]):
            with open(f, encoding="utf-8") as fh:
                d = {"text": fh.read(), "date": "2016-09-%02d" % (i % 28 + 1), "title": "t%d" % i}
            if i % 3:
                d["id"] = i if i % 2 else "doc-%d" % i
            o.write(json.dumps(d) + "\n")
    want = run_cli(cli, "extract", "--input", "jsonl", str(path))
    got = list(extractor.extract_many(whosaid.read(str(path))))
    assert got == want
    # dicts straight from json.loads give the same, with the CLI's ids
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            d = json.loads(line)
            d.setdefault("id", "%s:%d" % (path, n))
            docs.append(d)
    assert list(extractor.extract_many(docs)) == want


def test_threads_give_the_same(dev_files, extractor):
    docs = [d for f in dev_files for d in whosaid.read(f, input="text")]
    one = list(extractor.extract_many(docs, threads=1))
    for n in (2, 3, 8):
        assert list(extractor.extract_many(iter(docs), threads=n)) == one


def test_python_threads_give_the_same(dev_files, extractor):
    texts = []
    for f in dev_files:
        with open(f, encoding="utf-8") as fh:
            texts.append(fh.read())
    one = [extractor.extract(t) for t in texts]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        many = list(pool.map(extractor.extract, texts))
    assert many == one
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        lists = list(pool.map(lambda part: list(extractor.extract_many(part, threads=2)),
                              [texts[i::3] for i in range(3)]))
    assert lists == [list(extractor.extract_many(texts[i::3])) for i in range(3)]


def test_extract_many_ids_and_laziness(extractor):
    seen = []

    def gen():
        for i in range(200):
            seen.append(i)
            yield MELONI if i % 2 == 0 else "Nothing to see."
    it = extractor.extract_many(gen())
    first = next(it)
    assert first["doc"] == "0"
    # the pipeline holds a window of documents, not the whole input
    assert len(seen) < 200
    rest = list(it)
    assert [s["doc"] for s in [first] + rest] == [str(i) for i in range(0, 200, 2)]
    assert list(it) == []
    assert list(extractor.extract_many([])) == []


def test_extract_many_default_date(extractor):
    got = list(extractor.extract_many([MELONI, {"text": MELONI, "date": "2025-01-10"}], date="2025-04-05"))
    assert [s["date"] for s in got] == ["2025-03-31", "2025-01-06"]


def test_extract_many_too_large_warns(extractor):
    big = "x" * ((64 << 20) + 1)
    with pytest.warns(RuntimeWarning, match="larger than the maximum"):
        got = list(extractor.extract_many([MELONI, big, MELONI]))
    assert [s["doc"] for s in got] == ["0", "2"]
    with pytest.raises(ValueError, match="larger than the maximum"):
        whosaid.extract(big)


def test_extractor_data_dir(tmp_path):
    ex = whosaid.Extractor(os.path.join(ROOT, "data"))
    assert ex.data_dir == os.path.join(ROOT, "data")
    assert ex.extract(MELONI) == whosaid.extract(MELONI)
    import pathlib

    assert whosaid.Extractor(pathlib.Path(ROOT) / "data").extract(MELONI) == whosaid.extract(MELONI)
    assert "Extractor" in repr(ex)


def test_docstrings():
    for obj in (whosaid, whosaid.extract, whosaid.read, whosaid.to_frame, whosaid.Extractor,
                whosaid.Extractor.extract, whosaid.Extractor.extract_many, whosaid.Database,
                whosaid.Database.search, whosaid.Database.speakers, whosaid.Database.timeline):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj


def test_stub_names_the_api():
    with open(os.path.join(ROOT, "python", "whosaid.pyi"), encoding="utf-8") as f:
        stub = f.read()
    for name in ("def extract(", "class Extractor", "def extract_many(", "def read(", "class Database",
                 "def search(", "def speakers(", "def timeline(", "def to_frame("):
        assert name in stub
