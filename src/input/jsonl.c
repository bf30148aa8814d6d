/*
 * jsonl.c -- one JSON line into a document.
 *
 *   {"text": ..., "id": ..., "date": "YYYY-MM-DD", "title": ..., "url": ...,
 *    "outlet": ...}
 *
 * text is required; id is a string or an integer and defaults to FILE:LINE
 * (also when it is ""); date, title, url and outlet are strings or null; a
 * date is its first ten characters (a full timestamp is accepted) and must
 * be a valid YYYY-MM-DD.  Anything else makes the line a problem, reported
 * with what was wrong.  Other keys are ignored.
 *
 * The parser is jansson: thread-safe (no global state; each call its own
 * error record), exact integers (an integer id stays exact), and strict
 * about UTF-8 (it refuses invalid bytes and escapes of lone surrogates),
 * so a decoded text is valid UTF-8 and needs no repair.
 *
 * The reader calls this on its own thread (ws_reader_next), the pipeline on
 * its workers (ws_pipeline_push_jsonl): JSON decoding is most of the cost
 * of JSON-lines input, so it runs where the extraction runs, in parallel.
 */
#include "jsonl.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

void ws_jl_release(jl_doc *jd)
{
    if (jd->jv) json_decref((json_t *)jd->jv);
    jd->jv = NULL;
}

/* Ends the id in IDB (NUL) and points DOC's id at it.  WS_OK or WS_NOMEM. */
static int set_id(buf *idb, ws_doc *doc)
{
    if (ws_buf_reserve(idb, 1) != WS_OK) return WS_NOMEM;
    idb->p[idb->len] = 0;
    doc->id = idb->p;
    doc->id_len = idb->len;
    return WS_OK;
}

/* Parses a "date" value DS (non-empty): a full timestamp is accepted, its
 * first ten characters being YYYY-MM-DD.  WS_OK or WS_PARSE. */
static int date_prefix(const char *ds, ws_date *out)
{
    char tmp[11];
    if (strlen(ds) >= 10) {
        memcpy(tmp, ds, 10);
        tmp[10] = 0;
    } else {
        tmp[0] = 0;
    }
    return ws_date_parse(tmp, out);
}

/* The string under KEY: NULL when absent or null; sets *bad (and WHAT)
 * when it is something else. */
static const char *opt_string(json_t *o, const char *key, int *bad, char *what, size_t whatlen)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        snprintf(what, whatlen, "\"%s\" is not a string", key);
        return NULL;
    }
    return json_string_value(v);
}

static int fail(char *what, size_t whatlen, const char *msg)
{
    snprintf(what, whatlen, "%s", msg);
    return WS_PARSE;
}

int ws_jl_decode(const char *line, size_t len, const char *defid, size_t defid_len, ws_date defdate, jl_doc *jd,
              buf *idb, char *what, size_t whatlen)
{
    ws_jl_release(jd);
    memset(&jd->doc, 0, sizeof jd->doc);
    jd->utf8_ok = 0;
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    if (!o) {
        snprintf(what, whatlen, "not valid JSON: %s (column %d)", je.text, je.column);
        return WS_PARSE;
    }
    jd->jv = o;
    if (!json_is_object(o)) return fail(what, whatlen, "not a JSON object");
    json_t *t = json_object_get(o, "text");
    if (!t) return fail(what, whatlen, "no \"text\" field");
    if (!json_is_string(t)) return fail(what, whatlen, "\"text\" is not a string");
    ws_doc *doc = &jd->doc;
    doc->text = json_string_value(t);
    doc->text_len = json_string_length(t);
    json_t *id = json_object_get(o, "id");
    idb->len = 0;
    if (id && json_is_string(id) && json_string_length(id) > 0) {
        if (ws_buf_append(idb, json_string_value(id), json_string_length(id)) != WS_OK) goto nomem;
    } else if (id && json_is_integer(id)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(id));
        if (ws_buf_append(idb, tmp, strlen(tmp)) != WS_OK) goto nomem;
    } else if (id && !json_is_null(id) && !json_is_string(id)) {
        return fail(what, whatlen, "\"id\" is not a string or integer");
    } else if (ws_buf_append(idb, defid, defid_len) != WS_OK) {
        goto nomem;
    }
    if (set_id(idb, doc) != WS_OK) goto nomem;
    doc->date = defdate;
    int bad = 0;
    const char *ds = opt_string(o, "date", &bad, what, whatlen);
    if (bad) return WS_PARSE;
    if (ds && *ds && date_prefix(ds, &doc->date) != WS_OK)
        return fail(what, whatlen, "\"date\" is not YYYY-MM-DD");
    doc->title = opt_string(o, "title", &bad, what, whatlen);
    doc->url = opt_string(o, "url", &bad, what, whatlen);
    doc->outlet = opt_string(o, "outlet", &bad, what, whatlen);
    if (bad) return WS_PARSE;
    jd->utf8_ok = 1; /* jansson's strings are valid UTF-8 */
    return WS_OK;
