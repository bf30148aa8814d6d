/*
 * feed.c -- the items of a feed: RSS 2.0, RSS 1.0 (RDF), Atom, JSON Feed.
 *
 * XML feeds are parsed by libxml2.  A feed that is not well-formed is
 * parsed again in libxml2's recovery mode: what it recovers is read, and
 * the fault is reported once (ws_read_feed_warning).  Elements are matched
 * by local name, so "content:encoded", "dc:date" and "dc:creator" are found
 * whatever prefix the feed binds.  Per item:
 *
 *            RSS 2.0 / RSS 1.0                Atom                JSON Feed
 *   title    title                            title               title
 *   url      link, guid isPermaLink           link rel=alternate  url, external_url
 *   date     pubDate, dc:date                 published, updated  date_published, _modified
 *   text     content:encoded, description     content, summary    content_html, content_text, summary
 *   author   dc:creator, author               author/name         authors[0].name, author.name
 *   outlet   the channel's title              the feed's title    the feed's title
 *   lang     the channel's language           xml:lang            language
 *
 * Text that holds markup is read as an HTML fragment (every block of it,
 * no main-text choice: an item is all article); text without markup is
 * taken as it is, white space collapsed.
 */
#include "read.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ws_read_feed {
    xmlDocPtr doc;       /* XML feeds */
    json_t *json;        /* JSON Feed */
    xmlNode **items;     /* XML items, in order */
    size_t n;
    xmlChar *outlet, *lang;
    char warning[256];
};

static bool local_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (local_is(c, name)) return c;
    return NULL;
}

static int add_item(ws_read_feed *f, xmlNode *n, size_t *cap)
{
    if (f->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        xmlNode **it = ws__realloc(f->items, nc * sizeof *it);
        if (!it) return WS_NOMEM;
        f->items = it;
        *cap = nc;
    }
    f->items[f->n++] = n;
    return WS_OK;
}

static int parse_xml(ws_read_feed *f, const char *data, size_t len, const char **what)
{
    if (len > INT32_MAX) {
        *what = "feed too large for the XML parser";
        return WS_PARSE;
    }
    const int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx) return WS_NOMEM;
    f->doc = xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL, opts);
    if (!f->doc || !ctx->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctx);
        char msg[160] = "not well-formed";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t ml = strlen(msg);
            while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' ')) msg[--ml] = 0;
        }
        snprintf(f->warning, sizeof f->warning, "feed not well-formed (line %d: %s); the items recovered are read",
                 e ? e->line : 0, msg);
        xmlFreeDoc(f->doc);
        f->doc = xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL, opts | XML_PARSE_RECOVER);
    }
    xmlFreeParserCtxt(ctx);
    xmlNode *root = f->doc ? xmlDocGetRootElement(f->doc) : NULL;
    if (!root) {
        *what = "not a feed: not readable as XML";
        return WS_PARSE;
    }
    size_t cap = 0;
    xmlNode *top = NULL; /* where the feed's title and language are */
    if (local_is(root, "rss")) {
        top = child(root, "channel");
        for (xmlNode *c = top ? top->children : NULL; c; c = c->next)
            if (local_is(c, "item") && add_item(f, c, &cap) != WS_OK) return WS_NOMEM;
    } else if (local_is(root, "RDF")) {
        top = child(root, "channel");
        for (xmlNode *c = root->children; c; c = c->next)
            if (local_is(c, "item") && add_item(f, c, &cap) != WS_OK) return WS_NOMEM;
    } else if (local_is(root, "feed")) {
        top = root;
        for (xmlNode *c = root->children; c; c = c->next)
            if (local_is(c, "entry") && add_item(f, c, &cap) != WS_OK) return WS_NOMEM;
    } else {
        *what = "not a feed: the root element is not rss, rdf:RDF or feed";
        return WS_PARSE;
    }
    xmlNode *t = child(top, "title");
    if (t) f->outlet = xmlNodeGetContent(t);
    xmlNode *l = child(top, "language");
    f->lang = l ? xmlNodeGetContent(l) : xmlNodeGetLang(root);
    return WS_OK;
}

