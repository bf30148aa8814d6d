/*
 * whosaid.h -- the public interface of libwhosaid: base and extraction.
 *
 * whosaid reads news text and writes down every statement in it: the exact
 * words (content), who said them (source span and resolved speaker), the
 * cue ("said", "wrote on X", "according to") and when they were said.
 *
 * The API is in headers by layer, each with its library; anything not
 * declared in them is internal:
 *   whosaid.h        status codes, the allocator, dates, the lexicon,
 *                    documents, statements, the extractor, the pipeline,
 *                    readers, writers, cluster keys (libwhosaid.a: needs
 *                    utf8proc, jansson, libxml2 and zlib (the readers of
 *                    pages, feeds and WARC files) and pthread)
 *   whosaid_store.h  the statement store: ingest, search, speakers,
 *                    timelines (libwhosaid_store.a: SQLite)
 *   whosaid_serve.h  the local web server (libwhosaid_serve.a:
 *                    libmicrohttpd)
 *   whosaid_eval.h   evaluation and training (libwhosaid_eval.a)
 * A program links the libraries of the headers it includes, each before
 * libwhosaid.a.
 *
 * Objects and ownership
 *   ws_lexicon    the knowledge files (speech verbs, titles, demonyms,
 *                 organisations, abbreviations), loaded once, read-only
 *                 afterwards and shareable between threads.
 *   ws_extractor  per-thread working memory (an arena reset per document).
 *                 Statements it returns are borrowed: valid until the next
 *                 call on the same extractor or its free.
 *   ws_pipeline   a run over many documents: extraction (optionally on
 *                 several threads), speaker resolution across documents
 *                 and delivery of results in input order to a callback.
 *
 * Offsets: every span carries [start,end) in Unicode code points into the
 * document text, as PolNeAR and BRAT count them.  Invalid UTF-8 bytes are
 * replaced by U+FFFD, one code point per invalid byte, before extraction:
 * ws_doc_sanitize() does that and the pipeline applies it to every document.
 *
 * Errors: functions return WS_OK (0) or a negative ws_status; the library
 * never prints and never aborts.  Every *_free accepts NULL.
 *
 * Thread safety: no global mutable state.  A ws_lexicon may be shared; an
 * ws_extractor or ws_pipeline is used by one thread at a time.
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WS_VERSION "0.1.0"

typedef enum ws_status {
    WS_OK = 0,
    WS_NOMEM = -1,   /* an allocation failed */
    WS_IO = -2,      /* a file could not be read or written */
    WS_PARSE = -3,   /* malformed input (knowledge file, JSON line, date) */
    WS_TOOBIG = -4,  /* a document is larger than the configured maximum */
    WS_USAGE = -5,   /* a call's arguments are wrong */
    WS_DB = -6       /* the database reported an error */
} ws_status;

/* A short English description of a status code (static storage). */
const char *ws_strerror(int status);

/* ---------------------------------------------------------------- memory */

/* All allocation in the library goes through these hooks (default: the C
 * library's).  Set them before creating any object; tests use them to make
 * the Nth allocation fail. */
typedef struct ws_allocator {
    void *(*alloc)(void *ud, size_t size);
    void *(*realloc)(void *ud, void *ptr, size_t size);
    void (*free)(void *ud, void *ptr);
    void *ud;
} ws_allocator;

/* Installs an allocator for objects created afterwards; NULL restores the
 * default.  Not thread-safe with respect to object creation: call at start. */
void ws_set_allocator(const ws_allocator *a);

/* --------------------------------------------------------------- lexicon */

typedef struct ws_lexicon ws_lexicon;

/* Loads the knowledge files from directory DIR (NULL: ws_default_data_dir):
 * words.tsv, verbs.tsv, titles.txt, demonyms.tsv, organisations.txt,
 * abbreviations.txt, cues.learned.tsv when present (see data/ and
 * src/lexicon/lexicon.c for their formats), and the statement model
 * attrib.model.tsv (docs/models.md), which is required unless DIR holds a
 * file named rules-only.  On failure (a missing, truncated or foreign
 * model among them) returns a negative status and writes one line
 * "FILE:LINE: what" or "FILE: what" into err[errlen] (if err is not NULL).
 * *out is owned by the caller. */
int ws_lexicon_load(const char *dir, ws_lexicon **out, char *err, size_t errlen);
/* ws_lexicon_load without the statement model: the patterns alone, with
 * the learned cue thresholds they use by themselves. */
int ws_lexicon_load_rules(const char *dir, ws_lexicon **out, char *err, size_t errlen);

