/*
 * read.h -- the web readers: article pages (HTML), feeds (RSS 2.0, RSS 1.0,
 * Atom, JSON Feed) and web archives (WARC), turned into documents.
 *
 * Included by src/input/reader.c (which hands a file of one of these kinds
 * to ws_read_open) and by the files of src/read/; nothing else.
 *
 *   html.c     one page: its main text (libxml2's HTML parser)
 *   html_meta.c  its metadata (JSON-LD, meta tags, <title>, <html lang>)
 *   charset.c  the page's character set and its conversion to UTF-8 (iconv)
 *   meta.c     dates in ISO 8601 and RFC 822 and in URLs
 *   feed.c     a feed's items, each one page (libxml2's XML parser, jansson)
 *   warc.c     WARC records one at a time, gzip members inflated (zlib)
 *   source.c   detection of a file's kind and the document stream
 *
 * Memory: a ws_read_page owns every string it holds; it keeps its buffers'
 * capacity across pages.  A source holds at most one record (a WARC
 * record, a page, a feed file) at a time.
 */
#ifndef WS_READ_H
#define WS_READ_H

#include "whosaid.h"
#include "../base/base.h"

#include <stdio.h>

/* One page read: main text and metadata, all UTF-8 and NUL-terminated
 * (empty string when absent). */
typedef struct ws_read_page {
    buf text;     /* paragraphs separated by "\n\n" */
    buf title, url, outlet, author, lang;
    ws_date date; /* y == 0: none found */
    buf scratch;  /* charset conversion */
} ws_read_page;

void ws_read_page_clear(ws_read_page *pg);
void ws_read_page_free(ws_read_page *pg);

/* Reads the HTML page HTML[len] into PG (cleared first).  CHARSET (may be
 * NULL) is the character set a transport named (HTTP Content-Type); BASE_URL
 * (may be NULL) the address it came from, kept as PG's url when the page
 * names none.  WS_OK, WS_NOMEM, or WS_PARSE when nothing could be read
 * (*what then says why, static storage). */
int ws_read_html(const char *html, size_t len, const char *charset, const char *base_url,
                 ws_read_page *pg, const char **what);

/* Reads the HTML fragment HTML[len] (UTF-8) whole into TEXT (replaced):
 * every block of it, no main-text choice; scripts, styles and hidden
 * elements left out.  WS_OK or WS_NOMEM. */
int ws_read_html_text(const char *html, size_t len, buf *text);

/* Converts IN[len] in CHARSET (a name iconv knows; a BOM wins over it) to
 * UTF-8 in OUT (replaced).  Returns 1 when converted, 0 when IN is UTF-8
 * already (OUT untouched; *skip is the length of a UTF-8 BOM to drop),
 * WS_NOMEM, or WS_PARSE for a character set iconv does not know. */
int ws_read_to_utf8(const char *in, size_t len, const char *charset, buf *out, size_t *skip);

/* The character set of an HTML page: a BOM, else a <meta charset> or
 * http-equiv Content-Type in its first 1024 bytes; NULL when none.  Names
 * are copied into NAME[cap]. */
const char *ws_read_sniff_charset(const char *html, size_t len, char *name, size_t cap);

/* Dates: "2024-03-05", "2024-03-05T10:00:00Z" and the like (ISO 8601), or
 * "Tue, 05 Mar 2024 10:00:00 GMT" (RFC 822 / 2822, also without a weekday
 * and with a two-digit year).  WS_OK or WS_PARSE. */
int ws_read_parse_date(const char *s, ws_date *out);
/* A date written in a URL path: /2024/03/05/ or /2024-03-05. */
int ws_read_url_date(const char *url, ws_date *out);

/* Appends S[n] to B with runs of white space made one space and the ends
 * trimmed against what B holds (no space after a newline or at the start). */
int ws_read_append_ws(buf *b, const char *s, size_t n);
/* Makes B valid UTF-8 (each bad byte U+FFFD) and NUL-terminated: what a
 * recovering parser passes on is not always so.  WS_OK or WS_NOMEM. */
int ws_read_fix_utf8(buf *b);
/* Sets B to S[n] with white space collapsed and trimmed. */
int ws_read_set(buf *b, const char *s, size_t n);

/* ---- feeds */

/* A feed parsed whole: its items, each a page. */
typedef struct ws_read_feed ws_read_feed;

/* Parses the feed DATA[len] (XML or JSON Feed).  WS_OK, WS_NOMEM, or
 * WS_PARSE with *what set (static storage) when it is not a feed at all. */
int ws_read_feed_parse(const char *data, size_t len, ws_read_feed **out, const char **what);
/* The number of items, and item I read into PG.  WS_OK, WS_NOMEM, or
 * WS_PARSE (*what set) for an item without any text. */
size_t ws_read_feed_count(const ws_read_feed *f);
int ws_read_feed_item(ws_read_feed *f, size_t i, ws_read_page *pg, const char **what);
/* What was wrong with a feed that was read in recovery mode, or NULL. */
const char *ws_read_feed_warning(const ws_read_feed *f);
void ws_read_feed_free(ws_read_feed *f);

/* ---- WARC */

typedef struct ws_read_warc ws_read_warc;

/* A WARC stream over F (not closed by it), plain or gzip (one member a
 * record, or one member for all).  MAX_RECORD bounds a record's content. */
int ws_read_warc_open(FILE *f, size_t max_record, ws_read_warc **out);

/* The next response record with an HTML payload.  Returns 1 with
 * *html[*len] (its body, transfer and content encodings undone), *uri,
 * *date (WARC-Date, y == 0 if none) and *charset (from Content-Type, or
 * NULL), all borrowed until the next call; 0 at the end; or a negative
 * status for a record that was skipped, *what then saying why (borrowed).
 * *recno is the record's number (1-based, every record counted). */
int ws_read_warc_next(ws_read_warc *w, const char **html, size_t *len, const char **uri,
                      ws_date *date, const char **charset, long *recno, const char **what);
void ws_read_warc_free(ws_read_warc *w);

/* ---- the document stream (source.c), for reader.c */

/* The kind of a file from its name (.html .htm .xhtml; .rss .atom .rdf
 * .xml .feed .json; .warc .warc.gz), else from its first bytes HEAD[n];
 * WS_INPUT_AUTO when neither says. */
ws_input_mode ws_read_detect(const char *path, const unsigned char *head, size_t n);

typedef struct ws_read_src ws_read_src;

/* Reads F (not closed by it), named PATH, as MODE (WS_INPUT_HTML, _FEED or
 * _WARC).  Documents get DEFDATE when they carry no date. */
int ws_read_src_open(FILE *f, const char *path, ws_input_mode mode, ws_date defdate,
                     size_t max_doc, ws_read_src **out);

/* As ws_reader_next: 1 and *DOC (borrowed until the next call), 0 at the
 * end, or a negative status with "FILE:RECORD: what" in ERR[cap] and the
 * length of "FILE:RECORD" in *where_len. */
int ws_read_src_next(ws_read_src *s, ws_doc *doc, char *err, size_t cap, size_t *where_len);
void ws_read_src_free(ws_read_src *s);

#endif