int ws_read_feed_parse(const char *data, size_t len, ws_read_feed **out, const char **what)
{
    *out = NULL;
    *what = NULL;
    ws_read_feed *f = ws__calloc(1, sizeof *f);
    if (!f) return WS_NOMEM;
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) i++;
    int rc;
    if (i < len && data[i] == '{') {
        json_error_t jerr;
        f->json = json_loadb(data, len, 0, &jerr);
        if (!f->json || !json_is_array(json_object_get(f->json, "items"))) {
            *what = f->json ? "not a JSON Feed: no items array" : "not a JSON Feed: not well-formed JSON";
            rc = WS_PARSE;
        } else {
            f->n = json_array_size(json_object_get(f->json, "items"));
            rc = WS_OK;
        }
    } else {
        rc = parse_xml(f, data, len, what);
    }
    if (rc != WS_OK) {
        ws_read_feed_free(f);
        return rc;
    }
    *out = f;
    return WS_OK;
}

size_t ws_read_feed_count(const ws_read_feed *f) { return f ? f->n : 0; }

const char *ws_read_feed_warning(const ws_read_feed *f) { return f && f->warning[0] ? f->warning : NULL; }

/* The item's text: markup read as an HTML fragment, plain text as is. */
static int set_text(ws_read_page *pg, const char *s, size_t n, bool markup)
{
    if (!markup) {
        markup = memchr(s, '<', n) != NULL;
        if (!markup) return ws_read_set(&pg->text, s, n);
    }
    return ws_read_html_text(s, n, &pg->text);
}

static int set_xml(buf *b, const xmlNode *n)
{
    if (!n) return WS_OK;
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return WS_OK;
    int rc = ws_read_set(b, (const char *)c, strlen((const char *)c));
    xmlFree(c);
    return rc;
}

static int xml_item(ws_read_feed *f, const xmlNode *it, ws_read_page *pg)
{
    int rc = set_xml(&pg->title, child(it, "title"));
    /* link: RSS's text, Atom's href (rel alternate or none) */
    for (xmlNode *c = it->children; c && rc == WS_OK && !pg->url.len; c = c->next) {
        if (!local_is(c, "link")) continue;
        xmlChar *href = xmlGetNoNsProp(c, (const xmlChar *)"href");
        xmlChar *rel = xmlGetNoNsProp(c, (const xmlChar *)"rel");
        if (href && (!rel || !strcmp((const char *)rel, "alternate")))
            rc = ws_read_set(&pg->url, (const char *)href, strlen((const char *)href));
        else if (!href)
            rc = set_xml(&pg->url, c);
        xmlFree(href);
        xmlFree(rel);
    }
    xmlNode *guid = child(it, "guid");
    if (rc == WS_OK && !pg->url.len && guid) {
        xmlChar *perm = xmlGetNoNsProp(guid, (const xmlChar *)"isPermaLink");
        if (!perm || strcmp((const char *)perm, "false")) rc = set_xml(&pg->url, guid);
        xmlFree(perm);
    }
    static const char *const dates[] = {"pubDate", "date", "published", "issued", "updated", "modified", NULL};
    for (const char *const *d = dates; *d && !pg->date.y; d++) {
        xmlNode *dn = child(it, *d);
        xmlChar *v = dn ? xmlNodeGetContent(dn) : NULL;
        if (v) (void)ws_read_parse_date((const char *)v, &pg->date);
        xmlFree(v);
    }
    xmlNode *au = child(it, "creator");
    if (!au) {
        au = child(it, "author");
        if (child(au, "name")) au = child(au, "name");
    }
    if (rc == WS_OK) rc = set_xml(&pg->author, au);
    static const char *const texts[] = {"encoded", "content", "description", "summary", NULL};
    for (const char *const *t = texts; *t && rc == WS_OK && !pg->text.len; t++) {
        xmlNode *tn = child(it, *t);
        if (!tn) continue;
        xmlChar *type = xmlGetNoNsProp(tn, (const xmlChar *)"type");
        const char *ty = type ? (const char *)type : "";
        if (!strcmp(ty, "xhtml")) {
            /* the markup is the element's children, as XML */
            xmlBufferPtr xb = xmlBufferCreate();
            if (!xb) rc = WS_NOMEM;
            for (xmlNode *c = tn->children; c && rc == WS_OK; c = c->next) xmlNodeDump(xb, f->doc, c, 0, 0);
            if (rc == WS_OK) rc = set_text(pg, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb), true);
            xmlBufferFree(xb);
        } else {
            xmlChar *v = xmlNodeGetContent(tn);
            if (v) {
                bool plain = !strcmp(ty, "text");
                rc = plain ? ws_read_set(&pg->text, (const char *)v, strlen((const char *)v))
                           : set_text(pg, (const char *)v, strlen((const char *)v), false);
            }
            xmlFree(v);
        }
        xmlFree(type);
    }
    return rc;
}

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int set_cstr(buf *b, const char *s) { return s ? ws_read_set(b, s, strlen(s)) : WS_OK; }

