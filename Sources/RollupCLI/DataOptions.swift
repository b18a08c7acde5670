import RollupIO

/// The options every command that reads a data folder shares.
enum DataOptions {
    static let specs = [
        OptionSpec(
            "vietnamese", help: "Numbers are in Vietnamese notation: '.' groups thousands, ',' is the decimal point (49.400 = 49400)."),
        OptionSpec(
            "threads", short: "j", value: "N",
            help: "Threads for the roll-up (default: the active processors). Results are identical for any N."),
        OptionSpec(
            "encoding", value: "NAME",
            help:
                "The files' encoding: auto (UTF-8, or Windows-1258 with a warning for a file that is not UTF-8; the default), utf-8 or windows-1258."
        ),
    ]

    /// The `--encoding` option (`auto` when absent).
    static func encoding(_ parsed: ParsedArguments) throws(UsageError) -> InputEncoding {
        guard let text = parsed.value("encoding") else { return .auto }
        guard let encoding = InputEncoding(name: text) else {
            throw UsageError("option '--encoding' needs auto, utf-8 or windows-1258, found '\(text)'")
        }
        return encoding
    }

    /// Loads `folder`, printing every error and warning; `nil` when the input has errors.
    static func load(
        _ folder: String, vietnamese: Bool, threads: Int, encoding: InputEncoding = .auto, console: Console, skipInvalid: Bool = false,
        whenRead: (@Sendable (_ name: String, _ bytes: [UInt8]) -> Void)? = nil
    ) -> LoadedDataset? {
        var options = LoadOptions(vietnamese: vietnamese, threads: threads)
        options.skipInvalid = skipInvalid
        options.encoding = encoding
        switch DatasetLoader.load(folder: folder, options: options, whenRead: whenRead) {
        case .success(let loaded):
            for warning in loaded.warnings { console.err(warning.description) }
            return loaded
        case .failure(let failure):
            for warning in failure.warnings { console.err(warning.description) }
            for error in failure.errors { console.err(error.description) }
            console.err(
                "error: \(failure.errors.count) input error\(failure.errors.count == 1 ? "" : "s") in \(folder); nothing was written")
            return nil
        }
    }
}
