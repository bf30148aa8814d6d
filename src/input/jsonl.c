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
 * Two parsers, one verdict.  jansson (about 137 instructions a byte) is
 * the reference: every line it refuses, and every message, is its.  cJSON
 * (about 20 a byte) decodes first, but its result is used only where it
 * must be jansson's: bytes that are valid UTF-8 without control characters,
 * a byte order mark or \u0000 (which cJSON would pass or cut), an object
 * without numbers (cJSON reads them as doubles and accepts forms and sizes
 * jansson refuses; an integer id must stay exact), no known key twice
 * (jansson keeps the last, cJSON finds the first), text a string, the other
 * known keys strings or null, a valid date.  Any other line, good or bad,
 * is decoded again by jansson, so a line with a number is as slow as before.
 * cJSON is used without cJSON_GetErrorPtr or cJSON_InitHooks, as its
 * README asks for use from threads; but every parse still writes cJSON's
 * one static error record, so concurrent parses would race on it (a data
 * race, however harmless its values).  The parse is therefore serialised
 * by cjson_lock below -- the library's only process-wide object, and it
 * guards cJSON's state, not ours.  The parse is about a tenth of decoding
 * a line, so two workers seldom wait for each other, and one that must
 * wait spins for about as long as a parse takes before it sleeps
 * (lock_spinning), a wait being shorter than a sleep and a wake-up.
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

#include <pthread.h>

#include <cjson/cJSON.h>
#include <jansson.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

void ws_jl_release(jl_doc *jd)
{
    if (jd->jv) json_decref((json_t *)jd->jv);
    jd->jv = NULL;
    cJSON_Delete((cJSON *)jd->cv);
    jd->cv = NULL;
    jd->ctext = NULL;
}

char *ws_jl_detach_text(jl_doc *jd)
{
    cJSON *t = jd->ctext;
    if (!t) return NULL;
    /* cJSON_Delete frees a member's valuestring only when it is set */
    char *s = t->valuestring;
    t->valuestring = NULL;
    jd->ctext = NULL;
    return s;
}

void ws_jl_text_free(char *text) { cJSON_free(text); }

/* ---- shared by both paths */

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

/* ---- the fast path: cJSON on lines where it must agree with jansson */

/* A word of eight bytes with a byte below 0x20, at or above 0x80, or a
 * backslash (the bytes fast_bytes looks at one by one). */
static bool word_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t ctl = (x - ones * 0x20) & ~x;            /* a byte < 0x20 (or >= 0x80) */
    uint64_t bs = x ^ (ones * '\\');
    bs = (bs - ones) & ~bs;                           /* a backslash */
    return ((ctl | bs | x) & highs) != 0;
}

static bool hex4(const char *h)
{
    for (int k = 0; k < 4; k++)
        if (!((h[k] >= '0' && h[k] <= '9') || ((h[k] | 0x20) >= 'a' && (h[k] | 0x20) <= 'f'))) return false;
    return true;
}

/* Whether LINE[len] may take the fast path as far as its bytes go: no
 * byte order mark (cJSON skips one, jansson refuses it), no control byte
 * (jansson refuses them in strings, cJSON does not), valid UTF-8 (jansson
 * checks, cJSON does not) and every \u escape four hex digits other than
 * \u0000 (cJSON reads a bad digit as 0, and its strings end at a NUL). */
static bool fast_bytes(const char *s, size_t n)
{
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) return false;
    size_t i = 0;
    while (i < n) {
#if defined(__SSE2__) && defined(__GNUC__)
        /* sixteen bytes a step, to the first special one: a signed byte
         * below 0x20 is a control byte or one >= 0x80 */
        if (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i sp = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
            unsigned m = (unsigned)_mm_movemask_epi8(sp);
            if (!m) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(m);
        }
#endif
        uint64_t x;
        if (i + 8 <= n && (memcpy(&x, s + i, 8), !word_special(x))) {
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20) return false;
        if (c == '\\') {
            /* cJSON reads a \u with a bad hex digit as \u0000, and its
             * strings end at a NUL: both go to jansson */
            if (i + 1 < n && s[i + 1] == 'u' &&
                (i + 6 > n || !hex4(s + i + 2) || !memcmp(s + i + 2, "0000", 4)))
                return false;
            i += 2; /* an escaped character is ASCII, or cJSON refuses it */
            continue;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t r = ws__utf8_seq((const unsigned char *)s + i, n - i);
        if (!r) return false;
        i += r;
    }
    return true;
}

