import Foundation

/// A buffered byte writer to one file: the only place of this target that touches raw memory.
///
/// Bytes go into a fixed buffer (1 MiB by default) that is handed to `FileHandle` whenever the
/// next append might not fit, so a file of any size is written in O(buffer) memory. Numbers are
/// formatted straight into the buffer, with no `String` in between. The first write error is
/// kept and every later append is dropped; `close()` reports it.
final class ByteSink {
    private let handle: FileHandle
    private let path: String
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var failure: (any Error)?
    private var isClosed = false
    /// Bytes appended so far (flushed or not).
    private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `url`.
    init(url: URL, capacity: Int = 1 << 20) throws {
        path = url.path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw SyntheticWriterError.cannotCreate(path: path)
        }
        handle = try FileHandle(forWritingTo: url)
        self.capacity = max(capacity, 256)
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit {
        buffer.deallocate()
        if !isClosed { try? handle.close() }
    }

    /// Makes room for `needed` more bytes (at most the capacity).
    @inline(__always)
    private func reserve(_ needed: Int) {
        if count + needed > capacity { flush() }
    }

    /// Hands the buffered bytes to the file.
    func flush() {
        guard count > 0 else { return }
        if failure == nil {
            do {
                try handle.write(contentsOf: Data(bytesNoCopy: buffer, count: count, deallocator: .none))
            } catch {
                failure = error
            }
        }
        count = 0
    }

    /// Flushes and closes the file; throws the first write error, if any.
    func close() throws {
        flush()
        guard !isClosed else { return }
        isClosed = true
        do {
            try handle.close()
        } catch {
            failure = failure ?? error
        }
        if let failure { throw SyntheticWriterError.writeFailed(path: path, reason: "\(failure)") }
    }

    /// Appends one byte.
    @inline(__always)
    func byte(_ value: UInt8) {
        reserve(1)
        buffer[count] = value
        count += 1
        bytesWritten += 1
    }

    /// Appends `bytes`.
    @inline(__always)
    func bytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            if source.count > capacity {
                flush()
                if failure == nil {
                    do {
                        try handle.write(contentsOf: Data(bytes: base, count: source.count))
                    } catch {
                        failure = error
                    }
                }
            } else {
                reserve(source.count)
                (buffer + count).update(from: base, count: source.count)
                count += source.count
            }
            bytesWritten += source.count
        }
    }

    /// Appends the decimal digits of `value` (with a `-` when negative).
    @inline(__always)
    func int(_ value: Int) {
        reserve(21)
        var magnitude = value.magnitude
        if value < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
            bytesWritten += 1
        }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var position = count + digits - 1
        repeat {
            buffer[position] = 48 &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            position -= 1
        } while magnitude > 0
        count += digits
        bytesWritten += digits
    }

    /// Appends `scaled / 10^decimals` with exactly `decimals` digits after `separator`
    /// (`scaled` 9417, 2 decimals: `94.17`). `decimals` is 1, 2 or 3.
    @inline(__always)
    func fixed(_ scaled: Int, decimals: Int, separator: UInt8) {
        let divisor = decimals == 1 ? 10 : (decimals == 2 ? 100 : 1_000)
        if scaled < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = Int(scaled.magnitude)
        int(magnitude / divisor)
        reserve(4)
        buffer[count] = separator
        var fraction = magnitude % divisor
        var position = count + decimals
        for _ in 0..<decimals {
            buffer[position] = 48 &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
            position -= 1
        }
        count += decimals + 1
        bytesWritten += decimals + 1
    }
}
