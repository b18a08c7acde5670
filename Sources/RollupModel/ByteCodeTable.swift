/// Maps codes to indices straight from UTF-8 bytes, without making a `String` per field: an
/// open-addressing hash table whose slots hold each code's first eight bytes as one word.
///
/// Built once (the unit catalog's own index, or indicator codes); read concurrently by the
/// loader's threads (it is never changed once made). A code of at most 8 bytes (every code of
/// the bundled presets) is found with one word load, one multiply and one compare per probed
/// slot, without touching the arena; longer codes compare the rest of their bytes there.
///
/// - Complexity: O(1) per lookup on average for codes of at most 8 bytes, O(length) otherwise.
public final class ByteCodeTable: @unchecked Sendable {
    /// One slot: the code's first 8 bytes (little-endian, zero above its length), its length and
    /// its index (-1 for an empty slot).
    @usableFromInline
    struct Slot {
        @usableFromInline var word: UInt64
        @usableFromInline var length: Int32
        @usableFromInline var index: Int32

        @usableFromInline
        init(word: UInt64, length: Int32, index: Int32) {
            self.word = word
            self.length = length
            self.index = index
        }
    }

    /// Every code's bytes, one after the other, then 8 zero bytes so that a word load at any
    /// code's start stays inside.
    @usableFromInline let arena: UnsafeMutableBufferPointer<UInt8>
    /// Code `k` is `arena[starts[k] ..< starts[k + 1]]`.
    @usableFromInline let starts: UnsafeMutableBufferPointer<Int32>
    @usableFromInline let slots: UnsafeMutableBufferPointer<Slot>
    @usableFromInline let mask: Int
    /// `64 - log2(slots.count)`: a hash's top bits pick its home slot.
    @usableFromInline let shift: UInt64
    /// The number of codes stored (set while the table is made, never after).
    public private(set) var count = 0
    /// Bytes of `arena` used by the codes so far.
    private var used = 0

