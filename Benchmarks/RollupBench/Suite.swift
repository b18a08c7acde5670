import Foundation
import RollupCLI
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel

/// One run of the benchmark suite on one prepared data folder: every stage measured as min and
/// median of repeated runs (set-up outside the timed part), results checked on the way.
struct Suite {
    let options: BenchOptions
    let data: PresetData
    /// Where results folders are written (beside the data, so on the same file system).
    let scratch: String

    private var folder: String { data.folder }
    private var runs: Int { options.runs }
    private var cores: Int { ParallelAggregator.activeProcessors }

    func run() -> Report {
        var checks: [CheckResult] = []
        var stages: [StageReport] = []
        let record = data.record
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        // Memory bandwidth first, while the process is small.
        progress("triad (memory bandwidth)")
        let triad = MemoryBandwidth(count: options.quick ? 1 << 23 : 1 << 25, threads: cores, runs: options.quick ? 3 : 5).run()

        // Load, at every thread count of the series and at all cores (the dataset kept is the last
        // one loaded with all cores).
        let allCores = max(1, cores)
        var loadTimings: [Int: Samples] = [:]
        var loaded: LoadedDataset?
        var loadFailure: String?
        for threads in Set(options.quick ? [] : options.scalingThreads).sorted() where threads != allCores {
            progress("load, \(threads) thread\(threads == 1 ? "" : "s") x\(runs)")
            loadTimings[threads] = measure(
                runs: runs,
                body: {
                    DatasetLoader.load(folder: folder, options: LoadOptions(threads: threads))
                },
                check: { result in
                    if case .failure(let errors) = result {
                        loadFailure = errors.errors.prefix(5).map(\.description).joined(separator: "; ")
                    }
                })
        }
        progress("load, \(allCores) thread\(allCores == 1 ? "" : "s") x\(runs)")
        let loadSamples = measure(
            runs: runs,
            body: {
                DatasetLoader.load(folder: folder, options: LoadOptions(threads: allCores))
            },
            check: { result in
                switch result {
                case .success(let dataset): loaded = dataset
                case .failure(let errors): loadFailure = errors.errors.prefix(5).map(\.description).joined(separator: "; ")
                }
            })
        loadTimings[allCores] = loadSamples
        guard let loaded, loadFailure == nil else {
            checks.append(CheckResult(name: "load", passed: false, detail: loadFailure ?? "no dataset"))
            return failedReport(checks: checks, triad: triad)
        }
        let dataset = loaded.dataset
        let storedValues = loaded.rowCounts["values.csv"] ?? 0
        checks.append(
            CheckResult(
                name: "stored values = generated value rows", passed: storedValues == record.valueRows,
                detail: "loader stored \(storedValues), generator wrote \(record.valueRows)"))
        stages.append(
            StageReport(
                name: "load", threads: allCores, timing: Timing(loadSamples),
                rates: [
                    "MB/s": Double(record.totalBytes) / loadSamples.min / 1e6,
                    "MB/s per core": Double(record.totalBytes) / loadSamples.min / 1e6 / Double(allCores),
                    "values/s": Double(storedValues) / loadSamples.min,
                ],
                note: "DatasetLoader.load of all four files (\(Format.megabytes(record.totalBytes)))"))

        // Compute at every thread count of the series, plus 1 and all cores; the 1-thread roll-up is
        // the reference every other is compared with, bit for bit.
        let traffic = Double(ComputeTraffic.bytes(dataset))
        var threadCounts = Set(options.scalingThreads)
        threadCounts.insert(1)
        threadCounts.insert(max(2, cores))
        if !options.quick { threadCounts.formUnion([3, 8]) }
        var computeTimings: [Int: Samples] = [:]
        var reference: Rollup?
        var parallel: Rollup?
        for threads in threadCounts.sorted() {
            progress("roll-up compute, \(threads) thread\(threads == 1 ? "" : "s") x\(runs)")
            var last: Rollup?
            let samples = measure(
                runs: runs,
                body: {
                    ParallelAggregator(threads: threads).rollUp(dataset)
                }, check: { last = $0 })
            computeTimings[threads] = samples
            guard let last else { continue }
            if threads == 1 {
                reference = last
            } else if let reference {
                let difference = ResultChecks.firstDifference(reference, last, dataset)
                checks.append(
                    CheckResult(
                        name: "roll-up with \(threads) threads = 1 thread, bit for bit", passed: difference == nil,
                        detail: difference ?? "identical"))
            }
            if threads == max(2, cores) { parallel = last }
        }
        guard let reference, let parallel else { return failedReport(checks: checks, triad: triad) }
        if let samples = computeTimings[allCores] {
            let gbPerSecond = traffic / samples.min / 1e9
            stages.append(
                StageReport(
                    name: "roll-up compute", threads: allCores, timing: Timing(samples),
                    rates: [
                        "values/s": Double(storedValues) / samples.min, "GB/s": gbPerSecond,
                        "of triad": gbPerSecond / triad.bestGBPerSecond,
                    ],
                    note:
                        "ParallelAggregator.rollUp; GB/s of the buffers it touches (\(Format.megabytes(Int(traffic))), see ComputeTraffic)")
            )
        }

        // Findings.
        progress("findings x\(runs)")
        var findingsReport: FindingsReport?
        let findingsSamples = measure(
            runs: runs,
            body: {
                FindingsEngine.evaluate(dataset, parallel, threads: allCores)
            },
            check: { findingsReport = $0 })
        guard let findingsReport else { return failedReport(checks: checks, triad: triad) }
        stages.append(
            StageReport(
                name: "findings", threads: allCores, timing: Timing(findingsSamples),
                rates: [
                    "findings/s": Double(findingsReport.findings.count) / findingsSamples.min,
                    "values/s": Double(storedValues) / findingsSamples.min,
                ],
                note: "FindingsEngine.evaluate: \(findingsReport.findings.count) findings, \(findingsReport.progress.count) progress rows"))

        // Format and write.
        progress("format rollups.csv x\(runs)")
        var formatted: [UInt8] = []
        let formatSamples = measure(
            runs: runs,
            body: {
                RollupsFile.format(dataset, parallel, threads: allCores)
            },
            check: { formatted = $0 })
        let outputRows = formatted.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
        stages.append(
            StageReport(
                name: "format rollups.csv", threads: allCores, timing: Timing(formatSamples),
                rates: ["MB/s": Double(formatted.count) / formatSamples.min / 1e6, "rows/s": Double(outputRows) / formatSamples.min],
                note: "RollupsFile.format"))
        progress("format findings.csv and progress.csv x\(runs)")
        var findingsFiles: [(name: String, bytes: [UInt8])] = []
        let findingsFormatSamples = measure(
            runs: runs,
            body: {
                [
                    ("findings.csv", FindingsFile.format(dataset, findingsReport, threads: allCores)),
                    ("progress.csv", ProgressFile.format(dataset, findingsReport, threads: allCores)),
                ]
            },
            check: { findingsFiles = $0 })
        let findingsBytes = findingsFiles.reduce(0) { $0 + $1.bytes.count }
        stages.append(
            StageReport(
                name: "format findings, progress", threads: allCores, timing: Timing(findingsFormatSamples),
                rates: ["MB/s": Double(findingsBytes) / findingsFormatSamples.min / 1e6],
                note: "FindingsFile.format + ProgressFile.format (\(Format.megabytes(findingsBytes)))"))
        progress("write rollups.csv x\(runs)")
        let target = scratch + "/write"
        var writeFailure: String?
        let writeSamples = measure(
            runs: runs,
            body: {
                ResultsFolder(target: target).write([("rollups.csv", formatted)] + findingsFiles)
            },
            check: { result in
                if case .failure(let failure) = result { writeFailure = failure.description }
            })
        checks.append(CheckResult(name: "results folder written", passed: writeFailure == nil, detail: writeFailure ?? "ok"))
        stages.append(
            StageReport(
                name: "write", threads: 1, timing: Timing(writeSamples),
                rates: ["MB/s": Double(formatted.count + findingsBytes) / writeSamples.min / 1e6],
                note: "ResultsFolder.write of the three files (staged, fsync, atomic swap)"))
        let formatWrite = Samples(
            seconds: zip(zip(formatSamples.seconds, findingsFormatSamples.seconds), writeSamples.seconds).map { $0.0 + $0.1 + $1 })
        stages.append(
            StageReport(
                name: "format + write", threads: allCores, timing: Timing(formatWrite),
                rates: ["MB/s": Double(formatted.count + findingsBytes) / formatWrite.min / 1e6],
                note: "the three above, run by run"))

        progress("stream rollups.csv x\(runs)")
        var streamed: Manifest.File?
        var streamFailure: String?
        let streamSamples = measure(
            runs: runs,
            body: {
                ResultsFolder(target: target).begin().flatMap { staging in
                    RollupsOutput.write(dataset, parallel, threads: allCores, excel: false, to: staging).flatMap { entries in
                        staging.commit().map { entries.first }
                    }
                }
            },
            check: { result in
                switch result {
                case .success(let entry): streamed = entry
                case .failure(let failure): streamFailure = failure.description
                }
            })
        let formattedHash = SHA256.hex(formatted)
        checks.append(
            CheckResult(
                name: "streamed rollups.csv is the formatted one", passed: streamed?.sha256 == formattedHash,
                detail: streamFailure ?? "SHA-256 \(streamed?.sha256.prefix(16) ?? "none")… against \(formattedHash.prefix(16))…"))
        stages.append(
            StageReport(
                name: "stream rollups.csv", threads: allCores, timing: Timing(streamSamples),
                rates: ["MB/s": Double(formatted.count) / streamSamples.min / 1e6, "rows/s": Double(outputRows) / streamSamples.min],
                note: "RollupsOutput.write: format in parallel chunks, write and hash on the way, sync, swap (what rollup run does)"))

        // Byte-identical output for 1 thread and all.
        progress("checks")
        let referenceBytes = RollupsFile.format(dataset, reference, threads: 1)
        checks.append(
            CheckResult(
                name: "rollups.csv with 1 and \(max(2, cores)) threads byte-identical", passed: referenceBytes == formatted,
                detail: referenceBytes == formatted
                    ? "\(formatted.count) bytes" : "\(referenceBytes.count) bytes against \(formatted.count)"))
        do {
            let totals = try IndependentTotals.compute(folder: folder)
            checks.append(
                CheckResult(
                    name: "values.csv rows (independent reader) = generated", passed: totals.valueRows == record.valueRows,
                    detail: "\(totals.valueRows) against \(record.valueRows), read in \(Format.seconds(totals.seconds)) s"))
            checks += ResultChecks.knownValues(dataset, parallel, totals)
        } catch {
            checks.append(CheckResult(name: "independent totals", passed: false, detail: "\(error)"))
        }

        // End to end, in process, at every thread count of the series.
        var scaling: [ScalingPoint] = []
        var endToEnd: [Int: Samples] = [:]
        if !options.skipEndToEnd && !options.quick {
            for threads in options.scalingThreads {
                progress("end to end in process, \(threads) thread\(threads == 1 ? "" : "s") x\(runs)")
                let out = scratch + "/e2e"
                var status = ExitStatus.success
                let samples = measure(
                    runs: runs,
                    body: {
                        RollupCommandLine.run(
                            ["run", folder, "--out", out, "--quiet", "--threads", "\(threads)"], console: RecordingConsole())
                    }, check: { if $0 != .success { status = $0 } })
                checks.append(
                    CheckResult(
                        name: "rollup run --threads \(threads) succeeds", passed: status == .success, detail: "exit status \(status)"))
                endToEnd[threads] = samples
            }
        }
        for threads in options.scalingThreads {
            let compute = computeTimings[threads]
            let e2e = endToEnd[threads]
            scaling.append(
                ScalingPoint(
                    threads: threads, load: loadTimings[threads].map(Timing.init),
                    loadSpeedup: loadTimings[threads].flatMap { l in loadTimings[1].map { $0.median / l.median } },
                    compute: compute.map(Timing.init), endToEnd: e2e.map(Timing.init),
                    computeSpeedup: compute.flatMap { c in computeTimings[1].map { $0.median / c.median } },
                    endToEndSpeedup: e2e.flatMap { e in endToEnd[1].map { $0.median / e.median } }))
        }
        if let samples = endToEnd[allCores] {
            stages.append(
                StageReport(
                    name: "end to end (in process)", threads: allCores, timing: Timing(samples),
                    rates: ["MB/s": Double(record.totalBytes) / samples.min / 1e6],
                    note: "RollupCommandLine.run([\"run\", DATA, \"--out\", OUT, \"--quiet\"])"))
        }

        // End to end in a child process: its own peak memory.
        var memory = MemoryReport(
            endToEndPeakBytes: nil, endToEndPeakSource: "not measured", endToEndPeakBytesPerStoredValue: nil,
            benchPeakBytes: nil, valueBufferBytes: ComputeTraffic.valueBufferBytes(dataset), valueBufferBytesPerStoredValue: 0)
        memory.valueBufferBytesPerStoredValue = Double(memory.valueBufferBytes) / Double(max(1, storedValues))
        if !options.skipEndToEnd {
            progress("end to end, child process x\(runs)")
            let out = scratch + "/child"
            let executable = options.rollupBinary ?? ProcessMemory.ownExecutable()
            let arguments = options.rollupBinary != nil ? ["run", folder, "--out", out, "--quiet"] : ["--child-run", folder, out]
            var seconds: [Double] = []
            var peak = 0
            var source = ""
            var failure: String?
            for _ in 0..<runs {
                do {
                    let child = try ProcessMemory.runChild(executable, arguments)
                    if child.status != 0 { failure = "exit status \(child.status): \(child.standardError.prefix(500))" }
                    seconds.append(child.seconds)
                    peak = max(peak, child.peakBytes ?? 0)
                    source = child.peakSource
                } catch {
                    failure = "\(error)"
                }
            }
            let childBytes = FileManager.default.contents(atPath: out + "/rollups.csv").map { [UInt8]($0) }
            checks.append(
                CheckResult(
                    name: "rollup run (child) succeeds and writes the same rollups.csv",
                    passed: failure == nil && childBytes == formatted,
                    detail: failure ?? (childBytes == formatted ? "identical" : "rollups.csv differs from the in-process one")))
            if !seconds.isEmpty {
                let samples = Samples(seconds: seconds)
                stages.append(
                    StageReport(
                        name: "end to end (child process)", threads: allCores, timing: Timing(samples),
                        rates: ["MB/s": Double(record.totalBytes) / samples.min / 1e6],
                        note:
                            "\(executable == ProcessMemory.ownExecutable() ? "rollup-bench --child-run" : executable): process start to exit"
                    ))
            }
            if peak > 0 {
                memory.endToEndPeakBytes = peak
                memory.endToEndPeakSource = source
                memory.endToEndPeakBytesPerStoredValue = Double(peak) / Double(max(1, storedValues))
            }
        }
        memory.benchPeakBytes = ProcessMemory.ownPeakBytes()
        blackHole(reference)

        let report = Report(
            preset: record.preset, seed: record.seed, quick: options.quick, date: ISO8601DateFormatter().string(from: Date()),
            machine: Suite.machine(),
            data: DataReport(
                folder: folder, reused: data.reused, generationSeconds: data.generationSeconds, units: record.units,
                leaves: record.leaves, depth: record.depth, indicators: record.indicators, periods: dataset.periods.count,
                valueRows: record.valueRows, storedValues: storedValues, inputBytes: record.totalBytes,
                valuesBytes: record.valuesBytes, outputBytes: formatted.count, outputRows: outputRows),
            triad: triad, stages: stages, scaling: scaling, memory: memory, checks: checks,
            passed: checks.allSatisfy(\.passed))
        return report
    }

