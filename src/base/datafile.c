/*
 * datafile.c -- opening a file of the data directory (ws_data_open).
 */
#include "base.h"

#include <errno.h>
#include <string.h>

int ws_data_open(const char *dir, const char *file, bool optional, char *path, size_t pathlen, FILE **out,
                 char *err, size_t errlen)
{
    snprintf(path, pathlen, "%s/%s", dir, file);
    *out = fopen(path, "r");
    if (*out || (optional && errno == ENOENT)) return WS_OK;
    if (err && errlen) snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return WS_IO;
}
