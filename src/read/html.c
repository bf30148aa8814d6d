/*
 * html.c -- an article page: its main text (the metadata is html_meta.c).
 *
 * The page is parsed by libxml2's HTML parser (it recovers from broken
 * markup the way browsers do).  Then three passes over the tree, each a
 * walk by parent pointers (no recursion, so deep nesting costs no stack):
 *
 *  1. Prune.  Elements that are never article text are dropped (scripts,
 *     styles, navigation, footers, asides, forms' controls, hidden
 *     elements), and, as Readability does, elements whose class or id says
 *     they are boilerplate ("comment", "sidebar", "related", "share", ...)
 *     unless it also says content ("article", "main", "body", ...).
 *  2. Measure and score.  Each element gets its text length, link text
 *     length, commas and counts of paragraphs, images, inputs and embeds.
 *     Every paragraph-like block (p, pre, td, a div without block
 *     children, a run of loose text in a div or a list item) of 25
 *     characters or more scores 1 + its commas + a point a hundred
 *     characters (at most 3); the
 *     score goes to its parent whole, its grandparent halved and further
 *     ancestors divided by three times their distance.  An ancestor starts
 *     from a score by tag (div +5, lists and headings less) and by class
 *     (+25 for content words, -25 for boilerplate words).  A candidate's
 *     score is then scaled by the share of its text that is not link text.
 *  3. Choose and write.  The best candidate (moved up to its parent where
 *     the parent scores higher or where most good candidates sit under
 *     one ancestor), joined by its siblings that score at least a fifth of
 *     it or are long paragraphs without many links.  Inside, lists, tables,
 *     divs and forms that look like link farms, image strips or widgets are
 *     dropped (Readability's "conditional cleaning"), and a heading that
 *     repeats the title.  Blocks become paragraphs separated by a blank
 *     line; <br> a line break.
 *
 * When the result is shorter than 500 characters the choice is made again
 * with less pruning (no class-based pruning, then no class weights, then
 * no conditional cleaning) and the longest result kept.
 *
 * Metadata, each from the first source that gives it:
 *   title   JSON-LD headline/name of an Article, dc:title, og:title,
 *           meta title, twitter:title, else <title> less a site suffix
 *           ("Headline | Site", "Headline - Site").
 *   date    JSON-LD datePublished, article:published_time, other
 *           publication meta (date, pubdate, dc:date, parsely-pub-date,
 *           itemprop datePublished), <time datetime>, a date in the URL.
 *   url     <link rel=canonical>, og:url, the address it came from.
 *   outlet  og:site_name, the JSON-LD publisher's name.
 *   author  JSON-LD author's name, meta author (not a URL), dc:creator.
 *   lang    <html lang>, else Content-Language, else og:locale.
 *
 * Known failures: pages whose article is split over several unrelated
 * containers keep only the best one and its siblings; galleries and
 * listing pages have no article to find and give their longest block.
 */
#include "html.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --------------------------------------------------------------- tags */

bool ws_read_name_in(const xmlChar *name, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp((const char *)name, *set)) return true;
    return false;
}

static const char *const inline_tags[] = {
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "picture", "source",
    "br", NULL};

static const char *const dropped_tags[] = {
    "script", "style", "noscript", "template", "iframe", "svg", "math", "canvas", "object",
    "embed", "button", "select", "input", "textarea", "nav", "footer", "aside", "dialog",
    "head", "link", "meta", "header", "menu", "audio", "video", "map", "fieldset", NULL};

static bool is_inline(const xmlNode *n) { return ws_read_name_in(n->name, inline_tags); }

bool ws_read_is_tag(const xmlNode *n, const char *t)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, t);
}

static bool is_heading(const xmlNode *n)
{
    const char *s = (const char *)n->name;
    return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && !s[2];
}

/* ------------------------------------------------------ per-node stats */

enum { F_DROP = 1, F_SCORED = 2, F_BLOCKKIDS = 4, F_KEEP = 8 };

typedef struct nstat {
    unsigned text, link, commas; /* characters of text, of link text; commas */
    unsigned p, img, input, embed, li;
    float score;
    int weight; /* class weight */
    unsigned char flags;
} nstat;

