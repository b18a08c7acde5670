/// Maps codes to indices straight from UTF-8 bytes, without making a `String` per field: an
/// open-addressing hash table over an arena holding every code's bytes.
///
/// Built once from the unit or indicator codes; read concurrently by the loader's threads (it is
/// never changed after `init`). Codes are hashed and compared eight bytes at a time.
///
/// - Complexity: O(length of the code) per lookup on average.
final class ByteCodeTable: @unchecked Sendable {
    /// Every code's bytes, one after the other, then 8 zero bytes so that a word load at any
    /// code's start stays inside.
    private let arena: UnsafeMutableBufferPointer<UInt8>
    /// Code `k` is `arena[starts[k] ..< starts[k + 1]]`.
    private let starts: UnsafeMutableBufferPointer<Int32>
    /// Index + 1 of the code in each slot, 0 for empty.
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let mask: Int

    /// A table of `codes`; a code given twice maps to its first index.
    init(_ codes: [String]) {
        var capacity = 16
        while capacity < codes.count * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        mask = capacity - 1
        var bytes: [UInt8] = []
        var offsets: [Int32] = []
        offsets.reserveCapacity(codes.count + 1)
        for code in codes {
            offsets.append(Int32(bytes.count))
            bytes.append(contentsOf: code.utf8)
        }
        offsets.append(Int32(bytes.count))
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
            var h = ByteCodeTable.hash(whole, s, e) & mask
            while slots[h] != 0 { h = (h + 1) & mask }
            slots[h] = Int32(k + 1)
        }
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        slots.deallocate()
    }

    /// The bytes `start..<end` of `bytes` as a little-endian word, `end - start` from 1 to 8,
    /// zero above them; loads a whole word when it stays inside `bytes`.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let n = end - start
        guard n > 0, let base = bytes.baseAddress else { return 0 }
        if start + 8 <= bytes.count {
            let w = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
            return n >= 8 ? w : w & ((1 << UInt64(n * 8)) &- 1)
        }
        var w: UInt64 = 0
        var k = end - 1
        while k >= start {
            w = w << 8 | UInt64(base[k])
            k -= 1
        }
        return w
    }

    /// The hash of `bytes[start..<end]`, eight bytes at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: end - start) &* 0x9E37_79B9_7F4A_7C15
        var k = start
        while k < end {
            let w = word(bytes, k, min(end, k + 8))
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        h = (h ^ (h >> 29)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// The index of the code held in `bytes[start..<end]`, or -1.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let length = end - start
        var h = ByteCodeTable.hash(bytes, start, end) & mask
        let arena = UnsafeBufferPointer(self.arena)
        while true {
            let slot = Int(slots[h])
            if slot == 0 { return -1 }
            let index = slot - 1
            let s = Int(starts[index])
            if Int(starts[index + 1]) - s == length {
                var k = 0
                while k < length {
                    let n = min(8, length - k)
                    if ByteCodeTable.word(arena, s + k, s + k + n) != ByteCodeTable.word(bytes, start + k, start + k + n) { break }
                    k += n
                }
                if k >= length { return index }
            }
            h = (h + 1) & mask
        }
    }
}
