import Dispatch
import Synchronization

/// Runs independent tasks on a fixed number of threads with Dispatch.
///
/// Each worker takes the next task no worker has taken yet, in task order, as soon as it is free,
/// so that a long task (or a worker the machine slows) does not leave the others idle. Which
/// thread runs a task never changes what it computes: each task writes only its own slots.
public struct WorkRunner: Sendable {
    /// The number of threads.
    public let threads: Int

    /// A runner on `threads` threads (at least 1).
    public init(threads: Int) { self.threads = max(1, threads) }

    /// Runs `body(t)` for every task `t` in `0..<tasks`, on at most `threads` threads.
    public func run(tasks: Int, _ body: (Int) -> Void) {
        let workers = min(threads, tasks)
        if workers <= 1 {
            for t in 0..<tasks { body(t) }
            return
        }
        // Tasks 0..<workers start one per worker; the rest are taken from `next`.
        let next = Atomic<Int>(workers)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var t = w
                while t < tasks {
                    box.value(t)
                    t = next.wrappingAdd(1, ordering: .relaxed).oldValue
                }
            }
        }
    }
}

extension WorkRunner {
    /// The sum of `count(t)` over every task `t` in `0..<tasks`, each counted on one of the
    /// threads: the same total for any thread count.
    public func sum(tasks: Int, _ count: (Int) -> Int) -> Int {
        var counts = [Int](repeating: 0, count: max(0, tasks))
        counts.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            // Each task writes only its own slot.
            run(tasks: tasks) { t in slots.value[t] = count(t) }
        }
        return counts.reduce(0, +)
    }
}

/// Carries a value across the Dispatch boundary where the caller guarantees that concurrent uses
/// touch disjoint memory.
public struct UncheckedSendable<T>: @unchecked Sendable {
    /// The wrapped value.
    public let value: T
    /// Wraps `value`.
    public init(_ value: T) { self.value = value }
}
