import RollupFindings
import RollupIO
import RollupKernel
import RollupModel

/// `rollup run DATA --out OUT`: loads a data folder, rolls every indicator up, and writes the
/// results folder all or nothing.
public struct RunCommand: Subcommand {
    public static let name = "run"
    public static let abstract = "Roll a data folder up and write the results folder."
    public static let discussion = """
        Reads DATA (units.csv, indicators.csv, and optionally targets.csv and values.csv) and writes
        OUT/rollups.csv, OUT/findings.csv and OUT/progress.csv, then prints a summary of the
        findings, most severe first. OUT is replaced all or nothing: if anything fails, the previous
        results stay exactly as they were.

        OUT/manifest.json records the inputs' sizes and SHA-256 (see 'rollup verify'). One run at a
        time per OUT: a second one fails with status 75 naming the first, or waits with --wait.

        EXAMPLE:
          rollup run Samples/city-synthetic --out results/
        """
    public static let arguments = [ArgumentSpec("DATA", help: "The data folder to read.")]
    public static let options =
        [OptionSpec("out", short: "o", value: "OUT", help: "The results folder to write (created or replaced).")]
        + DataOptions.specs + ReportOutputs.specs + [
            OptionSpec("quiet", short: "q", help: "Print nothing but errors and warnings."),
            OptionSpec("log", help: "Log each stage on standard error: UTC time, stage=NAME, seconds=S and counts."),
            OptionSpec("fail-on-errors", help: "Exit with status 1 when findings of error severity exist (results are still written)."),
            OptionSpec(
                "skip-invalid",
                help: "Set bad value and target rows aside in OUT/rejected.csv, roll up the rest, exit 2; structural errors still fail."),
            OptionSpec("wait", help: "If another run is writing OUT, wait for it to finish instead of failing with status 75."),
        ]

