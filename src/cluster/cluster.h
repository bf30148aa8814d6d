/*
 * cluster.h -- the cluster key's plain twin (cluster/cluster.c), for the
 * tests; ws_cluster_key itself is public (whosaid.h).
 */
#ifndef WS_CLUSTER_H
#define WS_CLUSTER_H

#include "whosaid.h"
#include "../base/base.h"

/* ws_cluster_key a character at a time: the same keys. */
uint64_t ws__cluster_key_plain(const char *s, size_t len);

#endif