/* The directory holding the knowledge files when none is given: the
 * environment variable WHOSAID_DATA, else the compiled-in install path,
 * else "data" next to the working directory.  Static or environment
 * storage; do not free. */
const char *ws_default_data_dir(void);

void ws_lexicon_free(ws_lexicon *lx);

/* ------------------------------------------------------------- documents */

/* A calendar date; y == 0 means unknown. */
typedef struct ws_date {
    int y, m, d;
} ws_date;

/* A document as given to the extractor.  All strings are borrowed and
 * need not be NUL-terminated (lengths given); text must be valid UTF-8
 * (see ws_doc_sanitize).  id/title/url/outlet may be NULL. */
typedef struct ws_doc {
    const char *id;
    size_t id_len;
    const char *text;
    size_t text_len;
    ws_date date;       /* publication date; y == 0 when unknown */
    const char *title;  /* NUL-terminated or NULL */
    const char *url;    /* NUL-terminated or NULL */
    const char *outlet; /* NUL-terminated or NULL */
    const char *author; /* NUL-terminated or NULL (read from pages and feeds) */
    const char *lang;   /* NUL-terminated or NULL: the page's language tag */
} ws_doc;

/* Replaces every byte that is not part of valid UTF-8 in IN[len] by U+FFFD
 * and writes the result to a new buffer *out (NUL-terminated, *out_len bytes
 * without the NUL, owned by the caller, free with ws_free).  Returns the
 * number of replaced bytes, or WS_NOMEM. */
long ws_utf8_sanitize(const char *in, size_t len, char **out, size_t *out_len);

/* Frees memory returned by the library's functions that say so. */
void ws_free(void *p);

/* Parses "YYYY-MM-DD"; returns WS_OK or WS_PARSE. */
int ws_date_parse(const char *s, ws_date *out);

/* ------------------------------------------------------------ statements */

typedef enum ws_kind {
    WS_DIRECT = 0,   /* the content is entirely a quotation */
    WS_INDIRECT = 1, /* reported speech, no quotation marks */
    WS_MIXED = 2     /* reported speech with a quoted fragment */
} ws_kind;

/* A span of the document: [start,end) in code points and [bstart,bend) in
 * bytes.  An absent span has start == end == -1. */
typedef struct ws_span {
    int64_t start, end;
    int64_t bstart, bend;
} ws_span;

/* One attributed statement.  Strings are NUL-terminated, borrowed from the
 * extractor (or pipeline) that returned it; NULL where unknown. */
typedef struct ws_statement {
    ws_kind kind;
    ws_span content;         /* the words said (first part) */
    ws_span content2;        /* second part of a quote interrupted by its
                                attribution, or absent */
    ws_span cue;             /* "said", "according to", ... */
    ws_span source;          /* the source as written ("she"), or absent */
    const char *speaker;     /* resolved speaker name, or NULL */
    const char *title;       /* "Prime Minister", or NULL */
    const char *affiliation; /* "IT", "Kremlin", or NULL */
    int speaker_is_person;   /* 1 when speaker is a named person */
    ws_date date;            /* when it was said; y == 0 when unknown */
    const char *date_text;   /* the date expression ("on March 15"), or NULL */
    const char *venue;       /* "on X", "in an interview with ...", or NULL */
    uint64_t cluster;        /* equal for statements repeating each other */
    double confidence;       /* 0..1 */
    const char *method;      /* which reader found it ("rule:trailing", ...) */
} ws_statement;

/* ------------------------------------------------------------- extractor */

typedef struct ws_extractor ws_extractor;

/* Creates an extractor reading with LX (borrowed; must outlive it). */
int ws_extractor_new(const ws_lexicon *lx, ws_extractor **out);

/* Extracts the statements of DOC.  On WS_OK, *st points at *n statements
 * valid until the next ws_extract or ws_extractor_free on EX.  Speakers are
 * resolved within the document only (see ws_pipeline for a run).
 * Returns WS_TOOBIG past the extractor's maximum document size. */
int ws_extract(ws_extractor *ex, const ws_doc *doc, const ws_statement **st,
               size_t *n);

/* Person names seen in the last extracted document (full names with two or
 * more words, e.g. from "President Donald Trump"), valid like ws_extract's
 * statements. */
size_t ws_extract_names(const ws_extractor *ex, const char *const **names);

/* The largest document accepted, in bytes (default WS_DEFAULT_MAX_DOC). */
#define WS_DEFAULT_MAX_DOC ((size_t)64 << 20)
void ws_extractor_set_max_doc(ws_extractor *ex, size_t bytes);

void ws_extractor_free(ws_extractor *ex);

/* Cluster key of a content text: equal for texts with the same words
 * (case, punctuation and quotation marks ignored). */