    let data: String
    let out: String
    let vietnamese: Bool
    let threads: Int
    let quiet: Bool
    let log: Bool
    let failOnErrors: Bool
    let skipInvalid: Bool
    let wait: Bool
    let encoding: InputEncoding
    /// `--report`: write OUT/report.html.
    let html: Bool
    /// `--excel`: write the spreadsheet copies.
    let excel: Bool
    /// The command line, for the manifest.
    let commandLine: [String]

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        data = try Self.positionals(parsed)[0]
        guard let out = parsed.value("out"), !out.isEmpty else { throw UsageError("missing option --out OUT") }
        self.out = out
        vietnamese = parsed.flag("vietnamese")
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
        quiet = parsed.flag("quiet")
        log = parsed.flag("log")
        failOnErrors = parsed.flag("fail-on-errors")
        skipInvalid = parsed.flag("skip-invalid")
        wait = parsed.flag("wait")
        encoding = try DataOptions.encoding(parsed)
        html = parsed.flag("report")
        excel = parsed.flag("excel")
        commandLine = RunRecord.commandLine(Self.name, parsed)
    }

    public func run(_ console: Console) -> ExitStatus {
        let progress = ProgressLine(wanted: !quiet)
        let console = progress.console(console)
        let stages = StageLog(console: console, enabled: log)
        let status = runLocked(console, stages, progress)
        progress.finish()
        stages.end(status)
        return status
    }

    /// The run, holding the lock of OUT from start to end: one run at a time per results folder.
    private func runLocked(_ console: Console, _ stages: StageLog, _ progress: ProgressLine) -> ExitStatus {
        let lock: RunLock
        let waiting = { (pid: Int32?) in
            console.err("waiting for " + (pid.map { "rollup run (process \($0))" } ?? "another rollup run") + " to finish writing \(out)")
        }
        switch RunLock.acquire(for: out, wait: wait, waiting: waiting) {
        case .success(let held): lock = held
        case .failure(let failure):
            console.err("error: \(failure.description); nothing was written")
            if case .held = failure { return .locked }
            return .cannotWrite
        }
        defer { lock.release() }
        stages.finish("lock", [("file", lock.path)])
        let inputDigests = InputDigests()
        progress.stage("reading \(data) (" + ProgressLine.size(of: RunSettings.inputs(of: data).reduce(0) { $0 + $1.bytes }) + ")")
        guard
            let loaded = DataOptions.load(
                data, vietnamese: vietnamese, threads: threads, encoding: encoding, console: console, skipInvalid: skipInvalid,
                whenRead: inputDigests.hash)
        else { return .inputError }
        let dataset = loaded.dataset
        let values = loaded.rowCounts["values.csv"] ?? 0
        stages.finish("load", [("units", "\(dataset.units.count)"), ("values", "\(values)"), ("rejected", "\(loaded.rejected.count)")])
        progress.stage("rolling up \(dataset.units.count) units")
        let rollup = progress.aggregator(threads: threads, units: dataset.units.count).rollUp(dataset)
        stages.finish("rollup", [("threads", "\(threads)")])
        let staging: ResultsStaging
        switch ResultsFolder(target: out).begin() {
        case .success(let begun): staging = begun
        case .failure(let failure): return cannotWrite(failure, console)
        }
        // rollups.csv, the largest file by far, is streamed into the staging folder on a thread of
        // its own while the findings are evaluated and the other files formatted: the parts of each
        // that run on one thread (hashing, sorting) then overlap with the other's parallel loops.
        let rollups = SideTask(alongside: threads > 1) { [threads, excel] in
            RollupsOutput.write(dataset, rollup, threads: threads, excel: excel, to: staging)
        }
        progress.stage("checking plans and figures")
        let report = FindingsEngine.evaluate(dataset, rollup, threads: threads)
        stages.finish("findings", [("findings", "\(report.findings.count)"), ("targets", "\(report.progress.count)")])
        // findings.csv and progress.csv (and their spreadsheet copies) are written piece by piece
        // as they are formatted, so that most of their bytes are on the disk by the commit.
        var others: [Manifest.File] = []
        let rowFiles: [(name: String, rows: Int, produce: ((UnsafeBufferPointer<UInt8>) -> Bool) -> Bool)] = [
            ("findings.csv", report.findings.count, { FindingsFile.stream(dataset, report, threads: threads, emit: $0) }),
            ("progress.csv", report.progress.count, { ProgressFile.stream(dataset, report, threads: threads, emit: $0) }),
        ]
        for file in rowFiles {
            switch staging.stream(file.name, spreadsheetCopy: excel, file.produce) {
            case .success(let written):
                // One row per finding and per target: the files need not be scanned for their records.
                others += written.map { Manifest.File(file: $0.name, rows: file.rows, bytes: $0.digest.bytes, sha256: $0.digest.sha256) }
            case .failure(let failure):
                _ = rollups.finish()
                return cannotWrite(failure, console)
            }
        }
        var files: [(String, [UInt8])] = []
        if skipInvalid { files.append(("rejected.csv", RejectedFile.format(loaded.rejected))) }
        let status: ExitStatus = failOnErrors && report.hasErrors ? .findings : loaded.rejected.isEmpty ? .success : .rejectedRows
        let settings = RunSettings(
            data: data, vietnamese: vietnamese, encoding: encoding, threads: threads, skipInvalid: skipInvalid,
            warnings: loaded.warnings.map(\.description))
        files += ReportOutputs.files(
            files, dataset: dataset, rollup: rollup, report: report, settings: settings, html: html, excel: excel)
        for (name, bytes) in files {
            switch staging.write(name, bytes) {
            case .success(let digest): others.append(RunRecord.output(name, bytes, digest))
            case .failure(let failure):
                _ = rollups.finish()
                return cannotWrite(failure, console)
            }
        }
        stages.finish("format", [("files", "\(files.count)")])
        progress.stage("writing rollups.csv")
        let streamed = rollups.finish()
        let staged: StagedResults
        switch streamed.value {
        case .success(let entries):
            staged = StagedResults(staging: staging, outputs: entries + others)
            stages.finish(
                "rollups",
                [
                    ("rows", "\(staged.rows)"), ("bytes", "\(entries.first?.bytes ?? 0)"),
                    ("streamed", String(format: "%.3f", streamed.seconds)),
                ])
        case .failure(let failure): return cannotWrite(failure, console)
        }
        if case .failure(let failure) = commit(staged, loaded: loaded, inputDigests: inputDigests, status: status, stages, progress) {
            return cannotWrite(failure, console)
        }
        let rows = staged.rows
        if !quiet {
            console.out(
                "rolled up \(dataset.units.count) units, \(dataset.indicators.count) indicators, \(dataset.periods.count) period\(dataset.periods.count == 1 ? "" : "s"): \(rows) rows in \(out)/rollups.csv"
            )
            for line in FindingsSummary.lines(report, dataset) { console.out(line) }
        }
        if !loaded.rejected.isEmpty {
            let n = loaded.rejected.count
            let where_ = RunRecord.join(out, "rejected.csv")
            console.err("warning: \(n) row\(n == 1 ? "" : "s") rejected, set aside in \(where_) (exit status 2)")
        }
        HeldUntilExit.keep([loaded, rollup, report])
        return status
    }

    /// Reports a failure to write OUT; nothing of this run reached it.
    private func cannotWrite(_ failure: OutputFile.Failure, _ console: Console) -> ExitStatus {
        console.err("error: \(failure.description); the previous results are untouched")
        return .cannotWrite
    }

    /// Completes OUT all or nothing: the manifest of the staged files, then the swap.
    private func commit(
        _ staged: StagedResults, loaded: LoadedDataset, inputDigests: InputDigests, status: ExitStatus, _ stages: StageLog,
        _ progress: ProgressLine
    ) -> Result<Void, OutputFile.Failure> {
        progress.stage("writing \(out)")
        // The manifest lists every other file of OUT, with its hash.
        let manifest = RunRecord.manifest(
            command: commandLine, data: data, inputs: inputDigests, outputs: staged.outputs, rejected: loaded.rejected.count,
            warnings: loaded.warnings, timings: stages.timings, status: status)
        stages.finish("manifest", [("inputs", "\(manifest.inputs.count)")])
        let written = staged.staging.write("manifest.json", manifest.json()).flatMap { _ in staged.staging.commit() }
        stages.finish("write", [("files", "\(staged.outputs.count + 1)")])
        return written
    }
}

/// OUT's staging folder once every file but the manifest is in it: what the rest of the run
/// completes or drops.
private struct StagedResults {
    let staging: ResultsStaging
    /// The manifest entries of the files staged, `rollups.csv` first.
    let outputs: [Manifest.File]
    var rows: Int { outputs.first?.rows ?? 0 }
}
