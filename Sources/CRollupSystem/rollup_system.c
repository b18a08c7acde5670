#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include "rollup_system.h"

int rollup_exchange_paths(const char *a, const char *b) {
#ifdef RENAME_EXCHANGE
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    return -1;
#endif
}
