/// Maps codes to indices straight from UTF-8 bytes, without making a `String` per field: an
/// open-addressing hash table whose slots hold each code's first eight bytes as one word.
///
/// Built once from the unit or indicator codes; read concurrently by the loader's threads (it is
/// never changed after `init`). A code of at most 8 bytes (every code of the bundled presets) is
/// found with one word load, one multiply and one compare per probed slot, without touching the
/// arena; longer codes compare the rest of their bytes there.
///
/// - Complexity: O(1) per lookup on average for codes of at most 8 bytes, O(length) otherwise.
final class ByteCodeTable: @unchecked Sendable {
    /// One slot: the code's first 8 bytes (little-endian, zero above its length), its length and
    /// its index (-1 for an empty slot).
    struct Slot {
        var word: UInt64
        var length: Int32
        var index: Int32
    }

    /// Every code's bytes, one after the other, then 8 zero bytes so that a word load at any
    /// code's start stays inside.
    private let arena: UnsafeMutableBufferPointer<UInt8>
    /// Code `k` is `arena[starts[k] ..< starts[k + 1]]`.
    private let starts: UnsafeMutableBufferPointer<Int32>
    private let slots: UnsafeMutableBufferPointer<Slot>
    private let mask: Int
    /// `64 - log2(slots.count)`: a hash's top bits pick its home slot.
    private let shift: UInt64

    /// A table of `codes`; a code given twice maps to its first index.
    init(_ codes: [String]) {
        var capacity = 16
        var bits: UInt64 = 4
        // At most two thirds full: short probe runs, 16-byte slots.
        while capacity < codes.count + codes.count / 2 {
            capacity <<= 1
            bits += 1
        }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(word: 0, length: 0, index: -1))
        mask = capacity - 1
        shift = 64 - bits
        var bytes: [UInt8] = []
        var offsets: [Int32] = []
        offsets.reserveCapacity(codes.count + 1)
        for code in codes {
            offsets.append(Int32(truncatingIfNeeded: bytes.count))
            bytes.append(contentsOf: code.utf8)
        }
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        bytes.append(contentsOf: repeatElement(0, count: 8))
        arena = .allocate(capacity: bytes.count)
        _ = arena.initialize(from: bytes)
        starts = .allocate(capacity: offsets.count)
        _ = starts.initialize(from: offsets)
        let whole = UnsafeBufferPointer(arena)
        for k in codes.indices {
            let s = Int(starts[k])
            let e = Int(starts[k + 1])
            guard lookup(whole, s, e) < 0 else { continue }  // keep the first of equal codes
            let w = ByteCodeTable.word(whole, s, e)
            var h = home(w, whole, s, e)
            while slots[h].index >= 0 { h = (h + 1) & mask }
            slots[h] = Slot(word: w, length: Int32(truncatingIfNeeded: e - s), index: Int32(truncatingIfNeeded: k))
        }
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        slots.deallocate()
    }

    /// The bytes `start..<end` of `bytes` as a little-endian word, at most the first 8 of them,
    /// zero above them; loads a whole word when it stays inside `bytes`. Assumes
    /// `0 <= start <= end <= bytes.count`.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let n = end - start
        guard n > 0, let base = bytes.baseAddress else { return 0 }
        if start + 8 <= bytes.count {
            let w = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
            return n >= 8 ? w : w & (~UInt64(0) &>> UInt64((8 - n) &* 8))
        }
        var w: UInt64 = 0
        var k = min(end, start + 8) - 1
        while k >= start {
            w = w << 8 | UInt64(base[k])
            k -= 1
        }
        return w
    }

    /// The home slot of the code `bytes[start..<end]`, whose first word is `w`.
    @inline(__always)
    private func home(_ w: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        reader.home(w, bytes, start, end)
    }

    /// The index of the code held in `bytes[start..<end]`, or -1. Assumes
    /// `0 <= start <= end <= bytes.count`.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        reader.lookup(bytes, start, end)
    }

    /// A view of the table for a hot loop: plain pointers, so that a lookup costs no reference
    /// counting. Valid only while the table is alive (the caller keeps it so).
    var reader: Reader {
        Reader(
            slots: UnsafePointer(slots.baseAddress), mask: mask, shift: shift, arena: UnsafeBufferPointer(arena),
            starts: UnsafePointer(starts.baseAddress), count: starts.count - 1)
    }

    /// See ``reader``.
    struct Reader {
        let slots: UnsafePointer<Slot>?
        let mask: Int
        let shift: UInt64
        let arena: UnsafeBufferPointer<UInt8>
        let starts: UnsafePointer<Int32>?
        /// The number of codes.
        let count: Int

        /// Whether `bytes[start..<end]` is code `index` (any index; out of range: `false`),
        /// read from the codes in order: for a caller that expects the next code of the list,
        /// cheaper than a probe of the slots, which lie far apart in memory. Assumes
        /// `0 <= start <= end <= bytes.count`.
        @inline(__always)
        func isCode(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
            guard let starts, index >= 0, index < count else { return false }
            let s = Int(starts[index])
            let length = end - start
            guard Int(starts[index + 1]) - s == length else { return false }
            // The arena ends in 8 zero bytes: a word load at any code's start stays inside.
            guard ByteCodeTable.word(arena, s, s + length) == ByteCodeTable.word(bytes, start, end) else { return false }
            return length <= 8 || rest(index, bytes, start, end)
        }

        /// The home slot of the code `bytes[start..<end]`, whose first word is `w`: its first
        /// word and length mixed by one multiply, and for a longer code every further word too.
        @inline(__always)
        func home(_ w: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
            let n = end - start
            var h = (w ^ UInt64(truncatingIfNeeded: n)) &* 0x9E37_79B9_7F4A_7C15
            if n > 8 {
                var k = start + 8
                while k < end {
                    h = (h ^ ByteCodeTable.word(bytes, k, end)) &* 0xFF51_AFD7_ED55_8CCD
                    h ^= h >> 29
                    k += 8
                }
                h = h &* 0x9E37_79B9_7F4A_7C15
            }
            return Int(truncatingIfNeeded: h &>> shift) & mask
        }

        /// The index of the code held in `bytes[start..<end]`, or -1. Assumes
        /// `0 <= start <= end <= bytes.count`.
        @inline(__always)
        func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
            guard let slots else { return -1 }
            let w = ByteCodeTable.word(bytes, start, end)
            let length = end - start
            let length32 = Int32(truncatingIfNeeded: length)
            var h = home(w, bytes, start, end)
            while true {
                // `h` is masked to the table's power-of-two size.
                let slot = slots[h]
                if slot.index < 0 { return -1 }
                if slot.word == w && slot.length == length32 && (length <= 8 || rest(Int(slot.index), bytes, start, end)) {
                    return Int(slot.index)
                }
                h = (h + 1) & mask
            }
        }

        /// Whether the bytes of code `index` after its first 8 equal `bytes[start + 8 ..< end]`
        /// (the lengths are equal).
        @inline(never)
        func rest(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
            guard let starts else { return false }
            let s = Int(starts[index])
            var k = 8
            let length = end - start
            while k < length {
                let n = min(8, length - k)
                if ByteCodeTable.word(arena, s + k, s + k + n) != ByteCodeTable.word(bytes, start + k, start + k + n) { return false }
                k += n
            }
            return true
        }
    }
}
