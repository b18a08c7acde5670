/// A problem with the input, located in a file: rendered `FILE:LINE:COLUMN: message`, where the
/// message says what was found and what was expected.
///
/// Errors make a run fail without writing anything; warnings (an unknown column) are reported
/// and the run goes on.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the problem stops the run.
    public enum Severity: String, Sendable, Hashable {
        /// The run fails.
        case error
        /// Reported; the run goes on.
        case warning
    }

    /// The file as named on the command line (`Samples/x/values.csv`).
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in characters.
    public var column: Int
    /// What was found and what was expected.
    public var message: String
    /// Whether the run stops.
    public var severity: Severity

    /// Makes an error or warning.
    public init(file: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    /// `FILE:LINE:COLUMN: message` (`warning: ` before the message for a warning).
    public var description: String {
        "\(file):\(line):\(column): " + (severity == .warning ? "warning: " : "") + message
    }
}

/// Every error of a run that could not load its input, in file and line order.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    /// The errors (severity `.error`), sorted.
    public var errors: [InputError]
    /// Warnings met on the way.
    public var warnings: [InputError]

    /// One line per error.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
