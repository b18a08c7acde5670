import RollupKernel
import RollupModel

/// The rows of `units.csv` read as unit records, in file order, with where each row starts.
///
/// A large file is read in chunks on several threads: each chunk's records are read with lines
/// counted from the chunk's start, then moved to the file's lines once the chunks before it are
/// counted, so that records and messages are those of a serial read, in the same order.
struct UnitRows {
    /// The rows that could be read as units, in file order.
    var records: [UnitRecord] = []
    /// The byte offset where each record's row starts, by record: to find its fields again for
    /// a message.
    var offsets: [Int] = []
    /// The last parent and level read, reused while rows repeat them (rows come grouped by
    /// parent): a text made once, not once a row.
    var parents = RepeatedText()
    var levels = RepeatedText()

    /// Bytes per chunk of a parallel read.
    static let chunkBytes = 1 << 20

    /// Reads every record of `table` on `threads` threads, in chunks of about `chunkBytes`
    /// bytes (tests make it small); rows that cannot be units are logged. A file with a
    /// malformed record is read again serially: where the reader resumes after one decides
    /// where the next record starts, which a chunk boundary cannot know.
    static func read(_ table: CSVTable, threads: Int, chunkBytes: Int = UnitRows.chunkBytes, log: inout IssueLog) -> UnitRows {
        let reader = UnitRowReader(table)
        let end = table.text.bytes.count
        guard threads > 1, end - table.bodyStart > chunkBytes else { return serial(table, reader, log: &log) }
        let runner = WorkRunner(threads: threads)
        let bounds = table.text.bytes.withUnsafeBufferPointer {
            ChunkSplitter.split($0, start: table.bodyStart, end: end, target: chunkBytes, runner: runner)
        }
        let chunks = bounds.count - 1
        var parts = [Chunk](repeating: Chunk(), count: chunks)
        parts.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            runner.run(tasks: chunks) { c in
                var rows = UnitRows()
                // At most a record a line: room for all at once, not grown (and copied) row by row.
                let lineEnds = table.text.bytes[bounds[c]..<bounds[c + 1]].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                rows.records.reserveCapacity(lineEnds)
                rows.offsets.reserveCapacity(lineEnds)
                var log = IssueLog()
                let (malformed, lines) = table.forEachRecord(from: bounds[c], to: bounds[c + 1], line: 0, log: &log) {
                    fields, line, offset, log in
                    reader.read(fields, line: line, offset: offset, into: &rows, log: &log)
                }
                slots.value[c] = Chunk(rows: rows, log: log, malformed: malformed, lines: lines)
            }
        }
        if parts.contains(where: \.malformed) { return serial(table, reader, log: &log) }
        // Where each chunk's records go, and the file's line where each chunk starts.
        var firsts = [0]
        var lines = [table.bodyLine]
        for part in parts {
            firsts.append(firsts[firsts.count - 1] + part.rows.records.count)
            lines.append(lines[lines.count - 1] + part.lines)
            log.errors += part.log.errors.map { $0.movedDown(by: lines[lines.count - 2]) }
            log.warnings += part.log.warnings.map { $0.movedDown(by: lines[lines.count - 2]) }
        }
        // The chunks' records copied into place in parallel; each chunk's are let go on its
        // thread too (a release per name).
        let total = firsts[chunks]
        var records: [UnitRecord] = []
        let offsets = [Int](unsafeUninitializedCapacity: total) { offsets, initializedOffsets in
            records = [UnitRecord](unsafeUninitializedCapacity: total) { records, initialized in
                let into = UncheckedSendable((records, offsets))
                parts.withUnsafeMutableBufferPointer { parts in
                    let parts = UncheckedSendable(parts)
                    runner.run(tasks: chunks) { c in
                        let (records, offsets) = into.value
                        var part = parts.value[c].rows
                        parts.value[c] = Chunk()
                        guard let base = records.baseAddress else { return }
                        // Moved, not copied (a copy retains each name, and letting the chunk go
                        // releases it): the chunk's places are filled with empty rows, which
                        // hold no storage, before the chunk is let go.
                        part.records.withUnsafeMutableBufferPointer { from in
                            guard let source = from.baseAddress else { return }
                            (base + firsts[c]).moveInitialize(from: source, count: from.count)
                            source.initialize(repeating: UnitRecord(code: "", name: "", parent: nil), count: from.count)
                        }
                        for k in part.offsets.indices {
                            base[firsts[c] + k].line += lines[c]
                            offsets[firsts[c] + k] = part.offsets[k]
                        }
                    }
                }
                initialized = total
            }
            initializedOffsets = total
        }
        var rows = UnitRows()
        rows.records = records
        rows.offsets = offsets
        return rows
    }

    /// Every record read on this thread, from the first line after the header.
    private static func serial(_ table: CSVTable, _ reader: UnitRowReader, log: inout IssueLog) -> UnitRows {
        var rows = UnitRows()
        _ = table.forEachRecord(from: table.bodyStart, to: table.text.bytes.count, line: table.bodyLine, log: &log) {
            fields, line, offset, log in
            reader.read(fields, line: line, offset: offset, into: &rows, log: &log)
        }
        return rows
    }

    /// One chunk's rows and issues, with lines counted from 0 at the chunk's start.
    private struct Chunk {
        var rows = UnitRows()
        var log = IssueLog()
        var malformed = false
        /// The line ends in the chunk.
        var lines = 0
    }
}

