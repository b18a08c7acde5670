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

    /// Appends the shortest round-trip text of `x` to `out`.
    public static func append(_ x: Double, to out: inout [UInt8]) {
        out.append(contentsOf: shortest(x).utf8)
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
