import Foundation
import RollupSynthetic

/// A generated data folder of one preset and seed, reused between runs while its recorded
/// summary still matches the files and the generator.
///
/// The folder holds the four CSV files and `summary.json`: the ``SyntheticSummary`` counts and
/// a fingerprint of the generator (a hash of the `city` preset it writes for the same seed, a few
/// milliseconds of work). A folder whose file sizes or fingerprint differ is generated again.
struct PresetData {
    /// What `summary.json` records.
    struct Record: Codable, Equatable {
        var preset: String
        var seed: UInt64
        var units: Int
        var leaves: Int
        var depth: Int
        var levelCounts: [Int]
        var indicators: Int
        var targetRows: Int
        var valueRows: Int
        var ownReportUnits: Int
        var plantedMismatchUnits: Int
        var unitsBytes: Int
        var indicatorsBytes: Int
        var targetsBytes: Int
        var valuesBytes: Int
        var generatorFingerprint: String

        var totalBytes: Int { unitsBytes + indicatorsBytes + targetsBytes + valuesBytes }
    }

    let folder: String
    let record: Record
    /// Seconds spent generating (0 when reused).
    let generationSeconds: Double
    let reused: Bool

    static let files = ["units.csv", "indicators.csv", "targets.csv", "values.csv"]

    /// Generates or reuses `root/<preset>-seed<S>`.
    static func prepare(preset: SyntheticPreset, seed: UInt64, root: String, regenerate: Bool) throws -> PresetData {
        let folder = root + "/\(preset.rawValue)-seed\(seed)"
        let fingerprint = try generatorFingerprint(seed: seed)
        let summaryPath = folder + "/summary.json"
        if !regenerate, let data = FileManager.default.contents(atPath: summaryPath),
            let record = try? JSONDecoder().decode(Record.self, from: data),
            record.preset == preset.rawValue, record.seed == seed, record.generatorFingerprint == fingerprint,
            sizesMatch(folder: folder, record: record)
        {
            return PresetData(folder: folder, record: record, generationSeconds: 0, reused: true)
        }
        try? FileManager.default.removeItem(atPath: summaryPath)
        let start = Clock.now()
        let summary = try SyntheticWriter.write(
            SyntheticOptions(preset: preset, seed: seed), to: URL(fileURLWithPath: folder, isDirectory: true))
        let seconds = Clock.now() - start
        let record = Record(summary, preset: preset, seed: seed, fingerprint: fingerprint)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: URL(fileURLWithPath: summaryPath))
        return PresetData(folder: folder, record: record, generationSeconds: seconds, reused: false)
    }

    private static func sizesMatch(folder: String, record: Record) -> Bool {
        let expected = [record.unitsBytes, record.indicatorsBytes, record.targetsBytes, record.valuesBytes]
        for (name, bytes) in zip(files, expected) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + name),
                let size = attributes[.size] as? NSNumber, size.intValue == bytes
            else { return false }
        }
        return true
    }

    /// A hash (FNV-1a, 64 bits) of the four files of the `city` preset for `seed`: changes when
    /// the generator's output does.
    static func generatorFingerprint(seed: UInt64) throws -> String {
        let scratch = NSTemporaryDirectory() + "rollup-bench-fingerprint-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = try SyntheticWriter.write(SyntheticOptions(preset: .city, seed: seed), to: URL(fileURLWithPath: scratch, isDirectory: true))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in files {
            guard let data = FileManager.default.contents(atPath: scratch + "/" + name) else { continue }
            for byte in data {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}

extension PresetData.Record {
    init(_ summary: SyntheticSummary, preset: SyntheticPreset, seed: UInt64, fingerprint: String) {
        self.init(
            preset: preset.rawValue, seed: seed, units: summary.units, leaves: summary.leaves, depth: summary.depth,
            levelCounts: summary.levelCounts, indicators: summary.indicators, targetRows: summary.targetRows,
            valueRows: summary.valueRows, ownReportUnits: summary.ownReportUnits,
            plantedMismatchUnits: summary.plantedMismatchUnits, unitsBytes: summary.unitsBytes,
            indicatorsBytes: summary.indicatorsBytes, targetsBytes: summary.targetsBytes, valuesBytes: summary.valuesBytes,
            generatorFingerprint: fingerprint)
    }
}
