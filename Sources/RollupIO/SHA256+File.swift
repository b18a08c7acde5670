#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SHA256 {
    /// A file's size and SHA-256, read in 1 MiB blocks (memory does not grow with the file).
    public struct FileDigest: Sendable, Hashable {
        /// The size in bytes.
        public var bytes: Int
        /// The SHA-256 as 64 lowercase hex digits.
        public var sha256: String

        /// Makes a digest.
        public init(bytes: Int, sha256: String) {
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// The size and hash of the file at `path`.
    public static func file(_ path: String) -> Result<FileDigest, FileBytes.Failure> {
        var info = stat()
        if stat(path, &info) != 0 {
            return errno == ENOENT ? .failure(.missing) : .failure(.unreadable(FileBytes.errorText()))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(.isDirectory) }
        let fd = open(path, O_RDONLY)
        if fd < 0 { return .failure(.unreadable(FileBytes.errorText())) }
        defer { close(fd) }
        var hash = SHA256()
        var total = 0
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(.unreadable(FileBytes.errorText())) }
            if n == 0 { break }
            block.withUnsafeBufferPointer { hash.update(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            total += n
        }
        return .success(FileDigest(bytes: total, sha256: hash.finalizeHex()))
    }
}
