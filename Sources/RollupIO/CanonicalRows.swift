import RollupModel

/// The hot loop of ``ValuesFastPath`` for the commonest values.csv: records laid out
/// `unit,indicator,period,value` with a separator below `-` (`,` or tab), four-digit years and
/// plain decimals (not Vietnamese notation). It reads record after record in one pass over the
/// bytes and stops at the first record that is anything else, leaving that record to the
/// per-record code of ``ValuesFastPath``, which judges it as it would have without this loop.
///
/// Each field is found by one word load in the common case: the first byte below `-` ends it
/// (digits, letters, `.`, `-` and non-ASCII bytes are never below it), and must be the separator
/// or, after the figure, a line end; any other such byte (a quote, a space, a CR inside a field)
/// sends the record to the per-record code. Codes are tried against the expected one first (the
/// unit of the record before, then the next unit of the catalog; the indicator after the one
/// before), the period's buffers are kept while the period's bytes repeat, and the figure's digits
/// are converted eight bytes at a time.
struct CanonicalRows {
    /// The first byte of the file.
    let base: UnsafePointer<UInt8>
    /// The last offset at which a word of eight bytes can be loaded (`count - 8`).
    let lastWord: Int
    let separator: UInt8
    let unitCodes: ByteCodeTable.Reader
    let indicatorCodes: ByteCodeTable.Reader
    /// Per indicator: its code's first and second words (zero above the code) and its length, or
    /// -1 for a code longer than 16 bytes or an indicator whose figures are not numbers (the
    /// expected-code check then never matches).
    let indicatorWords: UnsafePointer<IndicatorWord>
    let indicatorCount: Int
    /// Whether each indicator's figures are numbers (no level scale).
    let numeric: UnsafePointer<Bool>

    /// One indicator code as words, for the check of an expected code.
    struct IndicatorWord {
        var first: UInt64
        var second: UInt64
        var length: Int

        /// The words of `code` (its UTF-8 bytes); length -1 when it is longer than 16 bytes or
        /// not `numeric`.
        init(code: [UInt8], numeric: Bool) {
            func word(_ bytes: ArraySlice<UInt8>) -> UInt64 {
                bytes.prefix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
            }
            first = word(code[...])
            second = word(code.dropFirst(8))
            length = numeric && code.count <= 16 ? code.count : -1
        }
    }

    /// What the loop carries from one record to the next, and from one call to the next within a
    /// chunk.
    struct State {
        var unitWord: UInt64 = 0
        /// The last unit code's length; -1 when none or longer than 8 bytes (then never matched).
        var unitLength = -1
        var unit = -1
        var indicator = -1
        /// The last period field's bytes (at most 8, zero above them; 0 when none).
        var periodWord: UInt64 = 0
        var period = ValuesFastPath.PeriodLookup.Pointers()
        var year = 0
    }

