import RollupModel
import RollupTestSupport
import XCTest

@testable import RollupIO

/// The canonical-record loop of the values.csv fast path (``CanonicalRows``): whatever it reads
/// must be what the serial reader reads, and whatever it cannot read it must leave to the
/// per-record code, on figures of every length, codes of every length and odd records.
final class CanonicalRowsTests: XCTestCase {
    let units =
        "code,name,parent\nD,Quận,\n" + (1...40).map { "W\($0),Phường \($0),D\n" }.joined()
        + "LONGUNITCODE17XYZ,Long,D\n"
    /// Codes of 3, 8, 10, 16 and 26 bytes.
    let indicators =
        "code,name,unit,aggregation,weight,low,high\nPOP,Dân số,người,sum,,,\nEIGHTCHR,Eight,%,mean,,,\n"
        + "SCHOOL_MIN,School,%,min,,,\nSIXTEEN_CHARS_AB,Sixteen,%,max,,,\nA_VERY_LONG_INDICATOR_CODE,Long,%,mean,,,\n"
    let codes = ["POP", "EIGHTCHR", "SCHOOL_MIN", "SIXTEEN_CHARS_AB", "A_VERY_LONG_INDICATOR_CODE"]

    func load(_ values: String, chunkBytes: Int, threads: Int = 2) throws -> FastPathComparison.Loaded {
        try FastPathComparison(units: units, indicators: indicators).load(values, chunkBytes: chunkBytes, threads: threads)
    }

    func assertSame(
        _ a: [Int: ValuesFile.PeriodColumns], _ b: [Int: ValuesFile.PeriodColumns], file: StaticString = #filePath, line: UInt = #line
    ) {
        FastPathComparison.assertSame(a, b, file: file, line: line)
    }

    /// One row per unit (the district too), indicator and year, in order; `figure(k)` gives the
    /// k-th row's figure and `line(k, row)` may rewrite the whole row.
    func values(years: Range<Int> = 2020..<2024, figure: (Int) -> String, line: (Int, String) -> String = { $1 }) -> String {
        var text = "unit,indicator,period,value\n"
        var k = 0
        let unitCodes = ["D"] + (1...40).map { "W\($0)" } + ["LONGUNITCODE17XYZ"]
        for unit in unitCodes {
            for year in years {
                for code in codes {
                    text += line(k, "\(unit),\(code),\(year),\(figure(k))\n")
                    k += 1
                }
            }
        }
        return text
    }

    func assertFastEqualsSerial(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for chunkBytes in [64, 1 << 20] {
            let loaded = try load(text, chunkBytes: chunkBytes)
            XCTAssertEqual(loaded.serialErrors, 0, message, file: file, line: line)
            assertSame(
                try XCTUnwrap(loaded.fast, "\(message), chunks of \(chunkBytes)", file: file, line: line), loaded.serial, file: file,
                line: line)
        }
    }

    func testFiguresOfEveryDigitCountReadAsTheSerialReader() throws {
        // 1 to 9 digits before the dot and 0 to 9 after it (beyond 7 on either side the
        // per-record code reads the figure), signed and not, zeros included.
        var generator = TestDraws(seed: 11)
        let figures: [String] = (0..<2000).map { k in
            let whole = 1 + k % 9
            let fraction = (k / 9) % 10
            var text = k % 3 == 0 ? "-" : ""
            text += (0..<whole).map { _ in String(generator.next() % 10) }.joined()
            if fraction > 0 { text += "." + (0..<fraction).map { _ in String(generator.next() % 10) }.joined() }
            return text
        }
        try assertFastEqualsSerial(values(figure: { figures[$0 % figures.count] }), "digits")
        try assertFastEqualsSerial(values(figure: { ["0", "-0", "0.0", "-0.000", "00012.50", "9999999.9999999"][$0 % 6] }), "zeros")
    }

