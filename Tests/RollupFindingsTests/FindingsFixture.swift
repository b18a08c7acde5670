import Foundation
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import XCTest

/// A small data folder written from text to a temporary directory, loaded, rolled up and checked.
struct FindingsFixture {
    let dataset: Dataset
    let rollup: Rollup
    let report: FindingsReport

    init(
        units: String, indicators: String, values: String = "unit,indicator,period,value\n",
        targets: String = "unit,indicator,year,target\n", options: FindingsOptions = FindingsOptions()
    ) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-findings-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        for (name, text) in ["units.csv": units, "indicators.csv": indicators, "values.csv": values, "targets.csv": targets] {
            try Data(text.utf8).write(to: base.appendingPathComponent(name))
        }
        try self.init(folder: base.path, options: options)
    }

    /// The real sample (Samples/haiphong-real) with rows appended to some of its files (file name →
    /// rows, without a header), for the worked examples of docs/FINDINGS.md.
    init(realSampleWith extra: [String: String], options: FindingsOptions = FindingsOptions()) throws {
        let sample = URL(fileURLWithPath: PackageRoot.path + "/Samples/haiphong-real")
        var files: [String: String] = [:]
        for name in ["units.csv", "indicators.csv", "values.csv", "targets.csv"] {
            var text = String(decoding: try Data(contentsOf: sample.appendingPathComponent(name)), as: UTF8.self)
            if let rows = extra[name] {
                if !text.hasSuffix("\n") { text += "\n" }
                text += rows
            }
            files[name] = text
        }
        try self.init(
            units: files["units.csv"] ?? "", indicators: files["indicators.csv"] ?? "", values: files["values.csv"] ?? "",
            targets: files["targets.csv"] ?? "", options: options)
    }

    init(folder: String, options: FindingsOptions = FindingsOptions()) throws {
        switch DatasetLoader.load(folder: folder) {
        case .success(let loaded): dataset = loaded.dataset
        case .failure(let errors): throw errors
        }
        rollup = ParallelAggregator(threads: 1).rollUp(dataset)
        report = FindingsEngine.evaluate(dataset, rollup, options: options)
    }

    /// The findings of `kind`, optionally of one unit code.
    func findings(_ kind: FindingKind, unit: String? = nil, indicator: String? = nil) -> [Finding] {
        report.findings.filter { f in
            f.kind == kind && (unit == nil || dataset.units.codes[f.unit] == unit)
                && (indicator == nil || dataset.indicators[f.indicator].code == indicator)
        }
    }

    /// The progress row of a unit, indicator and year.
    func progress(_ unit: String, _ indicator: String, _ year: Int) -> ProgressRow? {
        report.progress.first { r in
            dataset.units.codes[r.unit] == unit && dataset.indicators[r.indicator].code == indicator && r.year == year
        }
    }

    var findingsCSV: String { String(decoding: FindingsFile.format(dataset, report), as: UTF8.self) }
    var progressCSV: String { String(decoding: ProgressFile.format(dataset, report), as: UTF8.self) }
}

/// The package root, from this file's location.
enum PackageRoot {
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}
