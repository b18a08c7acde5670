/// A value or target row set aside by `--skip-invalid`: where it is, why, and its text as written.
public struct RejectedRow: Sendable, Hashable {
    /// The file's name in the data folder (`values.csv`).
    public var file: String
    /// The 1-based line of the first problem.
    public var line: Int
    /// The 1-based column (in characters) of the first problem.
    public var column: Int
    /// What was found and expected; several problems of one row are joined by `; `.
    public var reason: String
    /// The record's raw text, without its line end (a quoted line break is kept).
    public var row: String

    /// Makes a rejected row.
    public init(file: String, line: Int, column: Int, reason: String, row: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        self.row = row
    }
}

/// Where the rows of one file go that have errors when bad rows are set aside instead of failing
/// the load. Errors that concern the file as a whole (an unclosed quote, after which rows cannot
/// be told apart) still go to the log.
final class Quarantine {
    /// The file's name in the data folder, for ``RejectedRow/file``.
    let file: String
    /// The rows set aside, in file order.
    private(set) var rows: [RejectedRow] = []

    init(file: String) {
        self.file = file
    }

    /// Sets aside a record whose problems are `errors` (at least one).
    func reject(_ errors: [InputError], raw: String) {
        guard let first = errors.first else { return }
        rows.append(
            RejectedRow(file: file, line: first.line, column: first.column, reason: errors.map(\.message).joined(separator: "; "), row: raw)
        )
    }

    /// Rewrites the reason of the rejected row at `line` (duplicate messages name the first row
    /// once the whole file has been read).
    func amend(line: Int, _ change: (inout String) -> Void) {
        for k in rows.indices where rows[k].line == line { change(&rows[k].reason) }
    }
}

extension CSVSyntaxError {
    /// Whether this is an unclosed quote: the reader then cannot tell the following rows apart,
    /// so the file fails even when bad rows are set aside.
    var isUnclosedQuote: Bool { message.hasPrefix("found a quoted field that is never closed") }
}

extension CSVTable {
    /// Calls `body` with every well-formed record, as ``forEachRow(log:_:)``; with a quarantine,
    /// a record that is malformed, has the wrong number of fields, or gets an error from `body`
    /// is set aside with its raw text instead of logging the error (warnings are still logged).
    func forEachRow(log: inout IssueLog, quarantine: Quarantine?, _ body: (CSVRow, inout IssueLog) -> Void) {
        guard let quarantine else { return forEachRow(log: &log, body) }
        text.bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: bodyStart, end: buffer.count, firstLine: bodyLine, separator: separator)
            var fields: [CSVField] = []
            func raw(from start: Int) -> String {
                var stop = reader.position.offset
                while stop > start && (buffer[stop - 1] == 0x0A || buffer[stop - 1] == 0x0D) { stop -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<max(start, stop)]), as: UTF8.self)
            }
            while true {
                var rowLog = IssueLog()
                switch reader.next(into: &fields) {
                case .end:
                    return
                case .malformed(let error):
                    if error.isUnclosedQuote {
                        log.syntax(error, in: text)
                        continue
                    }
                    rowLog.syntax(error, in: text)
                    quarantine.reject(rowLog.errors, raw: raw(from: error.recordOffset))
                case .record(let line, let offset):
                    if fields.count != width {
                        let at = fields.count > width ? fields[width].start : (fields.last?.end ?? offset)
                        let where_ = text.location(of: at, recordLine: line, recordOffset: offset)
                        rowLog.error(
                            text.path, where_.line, where_.column, "found \(fields.count) fields, expected \(width) as in the header")
                    } else {
                        body(CSVRow(table: self, fields: fields, line: line, offset: offset), &rowLog)
                    }
                    log.warnings += rowLog.warnings
                    if !rowLog.errors.isEmpty { quarantine.reject(rowLog.errors, raw: raw(from: offset)) }
                }
            }
        }
    }
}

/// `rejected.csv`: the rows `--skip-invalid` set aside, one per row, in file and line order.
///
/// Columns `file,line,column,reason,row`: the file's name in the data folder, the line and
/// column of the first problem, what was found and expected, and the row's raw text. Fields are
/// quoted where RFC 4180 needs it, and `row` also where it starts or ends with a space, so that
/// it reads back exactly. UTF-8, LF line ends.
public enum RejectedFile {
    /// The header row's columns.
    public static let header = "file,line,column,reason,row"

    /// The file's bytes.
    public static func format(_ rows: [RejectedRow]) -> [UInt8] {
        var out = Array((header + "\n").utf8)
        for row in rows {
            CSVEscape.append(row.file, to: &out)
            out.append(contentsOf: ",\(row.line),\(row.column),".utf8)
            CSVEscape.append(row.reason, to: &out)
            out.append(0x2C)
            let padded = row.row.first == " " || row.row.first == "\t" || row.row.last == " " || row.row.last == "\t"
            if padded && !row.row.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out.append(0x22)
                out.append(contentsOf: row.row.utf8)
                out.append(0x22)
            } else {
                CSVEscape.append(row.row, to: &out)
            }
            out.append(0x0A)
        }
        return out
    }
}
