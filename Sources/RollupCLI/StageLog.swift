import Foundation

/// Log lines for schedulers, one per stage, on standard error:
/// `2026-11-22T23:59:01Z rollup stage=load seconds=0.412 cpu=0.790 units=103356`. Greppable by
/// `stage=`; the timestamp is UTC; `cpu` is the processor time (user and system, all threads) the
/// process spent in the stage, so `cpu / seconds` tells how many processors the stage kept busy.
final class StageLog {
    private let console: Console
    private let enabled: Bool
    private var started = DispatchTime.now()
    private var startedCPU = StageLog.processorSeconds()
    private let begun = DispatchTime.now()
    private(set) var timings: [(stage: String, seconds: Double)] = []

    init(console: Console, enabled: Bool) {
        self.console = console
        self.enabled = enabled
    }

    /// Ends the current stage, logging its duration and `details`, and starts the next.
    func finish(_ stage: String, _ details: [(String, String)] = []) {
        let now = DispatchTime.now()
        let seconds = Double(now.uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        started = now
        let cpu = Self.processorSeconds()
        let spent = cpu - startedCPU
        startedCPU = cpu
        timings.append((stage, seconds))
        guard enabled else { return }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let fields =
            ["stage=\(stage)", "seconds=" + String(format: "%.3f", seconds), "cpu=" + String(format: "%.3f", spent)]
            + details.map { "\($0.0)=\($0.1)" }
        console.err("\(stamp) rollup " + fields.joined(separator: " "))
    }

    /// Logs the last line of a run, whether it succeeded or failed:
    /// `2026-11-22T23:59:09Z rollup stage=end status=65 seconds=0.004`, where `seconds` is the
    /// whole run.
    func end(_ status: ExitStatus) {
        guard enabled else { return }
        let total = Double(DispatchTime.now().uptimeNanoseconds - begun.uptimeNanoseconds) / 1e9
        let stamp = ISO8601DateFormatter().string(from: Date())
        console.err("\(stamp) rollup stage=end status=\(status.rawValue) seconds=" + String(format: "%.3f", total))
    }

    /// User and system time of the whole process so far, in seconds.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
