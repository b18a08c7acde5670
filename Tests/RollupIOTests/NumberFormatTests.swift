import RollupIO
import XCTest

final class NumberFormatTests: XCTestCase {
    func text(_ x: Double) -> String {
        var out: [UInt8] = []
        NumberFormat.append(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testShortestFormsMatchTheContract() {
        XCTAssertEqual(text(3426), "3426")
        XCTAssertEqual(text(282.8623089688653), "282.8623089688653")
        XCTAssertEqual(text(0.565), "0.565")
        XCTAssertEqual(text(1e-5), "1e-05")
        XCTAssertEqual(text(1e16), "1e+16")
        XCTAssertEqual(text(-0.0), "0")
        XCTAssertEqual(text(-12.5), "-12.5")
        XCTAssertEqual(text(33.333333333333336), "33.333333333333336")
    }

    func testFastPathAgreesWithDescriptionAndReadsBack() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for _ in 0..<200_000 {
            let decimals = Int(next() % 8)
            var x = Double(next() % 2_000_000_000) / pow(10, Double(decimals))
            if next() % 3 == 0 { x = Double(bitPattern: next() | 0x3F00_0000_0000_0000) }
            if next() % 5 == 0 { x = -x }
            let expected = NumberFormat.shortest(x)
            XCTAssertEqual(text(x), expected)
            XCTAssertEqual(Double(text(x)), x)
        }
    }
}