    func testOddRecordsAreLeftToThePerRecordCode() throws {
        let odd = [
            "1.", ".5", "-.5", "1e5", "1.2.3", "12,5", " 7", "7 ", "\"7\"", "-", "", "+3", "1,000", "0x10", "12345678901234567",
        ]
        let text = values(
            figure: { "\($0)" },
            line: { k, row in
                switch k % 11 {
                case 0: return row.replacingOccurrences(of: "\n", with: "\r\n")
                case 1: return row.replacingOccurrences(of: "\n", with: "\r")
                case 2: return "\n" + row
                case 3: return " " + row
                case 4: return row.replacingOccurrences(of: ",", with: ", ")
                default: return row
                }
            })
        try assertFastEqualsSerial(text, "line ends and spaces")
        for figure in odd {
            // Each odd figure once among ordinary rows; where the serial reader rejects it, the
            // fast path must give up too.
            let text = values(figure: { $0 == 37 ? figure : "\($0).25" })
            let loaded = try load(text, chunkBytes: 64)
            if loaded.serialErrors == 0 {
                assertSame(try XCTUnwrap(loaded.fast, figure), loaded.serial)
            } else {
                XCTAssertNil(loaded.fast, figure)
            }
        }
    }

    func testYearsNotOfFourDigitsAndTheFilesLastBytesReadAsTheSerialReader() throws {
        try assertFastEqualsSerial(values(years: 998..<1002, figure: { "\($0)" }), "three-digit years")
        // No line end after the last record, and records shorter than a word at the end.
        var text = values(figure: { "\($0 % 10)" })
        text.removeLast()
        try assertFastEqualsSerial(text, "no final line end")
        try assertFastEqualsSerial("unit,indicator,period,value\nW1,POP,2020,5", "one short record")
        try assertFastEqualsSerial("unit,indicator,period,value\nW1,POP,2020,5\nW2,POP,2020,6\n", "two short records")
    }

    func testUnitsAndIndicatorsInAnyOrderAreFound() throws {
        // Rows shuffled: neither the unit nor the indicator is the expected one.
        let ordered = values(figure: { "\($0 % 997).5" }).split(separator: "\n", omittingEmptySubsequences: false)
        var body = Array(ordered.dropFirst().dropLast())
        var generator = TestDraws(seed: 5)
        for k in stride(from: body.count - 1, to: 0, by: -1) { body.swapAt(k, Int(generator.next() % UInt64(k + 1))) }
        try assertFastEqualsSerial("unit,indicator,period,value\n" + body.joined(separator: "\n") + "\n", "shuffled")
    }

    func testUnknownCodeOrDuplicateMakesTheFastPathGiveUp() throws {
        let good = values(figure: { "\($0)" })
        for bad in ["W99,POP,2020,5\n", "W1,POP_,2020,5\n", "W1,SCHOOL_MIX,2020,5\n", "W1,POP,2020,5\n", "W1,POP,2\u{17}24,5\n"] {
            let loaded = try load(good + bad, chunkBytes: 256)
            XCTAssertNil(loaded.fast, bad)
            XCTAssertGreaterThan(loaded.serialErrors, 0, bad)
        }
    }

    func testDigitHelpersMatchAPlainReading() {
        var generator = TestDraws(seed: 3)
        for _ in 0..<20_000 {
            var bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Mostly digits, so that every count of leading digits comes up.
            for k in 0..<8 where generator.next() % 4 != 0 { bytes[k] = 0x30 + UInt8(generator.next() % 10) }
            let word = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let count = bytes.firstIndex { $0 < 0x30 || $0 > 0x39 } ?? 8
            XCTAssertEqual(CanonicalRows.leadingDigits(word), count, "\(bytes)")
            if count > 0 && count < 8 {
                let plain = bytes.prefix(count).reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
                XCTAssertEqual(CanonicalRows.digitsValue(word, count), plain, "\(bytes)")
            }
            let year = bytes.prefix(4).allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? bytes.prefix(4).reduce(0) { $0 * 10 + Int($1 - 0x30) } : 0
            XCTAssertEqual(CanonicalRows.year(word), year >= 1 ? year : nil, "\(bytes)")
        }
    }
}
