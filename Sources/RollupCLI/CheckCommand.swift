import RollupFindings
import RollupIO
import RollupKernel

/// `rollup check DATA`: reads and checks a data folder and rolls it up without writing anything.
public struct CheckCommand: Subcommand {
    public static let name = "check"
    public static let abstract = "Check a data folder and print its findings, writing nothing."
    public static let discussion = """
        Reports every input error of every file (FILE:LINE:COLUMN: what was found, what was expected)
        and exits with status 65 if there is any; otherwise rolls the data up, runs every check and
        prints the findings summary, most severe first.

        EXAMPLE:
          rollup check Samples/haiphong-real
        """
    public static let arguments = [ArgumentSpec("DATA", help: "The data folder to read.")]
    public static let options =
        DataOptions.specs + [
            OptionSpec("fail-on-errors", help: "Exit with status 1 when findings of error severity exist.")
        ]

    let data: String
    let vietnamese: Bool
    let threads: Int
    let failOnErrors: Bool
    let encoding: InputEncoding

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        data = try Self.positionals(parsed)[0]
        vietnamese = parsed.flag("vietnamese")
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
        failOnErrors = parsed.flag("fail-on-errors")
        encoding = try DataOptions.encoding(parsed)
    }

    public func run(_ console: Console) -> ExitStatus {
        guard let loaded = DataOptions.load(data, vietnamese: vietnamese, threads: threads, encoding: encoding, console: console) else {
            return .inputError
        }
        let dataset = loaded.dataset
        let rollup = ParallelAggregator(threads: threads).rollUp(dataset)
        let report = FindingsEngine.evaluate(dataset, rollup, threads: threads)
        let counts = ["units.csv", "indicators.csv", "values.csv", "targets.csv"].map { "\($0): \(loaded.rowCounts[$0] ?? 0)" }
        console.out(
            "\(data): no input errors (" + counts.joined(separator: ", ") + "); periods "
                + dataset.periods.map(String.init).joined(separator: ", "))
        for line in FindingsSummary.lines(report, dataset) { console.out(line) }
        HeldUntilExit.keep([loaded, rollup, report])
        return failOnErrors && report.hasErrors ? .findings : .success
    }
}
