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
    /// exponent): integers in full; other numbers as the nearest decimal of 15, else 16, else 17
    /// significant digits that reads back exactly (found in 128-bit integers), zeros dropped: the
    /// digits of `description`. Powers of two (a narrower gap below) try each number of decimals
    /// up to 15 digits. Everything else (tiny and huge numbers) goes through `description`.
    @inline(__always)
    public static func write(_ x: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if x == 0 {
            p[0] = 0x30
            return 1
        }
        let a = Swift.abs(x)
        var n = 0
        if x < 0 {
            p[0] = 0x2D
            n = 1
        }
        if a < 1e15 {
            let whole = UInt64(a)
            if Double(whole) == a { return n + writeDigits(whole, to: p + n) }
        }
        if a >= 1e-4 && a < 1e15 && a.significandBitPattern != 0 {
            // The nearest decimal of 15 significant digits reads back when any shorter one does
            // (its digits, zeros dropped, are the shortest); else the nearest of 16, else 17.
            let exponent = decimalExponent(a)
            for digits in 15...17 {
                let decimals = digits - 1 - exponent
                guard decimals >= 1, var integer = exactlyRoundTripping(a, decimals: decimals) else { continue }
                var k = decimals
                while k > 1 && integer % 10 == 0 {
                    integer /= 10
                    k -= 1
                }
                return n + writeFixed(integer, decimals: k, to: p + n)
            }
        } else if a >= 1e-4 && a < 1e15 {
            // A power of two: the gap below it is half the gap above, which the nearest-decimal
            // test does not model; try each number of decimals while the digits fit in 15.
            var scale = 10.0
            var k = 1
            while a * scale < 1e15 {
                let integer = UInt64(a * scale + 0.5)
                if Double(integer) / scale == a { return n + writeFixed(integer, decimals: k, to: p + n) }
                scale *= 10
                k += 1
            }
        }
        return slowWrite(x, to: p)
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
        let shift = 52 - Int(a.exponent)
        var j = 1
        while j < 4 && significand * widePowersOfTen[j] < UInt128(1) << shift { j += 1 }
        return -j
    }

    /// 10⁰ to 10¹⁶ as doubles (all exact).
    private static let exactPowersOfTen: [Double] = (0...16).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// 10⁰ to 10¹⁹.
    private static let powersOfTen: [UInt64] = (0...19).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }

    /// 10⁰ to 10²².
    private static let widePowersOfTen: [UInt128] = (0...22).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }

    /// Writes `integer` / 10^`decimals` with exactly `decimals` digits after the point; assumes
    /// `decimals` ≥ 1 and `integer` < 10^`decimals` when `decimals` > 19.
    @inline(__always)
    private static func writeFixed(_ integer: UInt64, decimals: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        var fraction = integer
        if decimals <= 19 {
            let divisor = powersOfTen[decimals]
            n = writeDigits(integer / divisor, to: p)
            fraction = integer % divisor
        } else {
            p[0] = 0x30
            n = 1
        }
        p[n] = 0x2E
        var d = n + decimals
        while d > n {
            p[d] = 0x30 &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
            d -= 1
        }
        return n + 1 + decimals
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
        let shift = 52 - Int(a.exponent)
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

    /// Writes the decimal digits of `value` at `p`; returns how many.
    @inline(__always)
    private static func writeDigits(_ value: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        var v = value
        var d = count - 1
        while d >= 0 {
            p[d] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            d -= 1
        }
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
