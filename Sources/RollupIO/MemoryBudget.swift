#if canImport(Glibc)
    import Glibc
#endif

/// Whether a data folder fits in memory, estimated from its files' sizes before anything is read,
/// so that a folder far too large fails at once with a clear message instead of being killed by
/// the kernel halfway.
///
/// A run holds each file's bytes, the figure columns built from them, the roll-up and the results
/// it formats (`rollups.csv` is streamed, not held). Measured peaks (release build, 2 threads):
/// 1.88 GB for the `1m` preset's 596 MB (3.2 times), 15.7 GB for the `10m` preset's 6.18 GB (2.5
/// times); small folders pay a fixed part (the `vn` preset's 58 MB peaked near 250 MB). The
/// estimate is ``bytesPerInputByte`` (3.5) times the files' size plus ``baseBytes`` (128 MiB). Memory available is the smallest of `MemAvailable`
/// in `/proc/meminfo` and the cgroup's limit less its usage (a container's limit);
/// `ROLLUP_MEMORY_AVAILABLE=BYTES` overrides both.
public enum MemoryBudget {
    /// Bytes of memory a run needs per byte of input.
    public static let bytesPerInputByte = 3.5
    /// Bytes a run needs whatever the input.
    public static let baseBytes = 128 << 20

    /// The bytes a run on files of `inputBytes` in all is estimated to need.
    public static func needed(inputBytes: Int) -> Int {
        guard inputBytes < Int.max / 8 else { return Int.max }
        return Int((Double(inputBytes) * bytesPerInputByte).rounded(.up)) + baseBytes
    }

    /// The bytes of memory available now, and where the figure comes from; `nil` when the
    /// system does not say.
    public static func available() -> (bytes: Int, source: String)? {
        if let text = getenv("ROLLUP_MEMORY_AVAILABLE").map({ String(cString: $0) }), let bytes = Int(text), bytes > 0 {
            return (bytes, "ROLLUP_MEMORY_AVAILABLE")
        }
        var best: (bytes: Int, source: String)?
        func consider(_ bytes: Int?, _ source: String) {
            guard let bytes, bytes >= 0 else { return }
            if bytes < best?.bytes ?? Int.max { best = (bytes, source) }
        }
        if let meminfo = text("/proc/meminfo") {
            for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let parts = line.split(separator: " ")
                if parts.count >= 2, let kib = Int(parts[1]) { consider(kib * 1024, "MemAvailable in /proc/meminfo") }
            }
        }
        // cgroup v2, then v1: the limit less what the group already uses.
        if let limit = number("/sys/fs/cgroup/memory.max") {
            consider(limit - (number("/sys/fs/cgroup/memory.current") ?? 0), "the cgroup memory limit (/sys/fs/cgroup/memory.max)")
        } else if let limit = number("/sys/fs/cgroup/memory/memory.limit_in_bytes"), limit < 1 << 60 {
            consider(
                limit - (number("/sys/fs/cgroup/memory/memory.usage_in_bytes") ?? 0),
                "the cgroup memory limit (/sys/fs/cgroup/memory/memory.limit_in_bytes)")
        }
        return best
    }

    /// The problem with loading files of `inputBytes` in all when `available` bytes are free, if any.
    public static func check(inputBytes: Int, available: (bytes: Int, source: String)?) -> String? {
        guard let available else { return nil }
        let needed = needed(inputBytes: inputBytes)
        guard needed > available.bytes else { return nil }
        return
            "found \(size(inputBytes)) of input, expected input that fits in memory: a run needs about \(size(needed)) of memory (\(bytesPerInputByte) × the input + \(size(baseBytes))) "
            + "and \(size(available.bytes)) is available (\(available.source)); run it on a machine with more memory, or split the data folder"
    }

    /// `1.5 GiB`, `640 MiB`, `12 KiB`, `100 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes > Int.max / 16 { return "\(bytes >> 40) TiB" }
        let units = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (scale, name) in units where bytes >= scale {
            let tenths = (bytes * 10 + scale / 2) / scale
            return tenths % 10 == 0 || tenths >= 1000 ? "\(tenths / 10) \(name)" : "\(tenths / 10).\(tenths % 10) \(name)"
        }
        return "\(bytes) bytes"
    }

    /// The size of the file at `path`; 0 when it does not exist or is not a file.
    public static func fileSize(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return 0 }
        return max(0, Int(info.st_size))
    }

    private static func text(_ path: String) -> String? {
        guard case .success(let bytes) = FileBytes.read(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func number(_ path: String) -> Int? {
        text(path).flatMap { Int($0.split(separator: "\n").first ?? "") }
    }
}
