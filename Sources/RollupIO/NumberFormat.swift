/// Writing numbers in the results: `.` as the decimal point, the shortest form that reads back
/// to the same double (`3426`, `282.8623089688653`, `1e-05`), never `-0`.
public enum NumberFormat {
    /// The shortest round-trip text of `x`; assumes `x` is finite.
    public static func shortest(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6]

    /// Appends the shortest round-trip text of `x` to `out`; assumes `x` is finite.
    ///
    /// Fast path, without allocating: integers below 10¹⁵, and numbers of at most 6 decimals
    /// between 10⁻⁴ and 10⁹, written as the integer m and the least k with m / 10ᵏ == x. In that
    /// range one ulp is far below 10⁻⁶, so m is the only k-decimal number that reads back to x,
    /// and a shorter one would have been found at a smaller k: the text is the shortest, the same
    /// as `Double.description` gives. Everything else goes through `description`.
    public static func append(_ x: Double, to out: inout [UInt8]) {
        if x == 0 {
            out.append(0x30)
            return
        }
        let a = Swift.abs(x)
        if a < 1e15 && a == a.rounded() {
            if x < 0 { out.append(0x2D) }
            appendDigits(UInt64(a), to: &out)
            return
        }
        if a >= 1e-4 && a < 1e9 {
            for k in 1...6 {
                let m = (a * powers[k]).rounded()
                if m / powers[k] == a {
                    if x < 0 { out.append(0x2D) }
                    let integer = UInt64(m)
                    let scale = UInt64(powers[k])
                    appendDigits(integer / scale, to: &out)
                    out.append(0x2E)
                    var fraction = integer % scale
                    var digits = [UInt8](repeating: 0x30, count: k)
                    var d = k - 1
                    while d >= 0 {
                        digits[d] = 0x30 + UInt8(fraction % 10)
                        fraction /= 10
                        d -= 1
                    }
                    out.append(contentsOf: digits)
                    return
                }
            }
        }
        out.append(contentsOf: shortest(x).utf8)
    }

    private static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(0x30 + UInt8(value))
            return
        }
        var v = value
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            var n = 0
            while v > 0 {
                raw[23 - n] = 0x30 + UInt8(v % 10)
                v /= 10
                n += 1
            }
            return n
        }
        withUnsafeBytes(of: &buffer) { raw in out.append(contentsOf: raw[(24 - count)...]) }
    }
}

/// Quoting fields of the CSV files rollup writes (RFC 4180: quotes where a comma, quote or line
/// break would otherwise break the row).
public enum CSVEscape {
    /// Appends `text` as one CSV field to `out`.
    public static func append(_ text: String, to out: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(0x22)
        for b in text.utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
