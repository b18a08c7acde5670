import RollupIO

/// The options every command that reads a data folder shares.
enum DataOptions {
    static let specs = [
        OptionSpec("vietnamese", help: "Numbers are in Vietnamese notation: '.' groups thousands, ',' is the decimal point (49.400 = 49400)."),
        OptionSpec("threads", short: "j", value: "N", help: "Threads for the roll-up (default: the active processors). Results are identical for any N."),
    ]

    /// Loads `folder`, printing every error and warning; `nil` when the input has errors.
    static func load(
        _ folder: String, vietnamese: Bool, threads: Int, console: Console, skipInvalid: Bool = false
    ) -> LoadedDataset? {
        var options = LoadOptions(vietnamese: vietnamese, threads: threads)
        options.skipInvalid = skipInvalid
        switch DatasetLoader.load(folder: folder, options: options) {
        case .success(let loaded):
            for warning in loaded.warnings { console.err(warning.description) }
            return loaded
        case .failure(let failure):
            for warning in failure.warnings { console.err(warning.description) }
            for error in failure.errors { console.err(error.description) }
            console.err("error: \(failure.errors.count) input error\(failure.errors.count == 1 ? "" : "s") in \(folder); nothing was written")
            return nil
        }
    }
}
