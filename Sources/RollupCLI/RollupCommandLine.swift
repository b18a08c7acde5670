/// The `rollup` command line: picks the subcommand, handles help and usage errors, and returns
/// the exit status.
public enum RollupCommandLine {
    /// The version printed by `rollup --version`.
    public static let version = "0.1.0"

    /// Every subcommand, in the order the help lists them.
    public static var commands: [any Subcommand.Type] {
        [
            RunCommand.self, CheckCommand.self, CompareCommand.self, ReportCommand.self, GenerateCommand.self, SimulateCommand.self,
            VerifyCommand.self,
        ]
    }

    /// The top-level help screen.
    public static var help: String {
        var lines = [
            "rollup \(version): rolls indicator figures up an administrative tree and reports where plans and figures do not add up.",
            "",
            "USAGE: rollup <command> [options] ...",
            "",
            "COMMANDS:",
        ]
        for command in commands { lines.append("  " + command.name.padding(12) + command.abstract) }
        lines += [
            "",
            "  rollup <command> --help    shows a command's options.",
            "  rollup --version           prints the version.",
            "",
            "EXAMPLE:",
            "  rollup run Samples/city-synthetic --out results/",
        ]
        return lines.joined(separator: "\n")
    }

    /// Runs `arguments` (without the program name), printing on `console`.
    public static func run(_ arguments: [String], console: Console = StandardConsole()) -> ExitStatus {
        guard let first = arguments.first else {
            console.err(help)
            return .usage
        }
        if first == "-h" || first == "--help" || first == "help" {
            if first == "help", arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                console.out(command.help)
            } else {
                console.out(help)
            }
            return .success
        }
        if first == "--version" {
            console.out("rollup \(version)")
            return .success
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.err("error: unknown command '\(first)'\n\n" + help)
            return .usage
        }
        switch ParsedArguments.parse(Array(arguments.dropFirst()), options: command.options) {
        case .failure(let error):
            console.err("error: \(error.message)\n\nRun 'rollup \(command.name) --help' for its options.")
            return .usage
        case .success(let parsed):
            if parsed.wantsHelp {
                console.out(command.help)
                return .success
            }
            do {
                let instance = try command.init(parsed)
                return instance.run(console)
            } catch {
                console.err("error: \(error.message)\n\nRun 'rollup \(command.name) --help' for its options.")
                return .usage
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