static int json_item(const ws_read_feed *f, const json_t *it, ws_read_page *pg)
{
    if (!json_is_object(it)) return WS_OK;
    int rc = set_cstr(&pg->title, jstr(it, "title"));
    const char *url = jstr(it, "url");
    if (rc == WS_OK) rc = set_cstr(&pg->url, url ? url : jstr(it, "external_url"));
    const char *d = jstr(it, "date_published");
    if (!d) d = jstr(it, "date_modified");
    if (d) (void)ws_read_parse_date(d, &pg->date);
    const json_t *authors = json_object_get(it, "authors");
    const json_t *a = json_is_array(authors) ? json_array_get(authors, 0) : json_object_get(it, "author");
    if (rc == WS_OK && json_is_object(a)) rc = set_cstr(&pg->author, jstr(a, "name"));
    const char *html = jstr(it, "content_html"), *text = jstr(it, "content_text");
    if (rc == WS_OK) {
        if (html) rc = set_text(pg, html, strlen(html), true);
        else if (text) rc = ws_read_set(&pg->text, text, strlen(text));
        else if (jstr(it, "summary")) rc = set_cstr(&pg->text, jstr(it, "summary"));
    }
    const char *lang = jstr(it, "language");
    if (rc == WS_OK) rc = set_cstr(&pg->lang, lang ? lang : jstr(f->json, "language"));
    if (rc == WS_OK) rc = set_cstr(&pg->outlet, jstr(f->json, "title"));
    return rc;
}

int ws_read_feed_item(ws_read_feed *f, size_t i, ws_read_page *pg, const char **what)
{
    *what = NULL;
    ws_read_page_clear(pg);
    if (i >= f->n) return WS_USAGE;
    int rc;
    if (f->json) {
        rc = json_item(f, json_array_get(json_object_get(f->json, "items"), i), pg);
    } else {
        rc = xml_item(f, f->items[i], pg);
        if (rc == WS_OK && f->outlet) rc = set_cstr(&pg->outlet, (const char *)f->outlet);
        if (rc == WS_OK && f->lang) rc = set_cstr(&pg->lang, (const char *)f->lang);
    }
    if (!pg->date.y && pg->url.len) (void)ws_read_url_date(pg->url.p, &pg->date);
    buf *all[] = {&pg->text, &pg->title, &pg->url, &pg->outlet, &pg->author, &pg->lang};
    for (size_t k = 0; k < sizeof all / sizeof *all && rc == WS_OK; k++) rc = ws_read_fix_utf8(all[k]);
    return rc;
}

void ws_read_feed_free(ws_read_feed *f)
{
    if (!f) return;
    xmlFreeDoc(f->doc);
    json_decref(f->json);
    ws__free(f->items);
    xmlFree(f->outlet);
    xmlFree(f->lang);
    ws__free(f);
}
