/// A `rollup` subcommand: its name, help and options, validated apart from being run.
public protocol Subcommand {
    /// The word that selects the command (`run`).
    static var name: String { get }
    /// One line saying what it does.
    static var abstract: String { get }
    /// Further paragraphs of help, with examples.
    static var discussion: String { get }
    /// Its positional arguments.
    static var arguments: [ArgumentSpec] { get }
    /// Its options.
    static var options: [OptionSpec] { get }

    /// Checks the parsed command line and builds the command; a usage error otherwise.
    init(_ parsed: ParsedArguments) throws(UsageError)

    /// Runs the command.
    func run(_ console: Console) -> ExitStatus
}

extension Subcommand {
    /// The help screen.
    public static var help: String {
        var lines = [
            "USAGE: rollup \(name)" + (options.isEmpty ? "" : " [options]") + arguments.map { " \($0.name)" }.joined(), "", abstract,
        ]
        if !discussion.isEmpty { lines += ["", discussion] }
        if !arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            for a in arguments { lines.append("  " + pad(a.name, 24) + a.help) }
        }
        lines += ["", "OPTIONS:"]
        for o in options {
            let flag = (o.short.map { "-\($0), " } ?? "") + "--\(o.name)" + (o.value.map { " \($0)" } ?? "")
            lines.append("  " + pad(flag, 24) + o.help)
        }
        lines.append("  " + pad("-h, --help", 24) + "Show this help.")
        return lines.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + "  " : s + String(repeating: " ", count: width - s.count)
    }

    /// Parses positionals into exactly the declared arguments.
    static func positionals(_ parsed: ParsedArguments) throws(UsageError) -> [String] {
        guard parsed.positionals.count == arguments.count else {
            if parsed.positionals.count < arguments.count {
                throw UsageError("missing argument \(arguments[parsed.positionals.count].name)")
            }
            throw UsageError("unexpected argument '\(parsed.positionals[arguments.count])'")
        }
        return parsed.positionals
    }

    /// A positive integer option, or `nil` when absent.
    static func positiveInteger(_ parsed: ParsedArguments, _ name: String) throws(UsageError) -> Int? {
        guard let text = parsed.value(name) else { return nil }
        guard let n = Int(text), n > 0 else { throw UsageError("option '--\(name)' needs a positive integer, found '\(text)'") }
        return n
    }
}
