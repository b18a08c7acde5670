import Dispatch
import RollupKernel

/// A part of a run done alongside the rest: with more than one thread it starts at once on a
/// thread of its own (a queue of its own, so that it does not wait for the global queues' threads,
/// busy with the caller's parallel loops); with one thread it runs when ``finish()`` is called, so
/// the run stays on one thread. Either way ``finish()`` gives its result and how long it took.
final class SideTask<Value>: @unchecked Sendable {
    private let work: () -> Value
    private var outcome: (value: Value, seconds: Double)?
    private var started = false
    private let done = DispatchGroup()

    /// Starts `work` now when `alongside`, else keeps it for ``finish()``; `work` must not touch
    /// what the caller changes meanwhile.
    init(alongside: Bool, _ work: @escaping () -> Value) {
        self.work = work
        guard alongside else { return }
        started = true
        let job = UncheckedSendable(work)
        done.enter()
        DispatchQueue(label: "rollup.side-task").async { [self] in
            outcome = Self.timed(job.value)
            done.leave()
        }
    }

    /// The work's result and its wall-clock seconds, once it is done (run now if it was kept).
    func finish() -> (value: Value, seconds: Double) {
        if started { done.wait() }
        // `outcome` is set before `done` is left; a task kept for now has none yet.
        if let outcome { return outcome }
        let result = Self.timed(work)
        outcome = result
        return result
    }

    private static func timed(_ work: () -> Value) -> (value: Value, seconds: Double) {
        let start = DispatchTime.now()
        let value = work()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
}
