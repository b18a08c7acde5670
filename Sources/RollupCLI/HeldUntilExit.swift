import Synchronization

/// Keeps the last run's large values (the loaded dataset, its roll-up, its findings) alive after
/// the run, so that the process exits without freeing them one by one: on the `1m` preset that
/// is millions of strings and arrays, released on one thread while the results folder is still
/// locked, where the operating system takes the whole address space back at once. (Compilers
/// skip the same teardown for the same reason.)
///
/// Holds one run at a time: a later run in the same process (the tests) frees the earlier one's.
enum HeldUntilExit {
    private static let held = Mutex<[any Sendable]>([])

    /// Keeps `values` until the next call or the end of the process.
    static func keep(_ values: [any Sendable]) {
        let earlier = held.withLock { held in
            let earlier = held
            held = values
            return earlier
        }
        _ = earlier  // freed here, outside the lock
    }
}
