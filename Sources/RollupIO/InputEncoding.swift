import Foundation
import RollupKernel

/// The text encoding of the input files.
///
/// - `auto` (the default): UTF-8; a file whose bytes are not UTF-8 (and that has no UTF-8
///   byte-order mark) is read as Windows-1258, the encoding of older Vietnamese spreadsheets,
///   with a warning naming the first byte that is not UTF-8.
/// - `utf8`: UTF-8 only; other bytes are an input error.
/// - `windows1258`: every file is Windows-1258 (its tone marks are combining characters).
///
/// Whatever the encoding, text holding combining marks is normalised to NFC before it is read,
/// so that `Bắc Sơn` typed precomposed or with combining tone marks is one name, and one code.
public enum InputEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8, or Windows-1258 (with a warning) when a file is not UTF-8.
    case auto
    /// UTF-8 only.
    case utf8 = "utf-8"
    /// Windows-1258 (Vietnamese).
    case windows1258 = "windows-1258"

    /// Reads an option value: `auto`, `utf-8` (or `utf8`), `windows-1258` (or `cp1258`,
    /// `windows1258`), in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "auto": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "windows-1258", "windows1258", "cp1258": self = .windows1258
        default: return nil
        }
    }
}

/// Turns a file's bytes into the UTF-8, NFC text the CSV reader reads.
public enum InputDecoding {
    /// What preparing a file gave.
    public struct Prepared: Sendable {
        /// The bytes to read: UTF-8 in NFC when decoding succeeded, else the bytes as they were
        /// (so that the reader reports what is wrong with them).
        public var bytes: [UInt8]
        /// A warning to report (the file was read as Windows-1258), with its line and column.
        public var warning: (line: Int, column: Int, message: String)?
        /// An error to report (a byte Windows-1258 does not define), with its line and column.
        public var error: (line: Int, column: Int, message: String)?
        /// Whether `bytes` are known to be valid UTF-8 (checked or produced here), so that the
        /// reader need not check them again.
        public var isValidUTF8 = false
    }