typedef struct walk {
    nstat *st;
    size_t n, cap;
    int opts; /* O_* */
} walk;

enum { O_STRIP_UNLIKELY = 1, O_WEIGHT_CLASSES = 2, O_CLEAN = 4, O_ALL = 7 };

/* An element's stats: n->_private points at them (set by number_nodes). */
static nstat *stat_of(const walk *w, const xmlNode *n)
{
    (void)w;
    return n->_private;
}

/* The next node of a pre-order walk of ROOT's subtree, descending into N's
 * children when DESCEND; NULL at the end. */
xmlNode *ws_read_next_node(xmlNode *n, const xmlNode *root, bool descend)
{
    if (descend && n->children) return n->children;
    while (n && n != root) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

/* ------------------------------------------------------- class words */

static bool contains_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strstr(s, *words)) return true;
    return false;
}

static const char *const unlikely_words[] = {
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
    "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
    "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
    "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", NULL};
static const char *const maybe_words[] = {"and", "article", "body", "column", "content", "main",
                                          "shadow", NULL};
static const char *const positive_words[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
    "post", "text", "blog", "story", NULL};
static const char *const negative_words[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", NULL};

const char *ws_read_attr_lower(const xmlNode *n, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v) return out;
    size_t i = 0;
    for (const xmlChar *p = v; *p && i + 1 < cap; p++) out[i++] = (char)tolower(*p);
    out[i] = 0;
    xmlFree(v);
    return out;
}

static bool word_hid(const char *s)
{
    for (const char *p = strstr(s, "hid"); p; p = strstr(p + 1, "hid"))
        if ((p == s || p[-1] == ' ') && (!p[3] || p[3] == ' ')) return true;
    return false;
}

static int class_weight(const xmlNode *n)
{
    char v[256];
    int w = 0;
    const char *attrs[] = {"class", "id"};
    for (int i = 0; i < 2; i++) {
        ws_read_attr_lower(n, attrs[i], v, sizeof v);
        if (!v[0]) continue;
        if (contains_any(v, negative_words) || word_hid(v)) w -= 25;
        if (contains_any(v, positive_words)) w += 25;
    }
    return w;
}

/* ---------------------------------------------------------- 1. prune */

static bool hidden(const xmlNode *n)
{
    char v[256];
    if (xmlHasProp(n, (const xmlChar *)"hidden")) return true;
    if (!strcmp(ws_read_attr_lower(n, "aria-hidden", v, sizeof v), "true")) {
        ws_read_attr_lower(n, "class", v, sizeof v);
        return !strstr(v, "fallback-image");
    }
    ws_read_attr_lower(n, "style", v, sizeof v);
    if (v[0]) {
        size_t j = 0;
        for (size_t i = 0; v[i]; i++)
            if (v[i] != ' ') v[j++] = v[i];
        v[j] = 0;
        if (strstr(v, "display:none") || strstr(v, "visibility:hidden")) return true;
    }
    return false;
}

static bool drop_element(const walk *w, const xmlNode *n)
{
    if (ws_read_name_in(n->name, dropped_tags)) return true;
    if (hidden(n)) return true;
    char v[512];
    ws_read_attr_lower(n, "role", v, sizeof v);
    static const char *const roles[] = {"menu", "menubar", "complementary", "navigation", "alert",
                                        "alertdialog", "dialog", NULL};
    if (v[0] && ws_read_name_in((const xmlChar *)v, roles)) return true;
    if (!(w->opts & O_STRIP_UNLIKELY) || ws_read_is_tag(n, "body") || ws_read_is_tag(n, "a") || ws_read_is_tag(n, "html") ||
        ws_read_is_tag(n, "article") || ws_read_is_tag(n, "main"))
        return false;
    char cls[256], id[256];
    ws_read_attr_lower(n, "class", cls, sizeof cls);
    ws_read_attr_lower(n, "id", id, sizeof id);
    if (!cls[0] && !id[0]) return false;
    snprintf(v, sizeof v, "%s %s", cls, id);
    if (!contains_any(v, unlikely_words) || contains_any(v, maybe_words)) return false;
    for (const xmlNode *a = n->parent; a; a = a->parent)
        if (ws_read_is_tag(a, "table") || ws_read_is_tag(a, "code")) return false;
    return true;
}

