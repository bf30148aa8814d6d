"""Reference counts and memory stay flat over 100,000 calls (no leak): the
resident set after a warm-up and after many more calls, and the references
held to the objects passed in."""
import gc
import os
import sys

import pytest

import whosaid

if os.environ.get("WHOSAID_SANITIZED"):
    pytest.skip("SKIPPED: the resident set is not a leak measure under AddressSanitizer (its quarantine "
                "holds freed memory); the build without sanitizers runs these", allow_module_level=True)

TEXT = "\"We will not back down,\" Prime Minister Giorgia Meloni said on Monday."
CALLS = 100_000


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def flat(fn, n=CALLS, slack_kb=2048):
    for _ in range(n // 10):
        fn()
    gc.collect()
    before = rss_kb()
    for _ in range(n):
        fn()
    gc.collect()
    grown = rss_kb() - before
    assert grown < slack_kb, "grew %d kB over %d calls" % (grown, n)


def test_extract_flat(extractor):
    text = TEXT + " extra"
    date, ident = "2025-04-05", "doc-id-1"
    refs = (sys.getrefcount(text), sys.getrefcount(date), sys.getrefcount(ident))
    flat(lambda: extractor.extract(text, date=date, id=ident, title="t", url="u", outlet="o"))
    assert (sys.getrefcount(text), sys.getrefcount(date), sys.getrefcount(ident)) == refs
    flat(lambda: whosaid.extract(text, date=date), n=20_000)


def test_extract_many_flat(extractor):
    # 100,000 documents through one iterator, and many short iterators
    doc = {"text": TEXT, "id": "x", "date": "2025-04-05"}
    refs = sys.getrefcount(doc)
    before = None
    it = extractor.extract_many(doc for _ in range(CALLS + 20_000))
    for i, _ in enumerate(it):
        if i == 20_000:
            gc.collect()
            before = rss_kb()
    gc.collect()
    assert rss_kb() - before < 2048
    assert sys.getrefcount(doc) == refs
    flat(lambda: list(extractor.extract_many([TEXT, doc], threads=2)), n=10_000)


def test_errors_flat(extractor):
    def bad():
        try:
            extractor.extract(TEXT, date="2025-02-30")
        except ValueError:
            pass
        try:
            list(extractor.extract_many([TEXT, 5]))
        except TypeError:
            pass
    flat(bad, n=20_000)


def test_read_and_frame_flat(tmp_path):
    f = tmp_path / "docs.jsonl"
    f.write_text(('{"text": "%s", "date": "2025-04-05"}\n' % TEXT.replace('"', '\\"')) * 10)
    path = str(f)
    flat(lambda: list(whosaid.read(path)), n=10_000)
