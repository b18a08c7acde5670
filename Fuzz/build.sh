#!/usr/bin/env bash
# Builds the fuzz targets with the toolchain's libFuzzer and AddressSanitizer support:
#
#   Fuzz/build.sh [TARGET...]     TARGET: csv, notation, values (default: all three)
#                                 -> .build-fuzz/fuzz-TARGET
#
# Each target is its entry file (Fuzz/<Target>/Entry.swift) compiled into the module it tests
# (`swiftc -sanitize=fuzzer,address -parse-as-library`), so it reaches internals; the modules
# below it are built first as objects, instrumented the same way, and rebuilt only when a source
# changed. FUZZ_SOURCES names another Sources folder (a snapshot of a commit) to fuzz instead.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${FUZZ_BUILD:-.build-fuzz}
src=${FUZZ_SOURCES:-Sources}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv notation values)
mkdir -p "$out/CRollupSystem"
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 -I "$out" -I "$out/CRollupSystem")

stale() {  # stale OUTPUT INPUT...: whether OUTPUT is missing or older than an input
    local output=$1
    shift
    [ -e "$output" ] || return 0
    for input in "$@"; do [ "$input" -nt "$output" ] && return 0; done
    [ "$(cat "$output.src" 2>/dev/null)" != "$src" ]
}

module() {  # module NAME FILES...: an instrumented object and its .swiftmodule
    local name=$1
    shift
    stale "$out/$name.o" "$@" || return 0
    echo "-- module $name"
    swiftc "${flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
        -c "$@" -o "$out/$name.o" 2> >(grep -v 'warning' >&2)
    echo "$src" >"$out/$name.o.src"
}

program() {  # program TARGET MODULE ENTRY FILES...: a fuzzer binary
    local target=$1 name=$2
    shift 2
    echo "-- fuzz-$target"
    swiftc "${flags[@]}" -module-name "$name" "$@" -o "$out/fuzz-$target" 2>&1 | grep -v 'warning' || true
    [ "$out/fuzz-$target" -nt "$1" ] || { echo "building fuzz-$target failed" >&2; exit 1; }
}

cat >"$out/CRollupSystem/module.modulemap" <<MAP
module CRollupSystem {
    header "$(cd "$src" && pwd)/CRollupSystem/include/rollup_system.h"
    export *
}
MAP
if stale "$out/CRollupSystem.o" "$src"/CRollupSystem/rollup_system.c; then
    clang -O1 -g -fsanitize=fuzzer-no-link,address -c "$src"/CRollupSystem/rollup_system.c \
        -I "$src"/CRollupSystem/include -o "$out/CRollupSystem.o"
    echo "$src" >"$out/CRollupSystem.o.src"
fi
module RollupModel "$src"/RollupModel/*.swift
module RollupNotation "$src"/RollupNotation/*.swift
module RollupKernel "$src"/RollupKernel/*.swift
module RollupFindings "$src"/RollupFindings/*.swift
io=("$src"/RollupIO/*.swift "$out/RollupModel.o" "$out/RollupNotation.o" "$out/RollupKernel.o" "$out/RollupFindings.o" "$out/CRollupSystem.o")
for target in "${targets[@]}"; do
    case $target in
    notation) program notation RollupNotation Fuzz/Notation/Entry.swift "$src"/RollupNotation/*.swift "$out/RollupModel.o" ;;
    csv) program csv RollupIO Fuzz/CSVReader/Entry.swift "${io[@]}" ;;
    values) program values RollupIO Fuzz/ValuesFile/Entry.swift "${io[@]}" ;;
    *) echo "unknown target '$target' (csv, notation, values)" >&2; exit 64 ;;
    esac
done
