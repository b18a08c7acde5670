import RollupModel

/// Sums for the roll-up's hot loops that give, bit for bit, what ``ExactSum`` gives (the exact
/// sum rounded once), at a fraction of its cost.

/// 2^51: below it, `(v + 1.5·2^52) − 1.5·2^52` is `v` rounded to an integer (see
/// ``IntegerSum``).
let integerSumLimit = 2_251_799_813_685_248.0
let roundingMagic = 6_755_399_441_055_744.0  // 1.5 × 2^52

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

extension IntegerSum {
    /// The ``IntegerSum`` of the values of `values[s..<e]` that are not NaN, and their count;
    /// assumes `0 <= s <= e <= values.count`.
    ///
    /// Four lanes at a time, each an ``IntegerSum`` of its own terms (a NaN slot adds −0, which
    /// changes no sum; the integer test is taken on the term itself, which step 2 of the proof
    /// allows for |v| < 2^51: `v + 1.5·2^52` then lies in [2^52, 2^53) too), combined at the end. Why the combined sum is ``IntegerSum``'s exact sum
    /// whenever ``isExact``: the combined `magnitude` is at least every lane's (non-negative
    /// terms, monotone rounding), so when it is below 2^51 the proof of ``IntegerSum`` holds in
    /// each lane, every lane's sums are exact integers, and so are their combinations (bounded by
    /// Σ|v| < 2^51). A sum of exact additions from −0 is −0 exactly when every term is −0,
    /// however the terms are grouped, so the sign of a zero is kept too.
    @inline(__always)
    static func of(_ values: UnsafeBufferPointer<Double>, _ s: Int, _ e: Int) -> (sum: IntegerSum, count: Int) {
        guard let base = values.baseAddress, s < e else { return (IntegerSum(), 0) }
        typealias Bits = SIMD4<UInt64>
        let signBit = Bits(repeating: 1 &<< 63)
        let one = Bits(repeating: (1.0).bitPattern)
        let magic = SIMD4<Double>(repeating: roundingMagic)
        var total = SIMD4<Double>(repeating: -0.0)
        var magnitude = SIMD4<Double>(repeating: 0)
        var integral = SIMDMask<SIMD4<Int64>>(repeating: true)
        var counted = SIMD4<Double>(repeating: 0)
        var c = s
        while c &+ 4 <= e {
            let v = UnsafeRawPointer(base + c).loadUnaligned(as: SIMD4<Double>.self)
            // All ones in the lanes holding a value, zeros in the NaN lanes.
            let present = unsafeBitCast(v .== v, to: Bits.self)
            let bits = unsafeBitCast(v, to: Bits.self)
            let x = unsafeBitCast((bits & present) | (signBit & ~present), to: SIMD4<Double>.self)  // NaN: −0
            total += x
            let m = unsafeBitCast(unsafeBitCast(x, to: Bits.self) & ~signBit, to: SIMD4<Double>.self)  // |x|
            magnitude += m
            // For |x| < 2^51 (the only case that counts), the test holds exactly when x is an integer.
            let rounded = (x + magic) - magic
            integral .&= rounded .== x
            counted += unsafeBitCast(one & present, to: SIMD4<Double>.self)
            c &+= 4
        }
        var sum = IntegerSum()
        sum.total = (total[0] + total[1]) + (total[2] + total[3])
        sum.magnitude = (magnitude[0] + magnitude[1]) + (magnitude[2] + magnitude[3])
        sum.integral = all(integral)
        var count = Int(counted.sum())
        while c < e {
            let v = base[c]
            if !v.isNaN {
                sum.add(v)
                count &+= 1
            }
            c &+= 1
        }
        return (sum, count)
    }
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
    /// The sum in units of 2^-70, two's complement.
    private var sum: Int128 = 0
    /// Set when a term or the total falls outside the grid.
    private(set) var overflowed = false

    /// The grid: units of 2^-70.
    private static let fractionBits = 70

    /// Adds a term. A normal term of 2^-17 or more and below 2^56 (the common case) takes one
    /// shift and one 128-bit addition; every other term goes through ``rareTerm(_:)``.
    @inline(__always)
    mutating func add(_ term: Double) {
        let bits = term.bitPattern
        let biased = Int((bits &>> 52) & 0x7ff)
        // term = ±significand × 2^(biased − 1075) = ±significand × 2^shift units.
        let shift = biased &- (1075 &- FixedPointSum.fractionBits)
        let units: Int128
        var offGrid = false
        if UInt(bitPattern: shift) <= 73 {
            // shift ≤ 73 keeps the term below 2^126 units; biased ≥ 1005 is neither 0 nor 0x7ff.
            let magnitude = Int128((bits & 0x000f_ffff_ffff_ffff) | (1 &<< 52)) &<< shift
            let sign = Int128(Int64(bitPattern: bits) &>> 63)  // −1 for a negative term, else 0
            units = (magnitude ^ sign) &- sign
        } else {
            (units, offGrid) = FixedPointSum.rareTerm(term)
        }
        let (total, overflow) = sum.addingReportingOverflow(units)
        sum = total
        overflowed = overflowed || overflow || offGrid
    }

