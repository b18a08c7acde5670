/// The fast path for the commonest figure: a plain decimal (`-?[0-9]+(\.[0-9]+)?`) of at most 15
/// significant digits (a dot is left to the full reader in Vietnamese mode), converted exactly: the digits form an integer below 2⁵³ and the power of
/// ten is exact, so one correctly rounded division gives the same double as a full parse.
enum FastDecimal {
    private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// The value and its decimals, or `nil` when the bytes are anything else (the caller then
    /// uses the full notation reader).
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, vietnamese: Bool) -> (Double, Int)? {
        var k = start
        guard k < end else { return nil }
        var negative = false
        if bytes[k] == 0x2D {
            negative = true
            k += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var decimals = 0
        var seenDot = false
        var significant = 0
        while k < end {
            let b = bytes[k]
            if b >= 0x30 && b <= 0x39 {
                mantissa = mantissa &* 10 &+ Int64(b &- 0x30)
                digits += 1
                if mantissa != 0 { significant += 1 }
                if seenDot { decimals += 1 }
            } else if b == 0x2E && !seenDot && digits > 0 && !vietnamese {
                seenDot = true
            } else {
                return nil
            }
            k += 1
        }
        guard digits > 0, significant <= 15, decimals <= 15, !(seenDot && decimals == 0) else { return nil }
        var value = Double(mantissa)
        if decimals > 0 { value /= powers[decimals] }
        return (negative ? -value : value, decimals)
    }
}