uint64_t ws_cluster_key(const char *text, size_t len);

/* -------------------------------------------------------------- pipeline */

typedef struct ws_pipeline ws_pipeline;

/* Receives each document's results, in input order, with speakers
 * resolved across the run.  DOC and ST are valid during the call only.
 * STATUS is WS_OK, or the error that made the document fail (then n == 0;
 * the message is in ERRMSG).  A non-zero return stops the pipeline and is
 * returned by ws_pipeline_push/finish. */
typedef int (*ws_emit_fn)(void *ud, const ws_doc *doc, int status,
                          const char *errmsg, const ws_statement *st,
                          size_t n);

typedef struct ws_pipeline_opts {
    int threads;          /* extraction threads; 0 or 1 extracts in the
                             caller.  With N > 1, N - 1 worker threads are
                             started and the caller's thread is the Nth:
                             while it waits to deliver, it extracts the
                             documents no worker has taken yet */
    size_t window_docs;   /* documents held back so that a surname can be
                             resolved by a full name seen later (default 64) */
    size_t window_bytes;  /* ... and at most this many bytes held (16 MiB) */
    size_t max_doc;       /* largest document (WS_DEFAULT_MAX_DOC) */
    int jsonl;            /* non-zero: also render each document's statements
                             as JSON lines on the worker threads (see
                             ws_pipeline_jsonl) */
} ws_pipeline_opts;

/* Creates a pipeline; OPTS may be NULL for the defaults. */
int ws_pipeline_new(const ws_lexicon *lx, const ws_pipeline_opts *opts,
                    ws_emit_fn emit, void *ud, ws_pipeline **out);

/* Queues DOC (copied; the caller may reuse its buffers at once).  Invalid
 * UTF-8 is replaced as by ws_utf8_sanitize.  Results reach the callback
 * later, in order.  Returns WS_OK, or the callback's non-zero return. */
int ws_pipeline_push(ws_pipeline *p, const ws_doc *doc);

/* Queues one raw JSON line LINE[len] (copied) of file NAME, line LINENO,
 * to be decoded on a worker thread as ws_reader_next decodes a
 * WS_INPUT_JSONL line (documents without a date get DEFAULT_DATE).  A line
 * that does not decode reaches the callback in its place, in input order,
 * with a non-zero status, the id "NAME:LINENO" and what was wrong in
 * ERRMSG (ws_reader_next's message without its "FILE:LINE: ").  Returns
 * as ws_pipeline_push. */
int ws_pipeline_push_jsonl(ws_pipeline *p, const char *line, size_t len,
                           const char *name, long lineno,
                           ws_date default_date);

/* Queues a problem found before a document could be queued (a record the
 * reader skipped, a file that did not open): the callback receives it in
 * input order as a document with no text, the id WHERE[where_len] (e.g.
 * "FILE:LINE"), STATUS (negative) and ERRMSG WHAT.  Returns as
 * ws_pipeline_push. */
int ws_pipeline_push_error(ws_pipeline *p, const char *where, size_t where_len,
                           int status, const char *what);

/* Inside the emit callback of a pipeline created with opts.jsonl: the
 * delivered document's statements as JSON lines, byte for byte what
 * ws_write_jsonl writes for the ST given to the callback (*len bytes,
 * borrowed until the callback returns).  Rendering is done on the worker
 * threads, so a run on N threads serialises in parallel too.  NULL (and
 * *len 0) without opts.jsonl or outside the callback. */
const char *ws_pipeline_jsonl(const ws_pipeline *p, size_t *len);

/* Delivers every queued document; call once at the end. */
int ws_pipeline_finish(ws_pipeline *p);

void ws_pipeline_free(ws_pipeline *p);

/* ---------------------------------------------------------------- input */

typedef enum ws_input_mode {
    WS_INPUT_AUTO = 0, /* by the name's extension (.jsonl, .html, .xml, .rss,
                          .atom, .json, .warc, .warc.gz), else by sniffing
                          the first bytes of a regular file; text otherwise */
    WS_INPUT_LINES,    /* every non-empty line a document, id FILE:LINE */
    WS_INPUT_JSONL,    /* one JSON object a line: text, id, date, title,
                          url, outlet */
    WS_INPUT_TEXT,     /* the whole file one document, id its file name */
    WS_INPUT_HTML,     /* an article page: its main text and metadata, id the
                          path as given */
    WS_INPUT_FEED,     /* RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed: each item
                          a document, id FILE#N */
    WS_INPUT_WARC      /* WARC 1.0/1.1, plain or gzip: each HTML response
                          record a page, id FILE#N (N the record number) */
} ws_input_mode;

