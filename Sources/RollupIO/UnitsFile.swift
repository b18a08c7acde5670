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
    static func read(_ table: CSVTable, threads: Int = 1, log: inout IssueLog) -> (UnitCatalog, valid: Bool, trees: [Int?: Hierarchy]) {
        let errorsBefore = log.errors.count
        let rows = UnitRows.read(table, threads: threads, log: &log)
        let records = rows.records
        let rowOffsets = rows.offsets
        let catalog = UnitCatalog(records: records)
        func report(_ record: UnitRecord, _ column: String, _ message: String, _ log: inout IssueLog) {
            // Records are in line order: find the record's row, and read its fields again.
            var low = 0
            var high = records.count
            while low < high {
                let mid = (low + high) / 2
                if records[mid].line < record.line { low = mid + 1 } else { high = mid }
            }
            if low < records.count, records[low].line == record.line, let row = table.row(at: rowOffsets[low], line: record.line) {
                row.error(column, message, &log)
            } else {
                log.error(table.text.path, record.line, 1, message)
            }
        }
        // Overlapping rows of one code.
        for u in catalog.records.indices where catalog.records.rowRange(of: u).count > 1 {
            let rows = catalog.records[u]
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
        let all = catalog.records.all
        for k in all.indices where catalog.parentIndices[k] < -1 || all[k].successor != nil {
            let row = all[k]
            if let parent = row.parent, catalog.parentIndices[k] < -1 {
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
        // Without a successor anywhere there is nothing to check (and no graph to build).
        guard catalog.records.all.withUnsafeBufferPointer({ rows in rows.indices.contains { rows[$0].successor != nil } }) else { return }
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
        catalog.records.all.withUnsafeBufferPointer { rows in
            for k in rows.indices {
                if let from = rows[k].validFrom { years.insert(from) }
                if let to = rows[k].validTo {
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

    /// What a field holds: nothing (spaces at most), a year, or something else.
    enum Field: Equatable {
        case empty
        case year(Int)
        case invalid
    }

    /// The year in `field` of `text` read from its bytes, as ``parse(_:)`` reads its trimmed text.
    static func parse(_ field: CSVField, _ text: CSVText) -> Field {
        if field.hasEscapes {
            let string = text.text(field)
            return string.isEmpty ? .empty : parse(string).map { .year($0) } ?? .invalid
        }
        let bytes = text.bytes
        var s = max(0, field.start)
        var e = min(bytes.count, field.end)
        while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
        while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        guard e > s else { return .empty }
        guard e - s <= 4 else { return .invalid }
        var year = 0
        for k in s..<e {
            let b = bytes[k]
            guard b >= 0x30 && b <= 0x39 else { return .invalid }
            year = year * 10 + Int(b - 0x30)
        }
        return year >= 1 ? .year(year) : .invalid
    }
}

extension CSVTable {
    /// The row whose record starts at byte `offset` on `line`, read again (for a message about
    /// a row read earlier); `nil` when no well-formed record starts there.
    func row(at offset: Int, line: Int) -> CSVRow? {
        text.bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: offset, end: buffer.count, firstLine: line, separator: separator)
            var fields: [CSVField] = []
            guard case .record(let line, let offset) = reader.next(into: &fields), fields.count == width else { return nil }
            return CSVRow(table: self, fields: fields, line: line, offset: offset)
        }
    }
}
