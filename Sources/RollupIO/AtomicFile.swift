#if canImport(Glibc)
    import Glibc
#endif

/// Writes one file all or nothing: into a temporary file beside it, synced, then renamed over it.
public enum AtomicFile {
    /// Why the file could not be written.
    public typealias Failure = OutputFile.Failure

    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) -> Result<Void, Failure> {
        let temporary = path + ".tmp-\(getpid())"
        let written = OutputFile.create(temporary, hashing: false).flatMap { file in
            file.append(bytes).flatMap { file.finish() }
        }
        if case .failure(let failure) = written {
            unlink(temporary)
            return .failure(failure)
        }
        guard rename(temporary, path) == 0 else {
            let failure = Failure.system("write", path)
            unlink(temporary)
            return .failure(failure)
        }
        return .success(())
    }
}
