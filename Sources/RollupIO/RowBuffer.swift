import RollupModel

/// The bytes of a piece of a results file, written through a pointer: each write makes room
/// for its most bytes first, then copies the field in place (no `Array` uniqueness check or
/// reference count per field). Its owner calls ``deallocate()`` once the bytes are copied out.
struct RowBuffer {
    /// The first byte.
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// The bytes written.
    private(set) var count = 0
    private var capacity: Int

    /// An empty buffer with room for `capacity` bytes before it grows.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    /// Frees the bytes; the buffer is not used again.
    func deallocate() { base.deallocate() }

    /// Makes room for `more` bytes after the written ones.
    @inline(__always)
    mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(count + more) }
    }

    private mutating func grow(_ needed: Int) {
        let larger = max(needed, 2 * capacity)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends the `length` bytes at `bytes` as they are.
    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, length: Int) {
        reserve(length)
        (base + count).update(from: bytes, count: length)
        count += length
    }

    /// Appends the `length` UTF-8 bytes at `text` as one CSV field (``CSVEscape``).
    @inline(__always)
    mutating func appendField(_ text: UnsafePointer<UInt8>, length: Int) {
        reserve(CSVEscape.maximumLength(length))
        count += CSVEscape.write(text, count: length, to: base + count)
    }

    /// Appends the UTF-8 bytes `text` as one CSV field.
    mutating func appendField(_ text: UnsafeBufferPointer<UInt8>) {
        guard let start = text.baseAddress else { return }
        appendField(start, length: text.count)
    }

    /// Appends `text` as one CSV field, reading its UTF-8 bytes in place where they are contiguous.
    mutating func appendField(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendField($0) }
        if done == nil {
            var copy = text
            copy.withUTF8 { appendField($0) }
        }
    }

    /// Appends the decimal digits of `n` (with `-` when negative), as `"\(n)"` writes them.
    mutating func append(integer n: Int) {
        // 20 bytes: `-9223372036854775808`.
        reserve(20)
        if n < 0 {
            base[count] = 0x2D
            count += 1
        }
        var magnitude = n.magnitude
        if magnitude >= 1000, magnitude < 10000 {
            // Four digits (periods and target years) without the general loops.
            let high = magnitude / 100
            let low = magnitude % 100
            base[count] = 0x30 + UInt8(truncatingIfNeeded: high / 10)
            base[count + 1] = 0x30 + UInt8(truncatingIfNeeded: high % 10)
            base[count + 2] = 0x30 + UInt8(truncatingIfNeeded: low / 10)
            base[count + 3] = 0x30 + UInt8(truncatingIfNeeded: low % 10)
            count += 4
            return
        }
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var k = count + digits
        count = k
        repeat {
            k -= 1
            base[k] = 0x30 + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// Appends the shortest round-trip text of `x` (``NumberFormat/write(_:to:)``); assumes `x`
    /// is finite.
    mutating func append(number x: Double) {
        reserve(NumberFormat.maximumLength)
        count += NumberFormat.write(x, to: base + count)
    }
}

/// Texts written as CSV fields many times (unit and indicator codes, the names of a few cases):
/// each quoted once, kept in one block, and appended by index without touching a `String`.
final class FieldTable: @unchecked Sendable {
    // Immutable after `init`: shared by the threads that format pieces, read only.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<Int>
    /// How many texts the table holds.
    let count: Int

    /// The table of `texts`, text `k` at index `k`.
    init(_ texts: [String]) {
        var block = RowBuffer(capacity: 8 * texts.count)
        offsets = UnsafeMutablePointer<Int>.allocate(capacity: texts.count + 1)
        offsets[0] = 0
        for (k, text) in texts.enumerated() {
            block.appendField(text)
            offsets[k + 1] = block.count
        }
        count = texts.count
        // The table owns the block's bytes from here on.
        bytes = block.base
    }

    deinit {
        bytes.deallocate()
        offsets.deallocate()
    }

    /// Appends field `k` to `out`; nothing for an index outside the table.
    @inline(__always)
    func append(_ k: Int, to out: inout RowBuffer) {
        guard k >= 0, k < count else { return }
        out.append(bytes + offsets[k], length: offsets[k + 1] - offsets[k])
    }
}
