import RollupModel
import RollupNotation
import XCTest

@testable import RollupIO

/// The plain-decimal fast path: where it answers, it gives the full notation reader's double
/// and decimals bit for bit; it declines everything it is not sure of.
final class FastDecimalTests: XCTestCase {
    func parse(_ text: String, vietnamese: Bool = false) -> (Double, Int)? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { FastDecimal.parse($0, 0, $0.count, vietnamese: vietnamese) }
    }

    func testFastDecimalGivesTheNotationReadersDoubleAndDecimals() throws {
        let texts = [
            "0", "7", "-7", "-0", "98.37", "0.5", "4831", "100.0", "0.000123", "123456789012345", "1234567890.12345",
            "0.000000000000001", "000000000000000000012.5", "999999999999999", "-0.30000", "00.1",
        ]
        for text in texts {
            let fast = try XCTUnwrap(parse(text), text)
            guard case .success(let reading) = Notation.read(text, NotationOptions()), case .number(let x)? = reading.figure else {
                XCTFail("the notation reader did not read \(text) as a number")
                continue
            }
            XCTAssertEqual(fast.0.bitPattern, x.bitPattern, text)
            XCTAssertEqual(fast.1, reading.decimals, text)
        }
    }

    func testFastDecimalDeclinesWhatItCannotConvertExactly() {
        let texts = [
            "", "-", ".5", "5.", "1.2.3", "--5", "+5", "5e3", "1 000", "1234567890123456", "0.1234567890123456",
            "12345678.90123456", "1,5", "<2", "≥ 87", "72-74", "5-",
        ]
        for text in texts { XCTAssertNil(parse(text), text) }
        // A dot groups thousands in Vietnamese notation: left to the full reader.
        XCTAssertNil(parse("49.400", vietnamese: true))
        XCTAssertEqual(parse("49400", vietnamese: true)?.0, 49400)
    }

    func testScanReadsParsesDoubleAndStopsWhereTheFigureEnds() throws {
        // Scanning a field in place: the figure's double and decimals as `parse` gives them for
        // the figure's bytes, and the offset of the byte after it.
        for (record, figure) in [
            ("4831\n", "4831"), ("98.37\r\n", "98.37"), ("-0.5,x", "-0.5"), ("0.000123", "0.000123"),
            ("123456789012345\n", "123456789012345"),
            ("7 ", "7"), ("12%", "12"),
        ] {
            let bytes = Array(record.utf8)
            let scanned = try XCTUnwrap(
                bytes.withUnsafeBufferPointer { b in b.baseAddress.flatMap { FastDecimal.scan($0, 0, b.count) } }, record)
            let parsed = try XCTUnwrap(parse(figure), figure)
            XCTAssertEqual(scanned.value.bitPattern, parsed.0.bitPattern, record)
            XCTAssertEqual(scanned.decimals, parsed.1, record)
            XCTAssertEqual(scanned.stop, figure.utf8.count, record)
        }
        for record in ["", "-", ".5", "5.", "5.\n", "<2", "≥ 74", "1234567890123456", "0.1234567890123456", "x5"] {
            let bytes = Array(record.utf8)
            XCTAssertNil(bytes.withUnsafeBufferPointer { $0.baseAddress.flatMap { FastDecimal.scan($0, 0, bytes.count) } }, record)
        }
    }
}
