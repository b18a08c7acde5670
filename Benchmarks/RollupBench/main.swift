// rollup-bench: the benchmark suite of rollup. See Benchmarks/README.md.
//
//     swift run -c release rollup-bench [--preset vn|1m|10m] [--quick] [--repeat N]
//                                       [--threads-list 1,2] [--json FILE] [--data DIR]
//
// Exit status: 0 when every check passed, 1 when a result was wrong, 2 when the data could not be
// prepared or the report written, 64 on a usage error. Timings never fail a run.
import Foundation
import RollupCLI

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())

// Child mode: one `rollup run` in this process, so that its peak memory is its own.
if arguments.first == "--child-run", arguments.count >= 3 {
    let status = RollupCommandLine.run(["run", arguments[1], "--out", arguments[2], "--quiet"] + arguments.dropFirst(3))
    exit(status.rawValue)
}

let options: BenchOptions
do {
    options = try BenchOptions.parse(arguments)
} catch {
    FileHandle.standardError.write(Data("error: \(error.message)\n\n\(BenchOptions.help)\n".utf8))
    exit(64)
}
if options.wantsHelp {
    print(BenchOptions.help)
    exit(0)
}

let packageRoot = PackageRoot.locate()
let dataRoot = options.dataRoot ?? packageRoot + "/Benchmarks/data"
let data: PresetData
do {
    FileHandle.standardError.write(Data("[rollup-bench] preparing \(options.preset.rawValue) seed \(options.seed) in \(dataRoot)\n".utf8))
    data = try PresetData.prepare(preset: options.preset, seed: options.seed, root: dataRoot, regenerate: options.regenerate)
} catch {
    FileHandle.standardError.write(Data("error: could not prepare the data: \(error)\n".utf8))
    exit(2)
}
FileHandle.standardError.write(
    Data(
        "[rollup-bench] \(data.reused ? "reused" : "generated") \(data.folder)\(data.reused ? "" : String(format: " in %.2f s", data.generationSeconds))\n"
            .utf8))

let suite = Suite(options: options, data: data, scratch: dataRoot + "/.bench-scratch-\(getpid())")
let report = suite.run()
print(report.table())
let jsonPath = options.jsonPath ?? packageRoot + "/Benchmarks/results/\(options.preset.rawValue)\(options.quick ? "-quick" : "").json"
do {
    try report.writeJSON(to: jsonPath)
    print("report: \(jsonPath)")
} catch {
    FileHandle.standardError.write(Data("error: could not write \(jsonPath): \(error)\n".utf8))
    exit(2)
}
exit(report.passed ? 0 : 1)
