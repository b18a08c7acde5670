import Dispatch
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import RollupSimulation

#if canImport(Glibc)
    import Glibc
#endif

/// `rollup simulate DATA --set UNIT:INDICATOR:YEAR=TARGET ... --out OUT`: what if the plan's
/// targets changed? Writes the changed plan's findings and progress, what the changes resolved,
/// introduced or altered, and what children would need where their targets cannot reach their
/// parent's; or, with `--interactive`, answers commands read from standard input.
public struct SimulateCommand: Subcommand {
    /// `simulate`.
    public static let name = "simulate"
    /// One line for the command list.
    public static let abstract = "What if: change targets, see what becomes reachable and what each child would need."
    /// The help's paragraphs and examples.
    public static let discussion = """
        Applies target changes to the plan of DATA (DATA itself is never modified) and writes OUT, all
        or nothing:
          findings.csv, progress.csv  the changed plan's, as rollup run writes them
          changes.csv                 every finding and progress status the changes resolved,
                                      introduced or altered (change,kind,unit,indicator,period,before,after)
          needs.csv                   for every parent target its children's targets cannot reach, what
                                      each child would need (parent,indicator,year,child,current_target,
                                      needed_target,method) under the common floor (every child below F
                                      raised to the least F that reaches the target) and the proportional
                                      uplift (every child's gap to the best possible value closed by the
                                      same fraction); method 'unreachable' with no needed target when not
                                      even every free child at its best reaches it.
        Changes use the notations of targets.csv (97, >=97, "94,5", 28-30, a level); '-' removes a
        target. A --changes file has the columns of targets.csv. --set options apply after the file,
        in order.

        With --interactive, DATA is loaded once and commands are read from standard input (set, unset,
        show, needs, diff, undo, save, help, quit); it works with piped input.

        EXAMPLES:
          rollup simulate Samples/haiphong-real --set BS:BHYT:2025=95 --out what-if/
          rollup simulate Samples/city-synthetic --set P1:BHYT:2030=97 --hold D1 --out what-if/
          rollup simulate Samples/city-synthetic --interactive < plan-session.txt
        """
    /// DATA.
    public static let arguments = [ArgumentSpec("DATA", help: "The data folder to read (never modified).")]
    /// The options, driving parsing and help.
    public static let options =
        [
            OptionSpec("set", value: "UNIT:INDICATOR:YEAR=TARGET", help: "Change one target ('-' removes it); repeatable."),
            OptionSpec("changes", value: "FILE", help: "A CSV of changes with the columns of targets.csv (unit,indicator,year,target)."),
            OptionSpec(
                "hold", value: "UNIT",
                help: "Keep this child at its current target in needs.csv; the others make up the difference. Repeatable."),
            OptionSpec("out", short: "o", value: "OUT", help: "The results folder to write (created or replaced, all or nothing)."),
            OptionSpec("save-targets", value: "FILE", help: "Also write the changed plan as a targets.csv to FILE (replaced atomically)."),
            OptionSpec("interactive", short: "i", help: "Read commands from standard input instead (type help)."),
        ] + DataOptions.specs + [OptionSpec("quiet", short: "q", help: "Print nothing but errors and warnings.")]

    let data: String
    let sets: [String]
    let changesFile: String?
    let holds: [String]
    let out: String?
    let saveTargets: String?
    let interactive: Bool
    let vietnamese: Bool
    let encoding: InputEncoding
    let threads: Int
    let quiet: Bool
    /// Where interactive commands come from (standard input unless replaced, for tests).
    public var readLine: () -> String? = { Swift.readLine(strippingNewline: true) }

