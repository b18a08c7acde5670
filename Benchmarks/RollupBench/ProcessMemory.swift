import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Peak memory: this process's high-water mark, and one child process's, run and timed.
enum ProcessMemory {
    /// `VmHWM` of `/proc/self/status` in bytes: the peak resident set of this process so far.
    static func ownPeakBytes() -> Int? {
        statusField("VmHWM")
    }

    /// `VmRSS` of `/proc/self/status` in bytes.
    static func ownResidentBytes() -> Int? {
        statusField("VmRSS")
    }

    private static func statusField(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter { $0.isNumber }
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// How one child run went.
    struct ChildRun {
        var status: Int32
        /// Wall time seen by the parent, process start and exit included.
        var seconds: Double
        /// The child's peak resident set in bytes (`/usr/bin/time` `%M`, else `ru_maxrss`).
        var peakBytes: Int?
        /// How the peak was read.
        var peakSource: String
        var standardError: String
    }

    static let timeTool = "/usr/bin/time"

    /// Runs `executable arguments` with Foundation's `Process`, under `/usr/bin/time` when it is
    /// installed (its `%M` is the child's own peak); otherwise the peak is
    /// `getrusage(RUSAGE_CHILDREN).ru_maxrss`, the largest peak of any child waited for so far.
    static func runChild(_ executable: String, _ arguments: [String]) throws -> ChildRun {
        let process = Process()
        let useTime = FileManager.default.isExecutableFile(atPath: timeTool)
        let report = NSTemporaryDirectory() + "rollup-bench-time-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: report) }
        if useTime {
            process.executableURL = URL(fileURLWithPath: timeTool)
            process.arguments = ["-f", "%e %M", "-o", report, executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let start = Clock.now()
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Clock.now() - start
        var peak: Int?
        var source: String
        if useTime {
            source = "/usr/bin/time %M"
            if let text = try? String(contentsOfFile: report, encoding: .utf8),
                let last = text.split(separator: "\n").last,
                let kilobytes = last.split(separator: " ").last.flatMap({ Int($0) })
            {
                peak = kilobytes * 1024
            }
        } else {
            source = "getrusage(RUSAGE_CHILDREN).ru_maxrss"
            var usage = rusage()
            if getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 { peak = Int(usage.ru_maxrss) * 1024 }
        }
        return ChildRun(
            status: process.terminationStatus, seconds: seconds, peakBytes: peak, peakSource: source,
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// The path of the running executable.
    static func ownExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
