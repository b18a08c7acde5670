#if canImport(Glibc)
    import Glibc
#endif

/// Where commands print: standard output for results and summaries, standard error for errors,
/// warnings and progress. Tests substitute a recording console.
public protocol Console: AnyObject {
    /// Prints a line on standard output.
    func out(_ line: String)
    /// Prints a line on standard error.
    func err(_ line: String)
}

/// The process's real standard output and error.
public final class StandardConsole: Console {
    /// Makes the console.
    public init() {}

    /// Prints a line on standard output.
    public func out(_ line: String) { write(1, line + "\n") }

    /// Prints a line on standard error.
    public func err(_ line: String) { write(2, line + "\n") }

    private func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < raw.count {
                let n = Glibc.write(fd, base + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }
}

/// A console that keeps what was printed, for tests.
public final class RecordingConsole: Console {
    /// Lines printed on standard output.
    public private(set) var output: [String] = []
    /// Lines printed on standard error.
    public private(set) var errors: [String] = []

    /// Makes an empty recording.
    public init() {}

    /// Records a line of standard output.
    public func out(_ line: String) {
        output.append(contentsOf: line.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// Records a line of standard error.
    public func err(_ line: String) {
        errors.append(contentsOf: line.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }
}
