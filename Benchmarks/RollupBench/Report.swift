import Foundation

/// The min, median and max of a measurement, with every run, as the JSON report holds them.
struct Timing: Codable {
    var runs: Int
    var minSeconds: Double
    var medianSeconds: Double
    var maxSeconds: Double
    var seconds: [Double]

    init(_ samples: Samples) {
        runs = samples.seconds.count
        minSeconds = samples.min
        medianSeconds = samples.median
        maxSeconds = samples.max
        seconds = samples.seconds
    }
}

/// One measured stage: its times and the rates derived from the best run.
struct StageReport: Codable {
    var name: String
    var threads: Int
    var timing: Timing
    /// Rates from the fastest run, by name (`MB/s`, `values/s`, `GB/s`, `triad fraction`).
    var rates: [String: Double]
    var note: String
}

/// Compute and end-to-end times at one thread count.
struct ScalingPoint: Codable {
    var threads: Int
    var load: Timing?
    var loadSpeedup: Double?
    var compute: Timing?
    var endToEnd: Timing?
    /// Median at 1 thread over median here.
    var computeSpeedup: Double?
    var endToEndSpeedup: Double?
}

struct MachineReport: Codable {
    var activeProcessors: Int
    var memoryBytes: Int?
    var cpu: String?
}

struct DataReport: Codable {
    var folder: String
    var reused: Bool
    var generationSeconds: Double
    var units: Int
    var leaves: Int
    var depth: Int
    var indicators: Int
    var periods: Int
    var valueRows: Int
    /// Values the loader stored (exact numbers and intervals).
    var storedValues: Int
    var inputBytes: Int
    var valuesBytes: Int
    var outputBytes: Int
    var outputRows: Int
}

struct MemoryReport: Codable {
    /// The peak resident set of one `rollup run` child process.
    var endToEndPeakBytes: Int?
    var endToEndPeakSource: String
    var endToEndPeakBytesPerStoredValue: Double?
    /// `VmHWM` of this benchmark process (holds several datasets and roll-ups at once).
    var benchPeakBytes: Int?
    /// The reported values' buffers: 8 bytes per slot (units × indicators × periods) plus the
    /// interval side tables (about 32 bytes per interval).
    var valueBufferBytes: Int
    var valueBufferBytesPerStoredValue: Double
}

/// Everything one run of the suite measured and checked.
struct Report: Codable {
    var preset: String
    var seed: UInt64
    var quick: Bool
    var date: String
    var machine: MachineReport
    var data: DataReport
    var triad: MemoryBandwidth.Result
    var stages: [StageReport]
    var scaling: [ScalingPoint]
    var memory: MemoryReport
    var checks: [CheckResult]
    var passed: Bool

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(self).write(to: url)
    }

    /// The human-readable table.
    func table() -> String {
        var lines: [String] = []
        lines.append(
            "rollup-bench \(preset) seed \(seed)\(quick ? " (quick)" : ""): \(data.units) units, \(data.leaves) leaves, "
                + "\(data.storedValues) stored values, input \(Format.megabytes(data.inputBytes)) (values.csv \(Format.megabytes(data.valuesBytes))), "
                + "output \(Format.megabytes(data.outputBytes)), \(data.outputRows) rows")
        lines.append(
            "machine: \(machine.activeProcessors) active processors, \(machine.memoryBytes.map(Format.megabytes) ?? "?") memory; "
                + "triad \(Format.number(triad.bestGBPerSecond)) GB/s best, \(Format.number(triad.medianGBPerSecond)) median "
                + "(\(triad.threads) threads, 3 x \(Format.megabytes(triad.bytesPerArray)))")
        lines.append("")
        let header = ["stage", "threads", "runs", "min s", "median s", "rate (best run)"]
        var rows: [[String]] = []
        for stage in stages {
            let rates = stage.rates.keys.sorted().map { "\(Format.number(stage.rates[$0] ?? .nan)) \($0)" }.joined(separator: ", ")
            rows.append([
                stage.name, "\(stage.threads)", "\(stage.timing.runs)", Format.seconds(stage.timing.minSeconds),
                Format.seconds(stage.timing.medianSeconds), rates,
            ])
        }
        lines += Format.table(header: header, rows: rows)
        if !scaling.isEmpty {
            lines.append("")
            var scalingRows: [[String]] = []
            for point in scaling {
                scalingRows.append([
                    "\(point.threads)", point.load.map { Format.seconds($0.medianSeconds) } ?? "-",
                    point.loadSpeedup.map { Format.number($0) + "x" } ?? "-", point.compute.map { Format.seconds($0.medianSeconds) } ?? "-",
                    point.computeSpeedup.map { Format.number($0) + "x" } ?? "-",
                    point.endToEnd.map { Format.seconds($0.medianSeconds) } ?? "-",
                    point.endToEndSpeedup.map { Format.number($0) + "x" } ?? "-",
                ])
            }
            lines += Format.table(
                header: ["threads", "load median s", "speed-up", "compute median s", "speed-up", "end-to-end median s", "speed-up"],
                rows: scalingRows)
        }
        lines.append("")
        lines.append(
            "peak memory: rollup run (child) \(memory.endToEndPeakBytes.map(Format.megabytes) ?? "not measured")"
                + (memory.endToEndPeakBytesPerStoredValue.map { ", \(Format.number($0)) bytes per stored value" } ?? "")
                + "; value buffers \(Format.megabytes(memory.valueBufferBytes)) (\(Format.number(memory.valueBufferBytesPerStoredValue)) bytes per stored value)"
                + "; this benchmark process \(memory.benchPeakBytes.map(Format.megabytes) ?? "?")")
        lines.append("")
        let failed = checks.filter { !$0.passed }
        lines.append("checks: \(checks.count - failed.count) of \(checks.count) passed")
        for check in failed { lines.append("  FAILED \(check.name): \(check.detail)") }
        return lines.joined(separator: "\n")
    }
}

/// Number formatting for the table.
enum Format {
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let magnitude = abs(x)
        if magnitude >= 1e9 { return String(format: "%.2fG", x / 1e9) }
        if magnitude >= 1e6 { return String(format: "%.2fM", x / 1e6) }
        if magnitude >= 100 { return String(format: "%.0f", x) }
        if magnitude >= 10 { return String(format: "%.1f", x) }
        return String(format: "%.3g", x)
    }

    static func seconds(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4f", x) : "-"
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1e6)
    }

    static func table(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (k, cell) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { k, cell in
                k == cells.count - 1 ? cell : cell.padding(toLength: widths[k], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
    }
}
