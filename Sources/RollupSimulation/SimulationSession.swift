import RollupFindings
import RollupModel

/// The interactive what-if session of `rollup simulate DATA --interactive`: one command a line
/// in, plain sentences and small aligned tables out. The dataset is loaded once; every change is
/// re-evaluated incrementally.
///
/// Commands: `set UNIT INDICATOR YEAR TARGET`, `unset UNIT INDICATOR YEAR`, `show UNIT
/// [INDICATOR]`, `needs UNIT INDICATOR YEAR [hold CHILD ...]`, `diff`, `undo`, `save FILE`,
/// `help`, `quit`. Blank lines and lines starting with `#` are ignored, so a planner can script
/// a session. A command that cannot be understood gets a message saying what was expected, and
/// the session goes on.
public final class SimulationSession {
    /// The simulation the session drives.
    public let simulation: PlanSimulation
    /// Whether `quit` was read.
    public private(set) var finished = false
    private let reader: ChangeReader
    private let save: (String, CSVRows) -> String?
    private let clock: (() -> Double)?

    /// A session over `simulation`. `save` writes a `targets.csv` (path, rows) and returns an
    /// error message, or `nil` on success. With a `clock` (seconds), `set`, `unset` and `undo`
    /// say how long the re-evaluation took (tests leave it out, so answers are reproducible).
    public init(
        simulation: PlanSimulation, vietnamese: Bool = false, clock: (() -> Double)? = nil, save: @escaping (String, CSVRows) -> String?
    ) {
        self.simulation = simulation
        self.reader = ChangeReader(dataset: simulation.dataset, vietnamese: vietnamese)
        self.clock = clock
        self.save = save
    }

    /// The lines printed when the session starts.
    public var banner: [String] {
        let d = simulation.dataset
        return [
            "Loaded \(d.units.count) units, \(d.indicators.count) indicators and \(d.targets.targets.count) targets. Type help for the commands, quit to leave."
        ]
    }

    /// Runs every line until `quit` (or the end of the lines); returns everything answered.
    public func run<Lines: Sequence>(_ lines: Lines) -> [String] where Lines.Element == String {
        var out: [String] = []
        for line in lines {
            out += handle(line)
            if finished { break }
        }
        return out
    }