/* Gives every element of ROOT's tree its stats (n->_private) and marks
 * what is dropped; the subtree of a dropped element gets none. */
static int number_nodes(walk *w, xmlNode *root)
{
    size_t elements = 0;
    for (xmlNode *n = root; n; n = ws_read_next_node(n, root, true)) {
        n->_private = NULL;
        elements += n->type == XML_ELEMENT_NODE;
    }
    if (elements > w->cap) {
        nstat *st = ws__realloc(w->st, elements * sizeof *st);
        if (!st) return WS_NOMEM;
        w->st = st;
        w->cap = elements;
    }
    w->n = 0;
    if (!w->st) return WS_OK; /* no element at all */
    for (xmlNode *n = root; n;) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE) {
            nstat *s = &w->st[w->n++];
            memset(s, 0, sizeof *s);
            n->_private = s;
            if (n != root && drop_element(w, n)) s->flags |= F_DROP;
            else descend = true;
        }
        n = ws_read_next_node(n, root, descend);
    }
    return WS_OK;
}

/* ---------------------------------------------------------- 2. measure */

/* Code points of S with white space runs counted once; commas. */
static void count_text(const xmlChar *s, unsigned *chars, unsigned *commas)
{
    bool sp = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            if (!sp) (*chars)++;
            sp = true;
            continue;
        }
        sp = false;
        if ((*s & 0xC0) != 0x80) (*chars)++;
        if (*s == ',') (*commas)++;
    }
}

/* Sums text, links and counts bottom-up (each element into its parent). */
static void measure(walk *w, xmlNode *root)
{
    for (xmlNode *n = root; n;) {
        nstat *s = n->type == XML_ELEMENT_NODE ? stat_of(w, n) : NULL;
        bool descend = s && !(s->flags & F_DROP);
        if (!descend || !n->children) {
            /* a leaf: add it to its parent, then climb adding finished
             * parents into theirs */
            xmlNode *c = n;
            for (;;) {
                nstat *cs = c->type == XML_ELEMENT_NODE ? stat_of(w, c) : NULL;
                nstat *ps = c != root && c->parent ? stat_of(w, c->parent) : NULL;
                if (ps) {
                    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                        if (c->content) count_text(c->content, &ps->text, &ps->commas);
                    } else if (cs && !(cs->flags & F_DROP)) {
                        if (ws_read_is_tag(c, "a")) {
                            char href[8];
                            ws_read_attr_lower(c, "href", href, sizeof href);
                            cs->link = href[0] == '#' ? (unsigned)(cs->text * 0.3) : cs->text;
                        }
                        ps->text += cs->text;
                        ps->link += cs->link;
                        ps->commas += cs->commas;
                        ps->p += cs->p + ws_read_is_tag(c, "p");
                        ps->img += cs->img + ws_read_is_tag(c, "img");
                        ps->li += cs->li + ws_read_is_tag(c, "li");
                        ps->input += cs->input;
                        ps->embed += cs->embed;
                        if (!is_inline(c)) ps->flags |= F_BLOCKKIDS;
                    } else if (cs) {
                        if (ws_read_is_tag(c, "input") || ws_read_is_tag(c, "select") || ws_read_is_tag(c, "textarea")) ps->input++;
                        if (ws_read_is_tag(c, "object") || ws_read_is_tag(c, "embed") || ws_read_is_tag(c, "iframe")) ps->embed++;
                    }
                }
                if (c == root) return;
                if (c->next) {
                    n = c->next;
                    break;
                }
                c = c->parent;
                if (!c) return;
            }
            continue;
        }
        n = n->children;
    }
}