nomem:
    snprintf(what, whatlen, "out of memory");
    return WS_NOMEM;
}

/* The index after the JSON string opening at S[i] ('"'), or 0 when it does
 * not close before N; *esc is set when it holds a backslash or a control
 * character (text that jansson would decode or refuse). */
static size_t skip_string(const char *s, size_t i, size_t n, int *esc)
{
    for (i++; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') return i + 1;
        if (c == '\\') {
            *esc = 1;
            i++;
        } else if (c < 0x20) {
            *esc = 1;
        }
    }
    return 0;
}

static size_t skip_space(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    return i;
}

/* The index after the JSON value at S[i], or 0 when it is cut short.  Only
 * its extent is found (strings and nesting), not its validity. */
static size_t skip_value(const char *s, size_t i, size_t n)
{
    int esc = 0;
    if (i >= n) return 0;
    if (s[i] == '"') return skip_string(s, i, n, &esc);
    if (s[i] != '{' && s[i] != '[') {
        while (i < n && !strchr(",}] \t\r\n", s[i])) i++;
        return i;
    }
    size_t depth = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') {
            if (!(i = skip_string(s, i, n, &esc))) return 0;
            continue;
        }
        if (c == '{' || c == '[') depth++;
        else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
        i++;
    }
    return 0;
}

int ws_jsonl_peek_id(const char *line, size_t len, const char **id, size_t *id_len)
{
    size_t n = len, i = skip_space(line, 0, n);
    const char *found = NULL;
    size_t found_len = 0;
    if (i >= n || line[i] != '{') return 0;
    i = skip_space(line, i + 1, n);
    if (i < n && line[i] == '}') return 0;
    for (;;) {
        int esc = 0;
        if (i >= n || line[i] != '"') return 0;
        size_t k = i, e = skip_string(line, i, n, &esc);
        if (!e || esc) return 0;
        int is_id = e - k == 4 && !memcmp(line + k, "\"id\"", 4);
        i = skip_space(line, e, n);
        if (i >= n || line[i] != ':') return 0;
        i = skip_space(line, i + 1, n);
        if (is_id) {
            /* a plain non-empty string is the id as jansson reads it; an
             * integer, an escape, "" or null need the decoder */
            if (i >= n || line[i] != '"') return 0;
            e = skip_string(line, i, n, &esc);
            if (!e || esc || e - i == 2) return 0;
            found = line + i + 1;
            found_len = e - i - 2;
        } else if (!(e = skip_value(line, i, n))) {
            return 0;
        }
        i = skip_space(line, e, n);
        if (i < n && line[i] == ',') {
            i = skip_space(line, i + 1, n);
            continue;
        }
        if (i >= n || line[i] != '}' || !found) return 0;
        *id = found;
        *id_len = found_len;
        return 1;
    }
}

int ws_jsonl_doc_id(const char *line, size_t len, const char *defid, size_t defid_len, char **id, size_t *id_len)
{
    jl_doc jd = {{0}, NULL, 0};
    buf idb = {0};
    char what[160];
    *id = NULL;
    *id_len = 0;
    ws_date nodate = {0};
    int rc = ws_jl_decode(line, len, defid, defid_len, nodate, &jd, &idb, what, sizeof what);
    const char *p = rc == WS_OK ? jd.doc.id : defid;
    size_t n = rc == WS_OK ? jd.doc.id_len : defid_len;
    if (rc != WS_NOMEM) rc = (*id = ws__strndup(p, n)) ? WS_OK : WS_NOMEM;
    if (rc == WS_OK) *id_len = n;
    ws_jl_release(&jd);
    ws_buf_free(&idb);
    return rc;
}
