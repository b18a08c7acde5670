import Foundation
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import RollupReport

/// What a results folder records about the run that made it, so that `rollup report OUT` can
/// load the same data the same way again: `run.json`.
///
/// ```json
/// {
///   "data" : "/home/office/data/2025",
///   "data_as_given" : "data/2025",
///   "encoding" : "auto",
///   "format" : "rollup-run/1",
///   "inputs" : [{"bytes" : 11495, "file" : "units.csv"}],
///   "skip_invalid" : false,
///   "threads" : 8,
///   "time" : "2026-11-23T02:00:07Z",
///   "version" : "0.1.0",
///   "vietnamese" : false,
///   "warnings" : []
/// }
/// ```
struct RunSettings: Codable, Hashable {
    /// The format's name and version.
    static let formatName = "rollup-run/1"

    var format = RunSettings.formatName
    /// The data folder, absolute.
    var data: String
    /// The data folder as given on the command line.
    var dataAsGiven: String
    var vietnamese: Bool
    var encoding: String
    var threads: Int
    /// Whether bad value and target rows were set aside (`--skip-invalid`).
    var skipInvalid: Bool
    /// When the run was made, UTC.
    var time: String
    var version: String
    var inputs: [Input]
    /// The warnings the input raised.
    var warnings: [String]

    struct Input: Codable, Hashable {
        var file: String
        var bytes: Int
    }

    enum CodingKeys: String, CodingKey {
        case format, data, vietnamese, encoding, threads, time, version, inputs, warnings
        case dataAsGiven = "data_as_given"
        case skipInvalid = "skip_invalid"
    }

    /// The settings of a run reading `data` now.
    init(data: String, vietnamese: Bool, encoding: InputEncoding, threads: Int, skipInvalid: Bool, warnings: [String]) {
        dataAsGiven = data
        self.data = data.hasPrefix("/") ? data : FileManager.default.currentDirectoryPath + "/" + data
        self.vietnamese = vietnamese
        self.encoding = encoding.rawValue
        self.threads = threads
        self.skipInvalid = skipInvalid
        time = ISO8601DateFormatter().string(from: Date())
        version = RollupCommandLine.version
        inputs = RunSettings.inputs(of: data)
        self.warnings = warnings
    }

    /// The data files that exist in `folder`, with their sizes.
    static func inputs(of folder: String) -> [Input] {
        ["units.csv", "indicators.csv", "targets.csv", "values.csv"].compactMap { name in
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = attributes[.size] as? NSNumber
            else { return nil }
            return Input(file: name, bytes: size.intValue)
        }
    }

    /// The JSON, keys sorted, slashes unescaped, a final line end.
    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)).map { Array($0) } ?? []) + [0x0A]
    }

    /// The facts a report states about this run.
    func facts(reportTime: String? = nil, extraWarnings: [String] = []) -> RunFacts {
        var options = [RunFacts.Option("threads", String(threads)), RunFacts.Option("encoding", encoding)]
        if vietnamese { options.insert(RunFacts.Option("vietnamese", "yes"), at: 0) }
        if skipInvalid { options.append(RunFacts.Option("skip-invalid", "yes")) }
        return RunFacts(
            dataFolder: dataAsGiven,
            inputFiles: inputs.map {
                RunFacts.InputFile(path: (dataAsGiven.hasSuffix("/") ? dataAsGiven : dataAsGiven + "/") + $0.file, bytes: $0.bytes)
            },
            runTime: time, reportTime: reportTime, options: options, version: version, warnings: warnings + extraWarnings)
    }
}

/// The files `rollup run` adds beside the contract files: `run.json` always, `report.html` with
/// `--report`, and the spreadsheet copies with `--excel`.
enum ReportOutputs {
    /// The options `rollup run` takes for them.
    static let specs = [
        OptionSpec("report", help: "Also write OUT/report.html: a page to read, print on A4 and forward (no script, no network)."),
        OptionSpec(
            "excel",
            help:
                "Also write rollups.excel.csv, findings.excel.csv and progress.excel.csv for spreadsheets (byte-order mark; formula-like cells shown as text)."
        ),
    ]

    /// The files to add to `files` (the contract files in memory, by name; `rollups.csv` and its
    /// copy are streamed by ``RollupsOutput``).
    static func files(
        _ files: [(String, [UInt8])], dataset: Dataset, rollup: Rollup, report: FindingsReport, settings: RunSettings, html: Bool,
        excel: Bool
    ) -> [(String, [UInt8])] {
        var extra: [(String, [UInt8])] = [("run.json", settings.json())]
        if excel {
            for (name, bytes) in files where name.hasSuffix(".csv") {
                extra.append((SpreadsheetCopy.name(for: name), SpreadsheetCopy.convert(bytes)))
            }
        }
        if html {
            extra.append(("report.html", HTMLReport.render(dataset, rollup, report, facts: settings.facts())))
        }
        return extra
    }
}