    /// Answers one line.
    public func handle(_ line: String) -> [String] {
        let trimmed = line.trimmingSpaces
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return [] }
        guard let words = SimulationSession.tokens(trimmed) else {
            return ["A quote is not closed: \(trimmed)"]
        }
        guard let command = words.first?.lowercased() else { return [] }
        let args = Array(words.dropFirst())
        switch command {
        case "help", "?": return help()
        case "quit", "exit", "q":
            finished = true
            return ["Bye."]
        case "set": return set(args)
        case "unset": return unset(args)
        case "show": return show(args)
        case "needs": return needs(args)
        case "diff": return args.isEmpty ? diff() : ["diff takes nothing after it."]
        case "undo": return args.isEmpty ? undo() : ["undo takes nothing after it."]
        case "save": return saveTargets(args)
        default:
            return ["Unknown command '\(words[0])'. Type help for the commands."]
        }
    }

    // MARK: commands

    private func help() -> [String] {
        [
            "Commands:"
        ]
            + TextTable.render(
                ["command", "what it does"],
                [
                    ["set UNIT INDICATOR YEAR TARGET", "set a target (97, >=97, 28-30, a level; - removes it)"],
                    ["unset UNIT INDICATOR YEAR", "remove a target"],
                    ["show UNIT [INDICATOR]", "the unit's targets, status and findings (with INDICATOR: its children's too)"],
                    ["needs UNIT INDICATOR YEAR [hold CHILD ...]", "what each child would need to reach the unit's target"],
                    ["diff", "every change so far and what it resolved, introduced or altered"],
                    ["undo", "take the last change back"],
                    ["save FILE", "write the changed targets.csv to FILE"],
                    ["help", "this list"],
                    ["quit", "leave"],
                ])
    }

    private func set(_ args: [String]) -> [String] {
        guard args.count >= 4 else {
            return ["set needs UNIT INDICATOR YEAR TARGET, for example: set W1 BHYT 2030 97 (use - to remove a target)."]
        }
        let target = args[3...].joined(separator: " ")
        return change(unit: args[0], indicator: args[1], year: args[2], target: target)
    }

    private func unset(_ args: [String]) -> [String] {
        guard args.count == 3 else { return ["unset needs UNIT INDICATOR YEAR, for example: unset W1 BHYT 2030."] }
        return change(unit: args[0], indicator: args[1], year: args[2], target: "-")
    }

    private func change(unit: String, indicator: String, year: String, target: String) -> [String] {
        switch reader.change(unit: unit, indicator: indicator, year: year, target: target) {
        case .failure(let errors):
            return errors.errors.map { "Not changed: \($0.message)." }
        case .success(let change):
            let before = simulation.plan.target(change.key)
            if before?.text == change.target?.text && before?.figure == change.target?.figure {
                return ["\(label(change.key)) is already \(change.target?.text ?? "without a target"): nothing changed."]
            }
            let start = clock?()
            let step = simulation.apply(change)
            let took = start.flatMap { s in clock.map { ($0() - s) * 1000 } }
            var lines = ["\(label(change.key)): \(before?.text ?? "no target") → \(change.target?.text ?? "no target")."]
            lines += stepLines(step, took: took)
            if simulation.findings(of: change.key).contains(where: { $0.kind == .childrenCannotReachTarget }) {
                let k = change.key
                lines.append(
                    "Its children's targets do not reach it: try needs \(code(k.unit)) \(simulation.dataset.indicators[k.indicator].code) \(k.year)."
                )
            }
            return lines
        }
    }

    private func stepLines(_ step: StepResult, took: Double?) -> [String] {
        var lines: [String] = []
        let timing = took.map { " in \(NumberFormat.text(($0 * 1000).rounded() / 1000)) ms" } ?? ""
        let counts = EffectChange.allCases.map { c in step.effects.filter { $0.change == c }.count }
        if step.effects.isEmpty {
            lines.append("Re-evaluated \(plural(step.reevaluated, "target"))\(timing): no finding or status changed.")
        } else {
            lines.append(
                "Re-evaluated \(plural(step.reevaluated, "target"))\(timing): \(counts[0]) resolved, \(counts[1]) introduced, \(counts[2]) altered."
            )
            lines += effectsTable(step.effects)
        }
        return lines
    }

    private func undo() -> [String] {
        let start = clock?()
        guard let step = simulation.undo() else { return ["Nothing to undo."] }
        let took = start.flatMap { s in clock.map { ($0() - s) * 1000 } }
        let c = step.change
        var lines = ["Undone: \(label(c.key)) back to \(c.before?.text ?? "no target") (was \(c.after?.text ?? "no target"))."]
        lines += stepLines(step, took: took)
        return lines
    }

    private func diff() -> [String] {
        let history = simulation.history
        guard !history.isEmpty else { return ["No changes so far."] }
        var lines = ["\(plural(history.count, "change")) so far:"]
        lines += TextTable.render(
            ["#", "unit", "indicator", "year", "before", "after"],
            history.enumerated().map { n, c in
                [
                    String(n + 1), code(c.key.unit), simulation.dataset.indicators[c.key.indicator].code, String(c.key.year),
                    c.before?.text ?? "-", c.after?.text ?? "-",
                ]
            })
        let effects = simulation.effects()
        if effects.isEmpty {
            lines.append("Against the plan as loaded: no finding or status changed.")
        } else {
            let counts = EffectChange.allCases.map { c in effects.filter { $0.change == c }.count }
            lines.append("Against the plan as loaded: \(counts[0]) resolved, \(counts[1]) introduced, \(counts[2]) altered.")
            lines += effectsTable(effects, withIndicator: true)
        }
        return lines
    }

    private func show(_ args: [String]) -> [String] {
        guard args.count == 1 || args.count == 2 else { return ["show needs UNIT [INDICATOR], for example: show D1 BHYT."] }
        let d = simulation.dataset
        guard let unit = d.units.index(of: args[0]) else {
            return ["Unknown unit '\(args[0])': expected the code of a unit in units.csv."]
        }
        var indicators = Array(0..<d.indicators.count)
        if args.count == 2 {
            guard let i = d.indicators.index(of: args[1]) else {
                return ["Unknown indicator '\(args[1])': expected the code of an indicator in indicators.csv."]
            }
            indicators = [i]
        }
        let years = targetYears()
        let record = d.units.record(of: unit, in: nil) ?? d.units.records[unit][0]
        var about = "\(d.units.name(of: unit)) (\(d.units.codes[unit]))"
        if !record.level.isEmpty { about += ", \(record.level)" }
        if let parent = record.parent, let p = d.units.index(of: parent) { about += "; parent \(d.units.name(of: p)) (\(parent))" }
        var lines = [about + "."]
        var rows: [[String]] = []
        for i in indicators {
            for year in years {
                let key = TargetKey(unit: unit, indicator: i, year: year)
                guard let target = simulation.plan.target(key) else { continue }
                let findings = simulation.findings(of: key).map { "\($0.severity.rawValue) \($0.kind.rawValue)" }
                rows.append([
                    d.indicators[i].code, String(year), target.text, simulation.progress(of: key)?.status.rawValue ?? "",
                    findings.joined(separator: "; "),
                ])
            }
        }
        if rows.isEmpty {
            lines.append(args.count == 2 ? "It has no target for \(d.indicators[indicators[0]].code)." : "It has no targets.")
        } else {
            lines += TextTable.render(["indicator", "year", "target", "status", "findings"], rows)
        }
        if args.count == 2 {
            lines += childrenLines(unit: unit, indicator: indicators[0], years: years)
        }
        return lines
    }

    private func childrenLines(unit: Int, indicator: Int, years: [Int]) -> [String] {
        let d = simulation.dataset
        var rows: [[String]] = []
        var count = 0
        let limit = 30
        for year in years {
            let tree = simulation.checks.tree(forYear: year)
            guard unit < tree.positionOf.count, tree.positionOf[unit] >= 0 else { continue }
            for c in tree.children(of: Int(tree.positionOf[unit])) {
                let child = Int(tree.unitAt[c])
                let key = TargetKey(unit: child, indicator: indicator, year: year)
                guard let target = simulation.plan.target(key) else { continue }
                count += 1
                guard rows.count < limit else { continue }
                rows.append([
                    d.units.codes[child], d.units.name(of: child, in: year), String(year), target.text,
                    simulation.progress(of: key)?.status.rawValue ?? "",
                    simulation.findings(of: key).map { "\($0.severity.rawValue) \($0.kind.rawValue)" }.joined(separator: "; "),
                ])
            }
        }
        guard !rows.isEmpty else { return ["Its children have no target for \(d.indicators[indicator].code)."] }
        var lines = ["Its children's targets for \(d.indicators[indicator].code):"]
        lines += TextTable.render(["child", "name", "year", "target", "status", "findings"], rows)
        if count > rows.count { lines.append("  ... and \(count - rows.count) more") }
        return lines
    }

    private func needs(_ args: [String]) -> [String] {
        guard args.count >= 3 else {
            return ["needs needs UNIT INDICATOR YEAR [hold CHILD ...], for example: needs D1 BHYT 2030 hold W2."]
        }
        let d = simulation.dataset
        var problems: [String] = []
        let unit = d.units.index(of: args[0])
        if unit == nil { problems.append("Unknown unit '\(args[0])': expected the code of a unit in units.csv.") }
        let indicator = d.indicators.index(of: args[1])
        if indicator == nil { problems.append("Unknown indicator '\(args[1])': expected the code of an indicator in indicators.csv.") }
        let year = ChangeReader.year(args[2])
        if year == nil { problems.append("Found '\(args[2])', expected a year such as 2030.") }
        var holds = Set<Int>()
        for word in args.dropFirst(3) where word.lowercased() != "hold" {
            if let h = d.units.index(of: word) { holds.insert(h) } else { problems.append("Unknown unit '\(word)' to hold.") }
        }
        guard problems.isEmpty, let unit, let indicator, let year else { return problems }
        let key = TargetKey(unit: unit, indicator: indicator, year: year)
        let n = simulation.needs(key, holds: holds)
        let name = "\(d.units.name(of: unit, in: year)) (\(d.units.codes[unit]))"
        let ind = d.indicators[indicator].code
        if let reason = n.reason { return ["Nothing to solve for \(name), \(ind) \(year): \(reason)."] }
        var lines = [
            "\(name) aims at \(n.parentTarget) for \(ind) by \(year); its children's targets roll up to \(n.planned ?? "nothing") (\(weightingText(n)))."
        ]
        switch n.outcome {
        case .met?:
            lines.append("Its children's targets already meet it: nothing is needed.")
        case .unreachable?:
            let bestText = n.best.isEmpty ? "their best" : n.best
            lines.append(
                "Unreachable: even with every child that is not held at \(bestText), the children's targets cannot meet it"
                    + (holds.isEmpty ? "." : " (held: \(holds.sorted().map { d.units.codes[$0] }.joined(separator: ", "))).")
            )
        case .reachable?:
            var text = "Common floor: raise every child target below \(n.floor ?? "?") to \(n.floor ?? "?")."
            if let f = n.fraction, f > 0 {
                text += " Proportional uplift: close \(NumberFormat.text((f * 1000).rounded() / 10))% of every child's gap to \(n.best)."
            } else if n.fraction != nil {
                text += " Proportional uplift: the children with a target need not change."
            } else if let note = n.upliftNote {
                text += " No proportional uplift: \(note)."
            }
            lines.append(text)
            let unplanned = n.lines.filter { $0.current.isEmpty && !$0.held }.map { d.units.codes[$0.unit] }
            if !unplanned.isEmpty {
                lines.append(
                    "Without a target (\(unplanned.joined(separator: ", "))): given the floor, or under the uplift the parent's target \(n.parentTarget)."
                )
            }
        case nil:
            break
        }
        let weighted = n.lines.contains { $0.weight != 1 }
        var header = ["child", "name"]
        if weighted { header.append("weight") }
        header += ["current", "common floor", "proportional uplift"]
        var rows: [[String]] = []
        for line in n.lines {
            var row = [d.units.codes[line.unit] + (line.held ? " (held)" : ""), d.units.name(of: line.unit, in: year)]
            if weighted { row.append(NumberFormat.text(line.weight)) }
            let missing = n.outcome == .unreachable ? "unreachable" : ""
            row += [line.current.isEmpty ? "-" : line.current, line.floor ?? missing, line.uplift ?? missing]
            rows.append(row)
        }
        lines += TextTable.render(header, rows)
        return lines
    }

    private func saveTargets(_ args: [String]) -> [String] {
        guard args.count == 1 else { return ["save needs FILE, for example: save plan/targets.csv."] }
        let rows = SimulationTables.targets(simulation.plan, simulation.dataset)
        if let error = save(args[0], rows) { return ["Not saved: \(error)."] }
        return ["Saved \(plural(rows.rows.count, "target")) to \(args[0])."]
    }

    // MARK: helpers

    private func effectsTable(_ effects: [Effect], withIndicator: Bool = false) -> [String] {
        let d = simulation.dataset
        var header = ["change", "kind", "unit"]
        if withIndicator { header += ["indicator", "year"] }
        header += ["before", "after"]
        return TextTable.render(
            header,
            effects.map { e in
                var row = [e.change.rawValue, e.kind, d.units.codes[e.unit]]
                if withIndicator { row += [d.indicators[e.indicator].code, String(e.period)] }
                row += [
                    e.before.isEmpty ? "-" : SimulationSession.readable(e.before),
                    e.after.isEmpty ? "-" : SimulationSession.readable(e.after),
                ]
                return row
            })
    }

    private func weightingText(_ n: Needs) -> String {
        let d = simulation.dataset
        switch n.weighting {
        case .period(let w, let period)?: return "weighted by \(d.indicators[w].code) of \(period)"
        case .leaves?: return "weighted by the leaves below each child"
        case .anyWeights(let w)?: return "no period has a \(d.indicators[w].code) for every child, so each child must reach it"
        case .each?, nil:
            switch n.rule {
            case .sum?: return "their sum"
            case .minimum?: return "their worst"
            case .maximum?: return "their best"
            default: return "their mean"
            }
        }
    }

    private func targetYears() -> [Int] {
        var years = Set(simulation.dataset.targets.years)
        for key in simulation.plan.changes.keys { years.insert(key.year) }
        return years.sorted()
    }

    private func label(_ key: TargetKey) -> String {
        let d = simulation.dataset
        return "\(d.units.name(of: key.unit, in: key.year)) (\(d.units.codes[key.unit])), \(d.indicators[key.indicator].code) \(key.year)"
    }

    private func code(_ unit: Int) -> String { simulation.dataset.units.codes[unit] }

    private func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// `text` with every number written with more than 6 significant digits rounded to 6 (as the
    /// findings' messages write them): `[90.60910250206857, 90.68159933153053]` → `[90.6091, 90.6816]`.
    public static func readable(_ text: String) -> String {
        var out = ""
        var number = ""
        func flush() {
            defer { number = "" }
            guard !number.isEmpty else { return }
            let digits = number.filter(\.isNumber).drop { $0 == "0" }.count
            guard digits > 6, number.contains("."), let x = Double(number), x.isFinite, x != 0 else {
                out += number
                return
            }
            let magnitude = Int((abs(x)).rounded(.down) == 0 ? -1 : String(Int(abs(x))).count - 1)
            let decimals = max(0, 5 - magnitude)
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            out += NumberFormat.text((x * scale).rounded() / scale)
        }
        for c in text {
            if c.isASCII && (c.isNumber || c == ".") {
                number.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }

    /// Splits a command line into words: spaces separate, `"..."` keeps spaces (`""` inside is a
    /// quote); `nil` when a quote is not closed.
    static func tokens(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var chars = Array(line)
        chars.append(" ")
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if quoted {
                if c == "\"" {
                    if k + 1 < chars.count, chars[k + 1] == "\"" {
                        current.append("\"")
                        k += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
            k += 1
        }
        return quoted ? nil : words
    }
}
