/// Numbers as rollup writes them in its results: `.` as the decimal point, the shortest text that
/// reads back to the same double (`3426`, `282.8623089688653`, `1e-05`), never `-0`. This is
/// `Double.description` without its trailing `.0`, and integers below 10¹⁵ in full.
public enum NumberFormat {
    /// The most bytes ``write(_:to:)`` writes (`-1.7976931348623157e+308` is 24).
    public static let maximumLength = 32

    /// The shortest round-trip text of `x`; assumes `x` is finite.
    public static func shortest(_ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            guard let base = buffer.baseAddress else { return x.description }
            let count = write(x, to: base)
            return String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        }
    }

    /// ``shortest(_:)`` for any double, for messages and tables read by people: empty for NaN
    /// (no figure), `∞` and `-∞` for unbounded ends.
    public static func text(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x.isInfinite { return x > 0 ? "∞" : "-∞" }
        return shortest(x)
    }

    /// Appends the decimal digits of `n` (with `-` when negative), as `"\(n)"` writes them,
    /// without allocating a String.
    public static func append(integer n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(0x2D) }
        var magnitude = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Appends the shortest round-trip text of `x` to `out`; assumes `x` is finite.
    public static func append(_ x: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            guard let base = buffer.baseAddress else { return }
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: write(x, to: base)))
        }
    }

    /// Writes the shortest round-trip text of `x` at `p` and returns its length (at most
    /// ``maximumLength``); assumes `x` is finite and `p` has room for ``maximumLength`` bytes.
    ///
    /// Without allocating between 10⁻⁴ and 10¹⁵ (the range `Double.description` writes without an
    /// exponent): integers in full; below 10¹⁰ a number with at most four decimals from one
    /// product `x` · 10⁴ (see the note after ``writeFewDecimals(_:whole:to:)``); other numbers as
    /// the nearest decimal of 15, else 16, else 17 significant digits that reads back exactly
    /// (found in 128-bit integers), zeros dropped: the digits of `description`. Powers of two (a
    /// narrower gap below) try each number of decimals up to 15 digits. Everything else (tiny and
    /// huge numbers) goes through `description`.
    @inline(__always)
    public static func write(_ x: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        write(x, to: p, tryingFewDecimals: true)
    }

    /// ``write(_:to:)`` without the few-decimals shortcut, for tests that compare the two.
    static func writeWithoutFewDecimals(_ x: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        write(x, to: p, tryingFewDecimals: false)
    }

    /// ``write(_:to:)``, the shortcut for numbers with few decimals taken or not.
    @inline(__always)
    private static func write(_ x: Double, to p: UnsafeMutablePointer<UInt8>, tryingFewDecimals: Bool) -> Int {
        let a = Swift.abs(x)
        var n = 0
        if x < 0 {
            p[0] = 0x2D
            n = 1
        }
        if a < 1e15 {
            let whole = Int64(a)
            if Double(whole) == a { return n + writeDigits(UInt64(truncatingIfNeeded: whole), count: digitCount(whole), to: p + n) }
            if tryingFewDecimals && a >= 1e-4 && a < 1e10 {
                let scaled = Int64(a * 1e4 + 0.5)
                if Double(scaled) / 1e4 == a, let count = writeFewDecimals(scaled, whole: whole, to: p + n) { return n + count }
            }
        }
        return n + writeOther(a, to: p + n)
    }

    /// Writes `scaled` / 10⁴ with its trailing zeros dropped, `whole` being its integer part, and
    /// returns the length; nil (nothing written) unless `scaled` − 10⁴ · `whole` is 1 to 9999.
    ///
    /// Why this is the text of `description` for 10⁻⁴ ≤ a < 10¹⁰ not an integer, with
    /// `scaled` = m the integer nearest a · 10⁴ as computed and m / 10⁴ == a. m < 2⁵³ is exact,
    /// and the double m / 10⁴ is the exact quotient rounded to nearest (even on a tie), which is
    /// how reading the decimal d = m · 10⁻⁴ rounds too: d reads back to a. Conversely, if a decimal
    /// d′ with at most four decimals reads back to a, then |a − d′| ≤ ulp(a) / 2 ≤ 2⁻²⁰ (a < 2³⁴),
    /// so |a · 10⁴ − d′ · 10⁴| < 0.01, and a · 10⁴ computed in doubles is off by at most
    /// ulp(10¹⁴) / 2 < 0.008: rounding it gives d′ · 10⁴ = m, so the test misses no such number
    /// and d′ = d (decimals of four places are 10⁻⁴ apart, the reading interval at most 2⁻¹⁹
    /// wide). d is not an integer (no integer reads back to a non-integer below 2⁵³) and no integer
    /// lies between a and d, so `whole` = ⌊a⌋ = ⌊d⌋. All decimals that read back to a share its
    /// leading digit's position, except perhaps the power of ten just above a (then the one with
    /// the fewest decimals), so d without its trailing zeros, the fewest decimals, is the fewest
    /// significant digits: the shortest round-trip text, which `description` writes.
    @inline(__always)
    private static func writeFewDecimals(_ scaled: Int64, whole: Int64, to p: UnsafeMutablePointer<UInt8>) -> Int? {
        var fraction = scaled &- whole &* 10_000
        guard fraction > 0 && fraction < 10_000 else { return nil }
        var decimals = 4
        if fraction % 100 == 0 {
            fraction /= 100
            decimals = 2
        }
        if fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        let n = writeDigits(UInt64(truncatingIfNeeded: whole), count: digitCount(whole), to: p)
        p[n] = 0x2E
        return n + 1 + writeDigits(UInt64(truncatingIfNeeded: fraction), count: decimals, to: p + n + 1)
    }

    /// ``write(_:to:)`` for a positive `a` that is neither an integer below 10¹⁵ nor a number
    /// with few decimals below 10¹⁰.
    @inline(never)
    private static func writeOther(_ a: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if a >= 1e-4 && a < 1e15 && a.significandBitPattern != 0 {
            // The nearest decimal of 15 significant digits reads back when any shorter one does
            // (its digits, zeros dropped, are the shortest); else the nearest of 16, else 17.
            // 15 digits are tried in doubles: with k decimals, a · 10ᵏ < 10¹⁵ is within 0.11 of
            // any such decimal times 10ᵏ and computed within 0.0625, so rounding it finds the one
            // that reads back (m / 10ᵏ == a), as in writeFewDecimals.
            let exponent = decimalExponent(a)
            let decimals = 14 - exponent
            if decimals >= 1 {
                let scale = exactPowersOfTen[decimals]
                var integer = Int64(a * scale + 0.5)
                if Double(integer) / scale == a {
                    var k = decimals
                    while k > 1 && integer % 10 == 0 {
                        integer /= 10
                        k -= 1
                    }
                    return writeFixed(UInt64(truncatingIfNeeded: integer), decimals: k, to: p)
                }
            }
            for digits in 16...17 {
                let decimals = digits - 1 - exponent
                guard decimals >= 1, var integer = exactlyRoundTripping(a, decimals: decimals) else { continue }
                var k = decimals
                while k > 1 && integer % 10 == 0 {
                    integer /= 10
                    k -= 1
                }
                return writeFixed(integer, decimals: k, to: p)
            }
        } else if a >= 1e-4 && a < 1e15 {
            // A power of two: the gap below it is half the gap above, which the nearest-decimal
            // test does not model; try each number of decimals while the digits fit in 15.
            var scale = 10.0
            var k = 1
            while a * scale < 1e15 {
                let integer = UInt64(a * scale + 0.5)
                if Double(integer) / scale == a { return writeFixed(integer, decimals: k, to: p) }
                scale *= 10
                k += 1
            }
        }
        return slowWrite(a, to: p)
    }

    /// ⌊log₁₀ a⌋, exactly, for 10⁻⁴ ≤ a < 10¹⁵.
    @inline(__always)
    private static func decimalExponent(_ a: Double) -> Int {
        if a >= 1 {
            var e = 0
            while e < 15 && a >= exactPowersOfTen[e + 1] { e += 1 }
            return e
        }
        // Below 1, 10⁻ʲ is not a double: compare M · 10ʲ with 2ˢ exactly (a = M · 2⁻ˢ).
        let significand = UInt128(a.significandBitPattern | (1 << 52))
        let shift = 52 - binaryExponent(a)
        var j = 1
        while j < 4 && significand * widePowersOfTen[j] < UInt128(1) << shift { j += 1 }
        return -j
    }

    /// The exponent of a normal double (`a.exponent` without the call).
    @inline(__always)
    private static func binaryExponent(_ a: Double) -> Int {
        Int(truncatingIfNeeded: a.exponentBitPattern) - 1023
    }

    /// 10⁰ to 10¹⁸ as doubles (all exact).
    private static let exactPowersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ]

    /// 10⁰ to 10¹⁹.
    private static let powersOfTen: [UInt64] = [
        1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// 10⁰ to 10²².
    private static let widePowersOfTen: [UInt128] = (0...22).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }

    /// "00", "01", … "99" end to end: two digits per division by 100.
    private static let digitPairs: StaticString = """
        0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
        5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899
        """

    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        // ⌊log₁₀⌋ of the top bit's power of two, plus one when `value` reaches the next power of
        // ten; `| 1` makes 0 count as 1 and changes no other answer (10ᵗ − 1 is odd).
        let odd = value | 1
        let guess = ((64 - odd.leadingZeroBitCount) &* 1233) &>> 12
        return odd >= powersOfTen[guess] ? guess + 1 : guess
    }

    /// The number of decimal digits of `value`; assumes `value` ≥ 0.
    @inline(__always)
    private static func digitCount(_ value: Int64) -> Int {
        digitCount(UInt64(truncatingIfNeeded: value))
    }

    /// Writes `integer` / 10^`decimals` with exactly `decimals` digits after the point; assumes
    /// `decimals` ≥ 1 and `integer` < 10^`decimals` when `decimals` > 19.
    @inline(__always)
    private static func writeFixed(_ integer: UInt64, decimals: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        var fraction = integer
        if decimals <= 19 {
            let divisor = powersOfTen[decimals]
            let whole = integer / divisor
            n = writeDigits(whole, count: digitCount(whole), to: p)
            fraction = integer - whole * divisor
        } else {
            p[0] = 0x30
            n = 1
        }
        p[n] = 0x2E
        return n + 1 + writeDigits(fraction, count: decimals, to: p + n + 1)
    }

    /// The integer m nearest to `a` · 10^`decimals` when m / 10^`decimals` reads back to `a`, else
    /// nil; assumes 10⁻⁴ ≤ `a` < 10¹⁵ and `decimals` ≤ 22.
    ///
    /// With a = M · 2⁻ˢ (M the 53-bit significand), P = M · 10ᵈ is exact in 128 bits and m is
    /// P / 2ˢ rounded to nearest. The decimal reads back to `a` when it is within half an ulp
    /// (2⁻ˢ⁻¹): |m · 2ˢ − P| < 10ᵈ / 2, the bound itself when M is even (reading rounds half to
    /// even). The nearest such decimal (the even one of two as near) is the one `description`
    /// writes among those of the same length. The narrower gap below a power of two and results
    /// of 10¹⁷ or more are left to the slow path (nil).
    private static func exactlyRoundTripping(_ a: Double, decimals: Int) -> UInt64? {
        guard decimals <= 22, a.significandBitPattern != 0 else { return nil }
        let significand = UInt128(a.significandBitPattern | (1 << 52))
        let shift = 52 - binaryExponent(a)
        guard shift > 0, shift < 70 else { return nil }
        let product = significand * widePowersOfTen[decimals]
        let one = UInt128(1) << shift
        let remainder = product & (one - 1)
        let truncated = product >> shift
        // Halfway between two decimals: the even one, as `description` writes.
        let integer = truncated + (remainder << 1 > one || (remainder << 1 == one && truncated & 1 == 1) ? 1 : 0)
        guard integer < 100_000_000_000_000_000 else { return nil }
        let scaled = integer << shift
        let distance = scaled > product ? scaled - product : product - scaled
        let twice = distance << 1
        let limit = widePowersOfTen[decimals]
        guard twice < limit || (twice == limit && significand & 1 == 0) else { return nil }
        return UInt64(integer)
    }

    /// Writes the last `count` decimal digits of `value` at `p`, zeros in front when it has fewer,
    /// two at a time; returns `count`.
    @inline(__always)
    private static func writeDigits(_ value: UInt64, count: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let pairs = digitPairs.utf8Start
        var v = value
        var d = count
        while d >= 2 {
            let q = v / 100
            let r = Int(truncatingIfNeeded: v &- q &* 100) &* 2
            v = q
            d -= 2
            p[d] = pairs[r]
            p[d + 1] = pairs[r + 1]
        }
        if d == 1 { p[0] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10) }
        return count
    }

    /// `description` without a trailing `.0`.
    private static func slowWrite(_ x: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        var n = 0
        for b in text.utf8 where n < maximumLength {
            p[n] = b
            n += 1
        }
        return n
    }
}
