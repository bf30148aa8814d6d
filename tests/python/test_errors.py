"""Bad arguments of every type raise clean exceptions (TypeError, ValueError,
OSError), never crash the interpreter."""
import datetime
import os

import pytest

import whosaid
from conftest import ROOT

ODD = [None, 0, 1, -1, 2**70, 1.5, float("nan"), True, b"", b"\xff", bytearray(b"x"), "", "x", "\x00",
       "\ud800", [], ["x"], {}, {"text": 1}, (), object(), datetime.date(2025, 1, 1), int, whosaid]
CLEAN = (TypeError, ValueError, OSError)

TEXT = "\"We will not back down,\" Prime Minister Giorgia Meloni said."


def call(f, *a, **kw):
    """Calls F and consumes an iterator result; returns the exception type or None."""
    try:
        r = f(*a, **kw)
        if hasattr(r, "__next__"):
            list(r)
    except CLEAN as e:
        assert str(e)
        return type(e)
    return None


def test_extract_arguments():
    for name in ("text", "date", "id", "title", "url", "outlet"):
        for v in ODD:
            kw = {"text": TEXT}
            kw[name] = v
            call(whosaid.extract, **kw)
    with pytest.raises(TypeError):
        whosaid.extract(123)
    with pytest.raises(TypeError):
        whosaid.extract(None)
    with pytest.raises(TypeError):
        whosaid.extract()
    with pytest.raises(TypeError):
        whosaid.extract(TEXT, nonsense=1)
    with pytest.raises(ValueError, match="date"):
        whosaid.extract(TEXT, date="2025-13-01")
    with pytest.raises(ValueError, match="date"):
        whosaid.extract(TEXT, date="yesterday")
    with pytest.raises(ValueError, match="date"):
        whosaid.extract(TEXT, date="2025-02-30")
    with pytest.raises(TypeError, match="date"):
        whosaid.extract(TEXT, date=20250101)
    with pytest.raises(TypeError, match="id"):
        whosaid.extract(TEXT, id=1.5)
    with pytest.raises(TypeError, match="title"):
        whosaid.extract(TEXT, title=b"x")
    with pytest.raises(ValueError, match="NUL"):
        whosaid.extract(TEXT, outlet="a\x00b")


def test_extractor_arguments(tmp_path):
    with pytest.raises(FileNotFoundError):
        whosaid.Extractor("/nonexistent/whosaid-data")
    with pytest.raises(NotADirectoryError):
        whosaid.Extractor(os.path.join(ROOT, "Makefile"))
    with pytest.raises(TypeError):
        whosaid.Extractor(123)
    # a malformed knowledge file: ValueError naming FILE:LINE
    bad = tmp_path / "data"
    bad.mkdir()
    for f in os.listdir(os.path.join(ROOT, "data")):
        with open(os.path.join(ROOT, "data", f), "rb") as src:
            (bad / f).write_bytes(src.read())
    with open(bad / "verbs.tsv", "ab") as f:
        f.write(b"\tno verb\tbad\textra\tfields\n")
    try:
        whosaid.Extractor(str(bad))
    except ValueError as e:
        assert "verbs.tsv:" in str(e)
    # an Extractor whose __init__ was never run
    ex = whosaid.Extractor.__new__(whosaid.Extractor)
    with pytest.raises(RuntimeError):
        ex.extract(TEXT)
    for v in ODD:
        call(whosaid.Extractor, v)


def test_extract_many_arguments(extractor):
    with pytest.raises(TypeError):
        extractor.extract_many(123)
    with pytest.raises(TypeError):
        extractor.extract_many("a str is one document")
    with pytest.raises(TypeError):
        list(extractor.extract_many([TEXT, 5]))
    with pytest.raises(ValueError, match="text"):
        list(extractor.extract_many([{"id": "x"}]))
    with pytest.raises(TypeError):
        list(extractor.extract_many([{"text": 5}]))
    with pytest.raises(ValueError, match="date"):
        list(extractor.extract_many([{"text": TEXT, "date": "20250101"}]))
    with pytest.raises(ValueError):
        extractor.extract_many([TEXT], threads=0)
    with pytest.raises(ValueError):
        extractor.extract_many([TEXT], threads=65)
    with pytest.raises(TypeError):
        extractor.extract_many([TEXT], threads="2")
    with pytest.raises(ValueError):
        extractor.extract_many([TEXT], date="soon")
    for v in ODD:
        call(extractor.extract_many, [v])
        call(extractor.extract_many, [v, TEXT, {"text": TEXT, "id": v}, {"text": TEXT, "date": v}])
        call(extractor.extract_many, [TEXT], threads=v)
        call(extractor.extract_many, [TEXT], date=v)


def test_extract_many_input_that_raises(extractor):
    def gen():
        yield TEXT
        raise KeyError("from the input")
    with pytest.raises(KeyError):
        list(extractor.extract_many(gen(), threads=2))
    # an iterator abandoned half way is freed cleanly
    it = extractor.extract_many([TEXT] * 500, threads=2)
    next(it)
    del it


def test_read_arguments(tmp_path):
    with pytest.raises(FileNotFoundError):
        whosaid.read("/nonexistent/file.jsonl")
    with pytest.raises(ValueError):
        whosaid.read(os.path.join(ROOT, "examples", "feed.txt"), input="xml")
    with pytest.raises(TypeError):
        whosaid.read(123)
    with pytest.raises(TypeError):
        whosaid.read(os.path.join(ROOT, "examples", "feed.txt"), input=1)
    with pytest.raises(ValueError):
        whosaid.read(os.path.join(ROOT, "examples", "feed.txt"), date="1 May")
    for v in ODD:
        call(whosaid.read, v)
        call(whosaid.read, os.path.join(ROOT, "examples", "feed.txt"), input=v)
    # bad records are reported with FILE:LINE and skipped
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"text": "one"}\nnot json\n{"id": "no text"}\n{"text": "four", "date": "bad"}\n'
                 '{"text": "five"}\n')
    with pytest.warns(RuntimeWarning) as w:
        docs = list(whosaid.read(str(f)))
    assert [d["text"] for d in docs] == ["one", "five"]
    msgs = [str(x.message) for x in w]
    assert any(":2:" in m for m in msgs) and any(":3:" in m for m in msgs) and any(":4:" in m for m in msgs)


def test_database_arguments(tmp_path):
    with pytest.raises(FileNotFoundError):
        whosaid.Database(str(tmp_path / "missing.db"))
    with pytest.raises(TypeError):
        whosaid.Database(5)
    notdb = tmp_path / "not.db"
    notdb.write_bytes(b"this is not a database" * 100)
    with pytest.raises(whosaid.Error):
        whosaid.Database(str(notdb))
    for v in ODD:
        call(whosaid.Database, v)


def test_to_frame_arguments():
    pytest.importorskip("pandas")
    with pytest.raises(TypeError):
        whosaid.to_frame(5)
    with pytest.raises(TypeError):
        whosaid.to_frame([1, 2])
    with pytest.raises(TypeError):
        whosaid.to_frame([{1: "x"}])
    for v in ODD:
        call(whosaid.to_frame, v)
        call(whosaid.to_frame, [v])


def test_extract_many_goes_on_after_a_bad_item(extractor):
    it = extractor.extract_many([TEXT, 5, TEXT])
    with pytest.raises(TypeError):
        list(it)
    assert [s["doc"] for s in it] == ["0", "2"]


def test_no_second_init(extractor, tmp_path):
    # the lexicon (and a database) may be in use by other threads' calls
    with pytest.raises(RuntimeError):
        extractor.__init__()
    assert len(extractor.extract(TEXT)) == 1
