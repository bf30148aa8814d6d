/*
 * html_meta.c -- an article page's metadata: title, date, url, outlet,
 * author and language, each from the first source that gives it (the
 * order is html.c's top comment): JSON-LD, meta tags, <link
 * rel=canonical>, <time datetime>, <title> less a site suffix, <html lang>.
 */
#include "html.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ metadata */

typedef struct meta {
    xmlChar *jl_title, *jl_date, *jl_outlet, *jl_author;
    xmlChar *jl_name, *jl_headline; /* when both are given and differ */
    xmlChar *m_title[6]; /* dc:title, dcterm:title, og:title, title, twitter:title, parsely-title */
    xmlChar *m_date, *m_date2, *m_outlet, *m_url, *m_author, *m_lang, *m_locale;
    xmlChar *canonical, *title_tag, *time_dt, *lang;
    buf headings; /* h1 and h2 texts, each ended by '\n' */
    buf h1;       /* the first h1's text */
    int h1_count;
} meta;

static void meta_free(meta *m)
{
    xmlChar **all[] = {&m->jl_name, &m->jl_headline, &m->jl_title, &m->jl_date, &m->jl_outlet, &m->jl_author, &m->m_date,
                       &m->m_date2, &m->m_outlet, &m->m_url, &m->m_author, &m->m_lang,
                       &m->m_locale, &m->canonical, &m->title_tag, &m->time_dt, &m->lang};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) xmlFree(*all[i]);
    for (int i = 0; i < 6; i++) xmlFree(m->m_title[i]);
    ws_buf_free(&m->headings);
    ws_buf_free(&m->h1);
}

/* The first value found for SLOT is kept (JSON-LD: the first article). */
static void keep(xmlChar **slot, const char *v)
{
    if (*slot || !v) return;
    while (isspace((unsigned char)*v)) v++;
    if (*v) *slot = xmlStrdup((const xmlChar *)v);
}

/* A meta value: a later one replaces an earlier (as Readability reads them). */
static void put(xmlChar **slot, const char *v)
{
    while (isspace((unsigned char)*v)) v++;
    if (!*v) return;
    xmlFree(*slot);
    *slot = xmlStrdup((const xmlChar *)v);
}

static bool article_type(const char *t)
{
    static const char *const types[] = {
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
        "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
        "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
        "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference", NULL};
    return ws_read_name_in((const xmlChar *)t, types);
}

static bool json_is_article(const json_t *o)
{
    const json_t *t = json_object_get(o, "@type");
    if (json_is_string(t)) return article_type(json_string_value(t));
    for (size_t i = 0; json_is_array(t) && i < json_array_size(t); i++) {
        const json_t *v = json_array_get(t, i);
        if (json_is_string(v) && article_type(json_string_value(v))) return true;
    }
    return false;
}

/* A name: a string, {"name": ...}, or the first of an array of either. */
static const char *json_name(const json_t *v)
{
    if (json_is_array(v)) v = json_array_get(v, 0);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) {
        const json_t *n = json_object_get(v, "name");
        if (json_is_string(n)) return json_string_value(n);
    }
    return NULL;
}

static void json_ld(meta *m, const json_t *v, int depth)
{
    if (depth > 8) return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) json_ld(m, json_array_get(v, i), depth + 1);
        return;
    }
    if (!json_is_object(v)) return;
    if (json_is_article(v)) {
        const json_t *h = json_object_get(v, "headline"), *nm = json_object_get(v, "name");
        if (!m->jl_title && json_is_string(h) && json_is_string(nm) &&
            strcmp(json_string_value(h), json_string_value(nm))) {
            keep(&m->jl_name, json_string_value(nm));
            keep(&m->jl_headline, json_string_value(h));
        }
        keep(&m->jl_title, json_is_string(nm) ? json_string_value(nm) : json_is_string(h) ? json_string_value(h) : NULL);
        const json_t *d = json_object_get(v, "datePublished");
        if (json_is_string(d)) keep(&m->jl_date, json_string_value(d));
        keep(&m->jl_outlet, json_name(json_object_get(v, "publisher")));
        keep(&m->jl_author, json_name(json_object_get(v, "author")));
    }
    json_ld(m, json_object_get(v, "@graph"), depth + 1);
}

