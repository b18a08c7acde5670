import Foundation

/// Writes a synthetic data folder in the interchange contract: `units.csv`, `indicators.csv`,
/// `targets.csv` and `values.csv`.
///
/// Deterministic: the same options write the same bytes on every run and machine. Streaming:
/// rows are formatted into a 1 MiB buffer per file, so memory stays O(internal units) whatever
/// the number of leaves (the 10m preset writes gigabytes in a few MiB).
public enum SyntheticWriter {
    /// Writes the data folder described by `options` into `directory` (created with its parents
    /// when missing; the four files are replaced) and returns what was written.
    ///
    /// Assumes nothing else writes to those files meanwhile. On error, files already written
    /// stay and the one being written is incomplete.
    ///
    /// - Throws: ``SyntheticWriterError`` when the folder or a file cannot be created or written.
    /// - Complexity: O(units × indicators × periods) time, O(internal units × periods) memory.
    public static func write(_ options: SyntheticOptions, to directory: URL) throws -> SyntheticSummary {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SyntheticWriterError.cannotCreateDirectory(path: directory.path, reason: "\(error)")
        }
        let tree = SyntheticTree(preset: options.preset, seed: options.seed)
        let notation = Notation(vietnamese: options.vietnameseNotation)
        let periods = Array(Set(options.periods)).sorted()
        var mergeGenerator = SeededGenerator(seed: options.seed ^ 0x6D65_7267_6573)
        let merges = MergePlan(tree: tree, fraction: options.mergeFraction, periods: periods, using: &mergeGenerator)
        let unitsBytes = try UnitsFile.write(tree, merges: merges, to: directory.appendingPathComponent("units.csv"))
        let indicatorsBytes = try IndicatorsFile.write(to: directory.appendingPathComponent("indicators.csv"))
        let targets = try TargetsFile.write(
            tree, seed: options.seed, notation: notation, to: directory.appendingPathComponent("targets.csv"))
        let values = try ValuesFile.write(
            tree, options: options, periods: periods, notation: notation, merges: merges,
            to: directory.appendingPathComponent("values.csv"))
        var summary = SyntheticSummary(
            units: tree.unitCount, leaves: tree.leafCount, depth: tree.depth,
            levelCounts: tree.levels.map(\.count), indicators: SyntheticCatalog.indicators.count,
            targetRows: targets.rows, valueRows: values.rows, ownReportUnits: values.ownReportUnits,
            plantedMismatchUnits: values.plantedMismatchUnits, unitsBytes: unitsBytes,
            indicatorsBytes: indicatorsBytes, targetsBytes: targets.bytes, valuesBytes: values.bytes)
        summary.mergedUnits = merges.merged
        return summary
    }
}