/// Reads one record of `units.csv` as a unit row, or logs why it cannot be one: an empty code, a
/// year that is not one, a window that ends before it starts, a unit that is its own parent.
private struct UnitRowReader {
    let table: CSVTable
    let code: Int?
    let name: Int?
    let parent: Int?
    let level: Int?
    let validFrom: Int?
    let validTo: Int?
    let successor: Int?

    init(_ table: CSVTable) {
        self.table = table
        let columns = table.columns
        code = columns["code"]
        name = columns["name"]
        parent = columns["parent"]
        level = columns["level"]
        validFrom = columns["valid_from"]
        validTo = columns["valid_to"]
        successor = columns["successor"]
    }

    /// Reads the record whose fields (as many as the header's) are `fields`, which starts on
    /// `line` at byte `offset`, into `rows`.
    func read(_ fields: [CSVField], line: Int, offset: Int, into rows: inout UnitRows, log: inout IssueLog) {
        // The table and columns as locals: the helpers below capture these, not a copy of self.
        let table = self.table
        let text = table.text
        let (nameColumn, parentColumn, levelColumn, successorColumn) = (name, parent, level, successor)
        func string(_ column: Int?) -> String { column.map { text.text(fields[$0]) } ?? "" }
        func error(_ column: String, _ message: String) {
            CSVRow(table: table, fields: fields, line: line, offset: offset).error(column, message, &log)
        }
        let code = string(self.code)
        guard !code.isEmpty else {
            error("code", "found an empty code, expected a unit code")
            return
        }
        var years: (Int?, Int?) = (nil, nil)
        for k in 0..<2 {
            guard let column = k == 0 ? validFrom : validTo else { continue }
            let name = k == 0 ? "valid_from" : "valid_to"
            let field = fields[column]
            if field.end <= field.start { continue }
            let year: Int?
            switch Year.parse(field, text) {
            case .empty: continue
            case .year(let y): year = y
            case .invalid:
                error(name, "found '\(text.text(field))', expected a year such as 2025 or empty")
                return
            }
            if k == 0 { years.0 = year } else { years.1 = year }
        }
        if let from = years.0, let to = years.1, from > to {
            error("valid_to", "found a window \(from)..\(to), expected valid_from <= valid_to")
            return
        }
        let parentText = parentColumn.map { rows.parents.text(of: fields[$0], in: text) } ?? ""
        let parent = parentText.isEmpty ? nil : parentText
        if parent == code {
            error("parent", "found the unit '\(code)' as its own parent, expected another unit or empty")
            return
        }
        let successor = string(successorColumn)
        rows.records.append(
            UnitRecord(
                code: code, name: string(nameColumn), parent: parent,
                level: levelColumn.map { rows.levels.text(of: fields[$0], in: text) } ?? "",
                validFrom: years.0, validTo: years.1,
                successor: successor.isEmpty ? nil : successor, line: line))
        rows.offsets.append(offset)
    }
}

/// The text of the last field read from one column, given again for a field with the same
/// bytes without making a new text.
struct RepeatedText {
    /// The last field's bytes and its text; `nil` before the first or after one with escapes.
    private var last: (start: Int, end: Int, text: String)?

    /// `field`'s text in `text`, as ``CSVText/text(_:)`` gives it.
    mutating func text(of field: CSVField, in text: CSVText) -> String {
        if !field.hasEscapes, let last, last.end - last.start == field.end - field.start,
            text.bytes.withUnsafeBufferPointer({ bytes in
                field.start >= 0 && field.end <= bytes.count && last.start >= 0 && last.end <= bytes.count
                    && bytes[field.start..<field.end].elementsEqual(bytes[last.start..<last.end])
            })
        {
            return last.text
        }
        let made = text.text(field)
        last = field.hasEscapes ? nil : (field.start, field.end, made)
        return made
    }
}

extension InputError {
    /// The issue `lines` lines further down (a chunk's issue moved to the file's lines).
    func movedDown(by lines: Int) -> InputError {
        var moved = self
        moved.line += lines
        return moved
    }
}