static float tag_score(const xmlNode *n)
{
    const char *t = (const char *)n->name;
    if (!strcmp(t, "div")) return 5;
    if (!strcmp(t, "pre") || !strcmp(t, "td") || !strcmp(t, "blockquote")) return 3;
    if (!strcmp(t, "address") || !strcmp(t, "ol") || !strcmp(t, "ul") || !strcmp(t, "dl") ||
        !strcmp(t, "dd") || !strcmp(t, "dt") || !strcmp(t, "li") || !strcmp(t, "form"))
        return -3;
    if (is_heading(n) || !strcmp(t, "th")) return -5;
    return 0;
}

static void init_candidate(walk *w, xmlNode *n, nstat *s)
{
    if (s->flags & F_SCORED) return;
    s->flags |= F_SCORED;
    s->weight = (w->opts & O_WEIGHT_CLASSES) ? class_weight(n) : 0;
    s->score = tag_score(n) + (float)s->weight;
}

static void add_score(walk *w, xmlNode *para, float score)
{
    int level = 0;
    for (xmlNode *a = para; a && level < 5; a = a->parent, level++) {
        if (a->type != XML_ELEMENT_NODE) break;
        nstat *s = stat_of(w, a);
        if (!s) break;
        init_candidate(w, a, s);
        s->score += level == 0 ? score : level == 1 ? score / 2 : score / (float)(level * 3);
    }
}

static bool paragraph_like(const xmlNode *n, const nstat *s)
{
    const char *t = (const char *)n->name;
    if (!strcmp(t, "p") || !strcmp(t, "pre") || !strcmp(t, "td")) return true;
    return !(s->flags & F_BLOCKKIDS) &&
           (!strcmp(t, "div") || !strcmp(t, "section") || !strcmp(t, "article") || !strcmp(t, "font"));
}

/* Loose text directly inside a div or list item with block children: characters and
 * commas of its text and inline children. */
static void loose_text(const walk *w, const xmlNode *n, unsigned *chars, unsigned *commas)
{
    *chars = *commas = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            unsigned ch = 0;
            count_text(c->content, &ch, commas);
            /* white space alone between blocks is not loose text */
            if (ch > 1) *chars += ch;
        } else if (c->type == XML_ELEMENT_NODE && is_inline(c)) {
            const nstat *cs = stat_of(w, c);
            if (cs && !(cs->flags & F_DROP) && cs->link < cs->text) {
                *chars += cs->text;
                *commas += cs->commas;
            }
        }
    }
}

static void score_paragraphs(walk *w, xmlNode *root)
{
    for (xmlNode *n = root; n;) {
        nstat *s = n->type == XML_ELEMENT_NODE ? stat_of(w, n) : NULL;
        bool descend = s && !(s->flags & F_DROP);
        if (descend && n != root && n->parent) {
            unsigned chars = s->text, commas = s->commas;
            xmlNode *at = n->parent;
            bool para = paragraph_like(n, s);
            if (!para && (s->flags & F_BLOCKKIDS) &&
                (ws_read_is_tag(n, "div") || ws_read_is_tag(n, "section") || ws_read_is_tag(n, "article") || ws_read_is_tag(n, "li"))) {
                loose_text(w, n, &chars, &commas);
                at = n;
                para = true;
            }
            if (para && chars >= 25 && stat_of(w, at)) {
                float score = 1 + (float)commas + (float)(chars / 100 > 3 ? 3 : chars / 100);
                add_score(w, at, score);
            }
            if (paragraph_like(n, s) && !ws_read_is_tag(n, "div")) descend = false;
        }
        n = ws_read_next_node(n, root, descend);
    }
}

static float link_density(const nstat *s) { return s->text ? (float)s->link / (float)s->text : 0; }

/* ----------------------------------------------------------- 3. choose */

#define NTOP 5

