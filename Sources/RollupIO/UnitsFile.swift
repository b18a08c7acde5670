import RollupModel

/// Reads `units.csv` into a ``UnitCatalog`` and checks that it forms a tree in every year that
/// matters: no overlapping rows of one code, no dangling parent, no cycle.
enum UnitsFile {
    static let required = ["code", "name", "parent"]
    static let optional = ["level", "valid_from", "valid_to", "successor"]

    /// The catalog, whether it forms a tree in every year, and the trees built for the check (by
    /// year, `nil` for a catalog without windows) so that the loader need not build them again;
    /// with errors, the catalog still names every readable unit so that values and targets can
    /// be checked too.
    static func read(_ table: CSVTable, log: inout IssueLog) -> (UnitCatalog, valid: Bool, trees: [Int?: Hierarchy]) {
        var records: [UnitRecord] = []
        var columnsByLine: [Int: CSVRow] = [:]
        let errorsBefore = log.errors.count
        table.forEachRow(log: &log) { row, log in
            let code = row.string("code")
            guard !code.isEmpty else {
                row.error("code", "found an empty code, expected a unit code", &log)
                return
            }
            var years: [Int?] = []
            for column in ["valid_from", "valid_to"] {
                guard let text = row.optional(column) else {
                    years.append(nil)
                    continue
                }
                guard let year = Year.parse(text) else {
                    row.error(column, "found '\(text)', expected a year such as 2025 or empty", &log)
                    return
                }
                years.append(year)
            }
            if let from = years[0], let to = years[1], from > to {
                row.error("valid_to", "found a window \(from)..\(to), expected valid_from <= valid_to", &log)
                return
            }
            let parent = row.optional("parent")
            if parent == code {
                row.error("parent", "found the unit '\(code)' as its own parent, expected another unit or empty", &log)
                return
            }
            records.append(
                UnitRecord(
                    code: code, name: row.string("name"), parent: parent, level: row.string("level"),
                    validFrom: years[0], validTo: years[1], successor: row.optional("successor"), line: row.line))
            columnsByLine[row.line] = row
        }
        let catalog = UnitCatalog(records: records)
        func report(_ record: UnitRecord, _ column: String, _ message: String, _ log: inout IssueLog) {
            if let row = columnsByLine[record.line] {
                row.error(column, message, &log)
            } else {
                log.error(table.text.path, record.line, 1, message)
            }
        }
        // Overlapping rows of one code.
        for rows in catalog.records where rows.count > 1 {
            for (k, row) in rows.enumerated() {
                if let first = rows[..<k].first(where: { $0.overlaps(row) }) {
                    report(
                        row, "code",
                        "found the unit '\(row.code)' again with an overlapping validity window, expected each code once per year (first on line \(first.line))",
                        &log)
                }
            }
        }
        // Parents that never exist, and successors that do not.
        for rows in catalog.records {
            for row in rows {
                if let parent = row.parent, catalog.index(of: parent) == nil {
                    report(row, "parent", "found the parent '\(parent)', expected the code of a unit in units.csv", &log)
                }
                for successor in Succession.codes(row.successor) where catalog.index(of: successor) == nil {
                    report(
                        row, "successor",
                        "found the successor '\(successor)', expected the code of a unit in units.csv (several codes are separated by ';')",
                        &log)
                }
                if Succession.codes(row.successor).contains(row.code) {
                    report(row, "successor", "found the unit '\(row.code)' as its own successor, expected another unit", &log)
                }
            }
        }
        guard log.errors.count == errorsBefore else { return (catalog, false, [:]) }
        checkSuccessors(catalog, report: report, log: &log)
        // Tree shape in every year where it can change (once when no row has a window).
        var seen = Set<String>()
        var trees: [Int?: Hierarchy] = [:]
        for year in structureYears(catalog) {
            let (tree, problems) = Hierarchy.build(catalog, year: year)
            trees[year] = tree
            for problem in problems {
                switch problem {
                case .missingParent(let record, let year):
                    let message =
                        "found the parent '\(record.parent ?? "")', expected a unit that exists in \(year.map(String.init) ?? "every year") (it has no row valid then)"
                    if seen.insert("p\(record.line)").inserted { report(record, "parent", message, &log) }
                case .cycle(let members, _):
                    guard let first = members.min(by: { $0.line < $1.line }) else { continue }
                    let path = (members + [members[0]]).map(\.code).joined(separator: " → ")
                    if seen.insert("c\(first.line)").inserted {
                        report(first, "parent", "found a cycle of parents \(path), expected a tree", &log)
                    }
                case .duplicate, .unknownSuccessor:
                    break
                }
            }
        }
        return (catalog, log.errors.count == errorsBefore, trees)
    }

    /// Successors form no cycle, and each one exists in the year right after its predecessor's
    /// last year.
    static func checkSuccessors(
        _ catalog: UnitCatalog, report: (UnitRecord, String, String, inout IssueLog) -> Void, log: inout IssueLog
    ) {
        let succession = Succession(catalog)
        var inCycle = Set<Int>()
        for u in 0..<catalog.count where !inCycle.contains(u) {
            guard let cycle = succession.cycle(from: u) else { continue }
            inCycle.formUnion(cycle)
            let path = (cycle + [u]).map { catalog.codes[$0] }.joined(separator: " → ")
            if let record = catalog.records[u].first(where: { $0.successor != nil }) {
                report(record, "successor", "found a cycle of successors \(path), expected each merger to lead to a later unit", &log)
            }
        }
        for u in 0..<catalog.count {
            for record in catalog.records[u] {
                for code in Succession.codes(record.successor) {
                    guard let s = catalog.index(of: code) else { continue }
                    guard let last = record.validTo else {
                        report(
                            record, "valid_to",
                            "found a successor '\(code)' on a unit that never ends, expected valid_to: the last year before the merger",
                            &log)
                        continue
                    }
                    if !catalog.exists(s, in: last + 1) {
                        report(
                            record, "successor",
                            "found the successor '\(code)', expected a unit that exists in \(last + 1), the year after '\(record.code)' ends",
                            &log)
                    }
                }
            }
        }
    }

    /// The years whose trees must be checked: `nil` alone without windows, else every year a
    /// window starts or ends (and the year after one ends).
    static func structureYears(_ catalog: UnitCatalog) -> [Int?] {
        guard catalog.hasWindows else { return [nil] }
        var years = Set<Int>()
        for rows in catalog.records {
            for row in rows {
                if let from = row.validFrom { years.insert(from) }
                if let to = row.validTo {
                    years.insert(to)
                    years.insert(to + 1)
                }
            }
        }
        return years.sorted().map { Optional($0) }
    }
}

/// Years as written in the files: an integer from 1 to 9999.
enum Year {
    static func parse(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text), year >= 1 else {
            return nil
        }
        return year
    }
}
