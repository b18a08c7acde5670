// Linux calls that Swift's Glibc module does not expose; the only C in rollup.
#ifndef ROLLUP_SYSTEM_H
#define ROLLUP_SYSTEM_H

// Atomically exchanges two paths (renameat2 with RENAME_EXCHANGE). Returns 0 on success, -1 with
// errno set otherwise (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int rollup_exchange_paths(const char *a, const char *b);

#endif
