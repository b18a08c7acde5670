import RollupModel

/// Sums for the roll-up's hot loops that give, bit for bit, what ``ExactSum`` gives (the exact
/// sum rounded once), at a fraction of its cost.

/// 2^51: below it, `(v + 1.5·2^52) − 1.5·2^52` is `v` rounded to an integer (see
/// ``IntegerSum``).
let integerSumLimit = 2_251_799_813_685_248.0
private let roundingMagic = 6_755_399_441_055_744.0  // 1.5 × 2^52

/// A sum of plain `Double` additions that knows when it equals ``ExactSum``'s result.
///
/// Why plain additions are then exact: suppose every term passed ``add(_:)`` with `integral`
/// still true and `magnitude < 2^51` at the end.
/// 1. `magnitude` is a sum of non-negative terms |v|, each computed partial `fl(a + |v|) ≥ |v|`
///    (rounding is monotone and `a ≥ 0`), and the partials never decrease; so every |v| and every
///    computed partial is below 2^51.
/// 2. Every |v| < 2^51, so `|v| + 1.5·2^52` lies in [2^52, 2^53) where doubles are exactly the
///    integers: the addition rounds |v| to an integer and the subtraction is exact, so the test
///    `(|v| + m) − m == |v|` holds exactly when `v` is an integer. Every term is an integer.
/// 3. By induction each partial of `magnitude` is exact: it is an integer whose rounding is below
///    2^51, hence (monotone rounding, 2^51 representable) it is itself below 2^51 and
///    representable. So Σ|v| < 2^51 exactly.
/// 4. Every partial of `total` is an integer of magnitude at most Σ|v| < 2^51, representable, so
///    every addition is exact and `total` is the exact sum.
/// 5. ``ExactSum`` on exact additions: its first partial is the first term, and each later term
///    leaves one partial `x + y` (the error term `lo` is zero and dropped); `total` returns it.
///    That is the IEEE sum in the same order; `total` here starts from −0, the identity of IEEE
///    addition (`−0 + t = t` for every `t`, zeros included), so both give the same bits, signed
///    zeros included. With no term at all ``ExactSum`` gives +0: callers use ``value`` only after
///    at least one term.
struct IntegerSum {
    /// The IEEE sum of the terms, from −0.
    var total = -0.0
    /// The IEEE sum of the terms' magnitudes.
    var magnitude = 0.0
    /// Whether every term passed the integer test.
    var integral = true

    @inline(__always)
    mutating func add(_ v: Double) {
        total += v
        let m = v.magnitude
        magnitude += m
        integral = integral && (m + roundingMagic) - roundingMagic == m
    }

    /// Whether `total` is exact, hence equal to ``ExactSum``'s total of the same terms.
    @inline(__always)
    var isExact: Bool { integral && magnitude < integerSumLimit }
}

/// ``IntegerSum`` for terms known to be `>= 0` (or −0), such as weights: each term is its own
/// magnitude, so the sum bounds itself and one addition per term does. The proof of
/// ``IntegerSum`` holds word for word with `magnitude` read as `total` (their partials are the
/// same numbers, up to the sign of a zero): when ``isExact``, `total` is ``ExactSum``'s result,
/// and so is a plain sum, from −0, of any subset of the terms.
struct WeightSum {
    /// The IEEE sum of the terms, from −0.
    var total = -0.0
    /// Whether every term passed the integer test.
    var integral = true

    /// Adds a term; assumes `w >= 0` (−0 included), not NaN.
    @inline(__always)
    mutating func add(_ w: Double) {
        total += w
        integral = integral && (w + roundingMagic) - roundingMagic == w
    }

    /// Whether `total` is exact, hence equal to ``ExactSum``'s total of the same terms.
    @inline(__always)
    var isExact: Bool { integral && total < integerSumLimit }
}

/// An exact sum of doubles on a fixed grid: every term is a multiple of 2^-70, summed exactly as a
/// 128-bit two's complement integer in units of 2^-70, and the total rounded once (to nearest,
/// ties to even). That is the exact sum rounded once, which is what ``ExactSum`` gives, so the
/// two agree bit for bit on every non-zero total.
///
/// It gives up (`overflowed`) on a term that is not finite, not a multiple of 2^-70 (a full
/// 53-bit significand below about 2^-18), or 2^56 or more, and on a total of 2^57 or more; the
/// caller then sums the same terms with ``ExactSum``. A zero total has no sign here (``ExactSum``
/// gives −0 or +0 depending on the terms), so ``total`` is `nil` then and the caller asks
/// ``ExactSum`` too.
///
/// - Complexity: O(1) per term, a few integer operations, no branch on the data's history.
struct FixedPointSum {
    private var high: Int64 = 0
    private var low: UInt64 = 0
    /// Set when a term or the total falls outside the grid.
    private(set) var overflowed = false

