/// The bytes of one CSV file with what messages need: its name, the text of a field, and the
/// line and column of a byte.
public struct CSVText: Sendable {
    /// The file as named in messages.
    public let path: String
    /// The file's bytes.
    public let bytes: [UInt8]
    /// Where the content starts (3 after a UTF-8 byte-order mark, else 0).
    public let contentStart: Int

    /// Whether `bytes` were already found to be valid UTF-8 (by ``InputDecoding/prepare(_:encoding:threads:)``),
    /// so that ``firstInvalidUTF8()`` need not scan them again.
    public let isKnownValidUTF8: Bool

    /// Wraps `bytes` read from `path`; `validatedUTF8`: the caller has checked that they are
    /// valid UTF-8.
    public init(path: String, bytes: [UInt8], validatedUTF8: Bool = false) {
        self.path = path
        self.bytes = bytes
        isKnownValidUTF8 = validatedUTF8
        contentStart = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The field's text, `""` escapes undone and surrounding spaces trimmed.
    public func text(_ field: CSVField) -> String {
        var start = field.start
        var end = field.end
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        guard field.hasEscapes else { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(end - start)
        var k = start
        while k < end {
            unescaped.append(bytes[k])
            k += bytes[k] == 0x22 && k + 1 < end && bytes[k + 1] == 0x22 ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// The 1-based line and column (in characters) of byte `offset`, counted from a record that
    /// starts at `recordOffset` on `recordLine`.
    public func location(of offset: Int, recordLine: Int, recordOffset: Int) -> (line: Int, column: Int) {
        var line = recordLine
        var lineStart = max(recordOffset, contentStart)
        var k = recordOffset
        let stop = min(offset, bytes.count)
        while k < stop {
            let b = bytes[k]
            if b == 0x0A || (b == 0x0D && !(k + 1 < bytes.count && bytes[k + 1] == 0x0A)) {
                line += 1
                lineStart = k + 1
            }
            k += 1
        }
        return (line, column(from: lineStart, to: stop))
    }

    /// The 1-based column of byte `offset` on a line starting at `lineStart`, in characters
    /// (grapheme clusters: `ộ` is one column whether written precomposed or decomposed).
    func column(from lineStart: Int, to offset: Int) -> Int {
        let start = max(0, min(lineStart, bytes.count))
        let stop = max(start, min(offset, bytes.count))
        return String(decoding: bytes[start..<stop], as: UTF8.self).count + 1
    }

    /// The offset and 1-based line and column of the first byte that is not valid UTF-8, if any
    /// (ASCII is skipped eight bytes at a time; lines are counted only when a byte is bad).
    public func firstInvalidUTF8() -> (offset: Int, line: Int, column: Int)? {
        if isKnownValidUTF8 { return nil }
        guard let offset = InputDecoding.scanUTF8(bytes, from: contentStart).firstInvalid else { return nil }
        let at = location(of: offset, recordLine: 1, recordOffset: contentStart)
        return (offset, at.line, at.column)
    }
}
