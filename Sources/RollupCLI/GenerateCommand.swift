import Foundation
import RollupSynthetic

/// `rollup generate --preset NAME --seed S OUT`: writes a synthetic data folder in the contract,
/// the same bytes for the same preset and seed.
public struct GenerateCommand: Subcommand {
    public static let name = "generate"
    public static let abstract = "Write a synthetic data folder (deterministic for a seed)."
    public static let discussion = """
        Presets: city (1 city, 6 districts, 40 wards, 300 residential groups), vn (1 nation,
        34 provinces, 3,321 communes, 100,000 villages), 1m (about 1,000,000 leaves, 6 levels),
        10m (about 10,000,000 leaves). Files are streamed: 10m needs no memory for its text.

        EXAMPLE:
          rollup generate --preset vn --seed 1 data/vn
        """
    public static let arguments = [ArgumentSpec("OUT", help: "The folder to write (created if needed).")]
    public static let options = [
        OptionSpec("preset", short: "p", value: "NAME", help: "city, vn, 1m or 10m (default: city)."),
        OptionSpec("seed", short: "s", value: "S", help: "The random seed, a non-negative integer (default: 42)."),
        OptionSpec("periods", value: "Y,Y", help: "The periods to report (default: 2024,2025)."),
        OptionSpec("vietnamese", help: "Write decimals in Vietnamese notation (\"94,17\")."),
        OptionSpec(
            "merge-fraction", value: "F",
            help: "Merge this share (0 to 1) of the units above the leaves into a sibling after the first period."),
    ]

    let out: String
    let options: SyntheticOptions

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        out = try Self.positionals(parsed)[0]
        let presetName = parsed.value("preset") ?? "city"
        guard let preset = SyntheticPreset(rawValue: presetName) else {
            throw UsageError(
                "option '--preset' needs one of " + SyntheticPreset.allCases.map(\.rawValue).joined(separator: ", ")
                    + ", found '\(presetName)'")
        }
        var seed: UInt64 = 42
        if let text = parsed.value("seed") {
            guard let s = UInt64(text) else { throw UsageError("option '--seed' needs a non-negative integer, found '\(text)'") }
            seed = s
        }
        var periods = [2024, 2025]
        if let text = parsed.value("periods") {
            let years = text.split(separator: ",").compactMap { Int($0) }
            guard !years.isEmpty, years.count == text.split(separator: ",").count, years.allSatisfy({ $0 > 0 && $0 < 10_000 }) else {
                throw UsageError("option '--periods' needs years separated by commas, found '\(text)'")
            }
            periods = years.sorted()
        }
        var options = SyntheticOptions(preset: preset, seed: seed, periods: periods, vietnameseNotation: parsed.flag("vietnamese"))
        if let text = parsed.value("merge-fraction") {
            guard let f = Double(text), f >= 0, f <= 1 else {
                throw UsageError("option '--merge-fraction' needs a number from 0 to 1, found '\(text)'")
            }
            options.mergeFraction = f
        }
        self.options = options
    }

    public func run(_ console: Console) -> ExitStatus {
        do {
            let summary = try SyntheticWriter.write(options, to: URL(fileURLWithPath: out))
            console.out(
                "wrote \(out): \(summary.units) units (\(summary.leaves) leaves, \(summary.depth) levels), \(summary.indicators) indicators, \(summary.valueRows) values, \(summary.targetRows) targets, \(summary.mergedUnits) merged, \(summary.totalBytes) bytes"
            )
            return .success
        } catch {
            console.err("error: could not write \(out): \(error)")
            return .cannotWrite
        }
    }
}
