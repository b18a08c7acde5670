#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading whole files into memory as bytes, in large blocks: the only place the loader calls
/// the C library for input.
public enum FileBytes {
    /// Why a file could not be read.
    public enum Failure: Error, Sendable, Hashable {
        /// The file does not exist.
        case missing
        /// It exists but could not be opened or read (`errno` text).
        case unreadable(String)
        /// It is a directory.
        case isDirectory
    }

    /// The contents of the file at `path`.
    public static func read(_ path: String) -> Result<[UInt8], Failure> {
        var info = stat()
        if stat(path, &info) != 0 {
            return errno == ENOENT ? .failure(.missing) : .failure(.unreadable(errorText()))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(.isDirectory) }
        let fd = open(path, O_RDONLY)
        if fd < 0 { return .failure(.unreadable(errorText())) }
        defer { close(fd) }
        let size = max(Int(info.st_size), 0)
        var failed = false
        var buffer = [UInt8](unsafeUninitializedCapacity: size) { storage, count in
            count = 0
            guard let base = storage.baseAddress else { return }
            while count < size {
                let n = Glibc.read(fd, base + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { break }
                count += n
            }
        }
        if failed { return .failure(.unreadable(errorText())) }
        // A file that grew since stat: read the rest in blocks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(.unreadable(errorText())) }
            if n == 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
        }
        return .success(buffer)
    }

    /// Whether `path` names an existing directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