static xmlNode *choose(walk *w, xmlNode *root)
{
    xmlNode *top[NTOP] = {0};
    float topsc[NTOP] = {0};
    for (xmlNode *n = root; n;) {
        nstat *s = n->type == XML_ELEMENT_NODE ? stat_of(w, n) : NULL;
        bool descend = s && !(s->flags & F_DROP);
        if (s && (s->flags & F_SCORED) && !(s->flags & F_DROP)) {
            s->score *= 1 - link_density(s);
            for (int i = 0; i < NTOP; i++) {
                if (!top[i] || s->score > topsc[i]) {
                    memmove(top + i + 1, top + i, (NTOP - 1 - (size_t)i) * sizeof *top);
                    memmove(topsc + i + 1, topsc + i, (NTOP - 1 - (size_t)i) * sizeof *topsc);
                    top[i] = n;
                    topsc[i] = s->score;
                    break;
                }
            }
        }
        n = ws_read_next_node(n, root, descend);
    }
    xmlNode *best = top[0];
    if (!best || ws_read_is_tag(best, "body") || ws_read_is_tag(best, "html")) return NULL;
    /* several good candidates under one ancestor: take the ancestor */
    int near = 0;
    for (int i = 1; i < NTOP; i++)
        if (top[i] && topsc[i] / topsc[0] >= 0.75f) near++;
    if (near >= 2) {
        for (xmlNode *a = best->parent; a && !ws_read_is_tag(a, "body") && a->type == XML_ELEMENT_NODE; a = a->parent) {
            int under = 0;
            for (int i = 1; i < NTOP; i++) {
                if (!top[i] || topsc[i] / topsc[0] < 0.75f) continue;
                for (const xmlNode *b = top[i]; b; b = b->parent)
                    if (b == a) {
                        under++;
                        break;
                    }
            }
            if (under >= 2) {
                best = a;
                break;
            }
        }
    }
    /* a parent that scores higher holds more of the article */
    nstat *bs = stat_of(w, best);
    float last = bs->score, threshold = last / 3;
    for (xmlNode *a = best->parent; a && !ws_read_is_tag(a, "body") && a->type == XML_ELEMENT_NODE; a = a->parent) {
        nstat *as = stat_of(w, a);
        if (!as || !(as->flags & F_SCORED)) continue;
        if (as->score < threshold) break;
        if (as->score > last) {
            best = a;
            break;
        }
        last = as->score;
    }
    /* an only child says no more than its parent */
    while (best->parent && !ws_read_is_tag(best->parent, "body") && best->parent->type == XML_ELEMENT_NODE &&
           xmlChildElementCount(best->parent) == 1)
        best = best->parent;
    return best;
}

/* ------------------------------------------------------------- output */

typedef struct out {
    buf *b;
    const char *title; /* a heading equal to it is not written */
    bool title_seen;
    int rc;
} out;

static void para_break(out *o)
{
    buf *b = o->b;
    while (b->len && b->p[b->len - 1] == ' ') b->len--;
    if (!b->len) return;
    if (b->len >= 2 && b->p[b->len - 1] == '\n' && b->p[b->len - 2] == '\n') return;
    if (b->p[b->len - 1] == '\n') b->len--;
    if (ws_buf_append(b, "\n\n", 2) != WS_OK) o->rc = WS_NOMEM;
}

static bool same_text(const xmlNode *n, const char *title)
{
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return false;
    buf t = {0};
    bool same = ws_read_set(&t, (const char *)c, strlen((const char *)c)) == WS_OK && t.p &&
                !strcasecmp(t.p, title);
    ws_buf_free(&t);
    xmlFree(c);
    return same;
}

/* Whether element N inside the article is left out. */
static bool clean_out(const walk *w, out *o, const xmlNode *n, const nstat *s)
{
    if (is_heading(n)) {
        if ((w->opts & O_WEIGHT_CLASSES) && class_weight(n) < 0) return true;
        if (!o->title_seen && o->title && *o->title && same_text(n, o->title)) {
            o->title_seen = true;
            return true;
        }
        return false;
    }
    if (!(w->opts & O_CLEAN)) return false;
    const char *t = (const char *)n->name;
    bool list = !strcmp(t, "ul") || !strcmp(t, "ol");
    if (!list && strcmp(t, "div") && strcmp(t, "section") && strcmp(t, "table") && strcmp(t, "form"))
        return false;
    int weight = (w->opts & O_WEIGHT_CLASSES) ? class_weight(n) : 0;
    if (weight < 0) return true;
    if (s->commas >= 10) return false;
    float ld = link_density(s);
    bool in_figure = false;
    for (const xmlNode *a = n->parent; a; a = a->parent)
        if (ws_read_is_tag(a, "figure")) in_figure = true;
    if (s->img > 1 && (float)s->p / (float)s->img < 0.5f && !in_figure) return true;
    if (s->input > s->p / 3) return true;
    if (!list && s->text < 25 && (s->img == 0 || s->img > 2) && !in_figure) return true;
    if (!list && weight < 25 && ld > 0.2f) return true;
    if (weight >= 25 && ld > 0.5f) return true;
    if ((s->embed == 1 && s->text < 75) || s->embed > 1) return true;
    return false;
}

