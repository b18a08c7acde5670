import Dispatch
import RollupKernel

#if canImport(Glibc)
    import Glibc
#endif

/// One line on standard error saying what a long command is doing and how far it is
/// (`rollup: rolling up, level 3 of 5 (2.4 s)`), redrawn in place with `\r` and cleared at the
/// end. It is shown only when standard error is a terminal and `--quiet` was not given; scripts,
/// logs and tests see nothing of it.
///
/// A ticker redraws the line four times a second, so a long stage still shows its time going
/// on. Lines printed through ``console(_:)`` clear it first, so warnings never run into it.
final class ProgressLine: @unchecked Sendable {
    /// Whether anything is drawn.
    let enabled: Bool
    private let lock = DispatchSemaphore(value: 1)
    private var text = ""
    private var started = DispatchTime.now()
    private var shown = false
    private var timer: DispatchSourceTimer?

    /// A line drawn when `wanted` and standard error is a terminal.
    init(wanted: Bool, isTerminal: Bool = isatty(2) == 1) {
        enabled = wanted && isTerminal
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.redraw() }
        timer.resume()
        self.timer = timer
    }

    deinit { timer?.cancel() }

    /// Starts a stage: its text, and its clock from now.
    func stage(_ text: String) {
        guard enabled else { return }
        lock.wait()
        self.text = text
        started = DispatchTime.now()
        draw()
        lock.signal()
    }

    /// Changes the text of the current stage, keeping its clock (`level 3 of 5`).
    func update(_ text: String) {
        guard enabled else { return }
        lock.wait()
        self.text = text
        draw()
        lock.signal()
    }

    /// Clears the line and stops the ticker.
    func finish() {
        guard enabled else { return }
        timer?.cancel()
        timer = nil
        lock.wait()
        clear()
        text = ""
        lock.signal()
    }

    /// A console that clears the line before printing and draws it again after.
    func console(_ base: Console) -> Console {
        enabled ? ProgressConsole(base: base, line: self) : base
    }

    /// Clears the line for good until the next stage: what follows are results.
    func results(_ body: () -> Void) {
        lock.wait()
        clear()
        text = ""
        body()
        lock.signal()
    }

    /// Calls `body` with the line cleared, then draws it again.
    func around(_ body: () -> Void) {
        lock.wait()
        clear()
        body()
        if !text.isEmpty { draw() }
        lock.signal()
    }

    private func redraw() {
        lock.wait()
        if !text.isEmpty { draw() }
        lock.signal()
    }

    /// Draws `rollup: TEXT (S s)`, cut to the terminal's width; assumes the lock is held.
    private func draw() {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        var line = "rollup: " + text + " (" + String(Int(seconds)) + "." + String(Int(seconds * 10) % 10) + " s)"
        let width = ProgressLine.columns()
        if line.count > width - 1 { line = String(line.prefix(max(10, width - 2))) + "…" }
        write("\r\u{1B}[2K" + line)
        shown = true
    }

    /// Clears the line if it is shown; assumes the lock is held.
    private func clear() {
        guard shown else { return }
        write("\r\u{1B}[2K")
        shown = false
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < raw.count {
                let n = Glibc.write(2, base + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    /// A byte count for the line (`553 MB`).
    static func size(of bytes: Int) -> String {
        if bytes < 1_000_000 { return "\((bytes + 999) / 1000) kB" }
        if bytes < 1_000_000_000 { return "\(bytes / 1_000_000) MB" }
        return "\(bytes / 1_000_000_000).\(bytes / 100_000_000 % 10) GB"
    }

    /// The terminal's width in characters (80 when unknown).
    static func columns() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// A console that keeps the progress line out of the way of what it prints: standard error
/// lines (warnings) are printed with the line cleared and drawn again after; standard output
/// (the results' summary) ends the line until the next stage.
final class ProgressConsole: Console {
    let base: Console
    let line: ProgressLine

    init(base: Console, line: ProgressLine) {
        self.base = base
        self.line = line
    }

    func out(_ text: String) { line.results { base.out(text) } }

    func err(_ text: String) { line.around { base.err(text) } }
}

extension ProgressLine {
    /// An aggregator on `threads` threads that shows how many levels of how many it has rolled up.
    func aggregator(threads: Int, units: Int) -> ParallelAggregator {
        var aggregator = ParallelAggregator(threads: threads)
        guard enabled else { return aggregator }
        aggregator.progress = { [self] done, total in
            self.update("rolling up \(units) units, pass \(done) of \(total) over the levels")
        }
        return aggregator
    }
}