    /// Decodes `bytes` as `encoding` asks and normalises the text to NFC where it holds
    /// combining marks. Pure ASCII and precomposed UTF-8 pass through untouched (one scan, split
    /// over `threads` threads for a large file; the result does not depend on it).
    public static func prepare(_ bytes: [UInt8], encoding: InputEncoding, threads: Int = 1) -> Prepared {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return Prepared(bytes: bytes)  // UTF-16: the table reports it
        }
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        switch encoding {
        case .windows1258:
            return fromWindows1258(bytes, warning: nil)
        case .utf8, .auto:
            let scan = scanUTF8(bytes, threads: threads)
            if scan.firstInvalid == nil {
                return Prepared(bytes: scan.hasCombiningMarks ? nfc(bytes) : bytes, isValidUTF8: true)
            }
            guard encoding == .auto, !hasBOM, let invalid = scan.firstInvalid else { return Prepared(bytes: bytes) }
            let at = CSVText(path: "", bytes: bytes).location(of: invalid, recordLine: 1, recordOffset: 0)
            let decoded = fromWindows1258(
                bytes,
                warning: (
                    at.line, at.column,
                    "found bytes that are not UTF-8, read the file as Windows-1258 (give --encoding windows-1258 to say so, or save the file as \"CSV UTF-8\")"
                ))
            // Bytes Windows-1258 does not define either: leave them for the UTF-8 error.
            return decoded.error == nil ? decoded : Prepared(bytes: bytes)
        }
    }

    /// Bytes per block of the parallel scan.
    static let scanBlockBytes = 4 << 20

    /// Whether bytes are valid UTF-8 (the offset of the first invalid byte if not) and whether
    /// they hold combining marks (U+0300–U+036F, U+1AB0–U+1AFF, U+1DC0–U+1DFF, U+20D0–U+20FF,
    /// U+FE20–U+FE2F) that NFC may compose. Skips ASCII 32 bytes at a time; a file larger
    /// than one block is scanned in blocks over `threads` threads, with the same answer.
    static func scanUTF8(_ bytes: [UInt8], from start: Int = 0, threads: Int = 1) -> (firstInvalid: Int?, hasCombiningMarks: Bool) {
        bytes.withUnsafeBytes { raw -> (Int?, Bool) in
            let n = raw.count
            let length = n - start
            guard threads > 1, length > 2 * scanBlockBytes else { return scanUTF8(raw, from: start, to: n) }
            let blocks = (length + scanBlockBytes - 1) / scanBlockBytes
            var found = [(Int?, Bool)](repeating: (nil, false), count: blocks)
            found.withUnsafeMutableBufferPointer { slots in
                let slots = UncheckedSendable(slots)
                WorkRunner(threads: threads).run(tasks: blocks) { b in
                    let s = start + b * scanBlockBytes
                    let e = min(n, s + scanBlockBytes)
                    let from = b == 0 ? s : sequenceBoundary(raw, at: s, notBefore: start)
                    slots.value[b] = scanUTF8(raw, from: from, to: e)
                }
            }
            // The first block with an invalid byte holds the first one: blocks are in order and
            // each checks every sequence that starts in it.
            let firstInvalid = found.lazy.compactMap(\.0).first
            return (firstInvalid, found.contains { $0.1 })
        }
    }

    /// Where a sequential scan that has found no error before `offset` is at a sequence start
    /// at or after `offset`: past the rest of a multi-byte sequence whose lead byte is at most 3
    /// bytes before it. When the bytes before are not valid UTF-8, the block before reports an
    /// error earlier than anything found from here, so the choice does not matter then.
    @inline(__always)
    static func sequenceBoundary(_ raw: UnsafeRawBufferPointer, at offset: Int, notBefore start: Int) -> Int {
        guard offset < raw.count, raw[offset] & 0xC0 == 0x80 else { return offset }
        var j = 1
        while j <= 3 && offset - j >= start {
            let b = raw[offset - j]
            if b & 0xC0 != 0x80 {
                let length = b & 0xE0 == 0xC0 ? 2 : b & 0xF0 == 0xE0 ? 3 : b & 0xF8 == 0xF0 ? 4 : 0
                return offset - j + length > offset ? offset - j + length : offset
            }
            j += 1
        }
        return offset
    }

    /// The scan of the sequences that start in `from..<to` (the last may run past `to`).
    static func scanUTF8(_ raw: UnsafeRawBufferPointer, from: Int, to end: Int) -> (firstInvalid: Int?, hasCombiningMarks: Bool) {
        let n = raw.count
        var k = from
        var combining = false
        while k < end {
            // ASCII runs (most of a values file) 32 bytes a step: four words tested together.
            if k + 32 <= end {
                let any =
                    raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: k + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: k + 16, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: k + 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 == 0 {
                    k += 32
                    continue
                }
            }
            if k + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    k += 8
                    continue
                }
            }
            let b = raw[k]
            if b < 0x80 {
                k += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            var minimum: UInt32
            if b & 0xE0 == 0xC0 {
                length = 2
                scalar = UInt32(b & 0x1F)
                minimum = 0x80
            } else if b & 0xF0 == 0xE0 {
                length = 3
                scalar = UInt32(b & 0x0F)
                minimum = 0x800
            } else if b & 0xF8 == 0xF0 {
                length = 4
                scalar = UInt32(b & 0x07)
                minimum = 0x10000
            } else {
                return (k, combining)
            }
            guard k + length <= n else { return (k, combining) }
            for j in 1..<length {
                let c = raw[k + j]
                guard c & 0xC0 == 0x80 else { return (k, combining) }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return (k, combining) }
            if (0x300...0x36F).contains(scalar) || (0x1AB0...0x1AFF).contains(scalar) || (0x1DC0...0x1DFF).contains(scalar)
                || (0x20D0...0x20FF).contains(scalar) || (0xFE20...0xFE2F).contains(scalar)
            {
                combining = true
            }
            k += length
        }
        return (nil, combining)
    }

    /// The text in NFC (Foundation's `precomposedStringWithCanonicalMapping`); line breaks,
    /// quotes and separators are never composed with anything, so records stay as they were.
    static func nfc(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }

    /// The Unicode scalar of each byte 0x80–0xFF in Windows-1258; 0 where the byte is undefined.
    static let windows1258High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0, 0x2039, 0x0152, 0, 0, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0, 0x203A, 0x0153, 0, 0, 0x0178,
        0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
        0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
        0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
        0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
        0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
        0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
        0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
        0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
    ]

    /// Windows-1258 text as UTF-8 (not yet normalised), or the offset of the first byte the
    /// encoding does not define.
    public static func decodeWindows1258(_ bytes: [UInt8]) -> Result<[UInt8], Windows1258Error> {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for (k, b) in bytes.enumerated() {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let scalar = windows1258High[Int(b) - 0x80]
            guard scalar != 0, let u = Unicode.Scalar(scalar), let encoded = UTF8.encode(u) else {
                return .failure(Windows1258Error(offset: k, byte: b))
            }
            out.append(contentsOf: encoded)
        }
        return .success(out)
    }

    /// A byte that Windows-1258 does not define.
    public struct Windows1258Error: Error, Sendable, Hashable {
        /// Its offset in the file.
        public var offset: Int
        /// The byte.
        public var byte: UInt8
    }

    private static func fromWindows1258(_ bytes: [UInt8], warning: (Int, Int, String)?) -> Prepared {
        switch decodeWindows1258(bytes) {
        case .success(let utf8):
            return Prepared(
                bytes: nfc(utf8), warning: warning.map { (line: $0.0, column: $0.1, message: $0.2) }, isValidUTF8: true)
        case .failure(let e):
            let at = CSVText(path: "", bytes: bytes).location(of: e.offset, recordLine: 1, recordOffset: 0)
            let hex = String(e.byte, radix: 16, uppercase: true)
            return Prepared(
                bytes: bytes,
                error: (at.line, at.column, "found the byte 0x\(hex), which Windows-1258 does not define, expected Windows-1258 text"))
        }
    }
}
