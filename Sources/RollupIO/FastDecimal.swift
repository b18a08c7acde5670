/// The fast path for the commonest figure: a plain decimal (`-?[0-9]+(\.[0-9]+)?`) of at most 15
/// significant digits (a dot is left to the full reader in Vietnamese mode), converted exactly: the digits form an integer below 2⁵³ and the power of
/// ten is exact, so one correctly rounded division gives the same double as a full parse.
enum FastDecimal {
    /// 10^0 through 10^15, each exact (the products ``scan(_:_:_:)`` forms, read from a table).
    static let powersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ]

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

    /// The plain decimal (`-?[0-9]+(\.[0-9]+)?`, at most 15 digits) that starts at `start`, read
    /// up to the first byte that cannot continue it (or `end`): its value, its decimals and the
    /// offset of that byte, so that a caller scanning a record reads the figure in the same pass
    /// that finds where it ends. `nil` for anything else (no digit, a dot without digits after
    /// it, more than 15 digits); the caller then judges the bytes with the full reader. Gives
    /// ``parse(_:_:_:vietnamese:)``'s double for the same digits. Assumes `start <= end` and that
    /// `base[start..<end]` is readable; not for Vietnamese notation (a dot groups thousands there).
    @inline(__always)
    static func scan(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, decimals: Int, stop: Int)? {
        var k = start
        let negative = k < end && base[k] == 0x2D
        if negative { k &+= 1 }
        let first = k
        var mantissa: Int64 = 0
        while k < end {
            let d = base[k] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ Int64(d)
            k &+= 1
        }
        guard k > first else { return nil }
        var decimals = 0
        if k < end && base[k] == 0x2E {
            k &+= 1
            let fraction = k
            while k < end {
                let d = base[k] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ Int64(d)
                k &+= 1
            }
            decimals = k &- fraction
            guard decimals > 0 else { return nil }
        }
        // At most 15 digits in all (leading zeros counted): the mantissa is below 10^15 < 2^53.
        guard k &- first &- (decimals > 0 ? 1 : 0) <= 15 else { return nil }
        // An integer needs no division; else 10^decimals by repeated products, each exact
        // below 2^53, as `parse` computes it (x / 1 is x: the same double either way).
        var value = Double(mantissa)
        if decimals > 0 {
            var power = 1.0
            for _ in 0..<decimals { power *= 10 }
            value /= power
        }
        return (negative ? -value : value, decimals, k)
    }
}