    /// The grid: units of 2^-70.
    private static let fractionBits = 70

    /// Adds a term.
    @inline(__always)
    mutating func add(_ term: Double) {
        let bits = term.bitPattern
        let biased = Int((bits &>> 52) & 0x7ff)
        var significand = bits & 0x000f_ffff_ffff_ffff
        if biased == 0 {
            if significand != 0 { overflowed = true }  // subnormal: off the grid; ±0 adds nothing
            return
        }
        if biased == 0x7ff {
            overflowed = true
            return
        }
        significand |= 1 &<< 52
        // term = ±significand × 2^(biased − 1075) = ±significand × 2^shift units.
        var shift = biased - 1075 + FixedPointSum.fractionBits
        if shift < 0 {
            guard significand.trailingZeroBitCount >= -shift else {
                overflowed = true
                return
            }
            significand &>>= UInt64(-shift)
            shift = 0
        }
        guard shift <= 73 else {  // keeps the term below 2^126 units
            overflowed = true
            return
        }
        let termLow: UInt64
        let termHigh: UInt64
        if shift == 0 {
            termLow = significand
            termHigh = 0
        } else if shift < 64 {
            termLow = significand &<< UInt64(shift)
            termHigh = significand &>> UInt64(64 - shift)
        } else {
            termLow = 0
            termHigh = significand &<< UInt64(shift - 64)
        }
        let positiveHigh = Int64(bitPattern: termHigh)  // below 2^62
        if bits &>> 63 == 0 {
            let (sumLow, carry) = low.addingReportingOverflow(termLow)
            let (h1, o1) = high.addingReportingOverflow(positiveHigh)
            let (h2, o2) = h1.addingReportingOverflow(carry ? 1 : 0)
            low = sumLow
            high = h2
            if o1 || o2 { overflowed = true }
        } else {
            let (differenceLow, borrow) = low.subtractingReportingOverflow(termLow)
            let (h1, o1) = high.subtractingReportingOverflow(positiveHigh)
            let (h2, o2) = h1.subtractingReportingOverflow(borrow ? 1 : 0)
            low = differenceLow
            high = h2
            if o1 || o2 { overflowed = true }
        }
    }

    /// The exact sum rounded once to the nearest double (ties to even); `nil` when it gave up
    /// or the sum is zero.
    var total: Double? {
        if overflowed || (high == 0 && low == 0) { return nil }
        let negative = high < 0
        var magnitudeHigh = UInt64(bitPattern: high)
        var magnitudeLow = low
        if negative {
            // Two's complement negation; the most negative value cannot be negated.
            if high == .min && low == 0 { return nil }
            magnitudeLow = ~low &+ 1
            magnitudeHigh = ~magnitudeHigh &+ (low == 0 ? 1 : 0)
        }
        let leadingZeros =
            magnitudeHigh != 0 ? magnitudeHigh.leadingZeroBitCount : 64 + magnitudeLow.leadingZeroBitCount
        let top = 127 - leadingZeros  // the highest set bit
        var result: Double
        if top <= 52 {
            result = Double(magnitudeLow)  // at most 53 bits: exact
            result *= Double(sign: .plus, exponent: -FixedPointSum.fractionBits, significand: 1)
        } else {
            let drop = top - 52  // 1 ... 75 bits below the significand
            var kept: UInt64  // the 53 leading bits
            var roundBit: Bool
            var sticky: Bool
            if drop < 64 {
                kept = (magnitudeLow &>> UInt64(drop)) | (magnitudeHigh &<< UInt64(64 - drop))
                roundBit = (magnitudeLow &>> UInt64(drop - 1)) & 1 != 0
                sticky = drop > 1 && magnitudeLow & ((1 &<< UInt64(drop - 1)) &- 1) != 0
            } else {
                kept = magnitudeHigh &>> UInt64(drop - 64)
                if drop == 64 {
                    roundBit = magnitudeLow &>> 63 != 0
                    sticky = magnitudeLow & ~(1 &<< 63) != 0
                } else {
                    roundBit = (magnitudeHigh &>> UInt64(drop - 65)) & 1 != 0
                    sticky = magnitudeLow != 0 || (drop > 65 && magnitudeHigh & ((1 &<< UInt64(drop - 65)) &- 1) != 0)
                }
            }
            kept &= (1 &<< 53) &- 1
            if roundBit && (sticky || kept & 1 != 0) { kept &+= 1 }  // at most 2^53: still exact
            result = Double(kept) * Double(sign: .plus, exponent: drop - FixedPointSum.fractionBits, significand: 1)
        }
        return negative ? -result : result
    }
}