/* Whether V holds a number anywhere: cJSON keeps numbers as doubles and
 * accepts forms and sizes jansson refuses, so those lines go to jansson. */
static bool has_number(const cJSON *v)
{
    for (; v; v = v->next) {
        if (cJSON_IsNumber(v)) return true;
        if (v->child && has_number(v->child)) return true;
    }
    return false;
}

enum { K_TEXT, K_ID, K_DATE, K_TITLE, K_URL, K_OUTLET, K_N };

/* Tries to take M for as long as a parse of a news article holds it (a
 * few microseconds) before sleeping on it: a sleep and a wake-up cost
 * more than the wait, and with two threads parsing, every tenth parse or
 * so finds the lock taken (glibc's adaptive mutex gives up sooner).
 * pthread_mutex_lock's result. */
static int lock_spinning(pthread_mutex_t *m)
{
    for (int k = 0; k < 4096; k++) {
        if (pthread_mutex_trylock(m) == 0) return 0;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    return pthread_mutex_lock(m);
}

/* Decodes LINE with cJSON when the result is certain to be jansson's:
 * an object without numbers, each known key at most once, text a string
 * and the others strings or null.  Returns 1 (JD filled as ws_jl_decode),
 * 0 to leave the line to jansson, or WS_NOMEM. */
static int fast_decode(const char *line, size_t len, const char *defid, size_t defid_len, ws_date defdate,
                       jl_doc *jd, buf *idb)
{
    if (!fast_bytes(line, len)) return 0;
    const char *end = NULL;
    static pthread_mutex_t cjson_lock = PTHREAD_MUTEX_INITIALIZER; /* see the essay */
    if (lock_spinning(&cjson_lock) != 0) return 0; /* jansson takes the line */
    cJSON *o = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    pthread_mutex_unlock(&cjson_lock);
    if (!o) return 0;
    jd->cv = o;
    while (end && end < line + len && *end == ' ') end++;
    if (end != line + len || !cJSON_IsObject(o) || has_number(o->child)) goto slow;
    static const char *const keys[K_N] = {"text", "id", "date", "title", "url", "outlet"};
    const cJSON *f[K_N] = {0};
    for (const cJSON *c = o->child; c; c = c->next) {
        if (!c->string) goto slow;
        for (int k = 0; k < K_N; k++) {
            if (strcmp(c->string, keys[k]) != 0) continue;
            if (f[k]) goto slow; /* twice: jansson keeps the last */
            f[k] = c;
        }
    }
    if (!cJSON_IsString(f[K_TEXT])) goto slow;
    for (int k = K_ID; k < K_N; k++)
        if (f[k] && !cJSON_IsString(f[k]) && !cJSON_IsNull(f[k])) goto slow;
    ws_doc *doc = &jd->doc;
    doc->text = f[K_TEXT]->valuestring;
    jd->ctext = (void *)f[K_TEXT];
    doc->text_len = strlen(doc->text);
    const char *id = cJSON_IsString(f[K_ID]) ? f[K_ID]->valuestring : NULL;
    idb->len = 0;
    if (id && *id ? ws_buf_append(idb, id, strlen(id)) : ws_buf_append(idb, defid, defid_len)) return WS_NOMEM;
    if (set_id(idb, doc) != WS_OK) return WS_NOMEM;
    doc->date = defdate;
    const char *ds = cJSON_IsString(f[K_DATE]) ? f[K_DATE]->valuestring : NULL;
    if (ds && *ds && date_prefix(ds, &doc->date) != WS_OK) goto slow; /* jansson says why */
    doc->title = cJSON_IsString(f[K_TITLE]) ? f[K_TITLE]->valuestring : NULL;
    doc->url = cJSON_IsString(f[K_URL]) ? f[K_URL]->valuestring : NULL;
    doc->outlet = cJSON_IsString(f[K_OUTLET]) ? f[K_OUTLET]->valuestring : NULL;
    jd->utf8_ok = 1;
    return 1;
slow:
    ws_jl_release(jd);
    memset(&jd->doc, 0, sizeof jd->doc);
    return 0;
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
    int fast = fast_decode(line, len, defid, defid_len, defdate, jd, idb);
    if (fast == 1) return WS_OK;
    if (fast < 0) goto nomem;
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
    return WS_OK;
nomem:
    snprintf(what, whatlen, "out of memory");
    return WS_NOMEM;
}
