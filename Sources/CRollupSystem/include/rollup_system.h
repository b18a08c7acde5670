// What Swift cannot reach on its own: a Linux call that the Glibc module does not expose, and the
// x86 SHA instructions. The only C in rollup.
#ifndef ROLLUP_SYSTEM_H
#define ROLLUP_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

// Atomically exchanges two paths (renameat2 with RENAME_EXCHANGE). Returns 0 on success, -1 with
// errno set otherwise (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int rollup_exchange_paths(const char *a, const char *b);

// Starts writing back to disk the dirty pages of `length` bytes at `offset` in the file `fd`
// without waiting for them (sync_file_range with SYNC_FILE_RANGE_WRITE), so that a later fsync
// of a large file has little left to do. Returns 0, or -1 with errno set (nothing is lost then:
// the fsync still writes everything).
int rollup_start_writeback(int fd, long long offset, long long length);

// Whether this processor has the SHA extensions (and SSSE3, SSE4.1) that rollup_sha256_blocks
// needs. Always 0 off x86-64.
int rollup_sha256_hardware(void);

// Runs `blocks` 64-byte blocks at `data` through the SHA-256 compression function, updating
// `state` (the eight working words, host order). Only call it where rollup_sha256_hardware() is 1.
void rollup_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
