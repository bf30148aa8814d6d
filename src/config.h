/*
 * config.h -- the library's tunables, in one place.
 */
#ifndef WS_CONFIG_H
#define WS_CONFIG_H

/* A word from data/cues.learned.tsv is a cue when it began an annotated
 * cue at least this many times ... */
#define WS_CUE_MIN_COUNT 3
/* ... and in at least this percentage of the times it was seen. */
#define WS_CUE_MIN_RATE_PCT 45

#endif