    /// An empty table with room for `capacity` codes of `bytes` bytes in all.
    private init(capacity codes: Int, bytes: Int) {
        var capacity = 16
        var bits: UInt64 = 4
        // At most two thirds full: short probe runs, 16-byte slots.
        while capacity < codes + codes / 2 {
            capacity <<= 1
            bits += 1
        }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(word: 0, length: 0, index: -1))
        mask = capacity - 1
        shift = 64 - bits
        arena = .allocate(capacity: bytes + 8)
        arena.initialize(repeating: 0)
        starts = .allocate(capacity: codes + 1)
        starts.initialize(repeating: 0)
    }

    /// A table of `codes`; a code given twice maps to its first index (code `k` of the list is
    /// index `k`).
    public convenience init(_ codes: [String]) {
        self.init(capacity: codes.count, bytes: codes.reduce(0) { $0 + $1.utf8.count })
        for code in codes { _ = add(code, keepingRepeats: true) }
    }

    /// The distinct codes among `count` codes (`code(k)` for `k` in `0..<count`) in order of
    /// first appearance, and each code's index among them.
    ///
    /// The codes are placed in the order of their home slots, not one by one as they come: the
    /// slots of a large table lie far apart, a cache miss each when met in the codes' order.
    public static func numbering(_ count: Int, code: (Int) -> String) -> (table: ByteCodeTable, indices: [Int32]) {
        var all: [UInt8] = []
        var ends = [0]
        ends.reserveCapacity(count + 1)
        for k in 0..<count {
            all.append(contentsOf: code(k).utf8)
            ends.append(all.count)
        }
        let table = ByteCodeTable(capacity: count, bytes: all.count)
        let indices = all.withUnsafeBufferPointer { table.place(CodeList(bytes: $0, ends: ends)) }
        return (table, indices)
    }

    /// Codes laid end to end: code `k` is `bytes[ends[k] ..< ends[k + 1]]`.
    private struct CodeList {
        let bytes: UnsafeBufferPointer<UInt8>
        let ends: [Int]

        var count: Int { ends.count - 1 }

        /// Whether codes `a` and `b`, of one length, are equal after their first 8 bytes.
        func restEqual(_ a: Int, _ b: Int) -> Bool {
            let n = ends[a + 1] - ends[a]
            var k = 8
            while k < n {
                if bytes[ends[a] + k] != bytes[ends[b] + k] { return false }
                k += 1
            }
            return true
        }
    }

    /// A code to place: its home slot (high 32 bits) above its list index, its first word and
    /// its length, carried together so that placing codes in slot order reads them in order.
    private struct Placement {
        var key: UInt64
        var word: UInt64
        var length: Int
    }

    /// Numbers the codes of `list` in order of first appearance and fills the (empty) table:
    /// each code is placed with its list index, in the order of home slots (a sort, then a walk
    /// through the slots in address order); equal codes meet there, the first one placed
    /// first; then the list indices become numbers and the arena is written in their order.
    private func place(_ list: CodeList) -> [Int32] {
        let count = list.count
        let reader = self.reader
        let placements = (0..<count).map { k -> Placement in
            let (s, e) = (list.ends[k], list.ends[k + 1])
            let w = ByteCodeTable.word(list.bytes, s, e)
            return Placement(key: UInt64(reader.home(w, list.bytes, s, e)) << 32 | UInt64(k), word: w, length: e - s)
        }
        // The first code equal to each code (itself when it is the first).
        var first = [Int32](repeating: -1, count: count)
        for p in ByteCodeTable.sortedByHome(placements, bits: 64 - Int(shift)) {
            let k = Int(p.key & 0xFFFF_FFFF)
            let length = Int32(truncatingIfNeeded: p.length)
            var h = Int(p.key >> 32) & mask
            while true {
                let slot = slots[h]
                if slot.index < 0 {
                    slots[h] = Slot(word: p.word, length: length, index: Int32(truncatingIfNeeded: k))
                    first[k] = Int32(truncatingIfNeeded: k)
                    break
                }
                if slot.word == p.word && slot.length == length && (p.length <= 8 || list.restEqual(Int(slot.index), k)) {
                    first[k] = slot.index
                    break
                }
                h = (h + 1) & mask
            }
        }
        var number = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let f = Int(first[k])
            if f == k {
                number[k] = Int32(truncatingIfNeeded: self.count)
                store(UnsafeBufferPointer(rebasing: list.bytes[list.ends[k]..<list.ends[k + 1]]))
            } else if f >= 0 && f < k {
                number[k] = number[f]
            }
        }
        for h in slots.indices where slots[h].index >= 0 { slots[h].index = number[Int(slots[h].index)] }
        return number
    }

    /// `placements` sorted by home slot (`bits` bits above bit 32 of the key), keeping the list
    /// order among equal homes: a radix sort of at most 8 bits a pass (few enough buckets that
    /// their write positions stay in the cache and the TLB).
    private static func sortedByHome(_ placements: [Placement], bits: Int) -> [Placement] {
        let passes = max(1, (bits + 7) / 8)
        let width = (bits + passes - 1) / passes
        var items = placements
        var other = placements
        var low = 32
        for _ in 0..<passes {
            let digits = 1 << width
            let shift = UInt64(low)
            var starts = [Int](repeating: 0, count: digits + 1)
            for item in items { starts[Int(truncatingIfNeeded: item.key >> shift) & (digits - 1) + 1] += 1 }
            for d in 0..<digits { starts[d + 1] += starts[d] }
            items.withUnsafeBufferPointer { from in
                other.withUnsafeMutableBufferPointer { to in
                    starts.withUnsafeMutableBufferPointer { starts in
                        for item in from {
                            let d = Int(truncatingIfNeeded: item.key >> shift) & (digits - 1)
                            // `starts[d]` counts the items placed below digit `d`: below `from.count`.
                            to[starts[d]] = item
                            starts[d] += 1
                        }
                    }
                }
            }
            swap(&items, &other)
            low += width
        }
        return items
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        slots.deallocate()
    }

    /// Adds `code` as index `count` unless an equal code is there already, and gives the index
    /// it has; with `keepingRepeats`, a repeated code still takes an index of its own (found by
    /// ``Reader/isCode(_:_:_:_:)`` only). Only while the table is made.
    private func add(_ code: String, keepingRepeats: Bool) -> Int {
        if let index = code.utf8.withContiguousStorageIfAvailable({ add($0, keepingRepeats: keepingRepeats) }) { return index }
        return Array(code.utf8).withUnsafeBufferPointer { add($0, keepingRepeats: keepingRepeats) }
    }

    private func add(_ bytes: UnsafeBufferPointer<UInt8>, keepingRepeats: Bool) -> Int {
        let n = bytes.count
        let w = ByteCodeTable.word(bytes, 0, n)
        let length = Int32(truncatingIfNeeded: n)
        let reader = self.reader
        var h = reader.home(w, bytes, 0, n)
        while slots[h].index >= 0 {
            let slot = slots[h]
            if slot.word == w && slot.length == length && (n <= 8 || reader.rest(Int(slot.index), bytes, 0, n)) {
                if keepingRepeats { store(bytes) }
                return Int(slot.index)
            }
            h = (h + 1) & mask
        }
        let index = count
        store(bytes)
        slots[h] = Slot(word: w, length: length, index: Int32(truncatingIfNeeded: index))
        return index
    }

    /// Appends a code's bytes to the arena as code `count`.
    private func store(_ bytes: UnsafeBufferPointer<UInt8>) {
        starts[count] = Int32(truncatingIfNeeded: used)
        // The arena was sized for every code's bytes, 8 zero bytes after them kept.
        let n = min(bytes.count, arena.count - 8 - used)
        if n > 0, let to = arena.baseAddress, let from = bytes.baseAddress { (to + used).update(from: from, count: n) }
        used += n
        count += 1
        starts[count] = Int32(truncatingIfNeeded: used)
    }

    /// The bytes `start..<end` of `bytes` as a little-endian word, at most the first 8 of them,
    /// zero above them; loads a whole word when it stays inside `bytes`. Assumes
    /// `0 <= start <= end <= bytes.count`.
    @inlinable @inline(__always)
    public static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
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

    /// The index of the code held in `bytes[start..<end]`, or -1. Assumes
    /// `0 <= start <= end <= bytes.count`.
    @inlinable @inline(__always)
    public func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        reader.lookup(bytes, start, end)
    }

    /// The index of `code`, or `nil`.
    public func index(of code: String) -> Int? {
        let k =
            code.utf8.withContiguousStorageIfAvailable { lookup($0, 0, $0.count) }
            ?? Array(code.utf8).withUnsafeBufferPointer { lookup($0, 0, $0.count) }
        return k >= 0 ? k : nil
    }

    /// A view of the table for a hot loop: plain pointers, so that a lookup costs no reference
    /// counting. Valid only while the table is alive (the caller keeps it so).
    @inlinable
    public var reader: Reader {
        Reader(
            slots: UnsafePointer(slots.baseAddress), mask: mask, shift: shift, arena: UnsafeBufferPointer(arena),
            starts: UnsafePointer(starts.baseAddress), count: count)
    }

    /// See ``reader``.
    public struct Reader {
        @usableFromInline let slots: UnsafePointer<Slot>?
        @usableFromInline let mask: Int
        @usableFromInline let shift: UInt64
        @usableFromInline let arena: UnsafeBufferPointer<UInt8>
        @usableFromInline let starts: UnsafePointer<Int32>?
        /// The number of codes.
        public let count: Int

        @usableFromInline
        init(
            slots: UnsafePointer<Slot>?, mask: Int, shift: UInt64, arena: UnsafeBufferPointer<UInt8>, starts: UnsafePointer<Int32>?,
            count: Int
        ) {
            self.slots = slots
            self.mask = mask
            self.shift = shift
            self.arena = arena
            self.starts = starts
            self.count = count
        }

        /// Whether `bytes[start..<end]` is code `index` (any index; out of range: `false`),
        /// read from the codes in order: for a caller that expects the next code of the list,
        /// cheaper than a probe of the slots, which lie far apart in memory. Assumes
        /// `0 <= start <= end <= bytes.count`.
        @inlinable @inline(__always)
        public func isCode(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
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
        @inlinable @inline(__always)
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
        @inlinable @inline(__always)
        public func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
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
        @usableFromInline @inline(never)
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
