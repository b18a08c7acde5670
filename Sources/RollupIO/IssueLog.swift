/// The errors and warnings of one load, collected so that every problem of every file is
/// reported in one run.
struct IssueLog {
    var errors: [InputError] = []
    var warnings: [InputError] = []

    mutating func error(_ file: String, _ line: Int, _ column: Int, _ message: String) {
        errors.append(InputError(file: file, line: line, column: column, message: message))
    }

    mutating func warning(_ file: String, _ line: Int, _ column: Int, _ message: String) {
        warnings.append(InputError(file: file, line: line, column: column, message: message, severity: .warning))
    }

    mutating func syntax(_ error: CSVSyntaxError, in text: CSVText) {
        let at = text.location(of: error.offset, recordLine: error.recordLine, recordOffset: error.recordOffset)
        self.error(text.path, at.line, at.column, error.message)
    }

    /// The errors in file, line and column order (stable for equal positions).
    var sortedErrors: [InputError] {
        errors.enumerated().sorted { a, b in
            (a.element.file, a.element.line, a.element.column, a.offset) < (b.element.file, b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
