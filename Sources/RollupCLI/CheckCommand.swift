import RollupIO
import RollupKernel

/// `rollup check DATA`: reads and checks a data folder and rolls it up without writing anything.
public struct CheckCommand: Subcommand {
    public static let name = "check"
    public static let abstract = "Check a data folder without writing anything."
    public static let discussion = """
        Reports every input error of every file (FILE:LINE:COLUMN: what was found, what was expected)
        and exits with status 65 if there is any; otherwise rolls the data up and prints what it holds.

        EXAMPLE:
          rollup check Samples/haiphong-real
        """
    public static let arguments = [ArgumentSpec("DATA", help: "The data folder to read.")]
    public static let options = DataOptions.specs

    let data: String
    let vietnamese: Bool
    let threads: Int

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        data = try Self.positionals(parsed)[0]
        vietnamese = parsed.flag("vietnamese")
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
    }

    public func run(_ console: Console) -> ExitStatus {
        guard let loaded = DataOptions.load(data, vietnamese: vietnamese, threads: threads, console: console) else { return .inputError }
        let dataset = loaded.dataset
        _ = ParallelAggregator(threads: threads).rollUp(dataset)
        let counts = ["units.csv", "indicators.csv", "values.csv", "targets.csv"].map { "\($0): \(loaded.rowCounts[$0] ?? 0)" }
        console.out("\(data): no input errors (" + counts.joined(separator: ", ") + "); periods " + dataset.periods.map(String.init).joined(separator: ", "))
        return .success
    }
}