static void meta_tag(meta *m, const xmlNode *n)
{
    xmlChar *content = xmlGetNoNsProp(n, (const xmlChar *)"content");
    if (!content) return;
    const char *attrs[] = {"property", "name", "itemprop", "http-equiv"};
    for (int a = 0; a < 4; a++) {
        char key[256];
        ws_read_attr_lower(n, attrs[a], key, sizeof key);
        /* "og:title twitter:title": each key in turn */
        char *save = NULL;
        for (char *k = strtok_r(key, " \t\n", &save); k; k = strtok_r(NULL, " \t\n", &save)) {
            for (char *p = k; *p; p++)
                if (*p == '.') *p = ':';
            const char *c = (const char *)content;
            if (!strcmp(k, "dc:title")) put(&m->m_title[0], c);
            else if (!strcmp(k, "dcterm:title")) put(&m->m_title[1], c);
            else if (!strcmp(k, "og:title")) put(&m->m_title[2], c);
            else if (!strcmp(k, "title")) put(&m->m_title[3], c);
            else if (!strcmp(k, "twitter:title")) put(&m->m_title[4], c);
            else if (!strcmp(k, "parsely-title")) put(&m->m_title[5], c);
            else if (!strcmp(k, "article:published_time") || !strcmp(k, "parsely-pub-date"))
                keep(&m->m_date, c);
            else if (!strcmp(k, "datepublished") || !strcmp(k, "date") || !strcmp(k, "pubdate") ||
                     !strcmp(k, "dc:date") || !strcmp(k, "dcterms:created") || !strcmp(k, "publishdate") ||
                     !strcmp(k, "sailthru:date") || !strcmp(k, "og:published_time"))
                keep(&m->m_date2, c);
            else if (!strcmp(k, "og:site_name")) keep(&m->m_outlet, c);
            else if (!strcmp(k, "og:url")) keep(&m->m_url, c);
            else if ((!strcmp(k, "author") || !strcmp(k, "dc:creator") || !strcmp(k, "parsely-author") ||
                      !strcmp(k, "article:author")) && strncmp(c, "http", 4))
                keep(&m->m_author, c);
            else if (!strcmp(k, "content-language")) keep(&m->m_lang, c);
            else if (!strcmp(k, "og:locale")) keep(&m->m_locale, c);
        }
    }
    xmlFree(content);
}

static void read_meta(meta *m, xmlNode *root)
{
    if (root && root->type == XML_ELEMENT_NODE) m->lang = xmlGetNoNsProp(root, (const xmlChar *)"lang");
    for (xmlNode *n = root; n;) {
        bool descend = true;
        if (n->type == XML_ELEMENT_NODE) {
            const char *t = (const char *)n->name;
            if (!strcmp(t, "meta")) {
                meta_tag(m, n);
            } else if (!strcmp(t, "title") && !m->title_tag) {
                bool in_svg = false;
                for (const xmlNode *a = n->parent; a; a = a->parent)
                    if (ws_read_is_tag(a, "svg")) in_svg = true;
                if (!in_svg) m->title_tag = xmlNodeGetContent(n);
            } else if (!strcmp(t, "h1") || !strcmp(t, "h2")) {
                xmlChar *c = xmlNodeGetContent(n);
                if (c) {
                    buf h = {0};
                    if (ws_read_set(&h, (const char *)c, strlen((const char *)c)) == WS_OK && h.p) {
                        (void)ws_buf_append(&m->headings, h.p, h.len);
                        (void)ws_buf_putc(&m->headings, '\n');
                        if (t[1] == '1' && !m->h1_count++) (void)ws_read_set(&m->h1, h.p, h.len);
                    }
                    ws_buf_free(&h);
                    xmlFree(c);
                }
            } else if (!strcmp(t, "link")) {
                char rel[64];
                if (!m->canonical && !strcmp(ws_read_attr_lower(n, "rel", rel, sizeof rel), "canonical"))
                    m->canonical = xmlGetNoNsProp(n, (const xmlChar *)"href");
            } else if (!strcmp(t, "time")) {
                if (!m->time_dt) m->time_dt = xmlGetNoNsProp(n, (const xmlChar *)"datetime");
            } else if (!strcmp(t, "script")) {
                char type[64];
                descend = false;
                if (!strcmp(ws_read_attr_lower(n, "type", type, sizeof type), "application/ld+json")) {
                    xmlChar *js = xmlNodeGetContent(n);
                    if (js) {
                        /* a CDATA wrapper written inside the script */
                        char *b = (char *)js;
                        while (isspace((unsigned char)*b)) b++;
                        if (!strncmp(b, "<![CDATA[", 9)) b += 9;
                        size_t bl = strlen(b);
                        while (bl && isspace((unsigned char)b[bl - 1])) bl--;
                        if (bl >= 3 && !memcmp(b + bl - 3, "]]>", 3)) bl -= 3;
                        json_error_t jerr;
                        json_t *v = json_loadb(b, bl, JSON_DECODE_ANY, &jerr);
                        if (v) json_ld(m, v, 0);
                        json_decref(v);
                        xmlFree(js);
                    }
                }
            }
        }
        n = ws_read_next_node(n, root, descend);
    }
}

