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
    /// Without allocating for every number with at most 15 significant digits between 10⁻⁴ and
    /// 10¹⁵: the text is the integer m and the least k with m / 10ᵏ == x, found with m < 10¹⁵.
    /// There decimals k apart are more than 4 ulps apart, so m is the only k-decimal number that
    /// reads back to x, `x · 10ᵏ` rounds to it, and no shorter text reads back (it would have been
    /// found at a smaller k): the same digits as `Double.description`, which writes this range
    /// without an exponent. Other numbers (16 and 17 digits, tiny and huge ones) go through
    /// `description`.
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
        if a >= 1e-4 && a < 1e15 {
            var scale = 10.0
            var k = 1
            while a * scale < 1e15 {
                let integer = UInt64(a * scale + 0.5)
                if Double(integer) / scale == a {
                    let divisor = powersOfTen[k]
                    n += writeDigits(integer / divisor, to: p + n)
                    p[n] = 0x2E
                    var fraction = integer % divisor
                    var d = n + k
                    while d > n {
                        p[d] = 0x30 &+ UInt8(truncatingIfNeeded: fraction % 10)
                        fraction /= 10
                        d -= 1
                    }
                    return n + 1 + k
                }
                scale *= 10
                k += 1
            }
        }
        return slowWrite(x, to: p)
    }

    /// 10⁰ to 10¹⁹.
    private static let powersOfTen: [UInt64] = (0...19).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }

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
