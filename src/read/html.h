/*
 * html.h -- what html.c (the page's main text) and html_meta.c (its
 * metadata) share.  Included by those two files only.
 */
#ifndef WS_READ_HTML_H
#define WS_READ_HTML_H

#include "read.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdbool.h>

/* Whether NAME is one of SET (NULL-terminated). */
bool ws_read_name_in(const xmlChar *name, const char *const *set);

/* Whether N is an element named T. */
bool ws_read_is_tag(const xmlNode *n, const char *t);

/* The element's attribute NAME lower-cased into OUT[cap] (empty if none). */
const char *ws_read_attr_lower(const xmlNode *n, const char *name, char *out, size_t cap);

/* The node after N in document order within ROOT (into N's children when
 * DESCEND), or NULL at the end: a walk without recursion. */
xmlNode *ws_read_next_node(xmlNode *n, const xmlNode *root, bool descend);

/* Fills PG's title, date, url, outlet, author and lang from the page's
 * tree ROOT (BASE_URL: the address it came from, or NULL).  WS_OK or
 * WS_NOMEM. */
int ws_read_html_meta(ws_read_page *pg, xmlNode *root, const char *base_url);

#endif