typedef struct ws_reader ws_reader;

/* Opens PATH ("-" for standard input) for reading documents in MODE.
 * Documents without a date get DEFAULT_DATE (y == 0: none).  A document
 * larger than MAX_DOC bytes (0: WS_DEFAULT_MAX_DOC) is reported and
 * skipped, never loaded whole.  On failure writes "PATH: why" to err. */
int ws_reader_open(const char *path, ws_input_mode mode, ws_date default_date,
                   size_t max_doc, ws_reader **out, char *err, size_t errlen);

/* Reads the next document into *DOC (borrowed until the next call).
 * Returns 1 for a document, 0 at the end of the input, or a negative
 * status for a record that was skipped (bad JSON, no text, too large, a
 * read error); ws_reader_error then says "FILE:LINE: what" (for pages,
 * feeds and WARC files "FILE:RECORD: what", RECORD the page, item or
 * record number).  After a
 * skipped record the caller may call again: reading resumes at the next
 * record (except after WS_IO, which ends the file). */
int ws_reader_next(ws_reader *r, ws_doc *doc);

const char *ws_reader_error(const ws_reader *r);

/* The last error in two parts, for ws_pipeline_push_error: the returned
 * "what" (borrowed, as ws_reader_error) follows the first *where_len bytes
 * of ws_reader_error, which say where ("FILE:LINE"; 0 when nowhere). */
const char *ws_reader_error_what(const ws_reader *r, size_t *where_len);

/* A WS_INPUT_JSONL reader only: reads the next non-blank line without
 * decoding it, for ws_pipeline_push_jsonl.  *line (*len bytes, borrowed
 * until the next call) and its 1-based number *lineno.  Returns as
 * ws_reader_next (1, 0, or a negative status for a line too long or a
 * read error); WS_USAGE for a reader of another mode. */
int ws_reader_next_line(ws_reader *r, const char **line, size_t *len,
                        long *lineno);

/* The document id of JSON line LINE[len] when it can be read without
 * decoding the line (for choosing a --shard before the decoding): a
 * top-level "id" that is a plain non-empty string (no escapes), the last
 * one when repeated, as ws_reader_next reads it.  Returns 1 with *id
 * (borrowed from LINE, *id_len bytes), or 0 when the line needs decoding
 * (no such id, or not a JSON object as far as its extent shows).  It does
 * not check the rest of the line: a line with such an id may still fail
 * to decode. */
int ws_jsonl_peek_id(const char *line, size_t len, const char **id, size_t *id_len);

/* The document id of JSON line LINE[len] by decoding it as ws_reader_next
 * does: the line's id, or DEFID[defid_len] ("FILE:LINE") when it has none
 * or does not decode.  *id (*id_len bytes, NUL-terminated) is the caller's
 * to release with ws_free.  Returns WS_OK or WS_NOMEM. */
int ws_jsonl_doc_id(const char *line, size_t len, const char *defid, size_t defid_len, char **id, size_t *id_len);

/* The path as given to ws_reader_open ("-" for standard input), and the
 * mode read (WS_INPUT_AUTO resolved).  Borrowed until ws_reader_close. */
const char *ws_reader_name(const ws_reader *r);
ws_input_mode ws_reader_mode(const ws_reader *r);

/* Bytes of the file read so far (as stored: a .warc.gz counts compressed
 * bytes), for progress; 0 when not known (a pipe). */
size_t ws_reader_offset(const ws_reader *r);

void ws_reader_close(ws_reader *r);

/* --------------------------------------------------------------- output */

/* Writes ST as one JSON object a line (the `extract --format jsonl`
 * contract: doc, kind, content, content2, cue, source, speaker, date,
 * date_text, venue, cluster, confidence, method). */
int ws_write_jsonl(FILE *f, const ws_doc *doc, const ws_statement *st,
                   size_t n);

/* Writes ST as BRAT standoff (T Source/Cue/Content/Attribution lines and an
 * E line per statement), as the PolNeAR corpus does. */
int ws_write_brat(FILE *f, const ws_doc *doc, const ws_statement *st,
                  size_t n);

/* The text of a span of DOC (borrowed pointer into doc->text, length in
 * *len); NULL for an absent span. */
const char *ws_span_text(const ws_doc *doc, ws_span s, size_t *len);

/* Formats a cluster key as 16 hex digits into buf[17]. */
void ws_cluster_hex(uint64_t key, char out[17]);

/* The name of a kind: "direct", "indirect" or "mixed". */
const char *ws_kind_name(ws_kind k);

#ifdef __cplusplus
}
#endif
#endif
