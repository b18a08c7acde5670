import RollupModel

/// A finding's message (or a figure's text) built as UTF-8 bytes and made a `String` once:
/// cheaper than string interpolation, which grows and re-checks a `String` at every piece.
///
/// The bytes are written into storage kept at its full size (zeros past ``count``), copied in
/// place by pointer: no `Array.append` per piece, and numbers are written where they belong.
struct MessageText {
    /// The buffer; its first ``count`` bytes are the text.
    private var storage: [UInt8]
    /// The number of bytes of text.
    private(set) var count = 0

    /// An empty text with room for `capacity` bytes.
    init(capacity: Int = 192) { storage = [UInt8](repeating: 0, count: max(capacity, 16)) }

    /// Calls `write` with room for `room` bytes after the text and adds the number of bytes it
    /// says it wrote (at most `room`).
    private mutating func append(room: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        if storage.count - count < room {
            storage.append(contentsOf: repeatElement(0, count: max(storage.count, count + room - storage.count)))
        }
        let at = count
        let written = storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, at + room <= buffer.count else { return 0 }
            return min(room, max(0, write(base + at)))
        }
        count += written
    }

    /// Appends the bytes of `source`.
    private mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let from = source.baseAddress, !source.isEmpty else { return }
        append(room: source.count) { to in
            to.update(from: from, count: source.count)
            return source.count
        }
    }

    /// Appends `piece`'s UTF-8 bytes, read in place where the string stores them contiguously.
    mutating func add(_ piece: String) {
        // Borrowed in place (no retain of the string) where its bytes are contiguous.
        let done: Void? = piece.utf8.withContiguousStorageIfAvailable { append($0) }
        guard done == nil else { return }
        var copy = piece
        copy.withUTF8 { append($0) }
    }

    /// Appends the UTF-8 bytes `piece`.
    mutating func add(utf8 piece: [UInt8]) {
        piece.withUnsafeBufferPointer { append($0) }
    }

    /// Appends the decimal digits of `n` (with `-` when negative), as `"\(n)"` writes them.
    mutating func add(_ n: Int) {
        // 19 digits and a sign at most.
        append(room: 20) { to in
            var magnitude = n.magnitude
            var length = 0
            if n < 0 {
                to[0] = 0x2D
                length = 1
            }
            let start = length
            repeat {
                to[length] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                length += 1
            } while magnitude > 0
            // The digits were written smallest first.
            var (i, j) = (start, length - 1)
            while i < j {
                (to[i], to[j]) = (to[j], to[i])
                i += 1
                j -= 1
            }
            return length
        }
    }

    /// Appends ``NumberFormat/text(_:)`` of `x` (nothing for NaN, `∞` and `-∞` for infinities).
    mutating func add(number x: Double) {
        if x.isNaN { return }
        if x.isInfinite { return add(x > 0 ? "∞" : "-∞") }
        append(room: NumberFormat.maximumLength) { NumberFormat.write(x, to: $0) }
    }

    /// Appends ``FigureText/readable(_:)`` of `x`.
    mutating func add(readable x: Double) { add(number: FigureText.rounded(x)) }

    /// Empties the text, keeping its storage for the next one (a buffer reused from one message
    /// to the next).
    mutating func clear() { count = 0 }

    /// A copy of the bytes in storage of their own size (what a finding keeps of a reused buffer).
    var exactBytes: [UInt8] {
        let n = count
        return storage.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[0..<min(n, $0.count)])) }
    }

    /// The text as a `String`.
    var string: String {
        let n = count
        return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<min(n, $0.count)]), as: UTF8.self) }
    }
}