static size_t words(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = isspace((unsigned char)s[i]);
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

static bool sep_char(char c) { return c == '|' || c == '-' || c == '\\' || c == '/' || c == '>'; }

/* A separator " | " at P ("|", "-", "\", "/", ">", "»", "–" or "—"
 * between spaces); its length, or 0. */
static size_t title_sep(const char *p)
{
    if (p[0] != ' ') return 0;
    if (sep_char(p[1]) && p[2] == ' ') return 3;
    if (!strncmp(p + 1, "\xC2\xBB ", 3)) return 4;
    if (!strncmp(p + 1, "\xE2\x80\x93 ", 4) || !strncmp(p + 1, "\xE2\x80\x94 ", 4)) return 5;
    return 0;
}

static void cut(buf *b, size_t from, size_t to)
{
    memmove(b->p, b->p + from, to - from);
    b->len = to - from;
    b->p[b->len] = 0;
    while (b->len && b->p[0] == ' ') cut(b, 1, b->len);
    while (b->len && b->p[b->len - 1] == ' ') b->p[--b->len] = 0;
}

/* The <title> T as the page's title, as Readability makes it: less a site
 * name after the last separator ("Headline | Site"), or before the first
 * when that leaves too little ("Site | Headline"); after a colon unless a
 * heading holds the whole title; the only h1 when the title is very long
 * or very short; the whole title back when four words or fewer remain.
 * HEADINGS holds the h1 and h2 texts, each ended by '\n'; H1 the only h1
 * (or NULL). */
static int clean_title(buf *dst, const char *t, const char *headings, const char *h1)
{
    buf orig = {0};
    if (ws_read_set(&orig, t, strlen(t)) != WS_OK || ws_read_set(dst, t, strlen(t)) != WS_OK) {
        ws_buf_free(&orig);
        return WS_NOMEM;
    }
    if (!dst->p) return WS_OK;
    const char *o = orig.p;
    size_t n = orig.len, last = n, hier = 0;
    for (size_t i = 0; i + 2 < n; i++)
        if (title_sep(o + i)) {
            last = i;
            if (o[i + 1] != '|' && o[i + 1] != '-' && o[i + 1] != '\xE2') hier = 1;
        }
    const char *colon = strstr(o, ": ");
    if (last < n) {
        cut(dst, 0, last);
        if (words(dst->p, dst->len) < 3) {
            /* everything up to the first separator character goes */
            size_t k = 0;
            while (k < n && !sep_char(o[k]) && strncmp(o + k, "\xC2\xBB", 2) && strncmp(o + k, "\xE2\x80\x93", 3) &&
                   strncmp(o + k, "\xE2\x80\x94", 3))
                k++;
            k += k < n ? (o[k] == '\xC2' ? 2 : o[k] == '\xE2' ? 3 : 1) : 0;
            memcpy(dst->p, o, n + 1);
            dst->len = n;
            cut(dst, k < n ? k : n, n);
        }
    } else if (colon) {
        bool whole = false;
        for (const char *h = headings; h && *h && !whole;) {
            const char *e = strchr(h, '\n');
            size_t hl = e ? (size_t)(e - h) : strlen(h);
            whole = hl == n && !memcmp(h, o, n);
            h += hl + (e != NULL);
        }
        if (!whole) {
            const char *lc = strrchr(o, ':');
            cut(dst, (size_t)(lc + 1 - o), n);
            if (words(dst->p, dst->len) < 3) {
                memcpy(dst->p, o, n + 1);
                dst->len = n;
                cut(dst, (size_t)(strchr(o, ':') + 1 - o), n);
            } else if (words(o, (size_t)(strchr(o, ':') - o)) > 5) {
                memcpy(dst->p, o, n + 1);
                dst->len = n;
            }
        }
    } else if ((n > 150 || n < 15) && h1) {
        int rc = ws_read_set(dst, h1, strlen(h1));
        if (rc != WS_OK) {
            ws_buf_free(&orig);
            return rc;
        }
    }
    size_t wc = words(dst->p ? dst->p : "", dst->len);
    if (wc <= 4) {
        /* the original's words less its separators */
        size_t ow = 0;
        bool in = false;
        for (size_t i = 0; i < n; i++) {
            bool sp = isspace((unsigned char)o[i]) || sep_char(o[i]);
            if (!sp && !in) ow++;
            in = !sp;
        }
        if (!hier || wc != ow - 1) {
            int rc = ws_read_set(dst, o, n);
            ws_buf_free(&orig);
            return rc;
        }
    }
    ws_buf_free(&orig);
    return WS_OK;
}

static int set_str(buf *b, const xmlChar *v)
{
    return v ? ws_read_set(b, (const char *)v, strlen((const char *)v)) : WS_OK;
}

/* How much of B's words A covers: 1 - (length of B's words not in A) /
 * (length of B's words), words being runs of letters and digits. */
static double similarity(const char *a, const char *b)
{
    size_t total = 0, missing = 0;
    const char *p = b;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80)) p++;
        const char *w = p;
        while (*p && (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80))) p++;
        size_t n = (size_t)(p - w);
        if (!n) break;
        total += n + 1;
        bool found = false;
        for (const char *q = a; *q && !found;) {
            while (*q && !isalnum((unsigned char)*q) && !((unsigned char)*q & 0x80)) q++;
            const char *v = q;
            while (*q && (isalnum((unsigned char)*q) || ((unsigned char)*q & 0x80))) q++;
            if ((size_t)(q - v) == n && !strncasecmp(v, w, n)) found = true;
            if (q == v) break;
        }
        if (!found) missing += n + 1;
    }
    return total ? 1.0 - (double)missing / (double)total : 0;
}

