import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The built `rollup` executable, run as a separate process: for what only a real process
/// shows (a SIGKILL, a lock held by another process, exit statuses seen by a scheduler).
struct RollupProcess {
    /// The `rollup` executable beside the test bundle (`swift test` builds it with the tests),
    /// or `nil` when it is not there.
    static let binary: String? = {
        var folders: [URL] = []
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles { folders.append(bundle.bundleURL.deletingLastPathComponent()) }
        for folder in folders {
            let candidate = folder.appendingPathComponent("rollup").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The binary, or a skip when the tests run without it.
    static func require() throws -> String {
        guard let binary else { throw XCTSkip("the rollup executable is not beside the test bundle (run `swift build` first)") }
        return binary
    }

    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private var outputData = Data()
    private var errorData = Data()

    /// Starts `rollup arguments`.
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: try RollupProcess.require())
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process ID.
    var pid: Int32 { process.processIdentifier }

    /// Kills the process with SIGKILL (nothing it can catch).
    func kill() { _ = Glibc.kill(process.processIdentifier, SIGKILL) }

    /// Waits for the end; the exit status (or 128 + the signal), standard output and error.
    mutating func finish() -> (status: Int32, output: String, errors: String) {
        // Read both pipes to the end before waiting, so a chatty child never blocks.
        let outHandle = output.fileHandleForReading
        let errHandle = errors.fileHandleForReading
        let group = DispatchGroup()
        nonisolated(unsafe) var errBytes = Data()
        group.enter()
        DispatchQueue.global().async {
            errBytes = errHandle.readDataToEndOfFile()
            group.leave()
        }
        outputData = outHandle.readDataToEndOfFile()
        group.wait()
        errorData = errBytes
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// Runs `rollup arguments` to the end.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        var process = try RollupProcess(arguments)
        return process.finish()
    }
}
