/// A field of a CSV record: a byte range of the file, with whether it was quoted and holds `""`
/// escapes to undo.
public struct CSVField: Sendable, Hashable {
    /// The first byte of the content (after an opening quote).
    public var start: Int
    /// One past the last byte of the content (before a closing quote).
    public var end: Int
    /// Whether the content holds `""` that stands for one quote.
    public var hasEscapes: Bool

    /// Makes a field.
    public init(start: Int, end: Int, hasEscapes: Bool = false) {
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }
}

/// What ``CSVReader/next(into:)`` found.
public enum CSVStep: Sendable, Hashable {
    /// A record whose fields were stored; it starts on `line` at byte `offset`.
    case record(line: Int, offset: Int)
    /// A malformed record; the reader has skipped to the next line.
    case malformed(CSVSyntaxError)
    /// The end of the range.
    case end
}

/// A CSV syntax error: its byte offset and what was wrong.
public struct CSVSyntaxError: Sendable, Hashable {
    /// The byte offset where the problem is.
    public var offset: Int
    /// The line of the record it belongs to.
    public var recordLine: Int
    /// The byte offset of that record.
    public var recordOffset: Int
    /// What was found and expected.
    public var message: String
}

/// An RFC 4180 reader over UTF-8 bytes: `"` quoting with `""` escapes, commas and line breaks
/// inside quotes, CRLF or LF (or a lone CR) line ends, blank lines and all-empty records skipped.
/// The separator is a comma by default; a spreadsheet in a Vietnamese (or any decimal-comma)
/// setup writes `;` instead (``CSVTable`` detects it from the header).
///
/// It reads bytes, never a `String` per line, and hands out fields as byte ranges with their
/// record's line; a field's column is worked out only when a message needs it
/// (``CSVText/location(of:recordLine:recordOffset:)``). A reader can start at any line boundary,
/// so a file can be split into chunks read in parallel.
public struct CSVReader {
    /// The longest field accepted, in bytes.
    public static let maximumFieldBytes = 1 << 16
    /// The largest number of fields in one record.
    public static let maximumFields = 4096
    /// The longest record accepted, in bytes (a line, with the line breaks inside its quotes).
    public static let maximumRecordBytes = 1 << 20

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i: Int
    private let end: Int
    private var line: Int
    /// The byte between fields: `,` (0x2C) or `;` (0x3B).
    public let separator: UInt8
    /// Bit `b` set for each byte that ends an unquoted field or is a quote: the separator (below
    /// 64: `,` or `;`), LF, CR and `"`, so that the hot loop tests each byte once.
    private let stops: UInt64

