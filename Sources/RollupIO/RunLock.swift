import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One run at a time per results folder: an advisory lock (`flock`) on `.OUT.lock` beside OUT,
/// holding the PID of the run that has it.
///
/// The kernel releases the lock when the holder's process ends, however it ends (a SIGKILL, a
/// power cut), so a stale lock file never blocks the next run. A run that ends normally removes
/// the file while it still holds the lock; one that finds it locked and then gets it checks that
/// the path still names the file it locked, and starts again if not, so two runs never hold two
/// files of the same name. The flock calls live here and nowhere else.
public final class RunLock: Sendable {
    /// Why the lock could not be taken.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// Another process holds it; its PID when the lock file names one.
        case held(path: String, pid: Int32?)
        /// The lock file could not be created or locked (`errno` text).
        case unavailable(path: String, reason: String)

        /// A sentence for an operator.
        public var description: String {
            switch self {
            case .held(let path, let pid):
                let who = pid.map { "process \($0)" } ?? "another process"
                return "another rollup run (\(who)) is writing to the same results folder; it holds the lock \(path)"
                    + " (wait for it, or run with --wait)"
            case .unavailable(let path, let reason):
                return "could not lock \(path): \(reason)"
            }
        }
    }

    /// The lock file.
    public let path: String
    /// The open lock file; -1 once released.
    private let fd: Mutex<Int32>

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = Mutex(fd)
    }

    deinit { release() }

    /// The lock file for results folder `target`: `.NAME.lock` in its parent folder.
    public static func path(for target: String) -> String {
        var trimmed = target
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return ".\(trimmed).lock" }
        let parent = String(trimmed[...slash])
        return parent + "." + trimmed[trimmed.index(after: slash)...] + ".lock"
    }

    /// Takes the lock for results folder `target`. Without `wait`, fails at once when another
    /// process holds it; with `wait`, blocks until it is free, calling `waiting` first with the
    /// holder's PID (when known).
    public static func acquire(for target: String, wait: Bool, waiting: (Int32?) -> Void = { _ in }) -> Result<RunLock, Failure> {
        let path = path(for: target)
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return .failure(.unavailable(path: path, reason: errorText())) }
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                if code == EINTR { continue }
                guard code == EWOULDBLOCK else {
                    let reason = errorText()
                    close(fd)
                    return .failure(.unavailable(path: path, reason: reason))
                }
                let holder = holderPID(fd)
                guard wait else {
                    close(fd)
                    return .failure(.held(path: path, pid: holder))
                }
                waiting(holder)
                while flock(fd, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let reason = errorText()
                        close(fd)
                        return .failure(.unavailable(path: path, reason: reason))
                    }
                }
                break
            }
            // The holder before us may have removed the file it locked: ours must be the one
            // the path names, or another run could lock a new file of the same name.
            var locked = stat()
            var named = stat()
            guard fstat(fd, &locked) == 0, stat(path, &named) == 0, locked.st_ino == named.st_ino, locked.st_dev == named.st_dev else {
                close(fd)
                continue
            }
            // Ours: name this process in the file for the next one that finds it locked.
            let pid = Array("\(getpid())\n".utf8)
            if ftruncate(fd, 0) == 0 {
                _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            }
            return .success(RunLock(path: path, fd: fd))
        }
    }

    /// Releases the lock (also done when the value is deinitialised or the process ends).
    public func release() {
        fd.withLock { fd in
            guard fd >= 0 else { return }
            // Still holding the lock: remove the file, so no one reads its PID as a live run's.
            _ = unlink(path)
            _ = flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    /// The PID written in the lock file by its holder, if readable. The holder may not have
    /// written it yet: look a few times.
    private static func holderPID(_ fd: Int32) -> Int32? {
        for attempt in 0..<20 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            if n > 0, let pid = Int32(String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").first ?? "") {
                return pid
            }
            if attempt < 19 { usleep(5_000) }
        }
        return nil
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
