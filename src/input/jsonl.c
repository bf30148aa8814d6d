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