static int fill_meta(ws_read_page *pg, meta *m, const char *base_url)
{
    if (m->jl_name && m->jl_headline) {
        /* a site's own name as "name" and the article's as "headline":
         * the one like the page's <title> */
        buf t = {0};
        if (m->title_tag && clean_title(&t, (const char *)m->title_tag, m->headings.p, m->h1_count == 1 ? m->h1.p : NULL) != WS_OK)
            return WS_NOMEM;
        const char *tt = t.p ? t.p : "";
        if (similarity((const char *)m->jl_headline, tt) > 0.75 && similarity((const char *)m->jl_name, tt) <= 0.75) {
            xmlFree(m->jl_title);
            m->jl_title = xmlStrdup(m->jl_headline);
        }
        ws_buf_free(&t);
    }
    const xmlChar *title = m->jl_title;
    for (int i = 0; i < 6 && !title; i++) title = m->m_title[i];
    int rc = WS_OK;
    if (title) rc = set_str(&pg->title, title);
    else if (m->title_tag)
        rc = clean_title(&pg->title, (const char *)m->title_tag, m->headings.p, m->h1_count == 1 ? m->h1.p : NULL);
    const xmlChar *url = m->canonical ? m->canonical : m->m_url;
    if (rc == WS_OK) rc = url ? set_str(&pg->url, url) : base_url ? ws_read_set(&pg->url, base_url, strlen(base_url)) : WS_OK;
    if (rc == WS_OK) rc = set_str(&pg->outlet, m->m_outlet ? m->m_outlet : m->jl_outlet);
    if (rc == WS_OK) rc = set_str(&pg->author, m->jl_author ? m->jl_author : m->m_author);
    const xmlChar *lang = m->lang ? m->lang : m->m_lang ? m->m_lang : m->m_locale;
    if (rc == WS_OK) rc = set_str(&pg->lang, lang);
    const xmlChar *dates[] = {m->jl_date, m->m_date, m->m_date2, m->time_dt};
    for (size_t i = 0; i < 4 && !pg->date.y; i++)
        if (dates[i]) (void)ws_read_parse_date((const char *)dates[i], &pg->date);
    if (!pg->date.y && pg->url.len) (void)ws_read_url_date(pg->url.p, &pg->date);
    if (!pg->date.y && base_url) (void)ws_read_url_date(base_url, &pg->date);
    return rc;
}


int ws_read_html_meta(ws_read_page *pg, xmlNode *root, const char *base_url)
{
    meta m;
    memset(&m, 0, sizeof m);
    read_meta(&m, root);
    int rc = fill_meta(pg, &m, base_url);
    meta_free(&m);
    return rc;
}
