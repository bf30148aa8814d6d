/*
 * internal.h -- the public header and the shared base, for the modules
 * that include them together.
 *
 * Nothing here is API.  The shared base (memory, hash, hash map, dates,
 * UTF-8) is base/base.h; every module has a private header of its own:
 * lexicon/lexicon.h, segment/segment.h, date/dates.h, attrib/attrib.h,
 * cluster/cluster.h, output/output.h, speaker/speaker.h, store/store.h,
 * serve/serve.h and extract.h.
 */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include "whosaid.h"
#include "base/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#endif