    /// Checks the command line: `--out` unless `--interactive`, something to simulate, nothing
    /// written into DATA.
    public init(_ parsed: ParsedArguments) throws(UsageError) {
        data = try Self.positionals(parsed)[0]
        sets = parsed.options["set"] ?? []
        changesFile = parsed.value("changes")
        holds = parsed.options["hold"] ?? []
        out = parsed.value("out")
        saveTargets = parsed.value("save-targets")
        interactive = parsed.flag("interactive")
        vietnamese = parsed.flag("vietnamese")
        encoding = try DataOptions.encoding(parsed)
        threads = try Self.positiveInteger(parsed, "threads") ?? ParallelAggregator.activeProcessors
        quiet = parsed.flag("quiet")
        if interactive {
            if out != nil { throw UsageError("--out is not used with --interactive (the session's save FILE writes the targets)") }
            if saveTargets != nil { throw UsageError("--save-targets is not used with --interactive: type save FILE in the session") }
            if !holds.isEmpty { throw UsageError("--hold is not used with --interactive: type needs UNIT INDICATOR YEAR hold CHILD") }
        } else {
            guard let out, !out.isEmpty else { throw UsageError("missing option --out OUT (or --interactive)") }
            if sets.isEmpty && changesFile == nil && holds.isEmpty {
                throw UsageError("nothing to simulate: give --set UNIT:INDICATOR:YEAR=TARGET, --changes FILE or --hold UNIT")
            }
        }
        for (option, path) in [("out", out), ("save-targets", saveTargets)] {
            if let path, Self.isInside(path, folder: data) {
                throw UsageError("--\(option) \(path) lies in the data folder \(data), which simulate never modifies: choose another place")
            }
        }
    }

    /// Loads DATA, applies the changes, then writes OUT or runs the session.
    public func run(_ console: Console) -> ExitStatus {
        guard let loaded = DataOptions.load(data, vietnamese: vietnamese, threads: threads, encoding: encoding, console: console) else {
            return .inputError
        }
        let dataset = loaded.dataset
        let rollup = ParallelAggregator(threads: threads).rollUp(dataset)
        let simulation = PlanSimulation(dataset: dataset, rollup: rollup, threads: threads)
        let reader = ChangeReader(dataset: dataset, vietnamese: vietnamese)
        // The changes: the file's rows, then every --set, in order.
        var changes: [TargetChange] = []
        if let changesFile {
            switch TargetChangesFile.read(changesFile, encoding: encoding) {
            case .failure(let failure):
                for warning in failure.warnings { console.err(warning.description) }
                for error in failure.errors { console.err(error.description) }
                console.err(
                    "error: \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s") in \(changesFile); nothing was written")
                return .inputError
            case .success(let read):
                for warning in read.warnings { console.err(warning.description) }
                var errors: [InputError] = []
                for row in read.rows {
                    switch reader.change(unit: row.unit, indicator: row.indicator, year: row.year, target: row.target, line: row.line) {
                    case .success(let change): changes.append(change)
                    case .failure(let bad): errors += bad.errors.map { row.error($0.field, $0.message) }
                    }
                }
                if !errors.isEmpty {
                    for error in errors { console.err(error.description) }
                    console.err("error: \(errors.count) error\(errors.count == 1 ? "" : "s") in \(changesFile); nothing was written")
                    return .inputError
                }
            }
        }
        var usage: [String] = []
        for spec in sets {
            switch reader.change(spec: spec) {
            case .success(let change): changes.append(change)
            case .failure(let bad): usage += bad.errors.map { "--set \(spec): \($0.message)" }
            }
        }
        var held = Set<Int>()
        for code in holds {
            if let unit = dataset.units.index(of: code) {
                held.insert(unit)
            } else {
                usage.append("--hold \(code): found the unit '\(code)', expected the code of a unit in units.csv")
            }
        }
        if !usage.isEmpty {
            for line in usage { console.err("error: " + line) }
            console.err("\nRun 'rollup simulate --help' for its options.")
            return .usage
        }
        for change in changes { simulation.apply(change) }
        if interactive { return session(simulation, console) }
        return write(simulation, holds: held, applied: changes.count, console)
    }

    // MARK: files

