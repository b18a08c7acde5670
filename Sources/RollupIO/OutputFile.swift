import CRollupSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A file being written piece by piece: every byte handed over is written (short writes and
/// interruptions retried), counted and, when asked, hashed on the way, so that a file far larger
/// than memory can be produced and recorded in the manifest without reading it back.
public final class OutputFile {
    /// Why a file could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the path and the system's reason.
        public var description: String

        /// The failure of `action` on `path`, with `errno`'s text.
        static func system(_ action: String, _ path: String) -> Failure {
            system("could not \(action) \(path)")
        }

        /// `message` with `errno`'s text.
        static func system(_ message: String) -> Failure {
            Failure(description: message + ": " + String(cString: strerror(errno)))
        }

        /// A failure to sync `path`, with the text of the error `code`.
        static func synced(_ path: String, _ code: Int32) -> Failure {
            Failure(description: "could not sync \(path): " + String(cString: strerror(code)))
        }
    }

    /// What was written: the size and, for a hashed file, the SHA-256.
    public struct Digest: Sendable, Hashable {
        /// Bytes written.
        public var bytes: Int
        /// 64 lowercase hex digits; empty when the file was not hashed.
        public var sha256: String

        /// Makes a digest.
        public init(bytes: Int, sha256: String) {
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// Where the file is written.
    public let path: String
    private var descriptor: Int32
    private var hash: SHA256?
    private var written = 0
    /// Bytes already handed to the disk's write-back.
    private var writebackStarted = 0
    /// How many written bytes start a write-back: a large file reaches the disk while it is
    /// still being produced, and the final fsync waits for the last stretch only.
    static let writebackStep = 4 << 20
    /// For a file synced as it is written: what syncs it. Nil for a file synced only at the end.
    let syncAhead: SyncAhead?

    private init(path: String, descriptor: Int32, hashing: Bool, syncingAhead: Bool) {
        self.path = path
        self.descriptor = descriptor
        hash = hashing ? SHA256() : nil
        syncAhead = syncingAhead ? SyncAhead(file: descriptor) : nil
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Creates (or truncates) the file at `path`; `hashing` computes its SHA-256 as it is written.
    ///
    /// `syncingAhead` is for a large file that must be on the disk before it is used: it is synced
    /// on another thread every ``writebackStep`` bytes while it is written (``SyncAhead``), so the
    /// disk keeps pace with the writer instead of receiving the whole file at the final sync.
    public static func create(_ path: String, hashing: Bool = true, syncingAhead: Bool = false) -> Result<OutputFile, Failure> {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(.system("create", path)) }
        return .success(OutputFile(path: path, descriptor: fd, hashing: hashing, syncingAhead: syncingAhead))
    }

    /// Writes `bytes` at the end of the file.
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Void, Failure> {
        guard descriptor >= 0 else { return .failure(Failure(description: "could not write \(path): already closed")) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .success(()) }
        var done = 0
        while done < bytes.count {
            // At most one step per call, so that a large buffer's write-back starts while the rest is written.
            let n = write(descriptor, base + done, min(bytes.count - done, OutputFile.writebackStep))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .failure(.system("write", path)) }
            done += n
            written += n
            if written - writebackStarted >= OutputFile.writebackStep { startWriteback() }
        }
        hash?.update(bytes)
        return .success(())
    }

    /// Hands the bytes written since the last call to the disk, without waiting for them.
    private func startWriteback() {
        if let syncAhead {
            syncAhead.request()
        } else {
            _ = rollup_start_writeback(descriptor, Int64(writebackStarted), Int64(written - writebackStarted))
        }
        writebackStarted = written
    }

    /// Writes `bytes` at the end of the file.
    public func append(_ bytes: [UInt8]) -> Result<Void, Failure> {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Closes the file, synced to disk unless `sync` is false (then its write-back is started and
    /// the caller syncs it later, as ``ResultsStaging/commit()`` does for all its files at once);
    /// nothing may be appended afterwards.
    public func finish(sync: Bool = true) -> Result<Digest, Failure> {
        guard descriptor >= 0 else { return .failure(Failure(description: "could not close \(path): already closed")) }
        var failure: Failure?
        if sync {
            let code = syncAhead?.complete() ?? (fsync(descriptor) == 0 ? 0 : errno)
            if code != 0 { failure = .synced(path, code) }
        } else if written > writebackStarted {
            startWriteback()
        }
        close(descriptor)
        descriptor = -1
        if let failure { return .failure(failure) }
        return .success(Digest(bytes: written, sha256: hash?.finalizeHex() ?? ""))
    }

    /// Syncs the file at `path` to disk.
    static func sync(_ path: String) -> Result<Void, Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.system("open", path)) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { return .failure(.system("sync", path)) }
        return .success(())
    }
}
