/// One option of a command: drives both parsing and `--help`.
public struct OptionSpec: Sendable {
    /// The long name, without dashes (`out` for `--out`).
    public var name: String
    /// A one-letter alias, if any (`o` for `-o`).
    public var short: Character?
    /// The placeholder of the value (`DIR`), or `nil` for a flag.
    public var value: String?
    /// One line of help.
    public var help: String

    /// Makes an option.
    public init(_ name: String, short: Character? = nil, value: String? = nil, help: String) {
        self.name = name
        self.short = short
        self.value = value
        self.help = help
    }
}

/// One positional argument of a command.
public struct ArgumentSpec: Sendable {
    /// The placeholder (`DATA`).
    public var name: String
    /// One line of help.
    public var help: String

    /// Makes an argument.
    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }
}

/// A command line that could not be understood.
public struct UsageError: Error, Sendable, Equatable {
    /// What was wrong.
    public var message: String

    /// Makes an error.
    public init(_ message: String) { self.message = message }
}

/// Options and arguments as parsed against a command's specs.
public struct ParsedArguments: Sendable, Equatable {
    /// Option values by long name (flags map to `""`); repeated options keep every value.
    public var options: [String: [String]] = [:]
    /// Positional arguments in order.
    public var positionals: [String] = []
    /// Whether `-h` or `--help` was given.
    public var wantsHelp = false

    /// The last value of option `name`.
    public func value(_ name: String) -> String? { options[name]?.last }

    /// Whether flag `name` was given.
    public func flag(_ name: String) -> Bool { options[name] != nil }

    /// Parses `arguments` (after the command name): `--opt v`, `--opt=v`, `-o v`, flags, `--`
    /// ending options, `-h`/`--help`.
    public static func parse(_ arguments: [String], options specs: [OptionSpec]) -> Result<ParsedArguments, UsageError> {
        var parsed = ParsedArguments()
        var k = 0
        var onlyPositionals = false
        while k < arguments.count {
            let argument = arguments[k]
            k += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                parsed.wantsHelp = true
                continue
            }
            var name: String
            var inline: String?
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inline = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
            } else {
                let letter = argument.dropFirst().first
                guard argument.count == 2, let spec = specs.first(where: { $0.short == letter }) else {
                    return .failure(UsageError("unknown option '\(argument)'"))
                }
                name = spec.name
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                return .failure(UsageError("unknown option '--\(name)'"))
            }
            if spec.value != nil {
                let value: String
                if let inline {
                    value = inline
                } else if k < arguments.count {
                    value = arguments[k]
                    k += 1
                } else {
                    return .failure(UsageError("option '--\(name)' needs a value \(spec.value ?? "")"))
                }
                parsed.options[name, default: []].append(value)
            } else {
                if inline != nil { return .failure(UsageError("option '--\(name)' takes no value")) }
                parsed.options[name, default: []].append("")
            }
        }
        return .success(parsed)
    }
}
