"""Writes WARC files for the end-to-end tests, in Common Crawl's layout:
a warcinfo record, then for each page a request, a response and a metadata
record; WARC/1.0 headers as Common Crawl writes them; .warc.gz with one gzip
member a record.  Faults can be written in on purpose (see main).

    python3 warcgen.py OUT.warc[.gz] CASE
"""
import gzip
import sys
import uuid
import zlib

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Tidewater Times</title>{meta}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1><p>{para}</p>
<p>The council will meet again next week to hear from residents of the harbour district, who have asked for more time.</p></article>
<footer>Copyright Tidewater Times</footer></body></html>"""


def page(title, para, meta=""):
    return PAGE.format(title=title, para=para, meta=meta).encode("utf-8")


def record(wtype, uri, block, ctype, date="2024-05-17T10:20:30Z", length=None):
    rid = "<urn:uuid:%s>" % uuid.UUID(int=abs(hash((wtype, uri, len(block)))) % (1 << 128))
    head = ["WARC/1.0", "WARC-Type: " + wtype, "WARC-Date: " + date, "WARC-Record-ID: " + rid,
            "Content-Length: %d" % (len(block) if length is None else length), "Content-Type: " + ctype]
    if uri:
        head.insert(2, "WARC-Target-URI: " + uri)
    if wtype == "response":
        head.append("WARC-Identified-Payload-Type: text/html")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http(body, headers=(), status="200 OK"):
    h = ["HTTP/1.1 " + status, "Server: nginx"] + list(headers)
    return ("\r\n".join(h) + "\r\n\r\n").encode() + body


def chunked(data, size=100):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def crawl(uri, resp_block, date="2024-05-17T10:20:30Z"):
    req = ("GET / HTTP/1.1\r\nHost: example\r\nUser-Agent: CCBot/2.0\r\n\r\n").encode()
    meta = b"fetchTimeMs: 123\r\ncharset-detected: UTF-8\r\n"
    return [record("request", uri, req, "application/http; msgtype=request", date),
            record("response", uri, resp_block, "application/http; msgtype=response", date),
            record("metadata", uri, meta, "application/warc-fields", date)]


def pages():
    info = record("warcinfo", None, b"isPartOf: CC-NEWS-2024-05\r\npublisher: Common Crawl\r\n",
                  "application/warc-fields")
    recs = [info]
    # 1: plain HTML, the page's own date
    recs += crawl("https://tide.example/2024/05/16/ferry",
                  http(page("Ferry fares to rise", '"We had no choice," operator Nils Holm said on Thursday.',
                            '<meta property="article:published_time" content="2024-05-16T08:00:00Z">'),
                       ["Content-Type: text/html; charset=UTF-8"]))
    # 2: gzip content-encoding, chunked transfer, no date in the page: WARC-Date
    body = page("Pier to close for repairs", "The pier will close for a month, harbour master Ada Lund said.")
    gz = gzip.compress(body)
    recs += crawl("https://tide.example/pier",
                  http(chunked(gz), ["Content-Type: text/html", "Content-Encoding: gzip", "Transfer-Encoding: chunked"]),
                  date="2024-05-18T01:02:03Z")
    # 3: an image (not HTML) and 4: a redirect: skipped without a word
    recs += crawl("https://tide.example/logo.png", http(b"\x89PNG\r\n\x1a\n....", ["Content-Type: image/png"]))
    recs += crawl("https://tide.example/old", http(b"", ["Location: /new"], status="301 Moved Permanently"))
    # 5: latin-1 declared by HTTP, raw deflate body
    body = page("Caf\u00e9 reopens", "\u201cWe missed the caf\u00e9,\u201d regular Ole Berg said.").decode().encode("cp1252")
    co = zlib.compressobj(wbits=-15)
    raw = co.compress(body) + co.flush()
    recs += crawl("https://tide.example/cafe",
                  http(raw, ["Content-Type: text/html; charset=windows-1252", "Content-Encoding: deflate"]))
    return recs


def write(path, recs, gz):
    with open(path, "wb") as f:
        for r in recs:
            f.write(gzip.compress(r) if gz else r)


def main():
    out, case = sys.argv[1], sys.argv[2]
    gz = out.endswith(".gz")
    recs = pages()
    if case == "good":
        write(out, recs, gz)
    elif case == "lying-length":
        # the second page's response claims more bytes than its member holds
        r = recs[5]
        head, rest = r.split(b"\r\n\r\n", 1)
        head = head.replace(b"Content-Length: %d" % (len(rest) - 4), b"Content-Length: %d" % (len(rest) + 500))
        recs[5] = head + b"\r\n\r\n" + rest
        write(out, recs, gz)
    elif case == "cut":
        # the file ends inside the last gzip member
        write(out, recs, gz)
        data = open(out, "rb").read()
        open(out, "wb").write(data[:-40])
    elif case == "corrupt":
        # garbage inside the second page's response member
        with open(out, "wb") as f:
            for i, r in enumerate(recs):
                m = gzip.compress(r) if gz else r
                if i == 5:
                    m = m[:30] + b"\x00" * 40 + m[70:]
                f.write(m)
    elif case == "junk":
        # bytes that are not a record between two records
        recs.insert(4, b"this is not a WARC record\r\nnor is this\r\n")
        write(out, recs, gz)
    elif case == "big":
        # a response of 3 MB (the test reads with a smaller --max-doc)
        big = page("Huge", "x " * 1500000)
        recs += crawl("https://tide.example/huge", http(big, ["Content-Type: text/html"]))
        recs += crawl("https://tide.example/after",
                      http(page("After the big one", "The page after the huge one is still read, the test said."),
                           ["Content-Type: text/html"]))
        write(out, recs, gz)
    else:
        sys.exit("unknown case " + case)


main()
