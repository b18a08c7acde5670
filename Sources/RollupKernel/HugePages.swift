#if canImport(Glibc)
    import Glibc
#endif

/// Asks Linux to back a large buffer with 2 MiB pages (transparent huge pages, `madvise` mode)
/// before it is first written: one page fault per 2 MiB instead of one per 4 KiB. On `vn` the
/// buffers a run fills once (the inputs read whole, `rollups.csv`'s pieces) took most of its
/// 70,000 page faults and a fifth of its processor time in the kernel.
///
/// Only advice: where the kernel has huge pages off, or the buffer is smaller than one huge page,
/// nothing changes, and the bytes are the same either way.
public enum HugePages {
    /// The size of one huge page on x86-64 and arm64 Linux.
    public static let size = 2 << 20

    /// Advises huge pages for the whole 2 MiB pages inside `count` bytes at `base`. Assumes the
    /// memory is the caller's own (allocated, not a mapping of a file) and not yet written, or
    /// written bytes are kept either way.
    public static func advise(_ base: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
            let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
            let end = (Int(bitPattern: base) + count) & ~(size - 1)
            guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Advises huge pages for the whole 2 MiB pages inside `buffer` (see ``advise(_:count:)``).
    public static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        guard let base = buffer.baseAddress else { return }
        advise(UnsafeMutableRawPointer(base), count: buffer.count * MemoryLayout<T>.stride)
    }
}