    /// A reader over `bytes[start..<end]`, where `start` begins line `firstLine`, with fields
    /// separated by `separator` (a comma unless given).
    public init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, firstLine: Int, separator: UInt8 = 0x2C) {
        self.bytes = bytes
        self.i = start
        self.end = end
        self.line = firstLine
        self.separator = separator
        precondition(separator < 64 && separator != 0x22 && separator != 0x0A && separator != 0x0D, "a separator such as ',' or ';'")
        stops = 1 << 0x0A | 1 << 0x0D | 1 << 0x22 | 1 << UInt64(separator)
    }

    /// The message for text after a closing quote.
    static func textAfterQuote(_ separator: UInt8) -> String {
        "found text after a closing quote, expected " + (separator == 0x2C ? "a comma" : "'" + String(UnicodeScalar(separator)) + "'")
            + " or the end of the line"
    }

    /// The line and byte offset where the next record would start.
    public var position: (line: Int, offset: Int) { (line, i) }

    /// Stores the next record's fields in `fields` (replacing its contents).
    public mutating func next(into fields: inout [CSVField]) -> CSVStep {
        while i < end {
            let recordLine = line
            let recordOffset = i
            fields.removeAll(keepingCapacity: true)
            if let error = readRecord(into: &fields, recordLine: recordLine, recordOffset: recordOffset) {
                skipToLineEnd()
                return .malformed(error)
            }
            if fields.allSatisfy({ isBlank($0) }) { continue }
            return .record(line: recordLine, offset: recordOffset)
        }
        return .end
    }

    private func isBlank(_ field: CSVField) -> Bool {
        var k = field.start
        while k < field.end {
            if bytes[k] != 0x20 && bytes[k] != 0x09 { return false }
            k += 1
        }
        return true
    }

    private mutating func skipToLineEnd() {
        while i < end {
            let b = bytes[i]
            i += 1
            if b == 0x0A {
                line += 1
                return
            }
            if b == 0x0D {
                if i < end && bytes[i] == 0x0A { i += 1 }
                line += 1
                return
            }
        }
    }

    /// Reads one record up to and including its line end.
    private mutating func readRecord(into fields: inout [CSVField], recordLine: Int, recordOffset: Int) -> CSVSyntaxError? {
        func failure(_ offset: Int, _ message: String) -> CSVSyntaxError {
            CSVSyntaxError(offset: offset, recordLine: recordLine, recordOffset: recordOffset, message: message)
        }
        let separator = self.separator
        let stops = self.stops
        func tooLong() -> CSVSyntaxError {
            failure(recordOffset, "found a record of \(i - recordOffset) bytes, expected at most \(CSVReader.maximumRecordBytes) (1 MiB)")
        }
        while true {
            if i - recordOffset > CSVReader.maximumRecordBytes { return tooLong() }
            if fields.count >= CSVReader.maximumFields {
                return failure(i, "found more than \(CSVReader.maximumFields) fields in one record, expected fewer")
            }
            // Spaces before an opening quote are dropped, as those after a closing one are
            // (`a, "b,c"` as written by hand): the field is the quoted one.
            var q = i
            while q < end && (bytes[q] == 0x20 || bytes[q] == 0x09) { q += 1 }
            if q < end && bytes[q] == 0x22 {
                i = q
                let open = i
                i += 1
                let start = i
                var escapes = false
                var closed = false
                while i < end {
                    let b = bytes[i]
                    if b == 0x22 {
                        if i + 1 < end && bytes[i + 1] == 0x22 {
                            escapes = true
                            i += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b == 0x0A || (b == 0x0D && !(i + 1 < end && bytes[i + 1] == 0x0A)) { line += 1 }
                    i += 1
                }
                if !closed {
                    return failure(open, "found a quoted field that is never closed, expected a closing '\"'")
                }
                if i - start > CSVReader.maximumFieldBytes {
                    return failure(open, "found a field of \(i - start) bytes, expected at most \(CSVReader.maximumFieldBytes)")
                }
                fields.append(CSVField(start: start, end: i, hasEscapes: escapes))
                i += 1
                while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                if i < end && bytes[i] != separator && bytes[i] != 0x0A && bytes[i] != 0x0D {
                    return failure(i, CSVReader.textAfterQuote(separator))
                }
            } else {
                let start = i
                while i < end {
                    let b = bytes[i]
                    if b < 64 && (stops >> UInt64(b)) & 1 != 0 {
                        if b == 0x22 {
                            return failure(
                                i, "found a quote inside an unquoted field, expected the whole field in quotes with the quote doubled")
                        }
                        break
                    }
                    i += 1
                }
                if i - start > CSVReader.maximumFieldBytes {
                    return failure(start, "found a field of \(i - start) bytes, expected at most \(CSVReader.maximumFieldBytes)")
                }
                fields.append(CSVField(start: start, end: i))
            }
            if i - recordOffset > CSVReader.maximumRecordBytes { return tooLong() }
            if i >= end { return nil }
            let b = bytes[i]
            i += 1
            if b == separator { continue }
            if b == 0x0D && i < end && bytes[i] == 0x0A { i += 1 }
            line += 1
            return nil
        }
    }
}
