#!/usr/bin/env bash
# Builds the fuzz targets (Fuzz/build.sh) and runs each for SECONDS (default 300) with a corpus
# seeded from Samples/ and the shared contract example; prints executions and time per target.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]      TARGET: csv, notation, values (default: all three)
#
# Corpora grow in .build-fuzz/corpus/TARGET and are reused by the next run. A crash stops its
# target and leaves the input in .build-fuzz/artifacts/TARGET/; reproduce it with
#   .build-fuzz/fuzz-TARGET .build-fuzz/artifacts/TARGET/crash-...
# Set FUZZ_NO_BUILD=1 to reuse the built targets, FUZZ_SOURCES to fuzz another tree's Sources.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv notation values)
out=${FUZZ_BUILD:-.build-fuzz}
export SWIFT_BACKTRACE=enable=no  # AddressSanitizer prints the stack
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    Fuzz/build.sh "${targets[@]}" || exit 1
fi

examples=()
for dir in Samples/city-synthetic Samples/haiphong-real ../shared/examples/contract-tiny; do
    [ -d "$dir" ] && examples+=("$dir")
done

seed() {  # seed TARGET: fills the seed corpus of TARGET
    local target=$1 dir="$out/seeds/$1" n=0
    rm -rf "$dir"
    mkdir -p "$dir"
    for example in "${examples[@]}"; do
        for file in "$example"/*.csv; do
            case "$target:$(basename "$file")" in
            csv:*) ;;
            values:values.csv | values:targets.csv) ;;
            notation:values.csv | notation:targets.csv)
                # Each distinct last field, behind every option byte (Vietnamese, %, level scales).
                tail -n +2 "$file" | sed 's/.*,//; s/^"//; s/"\r\{0,1\}$//' | sort -u | head -200 | while IFS= read -r field; do
                    for option in 00 01 02 03 04 08 0c; do
                        n=$((n + 1))
                        { printf "\\x$option"; printf '%s' "$field"; } >"$dir/$(basename "$example")-$n-$option"
                    done
                done
                continue
                ;;
            *) continue ;;
            esac
            # Small slices of the file: the header and a few rows, and the whole of small files.
            head -n 25 "$file" >"$dir/$(basename "$example")-$(basename "$file")-head"
            [ "$(wc -c <"$file")" -le 16384 ] && cp "$file" "$dir/$(basename "$example")-$(basename "$file")"
        done
    done
    # Hand-written awkward cases.
    case $target in
    csv)
        printf 'a,b\r\n"x,""y""",  "z"  \r\n\r\n,,\n' >"$dir/quotes"
        printf '\xef\xbb\xbfunit,value\n"multi\nline",1\rlone,2' >"$dir/bom-cr"
        ;;
    notation)
        for text in '<3' '&lt; 0,1' '≥ 97' '28-30' '0,45-0,47' '95–97' '94,17%' '1.234,5' '49.400' '1e-999' 'Loại trừ' '-' '−2' '=<3' '3 ÷ 5'; do
            for option in 00 01 02 08; do printf "\\x$option%s" "$text" >"$dir/hand-$n-$option"; n=$((n + 1)); done
        done
        ;;
    values)
        printf 'unit,indicator,period,value\nW1,BHYT,2024,"94,17"\nW2,BHYT,2024,<39.2\n001,LVL,2024,Loại trừ\nW1,POP,2024,-\n' >"$dir/hand-values"
        printf 'unit,indicator,year,target\nVN,BHYT,2030,≥ 95\n01,B10K,2025,28-30\n' >"$dir/hand-targets"
        ;;
    esac
}

printf '%-10s %10s %14s %12s %s\n' target seconds executions "exec/s" result >"$out/summary.txt"
status=0
for target in "${targets[@]}"; do
    seed "$target"
    mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
    log="$out/fuzz-$target.log"
    echo "== fuzzing $target for ${seconds}s (log: $log)"
    "$out/fuzz-$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$target/" "$out/corpus/$target" "$out/seeds/$target" >"$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
    time=$(grep -o 'stat::slowest_unit_time_sec\|Done [0-9]* runs in [0-9]* second' "$log" | awk '/Done/ {print $5}' | tail -1)
    result=ok
    if [ $rc -ne 0 ]; then
        result="CRASH (exit $rc): $(ls -t "$out/artifacts/$target" | head -1)"
        status=1
    fi
    runs=${runs:-0}
    time=${time:-$seconds}
    printf '%-10s %10s %14s %12s %s\n' "$target" "$time" "$runs" "$((runs / (time > 0 ? time : 1)))" "$result" >>"$out/summary.txt"
done
cat "$out/summary.txt"
exit $status
