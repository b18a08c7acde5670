import RollupModel
import XCTest

@testable import RollupIO

/// The values.csv record scanner and its chunking: on every input it must either give exactly
/// the serial reader's columns or give up, and on ordinary files it must not give up.
final class ValuesScannerTests: XCTestCase {
    let units = "code,name,parent\nD,Quận,\n" + (1...40).map { "W\($0),Phường \($0),D\n" }.joined()
    let indicators = "code,name,unit,aggregation,weight,low,high\nPOP,Dân số,người,sum,,0,\nBHYT,BHYT,%,weighted_mean,POP,0,100\n"

    func load(_ values: String, chunkBytes: Int, threads: Int = 2) throws -> FastPathComparison.Loaded {
        try FastPathComparison(units: units, indicators: indicators).load(values, chunkBytes: chunkBytes, threads: threads)
    }

    func assertSame(
        _ a: [Int: ValuesFile.PeriodColumns], _ b: [Int: ValuesFile.PeriodColumns], file: StaticString = #filePath, line: UInt = #line
    ) {
        FastPathComparison.assertSame(a, b, file: file, line: line)
    }

    /// Rows for every unit, indicator and one of 30 years, `row(k)` giving each row's text.
    func rows(_ row: (Int, String, String, Int) -> String) -> String {
        var text = ""
        var k = 0
        for year in 1990..<2020 {
            for w in 1...40 {
                for indicator in ["POP", "BHYT"] {
                    text += row(k, "W\(w)", indicator, year)
                    k += 1
                }
            }
        }
        return text
    }

    func quotedRows(lineBreakInCodes: Bool) -> String {
        "unit,indicator,period,value\n"
            + rows { k, unit, indicator, year in
                let value = indicator == "POP" ? "\(1000 + k)" : "\(Double(k % 900) / 10)"
                switch k % 5 {
                case 0: return "\"\(unit)\",\(indicator),\(year),\(value)\n"
                case 1: return "\(unit),\(indicator),\(year),\"\(value)\"\n"
                case 2: return "\(unit),\"\(indicator)\(lineBreakInCodes ? "\n" : "")\",\(year),\(value)\n"
                default: return "\(unit),\(indicator),\(year),\(value)\n"
                }
            }
    }

    func testScannerFallsBackOnQuotedField() throws {
        // Quoted fields everywhere, with chunks of 64 bytes: the guessed boundaries are not
        // trusted, and the pass is made again quote-aware.
        let loaded = try load(quotedRows(lineBreakInCodes: false), chunkBytes: 64)
        XCTAssertEqual(loaded.serialErrors, 0)
        assertSame(try XCTUnwrap(loaded.fast, "quoted fields read by the fast path"), loaded.serial)
        // Codes holding a line break inside quotes: unknown codes, left to the serial reader.
        let broken = try load(quotedRows(lineBreakInCodes: true), chunkBytes: 64)
        XCTAssertEqual(broken.serialErrors, 480)
        XCTAssertNil(broken.fast)
    }

    func testQuotedLineBreakAcrossAGuessedBoundaryIsReadQuoteAware() throws {
        // A quoted figure holding a line break, no other quote: only the quote-aware pass can
        // place the boundary right, and it must then read what the serial reader reads.
        let values =
            "unit,indicator,period,value\n"
            + rows { k, unit, indicator, year in
                k == 700 ? "\(unit),\(indicator),\(year),\"12\n\"\n" : "\(unit),\(indicator),\(year),\(k)\n"
            }
        for chunkBytes in [32, 100, 1 << 20] {
            let loaded = try load(values, chunkBytes: chunkBytes)
            XCTAssertEqual(loaded.serialErrors, 0)
            assertSame(try XCTUnwrap(loaded.fast, "chunks of \(chunkBytes)"), loaded.serial)
        }
    }

