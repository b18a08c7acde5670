#!/usr/bin/env bash
# rollup, DuckDB and the C reference side by side on the same generated files, in one run.
#
#     Benchmarks/side_by_side.sh [PRESET] [RUNS]      (PRESET: vn (default), 1m, 10m, city; RUNS: 3)
#
# Builds what is needed (rollup in release with --scratch-path .build-bench, the C reference),
# generates Benchmarks/data/PRESET-seed1 when missing, then runs each tool RUNS times, interleaved
# (rollup, DuckDB, C, rollup, ...), each as its own process under /usr/bin/time: wall time (process
# start to exit: for DuckDB that includes starting Python and importing duckdb) and peak RSS.
# Every output is checked value by value against rollup's (Benchmarks/compare_rollups.py); a
# difference fails the script. Prints medians, minima, peaks and the ratios rollup/DuckDB and
# rollup/C, and saves the table in Benchmarks/results/side_by_side-PRESET.md.
#
# rollup syncs its results folder to disk before it exits (all or nothing, durable: a nightly run
# must survive a power cut), and so does the C reference (one fsync at the end); DuckDB leaves its
# output in the page cache. rollup syncs each file every 4 MB as it writes it, so on a disk that
# keeps pace the final wait (its 'write' stage) is short; on a slower disk it is not. Set
# OUT_ROOT=/dev/shm to put every tool's output in memory (tmpfs: syncing costs nothing), which
# compares the work of the three alone; the table says where the outputs went.
#
# Environment: SEED (1), THREADS (every active processor: rollup's default, DuckDB's and C's
# setting), SCRATCH (.build-bench), SKIP_BUILD=1 to use what is built, OUT_ROOT (Benchmarks/data).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-vn}"
runs="${2:-3}"
seed="${SEED:-1}"
threads="${THREADS:-$(nproc)}"
scratch="${SCRATCH:-.build-bench}"
data="Benchmarks/data/${preset}-seed${seed}"
out="${OUT_ROOT:-Benchmarks/data}/side-by-side-$$"
out_fs=$(mkdir -p "$out" && df --output=fstype "$out" | tail -1)
results="Benchmarks/results"
mkdir -p "$out" "$results"
trap 'rm -rf "$out"' EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building rollup (release, $scratch) and the C reference" >&2
  swift build -c release --scratch-path "$scratch" --product rollup 2>&1 | tail -1 >&2
  Benchmarks/c_reference/build.sh >/dev/null
fi
rollup="$scratch/release/rollup"
cref="Benchmarks/c_reference/build/rollup_ref"
python3 -c "import duckdb" 2>/dev/null || { echo "DuckDB for Python is missing: pip install duckdb" >&2; exit 2; }

if [ ! -s "$data/values.csv" ] || [ ! -s "$data/units.csv" ]; then
  echo "== generating $data" >&2
  "$rollup" generate --preset "$preset" --seed "$seed" "$data" >&2
fi
input_mb=$(du -cb "$data"/units.csv "$data"/indicators.csv "$data"/values.csv | tail -1 | awk '{printf "%.1f", $1/1e6}')

# run NAME COMMAND...: one run under /usr/bin/time; appends "NAME wall peak_kb user sys" to $out/times.
run() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || {
    echo "$name failed:" >&2; cat "$out/$name.stderr" >&2; exit 1; }
  echo "$name $(tail -1 "$out/time.txt")" >>"$out/times"
}

echo "== $preset: $input_mb MB of input, $runs runs each, $threads threads" >&2
: >"$out/times"
for r in $(seq 1 "$runs"); do
  echo "   run $r/$runs" >&2
  run rollup "$rollup" run "$data" --out "$out/rollup" --quiet --log --threads "$threads"
  run duckdb python3 Benchmarks/duckdb_rollup.py "$data" "$out/duckdb" --threads "$threads"
  run c "$cref" "$data" "$out/c" --threads "$threads"
done

echo "== checking DuckDB's and C's rollups.csv against rollup's, value by value" >&2
python3 Benchmarks/compare_rollups.py "$out/duckdb/rollups.csv" "$out/rollup/rollups.csv" --threads "$threads"
python3 Benchmarks/compare_rollups.py "$out/c/rollups.csv" "$out/rollup/rollups.csv" --threads "$threads"

suffix=""
[ "$out_fs" = tmpfs ] && suffix="-tmpfs"
python3 - "$out/times" "$preset" "$input_mb" "$runs" "$threads" "$out/duckdb.stderr" "$out/c.stderr" "$out/rollup.stderr" "$out_fs" <<'PY' | tee "$results/side_by_side-$preset$suffix.md"
import statistics, sys, datetime
times, preset, input_mb, runs, threads, duck_err, c_err, rollup_err, out_fs = sys.argv[1:]
rows = {}
for line in open(times):
    name, wall, kb, user, system = line.split()
    rows.setdefault(name, []).append((float(wall), int(kb), float(user) + float(system)))
def med(name): return statistics.median(r[0] for r in rows[name])
def mn(name): return min(r[0] for r in rows[name])
def cpu(name): return statistics.median(r[2] for r in rows[name])
def peak(name): return max(r[1] for r in rows[name]) / 1024
load = open("/proc/loadavg").read().split()[:3]
print(f"side by side, preset {preset}, {input_mb} MB of input, {threads} threads, {runs} runs each "
      f"({datetime.date.today()}, {open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}, "
      f"load average at the end {' '.join(load)})")
print()
print(f"Outputs written to {out_fs}" + (" (memory: syncing is free, no tool waits for a disk)." if out_fs == "tmpfs" else
      " (disk: rollup and C wait until their results are synced, DuckDB leaves its output in the page cache)."))
print()
print("| tool | median wall s | min wall s | median CPU s (user+sys) | peak RSS MB | rollup / tool (wall) | rollup / tool (CPU) | rollup / tool (peak RSS) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
labels = {"rollup": "rollup run", "duckdb": "DuckDB (Python, SQL)", "c": "C reference"}
for name in ("rollup", "duckdb", "c"):
    ratio = med("rollup") / med(name)
    mem = peak("rollup") / peak(name)
    print(f"| {labels[name]} | {med(name):.3f} | {mn(name):.3f} | {cpu(name):.3f} | {peak(name):.0f} | {ratio:.2f} | "
          f"{cpu('rollup') / cpu(name):.2f} | {mem:.2f} |")
print()
stages = [l.split("stage=")[1] for l in open(rollup_err).read().splitlines() if "stage=" in l]
print("rollup's own split (last run, --log; 'rollups' formats, writes and hashes rollups.csv as one stream; rollup also "
      "evaluates findings and writes findings.csv, progress.csv and the manifest): " + "; ".join(" ".join(s.split()[:2]) for s in stages))
print("DuckDB's own split (last run): " + open(duck_err).read().strip().splitlines()[-1])
print("C reference's own split (last run): " + open(c_err).read().strip().splitlines()[-1])
print("Outputs checked value by value against rollup's (relative tolerance 1e-9): identical.")
PY
