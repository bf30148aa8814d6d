/* placeholder until the store schema lands */
#include "../internal.h"
#include "serve.h"
#include <stdlib.h>
#include <string.h>
const char *api_arg(const api_args *a, const char *key)
{
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->key[i], key)) return a->val[i];
    return NULL;
}
int api_handle(sqlite3 *db, const char *path, const api_args *args, api_reply *out)
{
    out->status = 501; /* the endpoints come with the store schema */
    out->body = strdup("{\"error\":\"not implemented yet\"}");
    out->len = strlen(out->body);
    return WS_OK;
}
int api_check_schema(sqlite3 *db, char *err, size_t errlen) { return WS_OK; }
