/// A CSV file with a header row: which field holds which named column, and its records.
///
/// Columns may come in any order; a missing required column is an error and an unknown one a
/// warning, both positioned on the header line. The separator is detected from the header: `;`
/// when the header has a `;` and no `,` outside quotes (a spreadsheet's export in a
/// decimal-comma setup), else `,`.
///
/// A class, its parts never changed after the header is read: a row read from it
/// (``CSVRow``) holds one reference to it, not a copy of each of its parts.
final class CSVTable: Sendable {
    let text: CSVText
    /// The byte between fields: `,` or `;`.
    let separator: UInt8
    /// Field index of each known column present in the header.
    let columns: [String: Int]
    /// Number of fields in the header.
    let width: Int
    /// Byte offset where the records after the header start, and their first line.
    let bodyStart: Int
    let bodyLine: Int

    private init(text: CSVText, separator: UInt8, columns: [String: Int], width: Int, bodyStart: Int, bodyLine: Int) {
        self.text = text
        self.separator = separator
        self.columns = columns
        self.width = width
        self.bodyStart = bodyStart
        self.bodyLine = bodyLine
    }

    /// Reads the header of `text`; `nil` when the file cannot be read as a table (the reasons are
    /// in `log`).
    static func open(_ text: CSVText, required: [String], optional: [String], log: inout IssueLog) -> CSVTable? {
        if text.bytes.count >= 2, (text.bytes[0] == 0xFF && text.bytes[1] == 0xFE) || (text.bytes[0] == 0xFE && text.bytes[1] == 0xFF) {
            log.error(text.path, 1, 1, "found UTF-16 text, expected UTF-8 (save the file as \"CSV UTF-8\")")
            return nil
        }
        if let bad = text.firstInvalidUTF8() {
            log.error(text.path, bad.line, bad.column, "found bytes that are not UTF-8, expected UTF-8 text")
            return nil
        }
        let separator = detectSeparator(text)
        return text.bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: text.contentStart, end: buffer.count, firstLine: 1, separator: separator)
            var fields: [CSVField] = []
            switch reader.next(into: &fields) {
            case .end:
                log.error(
                    text.path, 1, 1, "found an empty file, expected a header row naming the columns " + required.joined(separator: ", "))
                return nil
            case .malformed(let error):
                log.syntax(error, in: text)
                return nil
            case .record(let line, let offset):
                var columns: [String: Int] = [:]
                let known = Set(required + optional)
                for (k, field) in fields.enumerated() {
                    let name = text.text(field).lowercased()
                    let at = text.location(of: field.start, recordLine: line, recordOffset: offset)
                    if columns[name] != nil {
                        log.error(text.path, at.line, at.column, "found the column '\(name)' twice, expected each column once")
                    } else if known.contains(name) {
                        columns[name] = k
                    } else {
                        log.warning(
                            text.path, at.line, at.column,
                            "found an unknown column '\(name)', ignored (known columns: \((required + optional).joined(separator: ", ")))")
                    }
                }
                let missing = required.filter { columns[$0] == nil }
                if !missing.isEmpty {
                    log.error(
                        text.path, line, 1,
                        "found no column " + missing.map { "'\($0)'" }.joined(separator: ", ") + ", expected the header to name "
                            + required.joined(separator: ", "))
                    return nil
                }
                let (bodyLine, bodyStart) = CSVTable.after(reader: reader, buffer: buffer)
                return CSVTable(
                    text: text, separator: separator, columns: columns, width: fields.count, bodyStart: bodyStart, bodyLine: bodyLine)
            }
        }
    }

    /// `;` (0x3B) when the header line has a `;` and no `,` outside quotes, else `,` (0x2C).
    static func detectSeparator(_ text: CSVText) -> UInt8 {
        var quoted = false
        var commas = 0
        var semicolons = 0
        var k = text.contentStart
        let bytes = text.bytes
        while k < bytes.count {
            let b = bytes[k]
            if b == 0x22 {
                quoted.toggle()
            } else if !quoted {
                if b == 0x0A || b == 0x0D { break }
                if b == 0x2C { commas += 1 }
                if b == 0x3B { semicolons += 1 }
            }
            k += 1
        }
        return semicolons > 0 && commas == 0 ? 0x3B : 0x2C
    }

    private static func after(reader: CSVReader, buffer: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        reader.position
    }

    /// Calls `body` with every well-formed record; malformed ones and records whose field count
    /// differs from the header's are logged.
    func forEachRow(log: inout IssueLog, _ body: (CSVRow, inout IssueLog) -> Void) {
        _ = forEachRecord(from: bodyStart, to: text.bytes.count, line: bodyLine, log: &log) { fields, line, offset, log in
            body(CSVRow(table: self, fields: fields, line: line, offset: offset), &log)
        }
    }

    /// Calls `body` with the fields, line and byte offset of every well-formed record of the
    /// bytes `start..<end`, which start a record on line `line`; malformed records and records
    /// whose field count differs from the header's are logged, as ``forEachRow(log:_:)`` does.
    /// Gives whether a record was malformed and the line after the range. Inlined so that
    /// ``forEachRow(log:_:)`` makes each row in place, as a loop of its own would.
    @inline(__always)
    func forEachRecord(
        from start: Int, to end: Int, line: Int, log: inout IssueLog,
        _ body: ([CSVField], _ line: Int, _ offset: Int, inout IssueLog) -> Void
    ) -> (malformed: Bool, endLine: Int) {
        text.bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: start, end: min(end, buffer.count), firstLine: line, separator: separator)
            var fields: [CSVField] = []
            var malformed = false
            while true {
                switch reader.next(into: &fields) {
                case .end:
                    return (malformed, reader.position.line)
                case .malformed(let error):
                    malformed = true
                    log.syntax(error, in: text)
                case .record(let line, let offset):
                    if fields.count != width {
                        let at = fields.count > width ? fields[width].start : (fields.last?.end ?? offset)
                        let where_ = text.location(of: at, recordLine: line, recordOffset: offset)
                        log.error(text.path, where_.line, where_.column, "found \(fields.count) fields, expected \(width) as in the header")
                        continue
                    }
                    body(fields, line, offset, &log)
                }
            }
        }
    }
}

/// One record of a ``CSVTable``, read by column name.
struct CSVRow {
    let table: CSVTable
    let fields: [CSVField]
    let line: Int
    let offset: Int

    /// The trimmed text of `column`, or `""` when the header does not have it.
    func string(_ column: String) -> String {
        guard let k = table.columns[column] else { return "" }
        return table.text.text(fields[k])
    }

    /// The text of `column`, or `nil` when empty or absent.
    func optional(_ column: String) -> String? {
        let s = string(column)
        return s.isEmpty ? nil : s
    }

    /// The field of `column`, if the header has it.
    func field(_ column: String) -> CSVField? {
        table.columns[column].map { fields[$0] }
    }

    /// The line and column where `column`'s field starts (the record's start when absent).
    func location(_ column: String) -> (line: Int, column: Int) {
        let at = field(column)?.start ?? offset
        return table.text.location(of: at, recordLine: line, recordOffset: offset)
    }

    /// Logs an error at `column` of this row.
    func error(_ column: String, _ message: String, _ log: inout IssueLog) {
        let at = location(column)
        log.error(table.text.path, at.line, at.column, message)
    }
}