    private func failedReport(checks: [CheckResult], triad: MemoryBandwidth.Result) -> Report {
        let record = data.record
        return Report(
            preset: record.preset, seed: record.seed, quick: options.quick, date: ISO8601DateFormatter().string(from: Date()),
            machine: Suite.machine(),
            data: DataReport(
                folder: folder, reused: data.reused, generationSeconds: data.generationSeconds, units: record.units,
                leaves: record.leaves, depth: record.depth, indicators: record.indicators, periods: 0, valueRows: record.valueRows,
                storedValues: 0, inputBytes: record.totalBytes, valuesBytes: record.valuesBytes, outputBytes: 0, outputRows: 0),
            triad: triad, stages: [], scaling: [],
            memory: MemoryReport(
                endToEndPeakBytes: nil, endToEndPeakSource: "not measured", endToEndPeakBytesPerStoredValue: nil,
                benchPeakBytes: ProcessMemory.ownPeakBytes(), valueBufferBytes: 0, valueBufferBytesPerStoredValue: 0),
            checks: checks, passed: false)
    }

    private func progress(_ what: String) {
        FileHandle.standardError.write(Data("[rollup-bench] \(what)\n".utf8))
    }

    static func machine() -> MachineReport {
        var memory: Int?
        var cpu: String?
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") })
        {
            memory = Int(line.filter(\.isNumber)).map { $0 * 1024 }
        }
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return MachineReport(activeProcessors: ParallelAggregator.activeProcessors, memoryBytes: memory, cpu: cpu)
    }
}
