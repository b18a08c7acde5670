import RollupModel

/// A position in the UTF-8 bytes of one notation, with the small scanners the grammar needs.
struct Cursor {
    let all: UnsafeBufferPointer<UInt8>
    var start: Int
    var end: Int
    var i: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        all = bytes
        start = 0
        end = bytes.count
        i = 0
    }

    var isEmpty: Bool { start >= end }
    var atEnd: Bool { i >= end }
    var text: String { String(decoding: UnsafeBufferPointer(rebasing: all[start..<end]), as: UTF8.self) }

    private func byte(_ k: Int) -> UInt8? { k < end ? all[k] : nil }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// Drops spaces (ASCII and no-break) at both ends.
    mutating func trim() {
        while start < end {
            if Cursor.isSpace(all[start]) {
                start += 1
            } else if start + 1 < end && all[start] == 0xC2 && all[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if Cursor.isSpace(all[end - 1]) {
                end -= 1
            } else if end - 2 >= start && all[end - 2] == 0xC2 && all[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        i = start
    }

    /// Skips spaces, ASCII and no-break (U+00A0, as spreadsheets write them).
    mutating func skipSpaces() {
        while let b = byte(i) {
            if Cursor.isSpace(b) {
                i += 1
            } else if b == 0xC2 && byte(i + 1) == 0xA0 {
                i += 2
            } else {
                return
            }
        }
    }

    /// `-`, an en dash or an em dash standing alone: "nothing".
    var isDashAlone: Bool {
        let n = end - start
        if n == 1 { return all[start] == 0x2D }
        if n == 3 { return all[start] == 0xE2 && all[start + 1] == 0x80 && (all[start + 2] == 0x93 || all[start + 2] == 0x94) }
        return false
    }

    private func matches(_ literal: [UInt8], at k: Int) -> Bool {
        guard k + literal.count <= end else { return false }
        for (offset, b) in literal.enumerated() where all[k + offset] != b { return false }
        return true
    }

    private static let lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let le = Array("&le;".utf8), ge = Array("&ge;".utf8)
    private static let leSign: [UInt8] = [0xE2, 0x89, 0xA4], geSign: [UInt8] = [0xE2, 0x89, 0xA5]

    /// Reads `<`, `<=`, `=<`, `≤`, `>`, `>=`, `=>`, `≥` and their HTML entities.
    mutating func comparison() -> Comparison? {
        var less: Bool
        var orEqual = false
        if matches(Cursor.lt, at: i) {
            less = true
            i += 4
        } else if matches(Cursor.gt, at: i) {
            less = false
            i += 4
        } else if matches(Cursor.le, at: i) || matches(Cursor.leSign, at: i) {
            i += all[i] == 0x26 ? 4 : 3
            return .atMost
        } else if matches(Cursor.ge, at: i) || matches(Cursor.geSign, at: i) {
            i += all[i] == 0x26 ? 4 : 3
            return .atLeast
        } else if byte(i) == 0x3C {
            less = true
            i += 1
        } else if byte(i) == 0x3E {
            less = false
            i += 1
        } else if byte(i) == 0x3D, let next = byte(i + 1), next == 0x3C || next == 0x3E {
            less = next == 0x3C
            orEqual = true
            i += 2
            return less ? .atMost : .atLeast
        } else {
            return nil
        }
        skipSpaces()
        if byte(i) == 0x3D {
            orEqual = true
            i += 1
        }
        return less ? (orEqual ? .atMost : .below) : (orEqual ? .atLeast : .above)
    }

    /// Reads a range separator: `-`, an en dash, or `÷`.
    mutating func rangeSeparator() -> Bool {
        if byte(i) == 0x2D {
            i += 1
            return true
        }
        if matches([0xE2, 0x80, 0x93], at: i) {
            i += 3
            return true
        }
        if matches([0xC3, 0xB7], at: i) {
            i += 2
            return true
        }
        return false
    }

    /// Reads an optional `%`; fails when one is there but not allowed.
    mutating func percent(allowed: Bool) -> Bool {
        skipSpaces()
        guard byte(i) == 0x25 else { return true }
        guard allowed else { return false }
        i += 1
        return true
    }

    /// Reads a number in either notation; leaves `i` unchanged and returns `nil` when none is
    /// there or it is malformed.
    mutating func number(vietnamese: Bool) -> (value: Double, decimals: Int)? {
        var k = i
        var negative = false
        if let b = byte(k), b == 0x2B || b == 0x2D {
            negative = b == 0x2D
            k += 1
        } else if matches([0xE2, 0x88, 0x92], at: k) {  // U+2212 minus sign
            negative = true
            k += 3
        }
        if let (value, decimals, stop) = plainDecimal(from: k, vietnamese: vietnamese) {
            i = stop
            return (negative ? -value : value, decimals)
        }
        var ascii: [UInt8] = []
        ascii.reserveCapacity(24)
        if negative { ascii.append(0x2D) }
        // The mantissa: digits, dots and commas.
        let mantissaStart = k
        var dots: [Int] = []
        var commas: [Int] = []
        var digits = 0
        while let b = byte(k) {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
            } else if b == 0x2E {
                dots.append(k - mantissaStart)
            } else if b == 0x2C {
                commas.append(k - mantissaStart)
            } else {
                break
            }
            k += 1
        }
        guard digits > 0 else { return nil }
        let mantissa = UnsafeBufferPointer(rebasing: all[mantissaStart..<k])
        guard let (normalized, decimals) = Cursor.normalize(mantissa, dots: dots, commas: commas, vietnamese: vietnamese) else {
            return nil
        }
        ascii += normalized
        // An optional exponent, only after a plain mantissa.
        var exponent = 0
        if let e = byte(k), e == 0x65 || e == 0x45, commas.isEmpty {
            var m = k + 1
            var exponentBytes: [UInt8] = [0x65]
            if let s = byte(m), s == 0x2B || s == 0x2D {
                exponentBytes.append(s)
                m += 1
            }
            var expDigits = 0
            var value = 0
            while let b = byte(m), b >= 0x30 && b <= 0x39 {
                exponentBytes.append(b)
                expDigits += 1
                if value < 100_000 { value = value * 10 + Int(b - 0x30) }
                m += 1
            }
            if expDigits > 0 {
                ascii += exponentBytes
                exponent = exponentBytes.count > 1 && exponentBytes[1] == 0x2D ? -value : value
                k = m
            }
        }
        guard let value = Double(String(decoding: ascii, as: UTF8.self)), value.isFinite else { return nil }
        // A number too small for a double (`1e-999`) would read as 0: refused, never a guess.
        if value == 0 && mantissa.contains(where: { $0 >= 0x31 && $0 <= 0x39 }) { return nil }
        i = k
        return (value, Swift.max(0, decimals - exponent))
    }

    /// The commonest number, `[0-9]+(\.[0-9]+)?` of at most 15 digits followed by no other
    /// digit, dot, comma or exponent, read at `k` without the general path's allocations: its
    /// value (exactly rounded, as `Double(String)` reads it: an integer below 2⁵³ over an exact
    /// power of ten), its decimals and where it ends. `nil` for anything else, and for a dot in
    /// Vietnamese notation (it may group thousands there).
    private func plainDecimal(from k: Int, vietnamese: Bool) -> (Double, Int, Int)? {
        var k = k
        let first = k
        var mantissa: Int64 = 0
        while k < end, all[k] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ Int64(all[k] &- 0x30)
            k += 1
        }
        guard k > first else { return nil }
        var decimals = 0
        if k < end && all[k] == 0x2E {
            if vietnamese { return nil }
            k += 1
            let fraction = k
            while k < end, all[k] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ Int64(all[k] &- 0x30)
                k += 1
            }
            decimals = k - fraction
            guard decimals > 0 else { return nil }
        }
        if k < end, all[k] == 0x2E || all[k] == 0x2C || all[k] == 0x65 || all[k] == 0x45 { return nil }
        guard k - first - (decimals > 0 ? 1 : 0) <= 15 else { return nil }
        var power = 1.0
        for _ in 0..<decimals { power *= 10 }
        return (Double(mantissa) / power, decimals, k)
    }

    /// Turns a mantissa with dots and commas into plain ASCII with `.` as the decimal point, and
    /// counts its decimals; `nil` when the separators are misplaced.
    static func normalize(
        _ m: UnsafeBufferPointer<UInt8>, dots: [Int], commas: [Int], vietnamese: Bool
    ) -> ([UInt8], Int)? {
        if m.first == 0x2E || m.first == 0x2C || m.last == 0x2E || m.last == 0x2C { return nil }
        if !commas.isEmpty {
            // Vietnamese: one decimal comma, dots only as thousands separators before it.
            guard commas.count == 1, let comma = commas.first else { return nil }
            guard dots.allSatisfy({ $0 < comma }), thousandsGroupsValid(dots: dots, end: comma) else { return nil }
            var out: [UInt8] = []
            for (offset, b) in m.enumerated() where b != 0x2E { out.append(offset == comma ? 0x2E : b) }
            return (out, m.count - comma - 1)
        }
        if dots.isEmpty { return (Array(m), 0) }
        if vietnamese && thousandsGroupsValid(dots: dots, end: m.count) {
            return (m.filter { $0 != 0x2E }, 0)
        }
        guard dots.count == 1, let dot = dots.first else { return nil }
        return (Array(m), m.count - dot - 1)
    }

    /// Whether dots at `dots` split the digits before `end` into a group of 1-3 digits followed
    /// by groups of exactly three.
    static func thousandsGroupsValid(dots: [Int], end: Int) -> Bool {
        guard let first = dots.first, first >= 1, first <= 3 else { return dots.isEmpty }
        var previous = first
        for dot in dots.dropFirst() {
            guard dot - previous == 4 else { return false }
            previous = dot
        }
        return end - previous == 4
    }
}
