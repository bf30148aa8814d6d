/*
 * html.c -- an article page: its main text and its metadata.
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
#include "read.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --------------------------------------------------------------- tags */

static bool name_in(const xmlChar *name, const char *const *set)
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

static bool is_inline(const xmlNode *n) { return name_in(n->name, inline_tags); }

static bool is_tag(const xmlNode *n, const char *t)
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
static xmlNode *next_node(xmlNode *n, const xmlNode *root, bool descend)
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

/* The element's attribute NAME lower-cased into OUT[cap] (empty if none). */
static const char *attr_lower(const xmlNode *n, const char *name, char *out, size_t cap)
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
        attr_lower(n, attrs[i], v, sizeof v);
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
    if (!strcmp(attr_lower(n, "aria-hidden", v, sizeof v), "true")) {
        attr_lower(n, "class", v, sizeof v);
        return !strstr(v, "fallback-image");
    }
    attr_lower(n, "style", v, sizeof v);
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
    if (name_in(n->name, dropped_tags)) return true;
    if (hidden(n)) return true;
    char v[512];
    attr_lower(n, "role", v, sizeof v);
    static const char *const roles[] = {"menu", "menubar", "complementary", "navigation", "alert",
                                        "alertdialog", "dialog", NULL};
    if (v[0] && name_in((const xmlChar *)v, roles)) return true;
    if (!(w->opts & O_STRIP_UNLIKELY) || is_tag(n, "body") || is_tag(n, "a") || is_tag(n, "html") ||
        is_tag(n, "article") || is_tag(n, "main"))
        return false;
    char cls[256], id[256];
    attr_lower(n, "class", cls, sizeof cls);
    attr_lower(n, "id", id, sizeof id);
    if (!cls[0] && !id[0]) return false;
    snprintf(v, sizeof v, "%s %s", cls, id);
    if (!contains_any(v, unlikely_words) || contains_any(v, maybe_words)) return false;
    for (const xmlNode *a = n->parent; a; a = a->parent)
        if (is_tag(a, "table") || is_tag(a, "code")) return false;
    return true;
}

/* Gives every element of ROOT's tree its stats (n->_private) and marks
 * what is dropped; the subtree of a dropped element gets none. */
static int number_nodes(walk *w, xmlNode *root)
{
    size_t elements = 0;
    for (xmlNode *n = root; n; n = next_node(n, root, true)) {
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
        n = next_node(n, root, descend);
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
                        if (is_tag(c, "a")) {
                            char href[8];
                            attr_lower(c, "href", href, sizeof href);
                            cs->link = href[0] == '#' ? (unsigned)(cs->text * 0.3) : cs->text;
                        }
                        ps->text += cs->text;
                        ps->link += cs->link;
                        ps->commas += cs->commas;
                        ps->p += cs->p + is_tag(c, "p");
                        ps->img += cs->img + is_tag(c, "img");
                        ps->li += cs->li + is_tag(c, "li");
                        ps->input += cs->input;
                        ps->embed += cs->embed;
                        if (!is_inline(c)) ps->flags |= F_BLOCKKIDS;
                    } else if (cs) {
                        if (is_tag(c, "input") || is_tag(c, "select") || is_tag(c, "textarea")) ps->input++;
                        if (is_tag(c, "object") || is_tag(c, "embed") || is_tag(c, "iframe")) ps->embed++;
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
                (is_tag(n, "div") || is_tag(n, "section") || is_tag(n, "article") || is_tag(n, "li"))) {
                loose_text(w, n, &chars, &commas);
                at = n;
                para = true;
            }
            if (para && chars >= 25 && stat_of(w, at)) {
                float score = 1 + (float)commas + (float)(chars / 100 > 3 ? 3 : chars / 100);
                add_score(w, at, score);
            }
            if (paragraph_like(n, s) && !is_tag(n, "div")) descend = false;
        }
        n = next_node(n, root, descend);
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
        n = next_node(n, root, descend);
    }
    xmlNode *best = top[0];
    if (!best || is_tag(best, "body") || is_tag(best, "html")) return NULL;
    /* several good candidates under one ancestor: take the ancestor */
    int near = 0;
    for (int i = 1; i < NTOP; i++)
        if (top[i] && topsc[i] / topsc[0] >= 0.75f) near++;
    if (near >= 2) {
        for (xmlNode *a = best->parent; a && !is_tag(a, "body") && a->type == XML_ELEMENT_NODE; a = a->parent) {
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
    for (xmlNode *a = best->parent; a && !is_tag(a, "body") && a->type == XML_ELEMENT_NODE; a = a->parent) {
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
    while (best->parent && !is_tag(best->parent, "body") && best->parent->type == XML_ELEMENT_NODE &&
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
        if (is_tag(a, "figure")) in_figure = true;
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
                if (is_tag(n, "br")) {
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
    if (!parent || is_tag(best, "body")) {
        write_node(w, o, best);
        return;
    }
    float threshold = bs->score * 0.2f > 10 ? bs->score * 0.2f : 10;
    char bcls[256];
    attr_lower(best, "class", bcls, sizeof bcls);
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        nstat *cs = stat_of(w, c);
        if (!cs || (cs->flags & F_DROP)) continue;
        bool take = c == best;
        if (!take && (cs->flags & F_SCORED)) {
            char ccls[256];
            float bonus = bcls[0] && !strcmp(attr_lower(c, "class", ccls, sizeof ccls), bcls) ? bs->score * 0.2f : 0;
            take = cs->score + bonus >= threshold;
        }
        if (!take && is_tag(c, "p")) {
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
    return name_in((const xmlChar *)t, types);
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
        attr_lower(n, attrs[a], key, sizeof key);
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
                    if (is_tag(a, "svg")) in_svg = true;
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
                if (!m->canonical && !strcmp(attr_lower(n, "rel", rel, sizeof rel), "canonical"))
                    m->canonical = xmlGetNoNsProp(n, (const xmlChar *)"href");
            } else if (!strcmp(t, "time")) {
                if (!m->time_dt) m->time_dt = xmlGetNoNsProp(n, (const xmlChar *)"datetime");
            } else if (!strcmp(t, "script")) {
                char type[64];
                descend = false;
                if (!strcmp(attr_lower(n, "type", type, sizeof type), "application/ld+json")) {
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
        n = next_node(n, root, descend);
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
        if (is_tag(c, "body")) body = c;
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
    for (xmlNode *n = body; n; n = next_node(n, body, true)) n->_private = NULL;
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
        for (xmlNode *n = root; n; n = next_node(n, root, true)) n->_private = NULL;
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
    meta m;
    memset(&m, 0, sizeof m);
    read_meta(&m, xmlDocGetRootElement(doc));
    rc = fill_meta(pg, &m, base_url);
    meta_free(&m);
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