static void write_node(const walk *w, out *o, xmlNode *root)
{
    for (xmlNode *n = root; n;) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content && ws_read_append_ws(o->b, (const char *)n->content, strlen((const char *)n->content)) != WS_OK)
                o->rc = WS_NOMEM;
        } else if (n->type == XML_ELEMENT_NODE) {
            const nstat *s = stat_of(w, n);
            if (s && !(s->flags & F_DROP) && (n == root || !clean_out(w, o, n, s))) {
                descend = true;
                if (ws_read_is_tag(n, "br")) {
                    buf *b = o->b;
                    while (b->len && b->p[b->len - 1] == ' ') b->len--;
                    if (b->len && b->p[b->len - 1] != '\n' && ws_buf_putc(b, '\n') != WS_OK) o->rc = WS_NOMEM;
                } else if (!is_inline(n)) {
                    para_break(o);
                }
            }
        }
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        /* leaving N and every parent it was the last child of */
        for (;;) {
            if (n->type == XML_ELEMENT_NODE && !is_inline(n)) para_break(o);
            if (n == root) return;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n) return;
        }
    }
}

static void write_article(walk *w, out *o, xmlNode *body, xmlNode *best)
{
    if (!best) {
        write_node(w, o, body);
        return;
    }
    nstat *bs = stat_of(w, best);
    xmlNode *parent = best->parent;
    if (!parent || ws_read_is_tag(best, "body")) {
        write_node(w, o, best);
        return;
    }
    float threshold = bs->score * 0.2f > 10 ? bs->score * 0.2f : 10;
    char bcls[256];
    ws_read_attr_lower(best, "class", bcls, sizeof bcls);
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        nstat *cs = stat_of(w, c);
        if (!cs || (cs->flags & F_DROP)) continue;
        bool take = c == best;
        if (!take && (cs->flags & F_SCORED)) {
            char ccls[256];
            float bonus = bcls[0] && !strcmp(ws_read_attr_lower(c, "class", ccls, sizeof ccls), bcls) ? bs->score * 0.2f : 0;
            take = cs->score + bonus >= threshold;
        }
        if (!take && ws_read_is_tag(c, "p")) {
            float ld = link_density(cs);
            if (cs->text > 80) take = ld < 0.25f;
            else if (cs->text > 0 && ld == 0) {
                xmlChar *txt = xmlNodeGetContent(c);
                take = txt && strstr((const char *)txt, ". ");
                xmlFree(txt);
            }
        }
        if (take) {
            para_break(o);
            write_node(w, o, c);
        }
    }
}

/* --------------------------------------------------------------- page */

static int ensure(buf *b)
{
    if (ws_buf_reserve(b, 1) != WS_OK) return WS_NOMEM;
    b->p[b->len] = 0;
    return WS_OK;
}

static int extract_text(walk *w, htmlDocPtr doc, const char *title, buf *text)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *body = NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (ws_read_is_tag(c, "body")) body = c;
    if (!body) body = root;
    if (!body) return WS_OK;
    static const int tries[] = {O_ALL, O_ALL & ~O_STRIP_UNLIKELY, O_CLEAN, 0};
    buf best = {0};
    int rc = WS_OK;
    bool done = false;
    for (size_t t = 0; t < sizeof tries / sizeof *tries; t++) {
        w->opts = tries[t];
        if ((rc = number_nodes(w, body)) != WS_OK) break;
        measure(w, body);
        score_paragraphs(w, body);
        xmlNode *top = choose(w, body);
        out o = {text, title, false, WS_OK};
        text->len = 0;
        write_article(w, &o, body, top);
        if ((rc = o.rc) != WS_OK) break;
        while (text->len && (text->p[text->len - 1] == '\n' || text->p[text->len - 1] == ' ')) text->len--;
        if (text->len >= 500) {
            done = true;
            break;
        }
        if (!best.p || text->len > best.len) {
            buf tmp = best;
            best = *text;
            *text = tmp;
        }
    }
    if (rc == WS_OK && !done) {
        buf tmp = best;
        best = *text;
        *text = tmp;
    }
    ws_buf_free(&best);
    /* the numbering lives in the tree only while W does */
    for (xmlNode *n = body; n; n = ws_read_next_node(n, body, true)) n->_private = NULL;
    return rc != WS_OK ? rc : ensure(text);
}

