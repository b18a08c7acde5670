import Foundation
import XCTest

@testable import RollupIO

final class CSVReaderTests: XCTestCase {
    enum Step: Equatable, CustomStringConvertible {
        case record(line: Int, fields: [String])
        /// A syntax error at line and column, with a fragment of its message.
        case malformed(line: Int, column: Int, message: String)

        var description: String {
            switch self {
            case .record(let line, let fields): return "record@\(line) \(fields)"
            case .malformed(let line, let column, let message): return "malformed@\(line):\(column) \(message)"
            }
        }
    }

    /// Every step of reading `bytes` from the start of its content.
    func read(_ bytes: [UInt8], path: String = "t.csv") -> [Step] {
        let text = CSVText(path: path, bytes: bytes)
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: text.contentStart, end: buffer.count, firstLine: 1)
            var fields: [CSVField] = []
            var steps: [Step] = []
            while true {
                switch reader.next(into: &fields) {
                case .end:
                    return steps
                case .record(let line, _):
                    steps.append(.record(line: line, fields: fields.map { text.text($0) }))
                case .malformed(let error):
                    let at = text.location(of: error.offset, recordLine: error.recordLine, recordOffset: error.recordOffset)
                    steps.append(.malformed(line: at.line, column: at.column, message: error.message))
                }
                if steps.count > 10_000 {
                    XCTFail("reader does not advance")
                    return steps
                }
            }
        }
    }

    func read(_ string: String) -> [Step] { read(Array(string.utf8)) }

    func assertSteps(_ actual: [Step], _ expected: [Step], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(actual)", file: file, line: line)
        for (a, e) in zip(actual, expected) {
            switch (a, e) {
            case (.malformed(let l, let c, let message), .malformed(let el, let ec, let fragment)):
                XCTAssertEqual(l, el, "line of \(a)", file: file, line: line)
                XCTAssertEqual(c, ec, "column of \(a)", file: file, line: line)
                XCTAssertTrue(message.contains(fragment), "'\(message)' lacks '\(fragment)'", file: file, line: line)
            default:
                XCTAssertEqual(a, e, file: file, line: line)
            }
        }
    }

    func testQuotedCommaStaysInTheField() {
        assertSteps(read("a,\"b,c\",d\n"), [.record(line: 1, fields: ["a", "b,c", "d"])])
        assertSteps(read("\"94,17\",\"1.234,5\"\n"), [.record(line: 1, fields: ["94,17", "1.234,5"])])
    }

    func testQuotedNewlineStaysInTheFieldAndLaterRecordsKeepTheirLines() {
        let steps = read("h1,h2\n\"two\nlines\",z\nnext,row\n\"three\r\nline\rfield\",q\nlast,one\n")
        assertSteps(
            steps,
            [
                .record(line: 1, fields: ["h1", "h2"]),
                .record(line: 2, fields: ["two\nlines", "z"]),
                .record(line: 4, fields: ["next", "row"]),
                .record(line: 5, fields: ["three\r\nline\rfield", "q"]),
                .record(line: 8, fields: ["last", "one"]),
            ])
    }

    func testLocationOfAFieldAfterAQuotedNewline() {
        let bytes = Array("a,\"x\ny\",zz\n".utf8)
        let text = CSVText(path: "t.csv", bytes: bytes)
        // "zz" starts after `y",` on the record's second line: column 4.
        let offset = bytes.firstIndex(of: UInt8(ascii: "z"))!
        let at = text.location(of: offset, recordLine: 7, recordOffset: 0)
        XCTAssertEqual(at.line, 8)
        XCTAssertEqual(at.column, 4)
    }

    func testDoubledQuoteIsOneQuote() {
        assertSteps(read("\"say \"\"hi\"\"\",b\n"), [.record(line: 1, fields: ["say \"hi\"", "b"])])
        assertSteps(read("\"\"\"\"\n"), [.record(line: 1, fields: ["\""])])
        assertSteps(read("\"a\"\"\",\"\"\n"), [.record(line: 1, fields: ["a\"", ""])])
    }

    func testByteOrderMarkIsIgnoredAndNotCountedAsAColumn() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("code,name\nA,Á\n".utf8)
        assertSteps(read(bytes), [.record(line: 1, fields: ["code", "name"]), .record(line: 2, fields: ["A", "Á"])])
        let text = CSVText(path: "t.csv", bytes: bytes)
        XCTAssertEqual(text.contentStart, 3)
        XCTAssertEqual(text.location(of: 8, recordLine: 1, recordOffset: 3).column, 6)  // "name"
        XCTAssertEqual(text.location(of: 3, recordLine: 1, recordOffset: 3).column, 1)
    }

    func testOnlyAByteOrderMarkIsAnEmptyFile() {
        assertSteps(read([0xEF, 0xBB, 0xBF]), [])
        assertSteps(read(""), [])
    }

    func testCRLFLineEndsAreNotPartOfTheLastField() {
        assertSteps(
            read("a,b\r\nc,d\r\n\r\ne,f"),
            [.record(line: 1, fields: ["a", "b"]), .record(line: 2, fields: ["c", "d"]), .record(line: 4, fields: ["e", "f"])])
    }

    func testLoneCREndsALine() {
        assertSteps(
            read("a,b\rc,d\r\re,f\r"),
            [.record(line: 1, fields: ["a", "b"]), .record(line: 2, fields: ["c", "d"]), .record(line: 4, fields: ["e", "f"])])
    }

    func testLFLineEndsAndALastLineWithoutOne() {
        assertSteps(read("a,b\nc,d"), [.record(line: 1, fields: ["a", "b"]), .record(line: 2, fields: ["c", "d"])])
    }

    func testBlankAndAllEmptyRecordsAreSkippedButCounted() {
        assertSteps(
            read("a,b\n\n   \n,,,\n\"\",\"\"\n\t,\nc,d\n\n"),
            [.record(line: 1, fields: ["a", "b"]), .record(line: 7, fields: ["c", "d"])])
    }

    func testEmptyFieldsAreKept() {
        assertSteps(read("a,,c\n,b,\n"), [.record(line: 1, fields: ["a", "", "c"]), .record(line: 2, fields: ["", "b", ""])])
        assertSteps(read("a,b,"), [.record(line: 1, fields: ["a", "b", ""])])
    }

    func testFieldTextIsTrimmed() {
        assertSteps(read(" a ,\t\"b\" , \"c\"\n"), [.record(line: 1, fields: ["a", "b", "c"])])
    }

    func testSpacesBeforeAnOpeningQuoteStillQuoteTheField() {
        assertSteps(read("H1, X, 2024, \"94,17\"\n"), [.record(line: 1, fields: ["H1", "X", "2024", "94,17"])])
    }

    func testQuoteInsideAnUnquotedFieldIsAnErrorAndReadingGoesOnAtTheNextLine() {
        assertSteps(
            read("a,b\nc,d\"e,f\ng,h\n"),
            [
                .record(line: 1, fields: ["a", "b"]),
                .malformed(line: 2, column: 4, message: "quote inside an unquoted field"),
                .record(line: 3, fields: ["g", "h"]),
            ])
    }

    func testQuoteInsideAnUnquotedFieldAfterAQuotedNewlineIsPlacedOnItsOwnLine() {
        assertSteps(
            read("\"x\ny\",ab\"c\nd,e\n"),
            [
                .malformed(line: 2, column: 6, message: "quote inside an unquoted field"),
                .record(line: 3, fields: ["d", "e"]),
            ])
    }

    func testUnterminatedQuoteIsAnErrorAtTheOpeningQuote() {
        assertSteps(
            read("a,b\nHà Nội,\"never closed\nc,d\n"),
            [
                .record(line: 1, fields: ["a", "b"]),
                .malformed(line: 2, column: 8, message: "never closed"),
            ])
    }

    func testTextAfterAClosingQuoteIsAnError() {
        assertSteps(
            read("\"a\"b,c\nd,e\n"),
            [.malformed(line: 1, column: 4, message: "after a closing quote"), .record(line: 2, fields: ["d", "e"])])
        assertSteps(read("\"a\"  ,b\n"), [.record(line: 1, fields: ["a", "b"])])
        assertSteps(
            read("x,\"a\" \"b\"\ny,z\n"),
            [.malformed(line: 1, column: 7, message: "after a closing quote"), .record(line: 2, fields: ["y", "z"])])
    }

    func testOverLongFieldIsAnError() {
        let limit = CSVReader.maximumFieldBytes
        let fits = String(repeating: "x", count: limit)
        assertSteps(read("a,\(fits)\nb,c\n"), [.record(line: 1, fields: ["a", fits]), .record(line: 2, fields: ["b", "c"])])
        let long = String(repeating: "x", count: limit + 1)
        assertSteps(
            read("a,\(long)\nb,c\n"),
            [.malformed(line: 1, column: 3, message: "at most \(limit)"), .record(line: 2, fields: ["b", "c"])])
        assertSteps(
            read("a,\"\(long)\"\nb,c\n"),
            [.malformed(line: 1, column: 3, message: "at most \(limit)"), .record(line: 2, fields: ["b", "c"])])
    }

    func testTooManyFieldsIsAnError() {
        let many = String(repeating: ",", count: CSVReader.maximumFields) + "x"
        assertSteps(
            read("\(many)\nb,c\n").prefix(1).map { $0 }, [.malformed(line: 1, column: CSVReader.maximumFields + 1, message: "fields")])
        XCTAssertEqual(read("\(many)\nb,c\n").last, .record(line: 2, fields: ["b", "c"]))
    }

    func testReaderCanStartAtALineBoundary() {
        let bytes = Array("h\n1,2\n3,4\n".utf8)
        let text = CSVText(path: "t.csv", bytes: bytes)
        bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: 6, end: buffer.count, firstLine: 3)
            var fields: [CSVField] = []
            XCTAssertEqual(reader.next(into: &fields), .record(line: 3, offset: 6))
            XCTAssertEqual(fields.map { text.text($0) }, ["3", "4"])
            XCTAssertEqual(reader.next(into: &fields), .end)
            XCTAssertEqual(reader.position.line, 4)
        }
    }

    func testColumnsAreCountedInCharactersNotBytes() {
        let bytes = Array("Hà Nội,Hải Phòng,x\n".utf8)
        let text = CSVText(path: "t.csv", bytes: bytes)
        let x = bytes.firstIndex(of: UInt8(ascii: "x"))!
        XCTAssertEqual(text.location(of: x, recordLine: 1, recordOffset: 0).column, 18)
        let p = bytes.firstIndex(of: UInt8(ascii: "P"))!
        XCTAssertEqual(text.location(of: p, recordLine: 1, recordOffset: 0).column, 12)
    }

    func testDecomposedVietnameseCountsOneColumnPerCharacter() {
        let bytes = Array("Loa\u{0323}i tru\u{0300}\u{031B},x\n".utf8)
        let text = CSVText(path: "t.csv", bytes: bytes)
        let x = bytes.firstIndex(of: UInt8(ascii: "x"))!
        XCTAssertEqual(text.location(of: x, recordLine: 1, recordOffset: 0).column, 10)
    }

    func testValidUTF8IsAccepted() {
        XCTAssertNil(CSVText(path: "t.csv", bytes: Array("Hà Nội,≤ 3,😀\r\nx".utf8)).firstInvalidUTF8())
        XCTAssertNil(CSVText(path: "t.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("a".utf8)).firstInvalidUTF8())
        XCTAssertNil(CSVText(path: "t.csv", bytes: []).firstInvalidUTF8())
    }

    func testInvalidUTF8IsFoundWithLineAndColumn() {
        func check(_ bytes: [UInt8], offset: Int, line: Int, column: Int, _ label: String, file: StaticString = #filePath, at: UInt = #line)
        {
            guard let bad = CSVText(path: "t.csv", bytes: bytes).firstInvalidUTF8() else {
                return XCTFail("\(label): not found", file: file, line: at)
            }
            XCTAssertEqual(bad.offset, offset, label, file: file, line: at)
            XCTAssertEqual(bad.line, line, label, file: file, line: at)
            XCTAssertEqual(bad.column, column, label, file: file, line: at)
        }
        let prefix = Array("a,b\nHà,".utf8)  // the bad byte is on line 2, column 4
        let n = prefix.count
        check(prefix + [0xFF] + Array("x\n".utf8), offset: n, line: 2, column: 4, "0xFF")
        check(prefix + [0x80], offset: n, line: 2, column: 4, "lone continuation byte")
        check(prefix + [0xC0, 0x80], offset: n, line: 2, column: 4, "overlong NUL")
        check(prefix + [0xE0, 0x80, 0x80], offset: n, line: 2, column: 4, "overlong 3-byte")
        check(prefix + [0xED, 0xA0, 0x80], offset: n, line: 2, column: 4, "surrogate")
        check(prefix + [0xF4, 0x90, 0x80, 0x80], offset: n, line: 2, column: 4, "above U+10FFFF")
        check(prefix + [0xE1, 0x80], offset: n, line: 2, column: 4, "truncated at the end")
        check(prefix + [0xE1, 0x41, 0x80], offset: n, line: 2, column: 4, "bad continuation")
        check(prefix + [0xF8, 0x80, 0x80, 0x80, 0x80], offset: n, line: 2, column: 4, "5-byte form")
        check(Array("a\r\nb\rc,".utf8) + [0xFE], offset: 7, line: 3, column: 3, "after CRLF and CR")
        check([0xEF, 0xBB, 0xBF, 0x61, 0xFF], offset: 4, line: 1, column: 2, "after a BOM")
        check([0xEF, 0xBB], offset: 0, line: 1, column: 1, "half a BOM")
    }

    func testRandomRecordsWrittenPerRFC4180ReadBackWithTheirLines() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let pieces = ["a", "Hà", "ộ", "1", ",", "\"", "\n", "\r\n", " ", "94,17", "≤ 3", "x y"]
        for round in 0..<200 {
            var expected: [Step] = []
            var bytes = round % 3 == 0 ? "\u{FEFF}" : ""
            var line = 1
            let lineEnd = ["\n", "\r\n", "\r"][round % 3]
            for _ in 0..<(1 + next(6)) {
                if next(4) == 0 {
                    bytes += lineEnd  // a blank line
                    line += 1
                }
                var fields: [String] = []
                for _ in 0..<(1 + next(5)) {
                    var field = ""
                    for _ in 0..<next(4) { field += pieces[next(pieces.count)] }
                    fields.append(field.trimmingCharacters(in: .whitespaces))
                }
                if fields.allSatisfy({ $0.isEmpty }) { fields[0] = "z" }
                let encoded = fields.map { field -> String in
                    let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" } || next(5) == 0
                    return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }
                expected.append(.record(line: line, fields: fields))
                let record = encoded.joined(separator: ",")
                bytes += record + lineEnd
                line +=
                    1 + record.unicodeScalars.filter { $0 == "\n" }.count
                    + zip(record.unicodeScalars, record.unicodeScalars.dropFirst().map { Optional($0) } + [nil]).filter {
                        $0 == "\r" && $1 != "\n"
                    }.count
            }
            XCTAssertEqual(read(bytes), expected, "round \(round): \(bytes.debugDescription)")
        }
    }
}
