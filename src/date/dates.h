/*
 * dates.h -- date expressions in a tokenized document (date/date.c).
 * Prefix date_.
 */
#ifndef WS_DATES_H
#define WS_DATES_H

#include "../segment/segment.h"

/* Recognises a date expression at token i ("on March 22", "on Feb. 18",
 * "yesterday", "on Friday", "Feb. 26").  On success returns the number of
 * tokens used and stores the resolved date (resolved against REF, the
 * latest such day not after REF; unresolved when REF is unknown). */
int ws_date_match(const tokdoc *d, const ws_lexicon *lx, int i, int end,
               ws_date ref, ws_date *out);

#endif