int ws_read_html_text(const char *html, size_t len, buf *text)
{
    text->len = 0;
    if (len > INT32_MAX) len = INT32_MAX;
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
    if (!doc) return ensure(text);
    xmlNode *root = xmlDocGetRootElement(doc);
    walk w = {0};
    int rc = WS_OK;
    if (root) {
        w.opts = 0;
        rc = number_nodes(&w, root);
        if (rc == WS_OK) {
            out o = {text, NULL, false, WS_OK};
            write_node(&w, &o, root);
            rc = o.rc;
        }
        while (text->len && (text->p[text->len - 1] == '\n' || text->p[text->len - 1] == ' ')) text->len--;
        for (xmlNode *n = root; n; n = ws_read_next_node(n, root, true)) n->_private = NULL;
    }
    ws__free(w.st);
    xmlFreeDoc(doc);
    return rc != WS_OK ? rc : ws_read_fix_utf8(text);
}

int ws_read_html(const char *html, size_t len, const char *charset, const char *base_url,
                 ws_read_page *pg, const char **what)
{
    *what = NULL;
    ws_read_page_clear(pg);
    char cs_name[64];
    if (!charset) charset = ws_read_sniff_charset(html, len, cs_name, sizeof cs_name);
    /* bytes that are valid UTF-8 and not all ASCII are UTF-8 whatever a
     * stale declaration says: other encodings are rarely valid UTF-8 */
    if (charset && !ws__utf8_bad(html, len)) {
        size_t i = 0;
        while (i < len && !((unsigned char)html[i] & 0x80)) i++;
        if (i < len) charset = NULL;
    }
    size_t skip = 0;
    int rc = ws_read_to_utf8(html, len, charset, &pg->scratch, &skip);
    if (rc == WS_NOMEM) return WS_NOMEM;
    if (rc == WS_PARSE) {
        /* a character set nobody knows: read the bytes as UTF-8 */
        rc = ws_read_to_utf8(html, len, NULL, &pg->scratch, &skip);
    }
    const char *src = rc == 1 ? pg->scratch.p : html + skip;
    size_t n = rc == 1 ? pg->scratch.len : len - skip;
    char *clean = NULL;
    if (ws__utf8_bad(src, n)) {
        size_t cl;
        if (ws_utf8_sanitize(src, n, &clean, &cl) < 0) return WS_NOMEM;
        src = clean;
        n = cl;
    }
    if (n > INT32_MAX) {
        ws_free(clean);
        *what = "page too large for the HTML parser";
        return WS_PARSE;
    }
    htmlDocPtr doc = htmlReadMemory(src, (int)n, base_url, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
    ws_free(clean);
    if (!doc) {
        *what = "not readable as HTML";
        return WS_PARSE;
    }
    rc = ws_read_html_meta(pg, xmlDocGetRootElement(doc), base_url);
    walk w = {0};
    if (rc == WS_OK) rc = extract_text(&w, doc, pg->title.p, &pg->text);
    ws__free(w.st);
    xmlFreeDoc(doc);
    if (rc == WS_OK) {
        buf *all[] = {&pg->text, &pg->title, &pg->url, &pg->outlet, &pg->author, &pg->lang};
        for (size_t i = 0; i < sizeof all / sizeof *all && rc == WS_OK; i++) rc = ws_read_fix_utf8(all[i]);
    }
    return rc;
}