    private func write(_ simulation: PlanSimulation, holds: Set<Int>, applied: Int, _ console: Console) -> ExitStatus {
        let dataset = simulation.dataset
        let report = simulation.report()
        let effects = simulation.effects()
        let needs = simulation.allNeeds(holds: holds)
        let files = [
            ("findings.csv", FindingsFile.format(dataset, report)), ("progress.csv", ProgressFile.format(dataset, report)),
            ("changes.csv", Self.csv(SimulationTables.changes(effects, dataset))),
            ("needs.csv", Self.csv(SimulationTables.needs(needs, dataset))),
        ]
        guard let out else { return .usage }
        if case .failure(let failure) = ResultsFolder(target: out).write(files) {
            console.err("error: \(failure.description); the previous results are untouched")
            return .cannotWrite
        }
        if let saveTargets {
            if case .failure(let failure) = AtomicFile.write(Self.csv(SimulationTables.targets(simulation.plan, dataset)), to: saveTargets)
            {
                console.err("error: \(failure.description); the results in \(out) were written")
                return .cannotWrite
            }
        }
        guard !quiet else { return .success }
        let counts = EffectChange.allCases.map { c in effects.filter { $0.change == c }.count }
        console.out(
            "simulated \(applied) change\(applied == 1 ? "" : "s") to the plan of \(data) (left as it was); results in \(out)")
        console.out("changes.csv: \(counts[0]) resolved, \(counts[1]) introduced, \(counts[2]) altered")
        for e in effects.prefix(10) {
            let what = SimulationSession.readable(e.after.isEmpty ? e.before : e.before.isEmpty ? e.after : "\(e.before) → \(e.after)")
            console.out(
                "  \(e.change.rawValue) \(e.kind) \(dataset.units.codes[e.unit]) \(dataset.indicators[e.indicator].code) \(e.period): \(what)"
            )
        }
        if effects.count > 10 { console.out("  ... and \(effects.count - 10) more in changes.csv") }
        let solved = needs.filter { $0.reason == nil }
        let unreachable = solved.filter { $0.outcome == .unreachable }
        var line = "needs.csv: \(needs.count) parent target\(needs.count == 1 ? "" : "s") the children's targets cannot reach"
        if !holds.isEmpty { line += " (held: \(holds.sorted().map { dataset.units.codes[$0] }.joined(separator: ", ")))" }
        line += ": \(solved.count - unreachable.count) solved by both methods where they apply, \(unreachable.count) unreachable"
        if solved.count < needs.count { line += ", \(needs.count - solved.count) not solvable (no direction)" }
        console.out(line)
        for n in unreachable.prefix(10) {
            console.out(
                "  unreachable: \(dataset.units.codes[n.parent.unit]) \(dataset.indicators[n.parent.indicator].code) \(n.parent.year) (\(n.parentTarget)): not even every free child at \(n.best.isEmpty ? "its best" : n.best) reaches it"
            )
        }
        if let saveTargets { console.out("targets of the changed plan: \(saveTargets)") }
        let bySeverity = Severity.allCases.sorted(by: >).map { s in "\(report.findings.filter { $0.severity == s }.count) \(s.rawValue)" }
        console.out("findings: \(report.findings.count) (" + bySeverity.joined(separator: ", ") + ")")
        return .success
    }

    static func csv(_ table: CSVRows) -> [UInt8] {
        var out: [UInt8] = []
        for row in [table.header] + table.rows {
            for (k, field) in row.enumerated() {
                if k > 0 { out.append(0x2C) }
                CSVEscape.append(field, to: &out)
            }
            out.append(0x0A)
        }
        return out
    }

    // MARK: interactive

    private func session(_ simulation: PlanSimulation, _ console: Console) -> ExitStatus {
        let terminal = isatty(0) == 1
        let clock: (() -> Double)? = terminal ? { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 } : nil
        let session = SimulationSession(simulation: simulation, vietnamese: vietnamese, clock: clock) { path, rows in
            if SimulateCommand.isInside(path, folder: data) { return "\(path) lies in the data folder, which simulate never modifies" }
            switch AtomicFile.write(SimulateCommand.csv(rows), to: path) {
            case .success: return nil
            case .failure(let failure): return failure.description
            }
        }
        for line in session.banner { console.out(line) }
        while !session.finished, let line = readLine() {
            for answer in session.handle(line) { console.out(answer) }
        }
        return .success
    }

    // MARK: paths

    /// Whether `path` is `folder` or lies inside it (resolving symbolic links and `..` for the
    /// parts that exist).
    static func isInside(_ path: String, folder: String) -> Bool {
        guard let base = resolved(folder) else { return false }
        guard let full = resolved(path) else { return false }
        return full == base || full.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// The absolute, resolved form of `path`: `realpath` of its longest existing prefix, with the
    /// rest appended.
    static func resolved(_ path: String) -> String? {
        var head = path.isEmpty ? "." : path
        var tail: [String] = []
        while true {
            if let real = realpath(head, nil) {
                defer { free(real) }
                var result = String(cString: real)
                for part in tail.reversed() where part != "." && !part.isEmpty {
                    result += (result.hasSuffix("/") ? "" : "/") + part
                }
                return result
            }
            var trimmed = head
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
            guard let slash = trimmed.lastIndex(of: "/") else {
                tail.append(trimmed)
                head = "."
                continue
            }
            tail.append(String(trimmed[trimmed.index(after: slash)...]))
            head = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        }
    }
}
