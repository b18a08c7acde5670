#if canImport(Glibc)
    import Glibc
#endif

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

    /// The most bytes ``write(_:count:to:)`` writes for a field of `count` bytes (every byte a
    /// quote, doubled, and the two enclosing quotes).
    @inline(__always)
    static func maximumLength(_ count: Int) -> Int { 2 * count + 2 }

    /// Writes the `count` UTF-8 bytes at `text` as one CSV field at `out` (the same bytes as
    /// ``append(_:to:)-(UnsafeBufferPointer<UInt8>,_)``) and returns how many it wrote; assumes
    /// `out` has room for ``maximumLength(_:)`` bytes and does not overlap `text`.
    static func write(_ text: UnsafePointer<UInt8>, count: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let (needsQuotes, quote) = SpecialBytes.scan(text, count: count)
        guard needsQuotes else {
            out.update(from: text, count: count)
            return count
        }
        out[0] = 0x22
        guard quote < count else {
            (out + 1).update(from: text, count: count)
            out[count + 1] = 0x22
            return count + 2
        }
        var n = 1
        for k in 0..<count {
            out[n] = text[k]
            n += 1
            if text[k] == 0x22 {
                out[n] = 0x22
                n += 1
            }
        }
        out[n] = 0x22
        return n + 1
    }
}

/// Finding the bytes that make a CSV field need quotes (`,` `"` LF CR): a short field byte by
/// byte, a long one (a message) with `memchr`, one byte value at a time.
enum SpecialBytes {
    /// Fields shorter than this are scanned byte by byte (a call costs more than the loop).
    static let shortField = 32

    /// Whether the `count` bytes at `p` need quotes, and the index of their first `"` (`count`
    /// when there is none).
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, count: Int) -> (needsQuotes: Bool, firstQuote: Int) {
        guard count >= shortField else {
            var k = 0
            while k < count {
                let b = p[k]
                if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { break }
                k += 1
            }
            guard k < count else { return (false, count) }
            // Only the bytes from the first special one on can be quotes.
            while k < count, p[k] != 0x22 { k += 1 }
            return (true, k)
        }
        let quote = memchr(p, 0x22, count).map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? count
        if quote < count { return (true, quote) }
        // A comma first: most long fields (messages) have one.
        let breaks = memchr(p, 0x2C, count) != nil || memchr(p, 0x0A, count) != nil || memchr(p, 0x0D, count) != nil
        return (breaks, count)
    }
}
