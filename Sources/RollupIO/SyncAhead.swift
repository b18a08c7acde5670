import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the disk's copy of a file close behind its writer: each ``request()`` syncs the file
/// (fdatasync) on a queue of its own while the writer goes on, so that by the time the file is
/// finished little of it is left to reach the disk and the final sync returns at once.
///
/// It works on a duplicate of the writer's descriptor, closed when the last sync is done; the
/// writer may close its own at any time. A failed sync is remembered and reported by
/// ``complete()``: the kernel reports a write-back error to one sync only, so it must not be lost
/// on this queue.
final class SyncAhead: Sendable {
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "rollup.sync-ahead")
    /// Whether a sync is waiting on the queue, not yet started: requests meanwhile join it.
    private let waiting = Mutex(false)
    /// `errno` of the first sync that failed, 0 while none has.
    private let failure = Mutex<Int32>(0)

    /// Syncs for the file open as `descriptor`, or nil where it cannot be duplicated (then the
    /// file is synced only when it is completed, the ordinary way).
    init?(file descriptor: Int32) {
        let duplicate = dup(descriptor)
        guard duplicate >= 0 else { return nil }
        self.descriptor = duplicate
    }

    deinit {
        close(descriptor)
    }

    /// Starts a sync of everything written so far, unless one is already waiting to start.
    func request() {
        let alreadyWaiting = waiting.withLock { waiting in
            defer { waiting = true }
            return waiting
        }
        guard !alreadyWaiting else { return }
        queue.async {
            self.waiting.withLock { $0 = false }
            self.sync(fdatasync)
        }
    }

    /// Waits for the syncs under way, syncs the whole file once more (data and metadata) and
    /// returns `errno` of the first sync that failed, or 0. Call it after the last write.
    func complete() -> Int32 {
        queue.sync { sync(fsync) }
        return failure.withLock { $0 }
    }

    private func sync(_ call: (Int32) -> Int32) {
        guard call(descriptor) != 0 else { return }
        let code = errno
        failure.withLock { if $0 == 0 { $0 = code } }
    }
}
