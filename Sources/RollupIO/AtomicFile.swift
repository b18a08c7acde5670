#if canImport(Glibc)
    import Glibc
#endif

/// Writes one file all or nothing: into a temporary file beside it, synced, then renamed over it.
public enum AtomicFile {
    /// Why the file could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the path.
        public var description: String
    }

    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) -> Result<Void, Failure> {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return .failure(Failure(description: "could not create \(temporary): " + String(cString: strerror(errno)))) }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while written < raw.count {
                let n = Glibc.write(fd, base + written, raw.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return .failure(Failure(description: "could not write \(path): " + reason))
        }
        return .success(())
    }
}
