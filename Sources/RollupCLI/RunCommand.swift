import RollupIO
import RollupKernel
import RollupModel

/// `rollup run DATA --out OUT`: loads a data folder, rolls every indicator up, and writes the
/// results folder all or nothing.
public struct RunCommand: Subcommand {
    public static let name = "run"
    public static let abstract = "Roll a data folder up and write the results folder."
    public static let discussion = """
        Reads DATA (units.csv, indicators.csv, and optionally targets.csv and values.csv) and writes
        OUT/rollups.csv. OUT is replaced all or nothing: if anything fails, the previous results stay
        exactly as they were.

        EXAMPLE:
          rollup run Samples/city-synthetic --out results/
        """
    public static let arguments = [ArgumentSpec("DATA", help: "The data folder to read.")]
    public static let options =
        [OptionSpec("out", short: "o", value: "OUT", help: "The results folder to write (created or replaced).")]
        + DataOptions.specs + [OptionSpec("quiet", short: "q", help: "Print nothing but errors.")]

    let data: String
    let out: String
    let vietnamese: Bool
    let threads: Int
    let quiet: Bool

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        data = try Self.positionals(parsed)[0]
        guard let out = parsed.value("out"), !out.isEmpty else { throw UsageError("missing option --out OUT") }
        self.out = out
        vietnamese = parsed.flag("vietnamese")
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
        quiet = parsed.flag("quiet")
    }

    public func run(_ console: Console) -> ExitStatus {
        guard let loaded = DataOptions.load(data, vietnamese: vietnamese, console: console) else { return .inputError }
        let dataset = loaded.dataset
        let rollup = ParallelAggregator(threads: threads).rollUp(dataset)
        let rollups = RollupsFile.format(dataset, rollup)
        let rows = rollups.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
        switch ResultsFolder(target: out).write([("rollups.csv", rollups)]) {
        case .failure(let failure):
            console.err("error: \(failure.description); the previous results are untouched")
            return .cannotWrite
        case .success:
            break
        }
        if !quiet {
            console.out(
                "rolled up \(dataset.units.count) units, \(dataset.indicators.count) indicators, \(dataset.periods.count) period\(dataset.periods.count == 1 ? "" : "s"): \(rows) rows in \(out)/rollups.csv"
            )
        }
        return .success
    }
}
