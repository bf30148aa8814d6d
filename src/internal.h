/*
 * internal.h -- the speaker calls shared between the extractor and the
 * speaker module, until the speaker module has its own private header.
 *
 * Nothing here is API.  The shared base (memory, hash, hash map, dates,
 * UTF-8) is base/base.h; the extraction stages have private headers of
 * their own: lexicon/lexicon.h, segment/segment.h, date/dates.h,
 * attrib/attrib.h, cluster/cluster.h, output/output.h and extract.h.
 */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include "whosaid.h"
#include "base/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ----------------------------------------------------------- speakers */

typedef struct tokdoc tokdoc; /* segment/segment.h */

typedef struct spk_info {
    const char *name;        /* resolved or as written */
    const char *title;
    const char *affiliation;
    int is_person;           /* a proper name was found */
    int is_pronoun;
    int surname_only;        /* single-word person name */
} spk_info;

/* Parses the source tokens [s0,s1) into name, title and affiliation. */
int ws_spk_parse(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1,
              spk_info *out);

/* Collects person names of two or more words mentioned anywhere in D
 * ("President Donald Trump" gives "Donald Trump").  TITLES lists the
 * tokens k < d->n - 2 with LX_TITLE, in order, ending with d->n (as
 * ws_att_find makes it). */
int ws_spk_harvest(arena *a, const ws_lexicon *lx, const tokdoc *d, const int *titles,
                const char ***names, int *n);


#endif
