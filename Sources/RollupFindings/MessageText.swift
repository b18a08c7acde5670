import RollupModel

/// A finding's message (or a figure's text) built as UTF-8 bytes and made a `String` once:
/// cheaper than string interpolation, which grows and re-checks a `String` at every piece.
struct MessageText {
    /// The bytes so far.
    private(set) var bytes: [UInt8] = []

    /// An empty text with room for `capacity` bytes.
    init(capacity: Int = 192) { bytes.reserveCapacity(capacity) }

    /// Appends `piece`'s UTF-8 bytes, read in place where the string stores them contiguously.
    mutating func add(_ piece: String) {
        let done: Void? = piece.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if done == nil { bytes.append(contentsOf: piece.utf8) }
    }

    /// Appends the UTF-8 bytes `piece`.
    mutating func add(utf8 piece: [UInt8]) {
        bytes.append(contentsOf: piece)
    }

    /// Appends the decimal digits of `n` (with `-` when negative), as `"\(n)"` writes them.
    mutating func add(_ n: Int) {
        NumberFormat.append(integer: n, to: &bytes)
    }

    /// Appends ``NumberFormat/text(_:)`` of `x` (nothing for NaN, `∞` and `-∞` for infinities).
    mutating func add(number x: Double) {
        if x.isNaN { return }
        if x.isInfinite { return add(x > 0 ? "∞" : "-∞") }
        NumberFormat.append(x, to: &bytes)
    }

    /// Appends ``FigureText/readable(_:)`` of `x`.
    mutating func add(readable x: Double) { add(number: FigureText.rounded(x)) }

    /// Empties the text, keeping its storage for the next one (a buffer reused from one message
    /// to the next).
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    /// A copy of the bytes in storage of their own size (what a finding keeps of a reused buffer).
    var exactBytes: [UInt8] { bytes.withUnsafeBufferPointer { Array($0) } }

    /// The text as a `String`.
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
