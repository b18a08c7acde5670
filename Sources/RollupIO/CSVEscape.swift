/// Quoting fields of the CSV files rollup writes (RFC 4180: quotes where a comma, quote or line
/// break would otherwise break the row).
public enum CSVEscape {
    /// Appends `text` as one CSV field to `out`.
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, to: &out) }
    }

    /// Appends the UTF-8 bytes `text` as one CSV field to `out`.
    public static func append(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard text.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: text)
            return
        }
        out.append(0x22)
        var start = 0
        for (k, b) in text.enumerated() where b == 0x22 {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...k]))
            out.append(0x22)
            start = k + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        out.append(0x22)
    }
}