    /// A term off ``add(_:)``'s common path in units of the grid, and whether it is off the grid:
    /// ±0 is 0; a subnormal, infinite or NaN term, one below 2^-17 that is not a multiple of
    /// 2^-70, or one of 2^56 or more is off the grid.
    @inline(never)
    private static func rareTerm(_ term: Double) -> (Int128, Bool) {
        let bits = term.bitPattern
        let biased = Int((bits &>> 52) & 0x7ff)
        var significand = bits & 0x000f_ffff_ffff_ffff
        if biased == 0 { return (0, significand != 0) }  // ±0 adds nothing; subnormals are off the grid
        if biased == 0x7ff { return (0, true) }
        significand |= 1 &<< 52
        let shift = biased - 1075 + FixedPointSum.fractionBits
        guard shift < 0, significand.trailingZeroBitCount >= -shift else { return (0, true) }
        let magnitude = Int128(significand &>> UInt64(-shift))
        return (bits &>> 63 == 0 ? magnitude : -magnitude, false)
    }

    /// Adds every term of `other` (it gives up where either did, or the sum leaves the grid).
    @inline(__always)
    mutating func add(_ other: FixedPointSum) {
        let (total, overflow) = sum.addingReportingOverflow(other.sum)
        sum = total
        overflowed = overflowed || other.overflowed || overflow
    }

