// rollup-simulate-bench: the latency of one target change re-evaluated incrementally by
// `rollup simulate`, against a full re-evaluation of the findings.
//
//   swift run -c release rollup-simulate-bench DATA [--changes N] [--seed S] [--full-runs K] [--threads T]
//                                              [--verify] [--json FILE] [--slowest] [--priority NICE]
//
// DATA is a data folder, typically `rollup generate --preset 1m`. The bench loads it (timed, as
// `rollup run` loads), rolls it up, builds the simulation (every target evaluated once), then
// applies N random changes one after the other (seeded: 70% an existing target moved a little, in
// any notation; 15% an existing target removed; 15% a new target on a random unit), timing each
// re-evaluation, and times K full runs of the findings engine on the changed plan for the ratio.
// With --verify, the simulated plan's findings and progress are compared with the last full run.
// Each change is timed on the wall clock and in thread CPU time (which leaves out the time other
// processes held the core: on a busy machine the wall clock's tail is the scheduler's, not ours);
// --priority runs the timed loop at that niceness, --slowest lists the changes over 2 ms of CPU.
import Foundation
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import RollupSimulation

#if canImport(Glibc)
    import Glibc
#endif

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// This thread's CPU time, in seconds: unlike the wall clock, not counting the time the thread
/// waited while other processes ran (on a busy machine, the difference is large at the tail).
func cpuNow() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(sorted.count - 1, max(0, rank))]
}

struct Draws: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let k = arguments.firstIndex(of: "--" + name), k + 1 < arguments.count else { return nil }
    let value = arguments[k + 1]
    arguments.removeSubrange(k...(k + 1))
    return value
}
@MainActor func flag(_ name: String) -> Bool {
    guard let k = arguments.firstIndex(of: "--" + name) else { return false }
    arguments.remove(at: k)
    return true
}
let changeCount = Int(option("changes") ?? "") ?? 10_000
let seed = UInt64(option("seed") ?? "") ?? 1
let fullRuns = Int(option("full-runs") ?? "") ?? 3
let threads = Int(option("threads") ?? "") ?? ParallelAggregator.activeProcessors
let jsonPath = option("json")
let verify = flag("verify")
let showSlowest = flag("slowest")
/// A niceness for the timed loop only (negative: ahead of other processes on a busy machine; needs
/// the privilege to raise priority, else ignored).
let priority = Int32(option("priority") ?? "")
guard let data = arguments.first else {
    FileHandle.standardError.write(
        Data(
            "usage: rollup-simulate-bench DATA [--changes N] [--seed S] [--full-runs K] [--threads T] [--verify] [--json FILE] [--slowest] [--priority NICE]\n"
                .utf8))
    exit(64)
}

var t = now()
let loaded: LoadedDataset
switch DatasetLoader.load(folder: data, options: LoadOptions(threads: threads)) {
case .success(let l): loaded = l
case .failure(let e):
    FileHandle.standardError.write(Data((e.description + "\n").utf8))
    exit(65)
}
let loadSeconds = now() - t
let dataset = loaded.dataset
t = now()
let rollup = ParallelAggregator(threads: threads).rollUp(dataset)
let rollupSeconds = now() - t
t = now()
let simulation = PlanSimulation(dataset: dataset, rollup: rollup, threads: threads)
let prepareSeconds = now() - t
print(
    "data: \(dataset.units.count) units, \(dataset.indicators.count) indicators, \(dataset.targets.targets.count) targets, \(dataset.periods.count) periods; \(threads) threads"
)
print(
    String(
        format: "load %.3f s, roll-up %.3f s, simulation prepared (every target evaluated) %.3f s", loadSeconds, rollupSeconds,
        prepareSeconds))

