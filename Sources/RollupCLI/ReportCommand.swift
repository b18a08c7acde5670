import Foundation
import RollupFindings
import RollupIO
import RollupKernel
import RollupReport

/// `rollup report OUT [--markdown]`: makes the report of a results folder again, from the data
/// folder and options recorded in `OUT/run.json` (or `OUT/manifest.json`).
public struct ReportCommand: Subcommand {
    public static let name = "report"
    public static let abstract = "Write OUT/report.html again from the data a results folder was made from."
    public static let discussion = """
        Reads OUT/run.json (written by every 'rollup run'; OUT/manifest.json when there is no
        run.json) for the data folder and the options of the run, loads the data again, rolls it
        up, runs every check, and writes OUT/report.html (to a temporary file in OUT, then renamed
        over it). The other files of OUT are not touched.

        With --markdown, prints the overview as Markdown on standard output instead (for e-mail),
        and writes nothing.

        EXAMPLE:
          rollup run Samples/haiphong-real --out results/
          rollup report results/
          rollup report results/ --markdown > summary.md
        """
    public static let arguments = [ArgumentSpec("OUT", help: "A results folder written by 'rollup run'.")]
    public static let options = [
        OptionSpec("markdown", help: "Print the overview as Markdown on standard output; write nothing."),
        OptionSpec("threads", short: "j", value: "N", help: "Threads for the roll-up (default: the active processors)."),
    ]

    let out: String
    let markdown: Bool
    let threads: Int

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        out = try Self.positionals(parsed)[0]
        markdown = parsed.flag("markdown")
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The settings of the run that made `out`: run.json, else what manifest.json says (its data
    /// folder and command line).
    static func settings(_ out: String) -> Result<RunSettings, UsageError> {
        let runPath = join(out, "run.json")
        if let data = FileManager.default.contents(atPath: runPath) {
            do {
                return .success(try JSONDecoder().decode(RunSettings.self, from: data))
            } catch {
                return .failure(
                    UsageError(
                        "\(runPath):1:1: found a file that is not rollup's run.json (\(error)), expected JSON in the format \(RunSettings.formatName)"
                    ))
            }
        }
        let manifestPath = join(out, "manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            return .failure(UsageError("\(out): found no run.json or manifest.json, expected a results folder written by 'rollup run'"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let folder = object["data"] as? String else {
            return .failure(UsageError("\(manifestPath):1:1: found no data folder in it, expected the manifest that 'rollup run' writes"))
        }
        let words = (object["command"] as? [String]) ?? []
        let parsed = (try? ParsedArguments.parse(Array(words.dropFirst(2)), options: RunCommand.options).get()) ?? ParsedArguments()
        let encoding = parsed.value("encoding").flatMap { InputEncoding(name: $0) } ?? .auto
        var settings = RunSettings(
            data: folder, vietnamese: parsed.flag("vietnamese"), encoding: encoding, threads: Int(parsed.value("threads") ?? "") ?? 1,
            skipInvalid: parsed.flag("skip-invalid"),
            warnings: (object["warnings"] as? [String]) ?? [])
        settings.time = (object["finished"] as? String) ?? settings.time
        settings.version = (object["version"] as? String) ?? settings.version
        if let inputs = object["inputs"] as? [[String: Any]] {
            settings.inputs = inputs.compactMap { entry in
                guard let file = entry["file"] as? String, let bytes = entry["bytes"] as? Int else { return nil }
                return RunSettings.Input(file: file, bytes: bytes)
            }
        }
        return .success(settings)
    }

    public func run(_ console: Console) -> ExitStatus {
        guard FileBytes.isDirectory(out) else {
            console.err("error: \(out): found no results folder, expected the folder 'rollup run --out' wrote")
            return .inputError
        }
        let settings: RunSettings
        switch Self.settings(out) {
        case .success(let s): settings = s
        case .failure(let problem):
            console.err("error: " + problem.message)
            return .inputError
        }
        let encoding = InputEncoding(rawValue: settings.encoding) ?? .auto
        guard
            let loaded = DataOptions.load(
                settings.data, vietnamese: settings.vietnamese, threads: threads, encoding: encoding, console: console)
        else {
            console.err("error: could not load \(settings.data) again, the data folder of \(out); the report was not written")
            return .inputError
        }
        // Files changed since the run are said in the report.
        var changed: [String] = []
        let now = RunSettings.inputs(of: settings.data)
        for input in settings.inputs {
            let size = now.first { $0.file == input.file }?.bytes
            if size != input.bytes {
                changed.append(
                    "\(input.file) has changed since the run (\(input.bytes) bytes then, " + (size.map { "\($0) now" } ?? "absent now")
                        + "): this report shows the data as it is now.")
            }
        }
        var facts = settings.facts(reportTime: ISO8601DateFormatter().string(from: Date()), extraWarnings: changed)
        facts.warnings = Array(Set(facts.warnings + loaded.warnings.map(\.description))).sorted()
        let dataset = loaded.dataset
        let rollup = ParallelAggregator(threads: threads).rollUp(dataset)
        let report = FindingsEngine.evaluate(dataset, rollup, threads: threads)
        HeldUntilExit.keep([loaded, rollup, report])
        if markdown {
            var text = MarkdownSummary.render(dataset, rollup, report, facts: facts)
            if text.hasSuffix("\n") { text.removeLast() }
            console.out(text)
            return .success
        }
        let path = Self.join(out, "report.html")
        if case .failure(let failure) = AtomicFile.write(HTMLReport.render(dataset, rollup, report, facts: facts), to: path) {
            console.err("error: \(failure.description); the previous report is untouched")
            return .cannotWrite
        }
        console.out(
            "wrote \(path): \(dataset.units.count) units, \(dataset.indicators.count) indicators, \(report.findings.count) findings")
        return .success
    }
}
