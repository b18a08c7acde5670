#!/usr/bin/env bash
# Builds the C reference: Benchmarks/c_reference/build/rollup_ref.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/build"
${CC:-cc} -O3 -march=native -std=c11 -Wall -Wextra -Wno-unused-parameter -pthread \
    -o "$here/build/rollup_ref" "$here/rollup_ref.c" -lm
echo "$here/build/rollup_ref"