    /// Powers of ten below 10^8 as integers, for joining the digits before and after the dot.
    private static let integerPowers: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000]

    /// Reads the records of `base[from..<end]` (`from` at a record boundary) until the first one
    /// it cannot read itself; returns that record's offset (`end` when it read them all). Figures
    /// go to the period buffers of `periods`; the count of rows read and the decimals of
    /// positions that are not leaves, to `result`. A record it stops at is read again from its
    /// start by the caller, so it writes nothing for it.
    @inline(never)
    func read(
        from: Int, to end: Int, _ state: inout State, _ periods: inout ValuesFastPath.PeriodLookup,
        _ result: inout ValuesFastPath.ChunkResult
    ) -> Int {
        var k = from
        var s = state
        var rows = 0
        defer {
            state = s
            result.exactRows &+= rows
        }
        let powers = CanonicalRows.integerPowers
        return powers.withUnsafeBufferPointer { powers -> Int in
            while k < end {
                // The unit.
                guard let (ue, unitWord) = field(k) else { return k }
                let unitLength = ue &- k
                let u: Int
                if unitLength == s.unitLength && unitWord == s.unitWord {
                    u = s.unit
                } else {
                    // Rows often follow units.csv's order: try the unit after the last one before
                    // a probe of the table (a cache miss in a large catalog).
                    let buffer = UnsafeBufferPointer(start: base, count: lastWord &+ 8)
                    u =
                        s.unit >= 0 && unitCodes.isCode(s.unit &+ 1, buffer, k, ue)
                        ? s.unit &+ 1 : unitCodes.lookup(buffer, k, ue)
                    guard u >= 0 else { return k }
                    (s.unitWord, s.unitLength, s.unit) = (unitWord, unitLength <= 8 ? unitLength : -1, u)
                }
                // The indicator.
                let ins = ue &+ 1
                guard let (ine, indicatorWord) = field(ins) else { return k }
                let i = indicator(ins, ine, indicatorWord, after: s.indicator)
                guard i >= 0, numeric[i] else { return k }
                s.indicator = i
                // The period, then the figure and the line end.
                let ps = ine &+ 1
                guard let (pe, periodWord) = field(ps) else { return k }
                guard let (x, d, stop, terminator) = figure(pe &+ 1, powers), stop < end else { return k }
                var next = stop &+ 1
                if terminator != 0x0A {
                    guard terminator == 0x0D else { return k }
                    if next < end && base[next] == 0x0A { next &+= 1 }
                }
                guard next &- k <= ValuesFastPath.scannedRecordBytes else { return k }
                // The period's buffers, met only for a record that stores a figure (as in the
                // per-record code): four digits, looked up again only when they change.
                if periodWord != s.periodWord {
                    guard pe &- ps == 4, let year = CanonicalRows.year(periodWord) else { return k }
                    s.period = periods.buffers(year)
                    (s.periodWord, s.year) = (periodWord, year)
                }
                // `u` is a catalog index and `i` an indicator index (both from the code tables),
                // and every period's buffers span the catalog and the indicators.
                guard let positionOf = s.period.positionOf, let columns = s.period.columns, let leaf = s.period.leaf else {
                    return k
                }
                let position = Int(positionOf[u])
                guard position >= 0 else { return k }
                columns[i][position] = x
                rows &+= 1
                if leaf[position] == 0 {
                    result.decimals.append((s.year, i, Int32(truncatingIfNeeded: position), Int8(truncatingIfNeeded: d)))
                }
                k = next
            }
            return k
        }
    }

    /// The end of the field that starts at `start` (the offset of the separator after it) and its
    /// first eight bytes as a word, zero above the field; `nil` when the first byte below `-` is
    /// not the separator or a word would be loaded past ``lastWord``.
    @inline(__always)
    private func field(_ start: Int) -> (end: Int, word: UInt64)? {
        guard start <= lastWord else { return nil }
        let first = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
        var found = ValuesFastPath.bytesBelowDash(first)
        if found != 0 {
            let shift = UInt64(found.trailingZeroBitCount & ~7)
            guard UInt8(truncatingIfNeeded: first &>> shift) == separator else { return nil }
            return (start &+ Int(shift &>> 3), first & ((1 &<< shift) &- 1))
        }
        var q = start &+ 8
        while q <= lastWord {
            let word = UnsafeRawPointer(base + q).loadUnaligned(as: UInt64.self)
            found = ValuesFastPath.bytesBelowDash(word)
            if found != 0 {
                let shift = UInt64(found.trailingZeroBitCount & ~7)
                guard UInt8(truncatingIfNeeded: word &>> shift) == separator else { return nil }
                return (q &+ Int(shift &>> 3), first)
            }
            q &+= 8
        }
        return nil
    }

    /// The index of the indicator code `base[start..<end]` (whose first word is `word`): the one
    /// after `last` (or the first after the last) when it matches, else from the table; -1 when
    /// none.
    @inline(__always)
    private func indicator(_ start: Int, _ end: Int, _ word: UInt64, after last: Int) -> Int {
        let expected = last &+ 1 < indicatorCount ? last &+ 1 : 0
        let length = end &- start
        let code = indicatorWords[expected]
        if code.length == length && code.first == word {
            if length <= 8 { return expected }
            // 9 to 16 bytes: the second word lies before the separator's word, which was loaded.
            let second = UnsafeRawPointer(base + (start &+ 8)).loadUnaligned(as: UInt64.self)
            let rest = UInt64(length &- 8) &* 8
            if (rest >= 64 ? second : second & ((1 &<< rest) &- 1)) == code.second { return expected }
        }
        return indicatorCodes.lookup(UnsafeBufferPointer(start: base, count: lastWord &+ 8), start, end)
    }

    /// The four digits of `word`'s low bytes as a year, or `nil` when they are not all digits or
    /// make 0.
    @inline(__always)
    static func year(_ word: UInt64) -> Int? {
        let w = UInt32(truncatingIfNeeded: word)
        guard ((w &- 0x3030_3030) | (w &+ 0x4646_4646)) & 0x8080_8080 == 0 else { return nil }
        let d = w &- 0x3030_3030  // the first digit in the low byte
        let pairs = (d &* 10 &+ (d &>> 8)) & 0x00FF_00FF  // d0d1 low, d2d3 high
        let year = Int((pairs & 0xFF) &* 100 &+ (pairs &>> 16))
        return year >= 1 ? year : nil
    }

    /// The plain decimal (`-?[0-9]{1,7}(\.[0-9]{1,7})?`) at `start`: its value (the double
    /// ``FastDecimal/scan(_:_:_:)`` gives for the same bytes), its decimals, the offset of the
    /// byte after it and that byte. `nil` for anything else, or more digits on either side of the
    /// dot than one word holds besides the byte after them (the caller's per-record code then
    /// reads the figure).
    @inline(__always)
    private func figure(_ start: Int, _ powers: UnsafeBufferPointer<UInt64>) -> (Double, Int, Int, UInt8)? {
        guard start <= lastWord else { return nil }
        let negative = base[start] == 0x2D
        let first = negative ? start &+ 1 : start
        guard first <= lastWord else { return nil }
        let word = UnsafeRawPointer(base + first).loadUnaligned(as: UInt64.self)
        let count = CanonicalRows.leadingDigits(word)
        guard count > 0, count < 8 else { return nil }
        var mantissa = CanonicalRows.digitsValue(word, count)
        var stop = first &+ count
        var after = UInt8(truncatingIfNeeded: word &>> UInt64(count &* 8))
        var decimals = 0
        if after == 0x2E {
            let fraction = stop &+ 1
            guard fraction <= lastWord else { return nil }
            let word = UnsafeRawPointer(base + fraction).loadUnaligned(as: UInt64.self)
            decimals = CanonicalRows.leadingDigits(word)
            guard decimals > 0, decimals < 8 else { return nil }
            mantissa = mantissa &* powers[decimals] &+ CanonicalRows.digitsValue(word, decimals)
            stop = fraction &+ decimals
            after = UInt8(truncatingIfNeeded: word &>> UInt64(decimals &* 8))
        }
        // At most 14 digits: the mantissa is below 2^53 and 10^decimals is exact, so one
        // correctly rounded division gives what FastDecimal.scan gives.
        var value = Double(Int64(truncatingIfNeeded: mantissa))
        if decimals > 0 { value /= FastDecimal.powersOfTen[decimals] }
        return (negative ? -value : value, decimals, stop, after)
    }

    /// How many of `word`'s bytes, from the low one, are ASCII digits before the first that is
    /// not (8 when all are).
    @inline(__always)
    static func leadingDigits(_ word: UInt64) -> Int {
        // A byte's high bit is set when it is not a digit: below `0` (the subtraction borrows)
        // or above `9` (adding 0x46 reaches 0x80), or above 0x7F. A borrow or carry only
        // reaches bytes above a byte that is itself marked, so the lowest mark is exact.
        let marks = ((word &- 0x3030_3030_3030_3030) | (word &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
        return marks.trailingZeroBitCount &>> 3
    }

    /// The value of the `count` (1 to 7) ASCII digits in `word`'s low bytes, the first the most
    /// significant: moved to the top bytes, so that the bytes below read as leading zeros, and
    /// combined in pairs, fours and eights.
    @inline(__always)
    static func digitsValue(_ word: UInt64, _ count: Int) -> UInt64 {
        var v = (word &<< UInt64(64 &- count &* 8)) & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* 2561) &>> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
    }
}