// The random changes, drawn before timing.
var draws = Draws(state: seed)
let reader = ChangeReader(dataset: dataset)
let targetIndicators = Array(Set(dataset.targets.targets.map(\.indicator))).sorted()
let years = dataset.targets.years
var live = dataset.targets.targets.map { TargetKey($0) }  // keys with a target, roughly (removals leave stale keys)
var seconds: [Double] = []
var cpuSeconds: [Double] = []
var touched: [Int] = []
var kinds = ["moved": 0, "removed": 0, "added": 0]
var slow: [(Double, String)] = []
seconds.reserveCapacity(changeCount)
var made = 0
if let priority {
    if setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, priority) != 0 {
        print("could not set the priority to \(priority); timing at the default")
    }
}
while made < changeCount {
    let roll = Int.random(in: 0..<100, using: &draws)
    var key: TargetKey
    var text: String
    if roll < 85, !live.isEmpty {
        key = live[Int.random(in: 0..<live.count, using: &draws)]
        guard let current = simulation.plan.target(key) else { continue }
        if roll < 70 {
            let ind = dataset.indicators[key.indicator]
            let base = current.figure.interval.map { $0.low.isFinite ? $0.low : $0.high } ?? 50
            let step = Double(Int.random(in: -30...30, using: &draws)) / 10
            var x = base + step
            if let low = ind.low { x = max(low, x) }
            if let high = ind.high { x = min(high, x) }
            let rounded = (x * 10).rounded() / 10
            switch Int.random(in: 0..<10, using: &draws) {
            case 0: text = ">=\(rounded)"
            case 1: text = "<\(rounded)"
            default: text = "\(rounded)"
            }
            kinds["moved", default: 0] += 1
        } else {
            text = "-"
            kinds["removed", default: 0] += 1
        }
    } else {
        let unit = Int.random(in: 0..<dataset.units.count, using: &draws)
        let indicator = targetIndicators[Int.random(in: 0..<targetIndicators.count, using: &draws)]
        let year = years[Int.random(in: 0..<years.count, using: &draws)]
        key = TargetKey(unit: unit, indicator: indicator, year: year)
        text = "\(Double(Int.random(in: 500...1000, using: &draws)) / 10)"
        kinds["added", default: 0] += 1
        live.append(key)
    }
    let change: TargetChange
    switch reader.change(
        unit: dataset.units.codes[key.unit], indicator: dataset.indicators[key.indicator].code, year: String(key.year), target: text)
    {
    case .success(let c): change = c
    case .failure: continue
    }
    let cpuStart = cpuNow()
    let start = now()
    let step = simulation.apply(change)
    let took = now() - start
    cpuSeconds.append(cpuNow() - cpuStart)
    seconds.append(took)
    touched.append(step.reevaluated)
    if cpuSeconds.last ?? 0 > 0.002 {
        let tree = simulation.checks.tree(forYear: key.year)
        let p = key.unit < tree.positionOf.count ? Int(tree.positionOf[key.unit]) : -1
        let depth = p < 0 ? -1 : (tree.levelStart.lastIndex { $0 <= p } ?? -1)
        slow.append(
            (
                took,
                "\(dataset.units.codes[key.unit]) depth \(depth) \(dataset.indicators[key.indicator].code) \(key.year) '\(text)' re-evaluated \(step.reevaluated) effects \(step.effects.count) children \(p < 0 ? 0 : tree.children(of: p).count)"
            ))
    }
    made += 1
}
if priority != nil { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 0) }
let sorted = seconds.sorted()
if showSlowest {
    for (t, what) in slow.sorted(by: { $0.0 > $1.0 }).prefix(40) { print(String(format: "  %.2f ms ", t * 1000) + what) }
    print("changes over 2 ms: \(slow.count)")
}
let median = percentile(sorted, 50)
let p99 = percentile(sorted, 99)
let touchedSorted = touched.sorted()
print(
    "\(changeCount) changes (\(kinds["moved"] ?? 0) moved, \(kinds["removed"] ?? 0) removed, \(kinds["added"] ?? 0) added), targets re-evaluated per change: median \(percentile(touchedSorted.map(Double.init), 50)), p99 \(percentile(touchedSorted.map(Double.init), 99)), max \(touchedSorted.last ?? 0)"
)
print(
    String(
        format: "incremental re-evaluation: median %.1f µs, p90 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs, mean %.1f µs",
        median * 1e6, percentile(sorted, 90) * 1e6, p99 * 1e6, percentile(sorted, 99.9) * 1e6, (sorted.last ?? .nan) * 1e6,
        seconds.reduce(0, +) / Double(max(1, seconds.count)) * 1e6))
let cpuSorted = cpuSeconds.sorted()
print(
    String(
        format: "  the same in thread CPU time: median %.1f µs, p90 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs",
        percentile(cpuSorted, 50) * 1e6, percentile(cpuSorted, 90) * 1e6, percentile(cpuSorted, 99) * 1e6,
        percentile(cpuSorted, 99.9) * 1e6, (cpuSorted.last ?? .nan) * 1e6))

// The full re-evaluation of the changed plan, as a full run would do it.
var changed = dataset
changed.targets = TargetTable(simulation.plan.targets)
var fullSeconds: [Double] = []
var lastFull: FindingsReport?
for _ in 0..<max(1, fullRuns) {
    let start = now()
    let report = FindingsEngine.evaluate(changed, rollup, threads: threads)
    fullSeconds.append(now() - start)
    lastFull = report
}
let fullMedian = percentile(fullSeconds.sorted(), 50)
t = now()
let assembled = simulation.report()
let assembleSeconds = now() - t
print(
    String(
        format:
            "full re-evaluation (FindingsEngine.evaluate on the changed plan, %d threads): median %.3f s over %d runs; ratio full / incremental median: %.0f×",
        threads, fullMedian, fullSeconds.count, fullMedian / median))
print(
    String(format: "assembling the whole simulated report (sorting every finding and progress row, for writing): %.3f s", assembleSeconds))
var verified: Bool?
if verify, let lastFull {
    verified = assembled.findings == lastFull.findings && assembled.progress == lastFull.progress
    print(
        "verify: the simulated plan's findings and progress \(verified == true ? "equal" : "DIFFER FROM") the full run's (\(assembled.findings.count) findings, \(assembled.progress.count) progress rows)"
    )
}
if let jsonPath {
    let record: [String: Any] = [
        "data": data, "units": dataset.units.count, "targets": dataset.targets.targets.count, "threads": threads, "seed": seed,
        "changes": changeCount, "load_s": loadSeconds, "rollup_s": rollupSeconds, "prepare_s": prepareSeconds,
        "incremental_median_us": median * 1e6, "incremental_p90_us": percentile(sorted, 90) * 1e6, "incremental_p99_us": p99 * 1e6,
        "incremental_max_us": (sorted.last ?? 0) * 1e6, "incremental_cpu_median_us": percentile(cpuSorted, 50) * 1e6,
        "incremental_cpu_p99_us": percentile(cpuSorted, 99) * 1e6, "full_median_s": fullMedian, "full_runs": fullSeconds,
        "ratio_full_to_incremental_median": fullMedian / median, "assemble_s": assembleSeconds, "verified": verified as Any,
    ]
    if let json = try? JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys]) {
        if !FileManager.default.createFile(atPath: jsonPath, contents: json) {
            FileHandle.standardError.write(Data("simulate-bench: cannot write \(jsonPath)\n".utf8))
        }
    }
}
if verified == false { exit(1) }
