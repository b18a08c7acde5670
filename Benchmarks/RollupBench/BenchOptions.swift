import Foundation
import RollupKernel
import RollupSynthetic

/// The command line of `rollup-bench`.
///
///     rollup-bench [--preset vn|1m|10m|city] [--seed S] [--quick] [--repeat N]
///                  [--threads-list 1,2] [--json FILE] [--data DIR] [--regenerate]
///                  [--rollup PATH] [--no-end-to-end]
struct BenchOptions {
    /// Why the command line was not understood.
    struct UsageError: Error {
        let message: String
    }

    var preset: SyntheticPreset = .vn
    var seed: UInt64 = 1
    var quick = false
    /// Timed runs per measurement (the set-up is never timed).
    var repeats: Int?
    /// Thread counts of the scaling series (default: 1 to every active processor).
    var threadsList: [Int]?
    var jsonPath: String?
    /// The folder holding the generated presets (default: `Benchmarks/data` of the package).
    var dataRoot: String?
    /// Regenerates the data even when a matching copy exists.
    var regenerate = false
    /// Measures this `rollup` binary end to end instead of this executable's own child mode.
    var rollupBinary: String?
    /// Skips the end-to-end runs (in process and as a child).
    var skipEndToEnd = false
    var wantsHelp = false

    static let help = """
        rollup-bench: the benchmark suite of rollup (load, roll-up compute, write, end to end, thread
        scaling, peak memory, memory bandwidth) on generated presets; checks its results and exits
        non-zero on wrong results, never on timings.

        USAGE: swift run -c release rollup-bench [options]

        OPTIONS:
          --preset P          vn (default), 1m, 10m or city
          --seed S            the generator's seed (default 1)
          --quick             the smoke run: vn, every measurement once (CI)
          --repeat N          timed runs per measurement (default: 5 on vn and city, 3 on 1m, 1 on 10m)
          --threads-list L    thread counts of the scaling series, e.g. 1,2 (default: 1 to all cores)
          --json FILE         where the JSON report goes (default Benchmarks/results/<preset>.json)
          --data DIR          where generated data lives (default Benchmarks/data)
          --regenerate        generate the data again even if a matching copy exists
          --rollup PATH       measure this rollup binary end to end (default: this executable, which
                              runs the same RollupCommandLine.run in a child process)
          --no-end-to-end     skip the end-to-end runs
          -h, --help          this help
        """

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions {
        var options = BenchOptions()
        var k = 0
        func value(_ name: String) throws(UsageError) -> String {
            k += 1
            guard k < arguments.count else { throw UsageError(message: "\(name) needs a value") }
            return arguments[k]
        }
        while k < arguments.count {
            var argument = arguments[k]
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inline = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            func next() throws(UsageError) -> String {
                if let inline { return inline }
                return try value(argument)
            }
            switch argument {
            case "--preset":
                let name = try next()
                guard let preset = SyntheticPreset(rawValue: name) else {
                    throw UsageError(message: "unknown preset '\(name)', expected city, vn, 1m or 10m")
                }
                options.preset = preset
            case "--seed":
                let text = try next()
                guard let seed = UInt64(text) else { throw UsageError(message: "--seed: expected an integer, found '\(text)'") }
                options.seed = seed
            case "--quick":
                options.quick = true
            case "--repeat":
                let text = try next()
                guard let n = Int(text), n >= 1 else { throw UsageError(message: "--repeat: expected a positive integer, found '\(text)'") }
                options.repeats = n
            case "--threads-list":
                let text = try next()
                let list = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !list.isEmpty, list.count == text.split(separator: ",").count, list.allSatisfy({ $0 >= 1 }) else {
                    throw UsageError(message: "--threads-list: expected positive integers separated by commas, found '\(text)'")
                }
                options.threadsList = list
            case "--json":
                options.jsonPath = try next()
            case "--data":
                options.dataRoot = try next()
            case "--regenerate":
                options.regenerate = true
            case "--rollup":
                options.rollupBinary = try next()
            case "--no-end-to-end":
                options.skipEndToEnd = true
            case "-h", "--help":
                options.wantsHelp = true
            default:
                throw UsageError(message: "unknown argument '\(arguments[k])'")
            }
            k += 1
        }
        if options.quick {
            options.preset = .vn
            options.repeats = 1
        }
        return options
    }

    /// Timed runs per measurement.
    var runs: Int {
        if let repeats { return repeats }
        switch preset {
        case .city, .vn: return 5
        case .oneMillion: return 3
        case .tenMillion: return 1
        }
    }

    /// The thread counts of the scaling series: the list given, or 1 to every active processor.
    var scalingThreads: [Int] {
        if let threadsList { return threadsList }
        return Array(1...max(1, ParallelAggregator.activeProcessors))
    }
}
