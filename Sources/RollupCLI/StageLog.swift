import Foundation

/// Log lines for schedulers, one per stage, on standard error:
/// `2026-11-22T23:59:01Z rollup stage=load seconds=0.412 units=103356`. Greppable by
/// `stage=`; the timestamp is UTC.
final class StageLog {
    private let console: Console
    private let enabled: Bool
    private var started = DispatchTime.now()
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
        timings.append((stage, seconds))
        guard enabled else { return }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let fields = ["stage=\(stage)", "seconds=" + String(format: "%.3f", seconds)] + details.map { "\($0.0)=\($0.1)" }
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
}