    func testScannerReadsSpacesBlankLinesAndLineEndsAsTheSerialReader() throws {
        let values =
            "unit,indicator,period,value\r\n"
            + rows { k, unit, indicator, year in
                switch k % 7 {
                case 0: return " \(unit) ,\(indicator),\(year), \(k) \r\n"
                case 1: return "\(unit),\(indicator),\(year),\(k)\r"
                case 2: return "\n\(unit),\(indicator),\(year),\(k)\n"
                case 3: return ",,,\n\(unit),\(indicator), \(year),-\n"
                case 4: return "\(unit),\t\(indicator),\(year),<\(k % 90)\n"
                default: return "\(unit),\(indicator),\(year),\(k).5\n"
                }
            } + "W1,POP,2020,17"
        for chunkBytes in [50, 1 << 20] {
            let loaded = try load(values, chunkBytes: chunkBytes, threads: 3)
            XCTAssertEqual(loaded.serialErrors, 0)
            assertSame(try XCTUnwrap(loaded.fast, "chunks of \(chunkBytes)"), loaded.serial)
        }
    }

    func testScannerGivesUpWhereTheSerialReaderFindsAnError() throws {
        let good = rows { k, unit, indicator, year in "\(unit),\(indicator),\(year),\(k)\n" }
        for bad in ["W1,POP,2024\n", "W1,POP,2024,5,6\n", "W99,POP,2024,5\n", "W1,POP,20x4,5\n", "W1,POP,2024,5x\n", "W1,PO\"P,2024,5\n"] {
            let values = "unit,indicator,period,value\n" + good + bad
            let loaded = try load(values, chunkBytes: 256)
            XCTAssertNil(loaded.fast, bad)
            XCTAssertGreaterThan(loaded.serialErrors, 0, bad)
        }
    }

    func testLineBoundariesFallAfterLineFeeds() {
        let text = Array("a,b\nccc,d\r\ne\nf".utf8)
        text.withUnsafeBufferPointer { bytes in
            XCTAssertEqual(ValuesFastPath.lineBoundaries(bytes, start: 0, end: bytes.count, target: 2), [0, 4, 11, 14])
            XCTAssertEqual(ValuesFastPath.lineBoundaries(bytes, start: 0, end: bytes.count, target: 100), [0, 14])
        }
    }
}

/// UTF-8 validation in blocks over several threads finds what a serial scan finds.
final class UTF8ScanTests: XCTestCase {
    func testUTF8ScanInBlocksFindsTheSameFirstInvalidByte() {
        let block = InputDecoding.scanBlockBytes
        var base = [UInt8](repeating: 0x41, count: 3 * block + 100)
        // A 3-byte and a 4-byte sequence straddling block boundaries.
        base.replaceSubrange((block - 1)..<(block + 2), with: [0xE1, 0xBB, 0x99])
        base.replaceSubrange((2 * block - 2)..<(2 * block + 2), with: [0xF0, 0x9F, 0x98, 0x80])
        XCTAssertNil(InputDecoding.scanUTF8(base, threads: 1).firstInvalid)
        XCTAssertNil(InputDecoding.scanUTF8(base, threads: 3).firstInvalid)
        XCTAssertFalse(InputDecoding.scanUTF8(base, threads: 3).hasCombiningMarks)
        for bad in [5, block - 1, block, block + 1, 2 * block, 2 * block + 1, 3 * block + 99] {
            var bytes = base
            bytes[bad] = 0xFF
            let serial = InputDecoding.scanUTF8(bytes, threads: 1).firstInvalid
            XCTAssertNotNil(serial)
            XCTAssertEqual(InputDecoding.scanUTF8(bytes, threads: 3).firstInvalid, serial, "bad byte at \(bad)")
        }
        var marked = base
        marked.replaceSubrange((3 * block - 1)..<(3 * block + 1), with: [0xCC, 0x81])  // U+0301 across a boundary
        XCTAssertTrue(InputDecoding.scanUTF8(marked, threads: 3).hasCombiningMarks)
    }

