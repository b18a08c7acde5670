/// The listing order's keys of a list of findings packed into one `UInt64` each, so that the
/// order is a sort of plain integers: rank (severity and kind), period, unit index and indicator
/// index, each in as many bits as its range needs, above the finding's position.
///
/// Findings with equal keys are then ordered by ``Finding/listedBefore(_:_:)`` (their texts),
/// and by position when equal in every way, as a stable sort by that order would leave them.
/// Made only when every field fits (no negative unit or indicator index, 64 bits in all).
struct ListingKeys {
    /// The packed keys, one per finding, in the findings' order.
    private let keys: [UInt64]
    /// How many low bits of a key hold the position.
    private let positionBits: Int

    /// Packs the keys of `findings`; `nil` when a field is out of range or they need more than
    /// 64 bits.
    init?(_ findings: [Finding]) {
        guard !findings.isEmpty, findings.count <= Int(UInt32.max) else { return nil }
        var minPeriod = Int.max
        var maxPeriod = Int.min
        var maxUnit = 0
        var maxIndicator = 0
        // Fields are read in place: no copy (retain) of a finding's texts.
        let fits = findings.withUnsafeBufferPointer { findings in
            for n in findings.indices {
                guard findings[n].unit >= 0, findings[n].indicator >= 0 else { return false }
                minPeriod = Swift.min(minPeriod, findings[n].period)
                maxPeriod = Swift.max(maxPeriod, findings[n].period)
                maxUnit = Swift.max(maxUnit, findings[n].unit)
                maxIndicator = Swift.max(maxIndicator, findings[n].indicator)
            }
            return true
        }
        guard fits else { return nil }
        let (span, overflow) = maxPeriod.subtractingReportingOverflow(minPeriod)
        guard !overflow else { return nil }
        let positionBits = ListingKeys.bits(findings.count - 1)
        let indicatorBits = ListingKeys.bits(maxIndicator)
        let unitBits = ListingKeys.bits(maxUnit)
        let periodBits = ListingKeys.bits(span)
        let rankBits = ListingKeys.bits(ListingKeys.largestRank)
        guard positionBits + indicatorBits + unitBits + periodBits + rankBits <= 64 else { return nil }
        let indicatorShift = positionBits
        let unitShift = indicatorShift + indicatorBits
        let periodShift = unitShift + unitBits
        let rankShift = periodShift + periodBits
        keys = findings.withUnsafeBufferPointer { findings in
            var keys = [UInt64](repeating: 0, count: findings.count)
            for n in findings.indices {
                var key = UInt64(ListingKeys.rank(findings[n])) << rankShift
                key |= UInt64(findings[n].period &- minPeriod) << periodShift
                key |= UInt64(findings[n].unit) << unitShift
                key |= UInt64(findings[n].indicator) << indicatorShift
                keys[n] = key | UInt64(n)
            }
            return keys
        }
        self.positionBits = positionBits
    }

    /// The positions of `findings` (those the keys were made of) in listing order.
    func order(_ findings: [Finding]) -> [Int] {
        var sorted = keys
        sorted.sort()
        let mask: UInt64 = (1 << positionBits) - 1
        var order = sorted.map { Int($0 & mask) }
        // Runs of equal keys (above the position) are ordered by the findings' texts.
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end] >> positionBits == sorted[start] >> positionBits { end += 1 }
            if end - start > 1 {
                order[start..<end].sort { ListingKeys.before(findings, $0, $1) }
            }
            start = end
        }
        return order
    }

    /// Whether finding `a` of `findings` comes before finding `b` of equal keys: by
    /// ``Finding/listedBefore(_:_:)``, then by position.
    static func before(_ findings: [Finding], _ a: Int, _ b: Int) -> Bool {
        if Finding.listedBefore(findings[a], findings[b]) { return true }
        if Finding.listedBefore(findings[b], findings[a]) { return false }
        return a < b
    }

    /// The largest ``rank(_:)``.
    static let largestRank = 2 * 16 + 15

    /// The first key of the listing order: more serious first, then the kind's order.
    static func rank(_ f: Finding) -> Int { (2 - f.severity.rank) * 16 + f.kind.order }

    /// The number of bits that hold `n` (0 for 0); assumes `n >= 0`.
    static func bits(_ n: Int) -> Int { n <= 0 ? 0 : Int.bitWidth - n.leadingZeroBitCount }
}
