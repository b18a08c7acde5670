import RollupIO
import RollupKernel
import RollupModel

/// `rollup compare DATA --from 2024 --to 2025`: the change of every indicator for every unit of
/// the later tree, with earlier figures mapped through mergers.
public struct CompareCommand: Subcommand {
    public static let name = "compare"
    public static let abstract = "Compare two periods across changes of the tree (mergers, abolished levels)."
    public static let discussion = """
        For every unit existing in the --to period and every indicator it has a value for, gives the
        --from figure and the change. A unit that did not exist in --from (a province formed by a
        merger) gets its predecessors' figures combined with the indicator's own aggregation and
        weights, marked 'derived'; a unit that split is marked 'split' and never divided.
        Writes comparison.csv to --out FILE, or to standard output.

        EXAMPLE:
          rollup compare Samples/haiphong-real --from 2024 --to 2025 --out comparison.csv
        """
    public static let arguments = [ArgumentSpec("DATA", help: "The data folder to read.")]
    public static let options =
        [
            OptionSpec("from", value: "YEAR", help: "The earlier period (default: the first period with values)."),
            OptionSpec("to", value: "YEAR", help: "The later period (default: the last period with values)."),
            OptionSpec(
                "out", short: "o", value: "FILE", help: "Write comparison.csv here (replaced atomically) instead of standard output."),
        ] + DataOptions.specs

    let data: String
    let from: Int?
    let to: Int?
    let out: String?
    let vietnamese: Bool
    let threads: Int

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        data = try Self.positionals(parsed)[0]
        from = try Self.positiveInteger(parsed, "from")
        to = try Self.positiveInteger(parsed, "to")
        out = parsed.value("out")
        vietnamese = parsed.flag("vietnamese")
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
    }

    public func run(_ console: Console) -> ExitStatus {
        guard let loaded = DataOptions.load(data, vietnamese: vietnamese, threads: threads, console: console) else { return .inputError }
        let dataset = loaded.dataset
        guard let first = dataset.periods.first, let last = dataset.periods.last else {
            console.err("error: \(data) has no values to compare")
            return .inputError
        }
        let fromYear = from ?? first
        let toYear = to ?? last
        guard let k0 = dataset.periodIndex(of: fromYear), let k1 = dataset.periodIndex(of: toYear) else {
            console.err(
                "error: no values for \(dataset.periodIndex(of: fromYear) == nil ? fromYear : toYear); periods with values: "
                    + dataset.periods.map(String.init).joined(separator: ", "))
            return .usage
        }
        let rollup = ParallelAggregator(threads: threads).rollUp(dataset)
        let (bytes, summary) = ComparisonFile.format(dataset, rollup, from: k0, to: k1)
        if let out {
            if case .failure(let failure) = AtomicFile.write(bytes, to: out) {
                console.err("error: \(failure.description)")
                return .cannotWrite
            }
            let parts = [FigureBasis.own, .derived, .partial, .split, .notAdditive, .none].compactMap { basis in
                summary.byBasis[basis].map { "\($0) \(basis.rawValue)" }
            }
            console.out("compared \(fromYear) with \(toYear): \(summary.rows) rows (" + parts.joined(separator: ", ") + ") in \(out)")
        } else {
            console.out(String(decoding: bytes.dropLast(), as: UTF8.self))
        }
        return .success
    }
}