    func testEveryOffsetOfABadByteOrAMarkIsFoundWhereverItFallsInTheASCIISteps() {
        let ascii = [UInt8](repeating: 0x41, count: 131)
        for at in 0..<ascii.count {
            var bad = ascii
            bad[at] = 0xFF
            XCTAssertEqual(InputDecoding.scanUTF8(bad).firstInvalid, at, "bad byte at \(at)")
            var cut = ascii
            cut[at] = 0xE1  // a 3-byte lead followed by ASCII
            XCTAssertEqual(InputDecoding.scanUTF8(cut).firstInvalid, at, "cut sequence at \(at)")
            guard at + 2 <= ascii.count else { continue }
            var mark = ascii
            mark.replaceSubrange(at..<(at + 2), with: [0xCC, 0x81])  // U+0301
            XCTAssertNil(InputDecoding.scanUTF8(mark).firstInvalid, "mark at \(at)")
            XCTAssertTrue(InputDecoding.scanUTF8(mark).hasCombiningMarks, "mark at \(at)")
            var letter = ascii
            letter.replaceSubrange(at..<(at + 2), with: [0xC3, 0xA9])  // é
            XCTAssertEqual(InputDecoding.scanUTF8(letter).firstInvalid, nil, "letter at \(at)")
            XCTAssertFalse(InputDecoding.scanUTF8(letter).hasCombiningMarks, "letter at \(at)")
        }
    }

    func testFirstInvalidUTF8IsSkippedForValidatedText() {
        let bytes = Array("a,b\nc".utf8) + [0xFF]
        XCTAssertEqual(CSVText(path: "t", bytes: bytes).firstInvalidUTF8()?.line, 2)
        XCTAssertEqual(CSVText(path: "t", bytes: bytes).firstInvalidUTF8()?.column, 2)
        XCTAssertNil(CSVText(path: "t", bytes: bytes, validatedUTF8: true).firstInvalidUTF8())
    }
}

/// Codes looked up from bytes, eight at a time.
final class ByteCodeTableTests: XCTestCase {
    func testCodeTableFindsCodesOfEveryLengthAnywhereInTheBuffer() {
        var codes: [String] = []
        for n in 1...20 {
            var bytes: [UInt8] = []
            for k in 0..<n { bytes.append(UInt8(0x41 + (k * 7 + n) % 26)) }
            codes.append(String(decoding: bytes, as: UTF8.self))
        }
        codes += ["Hà", "01", "001"]
        let table = ByteCodeTable(codes + ["01"])
        for (index, code) in codes.enumerated() {
            for text in [code, "x," + code, code + ",yyyyyyyyyy", "zz" + code + "\n"] {
                let bytes = Array(text.utf8)
                let start = text.hasPrefix("x,") ? 2 : text.hasPrefix("zz") ? 2 : 0
                let end = start + code.utf8.count
                XCTAssertEqual(bytes.withUnsafeBufferPointer { table.lookup($0, start, end) }, index, text)
                XCTAssertEqual(bytes.withUnsafeBufferPointer { table.lookup($0, start, end - 1) } == index, false, text)
            }
        }
        let other = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        XCTAssertEqual(other.withUnsafeBufferPointer { table.lookup($0, 0, 26) }, -1)
    }

    func testCodeTableTellsApartCodesThatShareTheirFirstWordOrDifferOnlyByZeroBytes() {
        // Ten-million-unit trees have 9-byte codes sharing their first 8 bytes; a code is
        // compared by length too, so that "A" is not "A\0".
        let codes = (0..<2000).map { "G1000000\($0)" } + ["A", "A\u{0}", "A\u{0}\u{0}", "B\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}x"]
        let table = ByteCodeTable(codes)
        for (index, code) in codes.enumerated() {
            let bytes = Array(code.utf8) + Array(",tail".utf8)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { table.lookup($0, 0, code.utf8.count) }, index, code)
        }
        for absent in ["G10000002000", "G1000000", "A\u{0}\u{0}\u{0}", "B\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}y"] {
            let bytes = Array(absent.utf8)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { table.lookup($0, 0, $0.count) }, -1, absent)
        }
    }
}
