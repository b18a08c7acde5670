/// Reads a file of target changes for `rollup simulate --changes FILE`: the columns of
/// `targets.csv` (`unit`, `indicator`, `year`, `target`), each row kept as text with where its
/// fields start, so that the caller can check the codes and notations against a dataset and
/// report `FILE:LINE:COLUMN` errors as the loader does.
///
/// The file's own problems (missing, not UTF-8, a missing or repeated column, a malformed record,
/// the same unit, indicator and year twice) are reported here, every one of them.
public enum TargetChangesFile {
    /// One row of the file.
    public struct Row: Sendable, Hashable {
        /// The file as named on the command line.
        public var file: String
        /// The row's 1-based line.
        public var line: Int
        /// The `unit` field, trimmed.
        public var unit: String
        /// The `indicator` field, trimmed.
        public var indicator: String
        /// The `year` field, trimmed.
        public var year: String
        /// The `target` field, trimmed (`-` or empty: remove the target).
        public var target: String
        private var columns: [String: Int]
        private var lines: [String: Int]

        /// The 1-based line and column (in characters) where `column` (`unit`, `indicator`,
        /// `year`, `target`) starts; the row's start for anything else.
        public func location(_ column: String) -> (line: Int, column: Int) {
            (lines[column] ?? line, columns[column] ?? 1)
        }

        /// An error at `column` of this row.
        public func error(_ column: String, _ message: String) -> InputError {
            let at = location(column)
            return InputError(file: file, line: at.line, column: at.column, message: message)
        }

        init(file: String, row: CSVRow) {
            self.file = file
            line = row.line
            unit = row.string("unit")
            indicator = row.string("indicator")
            year = row.string("year")
            target = row.string("target")
            var columns: [String: Int] = [:]
            var lines: [String: Int] = [:]
            for name in TargetsFile.required {
                let at = row.location(name)
                columns[name] = at.column
                lines[name] = at.line
            }
            self.columns = columns
            self.lines = lines
        }
    }

    /// The rows of the file at `path`, in file order, with its warnings (unknown columns), or
    /// every problem of the file.
    /// The file is decoded as the data folder's files are (`encoding`: UTF-8, or Windows-1258).
    public static func read(_ path: String, encoding: InputEncoding = .auto) -> Result<(rows: [Row], warnings: [InputError]), InputErrors> {
        var log = IssueLog()
        let bytes: [UInt8]
        switch FileBytes.read(path) {
        case .success(let read):
            let prepared = InputDecoding.prepare(read, encoding: encoding)
            if let warning = prepared.warning { log.warning(path, warning.line, warning.column, warning.message) }
            if let error = prepared.error {
                log.error(path, error.line, error.column, error.message)
                return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings))
            }
            bytes = prepared.bytes
        case .failure(.missing):
            return .failure(
                InputErrors(
                    errors: [InputError(file: path, line: 1, column: 1, message: "found no file, expected a file of target changes")],
                    warnings: []))
        case .failure(.isDirectory):
            return .failure(
                InputErrors(
                    errors: [InputError(file: path, line: 1, column: 1, message: "found a directory, expected a file of target changes")],
                    warnings: []))
        case .failure(.unreadable(let reason)):
            return .failure(
                InputErrors(
                    errors: [
                        InputError(
                            file: path, line: 1, column: 1,
                            message: "could not read the file (\(reason)), expected a readable file of target changes")
                    ], warnings: []))
        }
        guard let table = CSVTable.open(CSVText(path: path, bytes: bytes), required: TargetsFile.required, optional: [], log: &log) else {
            return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings))
        }
        var rows: [Row] = []
        var first: [String: Int] = [:]
        table.forEachRow(log: &log) { row, log in
            let read = Row(file: path, row: row)
            let key = read.unit + "\u{0}" + read.indicator + "\u{0}" + read.year
            if let line = first[key] {
                row.error(
                    "unit",
                    "found a second change for unit '\(read.unit)', indicator '\(read.indicator)', year \(read.year), expected one change per unit, indicator and year (first on line \(line))",
                    &log)
                return
            }
            first[key] = row.line
            rows.append(read)
        }
        guard log.errors.isEmpty else { return .failure(InputErrors(errors: log.sortedErrors, warnings: log.warnings)) }
        return .success((rows, log.warnings))
    }
}
