// The `rollup` executable: a thin main over RollupCLI, which holds every command.
import Foundation
import RollupCLI

let status = RollupCommandLine.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
