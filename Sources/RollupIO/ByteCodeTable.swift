/// Maps codes to indices straight from UTF-8 bytes, without making a `String` per field: an
/// open-addressing hash table over an arena holding every code's bytes.
///
/// Built once from the unit or indicator codes; read concurrently by the loader's threads.
///
/// - Complexity: O(length of the code) per lookup on average.
struct ByteCodeTable: @unchecked Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var slots: [Int32]  // index + 1, 0 for empty
    private let mask: Int

    init(_ codes: [String]) {
        var capacity = 16
        while capacity < codes.count * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        starts.reserveCapacity(codes.count + 1)
        for code in codes {
            starts.append(Int32(arena.count))
            arena.append(contentsOf: code.utf8)
        }
        starts.append(Int32(arena.count))
        for k in codes.indices {
            let s = Int(starts[k])
            let e = Int(starts[k + 1])
            var h = arena.withUnsafeBufferPointer { ByteCodeTable.hash($0.baseAddress, s, e) } & mask
            while slots[h] != 0 {
                if equal(Int(slots[h]) - 1, arena, s, e) { break }  // keep the first of equal codes
                h = (h + 1) & mask
            }
            if slots[h] == 0 { slots[h] = Int32(k + 1) }
        }
    }

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>?, _ start: Int, _ end: Int) -> Int {
        guard let base else { return 0 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var k = start
        while k < end {
            h = (h ^ UInt64(base[k])) &* 0x100_0000_01b3
            k += 1
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    private func equal(_ index: Int, _ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        let s = Int(starts[index])
        let e = Int(starts[index + 1])
        guard e - s == end - start else { return false }
        for k in 0..<(e - s) where arena[s + k] != bytes[start + k] { return false }
        return true
    }

    /// The index of the code held in `bytes[start..<end]`, or -1.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var h = ByteCodeTable.hash(bytes.baseAddress, start, end) & mask
        return arena.withUnsafeBufferPointer { arena in
            starts.withUnsafeBufferPointer { starts in
                slots.withUnsafeBufferPointer { slots in
                    while true {
                        let slot = Int(slots[h])
                        if slot == 0 { return -1 }
                        let index = slot - 1
                        let s = Int(starts[index])
                        let e = Int(starts[index + 1])
                        if e - s == end - start {
                            var k = 0
                            while k < e - s && arena[s + k] == bytes[start + k] { k += 1 }
                            if k == e - s { return index }
                        }
                        h = (h + 1) & mask
                    }
                }
            }
        }
    }
}
