/// The fast path for the commonest figure: a plain decimal (`-?[0-9]+(\.[0-9]+)?`) of at most 15
/// significant digits (a dot is left to the full reader in Vietnamese mode), converted exactly: the digits form an integer below 2⁵³ and the power of
/// ten is exact, so one correctly rounded division gives the same double as a full parse.
enum FastDecimal {
    /// The value and its decimals, or `nil` when the bytes are anything else (the caller then
    /// uses the full notation reader). Assumes `start..<end` lies inside `bytes`.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, vietnamese: Bool) -> (Double, Int)? {
        guard start < end, let base = bytes.baseAddress else { return nil }
        var k = start
        let negative = base[k] == 0x2D
        if negative { k &+= 1 }
        let first = k
        var mantissa: Int64 = 0
        var dot = -1
        while k < end {
            let d = base[k] &- 0x30
            if d < 10 {
                mantissa = mantissa &* 10 &+ Int64(d)
            } else if base[k] == 0x2E && dot < 0 && k > first && !vietnamese {
                dot = k
            } else {
                return nil
            }
            k &+= 1
        }
        let digits = end &- first &- (dot < 0 ? 0 : 1)
        let decimals = dot < 0 ? 0 : end &- dot &- 1
        guard digits > 0, decimals <= 15, dot < 0 || decimals > 0 else { return nil }
        if digits > 15 {
            // Leading zeros are not significant: count the digits from the first other one.
            var significant = digits
            var z = first
            while z < end && (base[z] == 0x30 || base[z] == 0x2E) {
                if base[z] == 0x30 { significant &-= 1 }
                z &+= 1
            }
            guard significant <= 15 else { return nil }
        }
        // 10^decimals by repeated products, each exact below 2^53.
        var power = 1.0
        for _ in 0..<decimals { power *= 10 }
        let value = Double(mantissa) / power
        return (negative ? -value : value, decimals)
    }
}