    /// The exact sum rounded once to the nearest double (ties to even); `nil` when it gave up
    /// or the sum is zero.
    var total: Double? {
        let high = Int64(truncatingIfNeeded: sum &>> 64)
        let low = UInt64(truncatingIfNeeded: sum)
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

/// An exactly rounded sum of fractional terms by plain `Double` additions, two lanes at a time
/// (one SSE register each, so that every accumulator stays in a register): each term `t` is
/// split into `high`, `t` rounded to a multiple of 2^-14, and `low = t − high`, and the two parts
/// are summed apart. Both sums are checked to be exact, so the total, one rounded addition of the
/// two, is the exact sum rounded once: ``ExactSum``'s result.
///
/// Why the parts and their sums are exact when the computed sum of the `high` parts' magnitudes
/// ends below 2^37:
/// 1. Every term then has |t| < 2^37: rounding is monotone, so t ≥ 2^37 gives
///    `high = (t + 1.5·2^38) − 1.5·2^38 ≥ 2^37` (and t ≤ −2^37, `high ≤ −2^37`), and the sum of
///    magnitudes is at least each one; NaN and infinite terms make it NaN or infinite.
/// 2. For |t| < 2^37, `t + 1.5·2^38` lies in (2^38, 2^39), where doubles are the multiples of
///    2^-14: the addition rounds `t` to that grid and the subtraction of 1.5·2^38 is exact (both
///    in one binade), so `high` is `t` on the grid; `t − high` is at most 2^-15 and a multiple of
///    `t`'s last bit (or `t` itself when `high` is 0), hence a double: `low` is exact.
/// 3. In units of 2^-14 every `high` is an integer, so ``IntegerSum``'s proof holds for them,
///    scaled: the sum of their magnitudes below 2^37 (2^51 units) makes every partial sum of
///    them, in each lane and across lanes, exact.
/// 4. Every addition of a `low` is checked by Knuth's two-sum: its rounding error is computed
///    exactly, and any non-zero error (or NaN) marks the sum inexact.
/// The caller then sums the same terms another way (``FixedPointSum``, ``ExactSum``). A zero
/// total has no sign here, as with ``FixedPointSum``: ``total`` is `nil` then.
///
/// - Complexity: O(1) per term, about ten vector operations per two terms, no branch.
struct SplitSum {
    typealias Lanes = SIMD2<Double>
    /// 1.5·2^38: adding and subtracting it rounds |t| < 2^37 to a multiple of 2^-14.
    static let splitter = 412_316_860_416.0
    /// 2^37: the bound on the sum of the `high` parts' magnitudes.
    static let limit = 137_438_953_472.0

    private var high = Lanes(repeating: 0)
    private var highMagnitude = Lanes(repeating: 0)
    private var low = Lanes(repeating: 0)
    private var inexact = SIMDMask<SIMD2<Int64>>(repeating: false)

    /// Adds two terms, one per lane; a lane that holds no term must hold ±0.
    @inline(__always)
    mutating func add(_ t: Lanes) {
        let splitters = Lanes(repeating: SplitSum.splitter)
        let h = (t + splitters) - splitters
        let l = t - h
        high += h
        highMagnitude += unsafeBitCast(unsafeBitCast(h, to: SIMD2<UInt64>.self) & ~SIMD2(repeating: 1 &<< 63), to: Lanes.self)
        // Two-sum: `error` is the exact rounding error of `low + l`.
        let sum = low + l
        let b = sum - low
        let error = (low - (sum - b)) + (l - b)
        inexact .|= error .!= Lanes(repeating: 0)
        low = sum
    }

    /// The exact sum rounded once (to nearest, ties to even); `nil` when some term or partial
    /// sum was not exact (see the type's proof) or the total is zero.
    var total: Double? {
        guard !any(inexact), highMagnitude.sum() < SplitSum.limit else { return nil }
        // Exact by step 3; the lanes of `low` joined by a checked addition.
        let highTotal = high[0] + high[1]
        let lowTotal = low[0] + low[1]
        let b = lowTotal - low[0]
        guard (low[0] - (lowTotal - b)) + (low[1] - b) == 0 else { return nil }
        let total = highTotal + lowTotal  // the one rounding
        return total == 0 ? nil : total
    }
}

extension SplitSum {
    /// The ``SplitSum`` of the values of `values[s..<e]` that are not NaN, and their count;
    /// assumes `0 <= s <= e <= values.count`.
    @inline(__always)
    static func of(_ values: UnsafeBufferPointer<Double>, _ s: Int, _ e: Int) -> (sum: SplitSum, count: Int) {
        var sum = SplitSum()
        guard let base = values.baseAddress, s < e else { return (sum, 0) }
        let zero = Lanes(repeating: 0)
        let one = Lanes(repeating: 1)
        var counted = zero
        var c = s
        while c &+ 2 <= e {
            let v = UnsafeRawPointer(base + c).loadUnaligned(as: Lanes.self)
            let present = v .== v
            sum.add(zero.replacing(with: v, where: present))
            counted += zero.replacing(with: one, where: present)
            c &+= 2
        }
        if c < e {
            // The last value, the other lane empty.
            let v = Lanes(base[c], 0)
            let present = v .== v
            sum.add(zero.replacing(with: v, where: present))
            counted += Lanes(present[0] ? 1 : 0, 0)
        }
        return (sum, Int(counted.sum()))
    }
}

/// The sums of a `weighted_mean` over one parent's children, two children at a time: Σ wᵢ·xᵢ
/// (a ``SplitSum``) and Σ wᵢ over the children with a value and a weight above 0, and Σ wᵢ over
/// the children with a weight of at least 0, as ``ColumnKernel`` takes them one by one.
struct WeightedTerms {
    var numerator = SplitSum()
    /// Σ wᵢ of the contributing children (+0 when none): exact whenever ``allExact``.
    var contributing = 0.0
    /// Σ wᵢ of the children with a weight (+0 when none).
    var all = 0.0
    /// Whether every weight was an integer and `all` is below 2^51: then `all` and
    /// `contributing` are exact (see ``WeightSum``; in lanes, as ``IntegerSum/of(_:_:_:)``).
    /// Only the signs of zero totals differ from the sums taken one by one, which start from
    /// −0; callers compare them with 0 only.
    var allExact = true
    /// The number of contributing children.
    var count = 0

    /// The sums over `values[s..<e]` weighted by `weights[s..<e]`; assumes both hold `e`
    /// values and `0 <= s <= e`.
    @inline(__always)
    static func of(_ values: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>, _ s: Int, _ e: Int) -> WeightedTerms {
        typealias Lanes = SIMD2<Double>
        var terms = WeightedTerms()
        guard let valueBase = values.baseAddress, let weightBase = weights.baseAddress, s < e else { return terms }
        let zero = Lanes(repeating: 0)
        let one = Lanes(repeating: 1)
        let magic = Lanes(repeating: roundingMagic)
        var allLanes = zero
        var contributingLanes = zero
        var integral = SIMDMask<SIMD2<Int64>>(repeating: true)
        var counted = zero
        @inline(__always) func add(_ w: Lanes, _ v: Lanes) {
            // A weight counts when it is at least 0 (false for NaN); a child contributes when it
            // also has a value and its weight is above 0.
            let x = zero.replacing(with: w, where: w .>= zero)
            allLanes += x
            integral .&= (x + magic) - magic .== x
            let contributes = (w .> zero) .& (v .== v)
            contributingLanes += zero.replacing(with: w, where: contributes)
            terms.numerator.add(zero.replacing(with: w * v, where: contributes))
            counted += zero.replacing(with: one, where: contributes)
        }
        var c = s
        while c &+ 2 <= e {
            add(
                UnsafeRawPointer(weightBase + c).loadUnaligned(as: Lanes.self),
                UnsafeRawPointer(valueBase + c).loadUnaligned(as: Lanes.self))
            c &+= 2
        }
        if c < e { add(Lanes(weightBase[c], .nan), Lanes(valueBase[c], .nan)) }
        terms.all = allLanes[0] + allLanes[1]
        terms.contributing = contributingLanes[0] + contributingLanes[1]
        terms.allExact = Swift.all(integral) && terms.all < integerSumLimit
        terms.count = Int(counted.sum())
        return terms
    }
}
