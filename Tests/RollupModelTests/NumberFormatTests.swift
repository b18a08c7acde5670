import Foundation
import RollupModel
import XCTest

final class NumberFormatTests: XCTestCase {
    func text(_ x: Double) -> String {
        var out: [UInt8] = []
        NumberFormat.append(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The rule, written the slow way: integers below 10¹⁵ in full, else `description` without `.0`.
    func reference(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
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
        XCTAssertEqual(text(0.0001), "0.0001")
        XCTAssertEqual(text(0.000099), "9.9e-05")
        XCTAssertEqual(text(123_456_789_012_345.6), "123456789012345.6")
        XCTAssertEqual(text(1e15), "1000000000000000")
        XCTAssertEqual(text(-1.7976931348623157e308), "-1.7976931348623157e+308")
        XCTAssertEqual(NumberFormat.shortest(0.1 + 0.2), "0.30000000000000004")
    }

    func testTextShowsNoFigureAndUnboundedEnds() {
        XCTAssertEqual(NumberFormat.text(.nan), "")
        XCTAssertEqual(NumberFormat.text(.infinity), "∞")
        XCTAssertEqual(NumberFormat.text(-.infinity), "-∞")
        XCTAssertEqual(NumberFormat.text(94.17), "94.17")
    }

    func testFastPathAgreesWithDescriptionAndReadsBack() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for _ in 0..<300_000 {
            let decimals = Int(next() % 19)
            let magnitude = next() % 4 == 0 ? next() % 1_000_000_000_000_000 : next() % 2_000_000_000
            var x = Double(magnitude) / pow(10, Double(decimals))
            switch next() % 6 {
            case 0: x = Double(bitPattern: next() | 0x3F00_0000_0000_0000)
            case 1: x = Double(bitPattern: next() << 1)
            case 2: x = Double(magnitude) / 3
            default: break
            }
            guard x.isFinite else { continue }
            if next() % 5 == 0 { x = -x }
            XCTAssertEqual(text(x), reference(x), "\(x.bitPattern)")
            XCTAssertEqual(Double(text(x)), x)
        }
    }

    func testFullPrecisionResultsBetweenTenToTheMinusFourAndTenToTheFifteenMatchDescription() {
        // Weighted means and ratios come out with 16 or 17 significant digits: every exponent of
        // the range, random significands, and the neighbours of decimals with few digits.
        var state: UInt64 = 2030
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var longest = 0
        for exponent in -14...49 {
            for _ in 0..<3_000 {
                let x = Double(sign: .plus, exponent: exponent, significand: 1 + Double(next() % (1 << 52)) / Double(1 << 52))
                let neighbour = next() % 2 == 0 ? x : (Double(Int64(x * 100)) / 100).nextUp
                for y in [x, neighbour] where y >= 1e-4 && y < 1e15 {
                    XCTAssertEqual(text(y), reference(y), "\(y.bitPattern)")
                    longest = max(longest, text(y).count)
                }
            }
        }
        XCTAssertGreaterThanOrEqual(longest, 18, "17 significant digits and a point were written")
    }

    func testAppendIntegerWritesWhatInterpolationWrites() {
        for n in [0, 7, -7, 10, 2024, -100_000, 1_234_567_890_123, Int.max, Int.min] {
            var out: [UInt8] = [0x41]
            NumberFormat.append(integer: n, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "A\(n)")
        }
    }

    func testWriteNeverExceedsTheMaximumLength() {
        for x in [
            -1.7976931348623157e308, -2.2250738585072014e-308, -Double.leastNonzeroMagnitude, -123_456_789_012_345.67, -0.00012345678901234,
        ] {
            let count = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberFormat.maximumLength) { buffer in
                NumberFormat.write(x, to: buffer.baseAddress!)
            }
            XCTAssertLessThanOrEqual(count, NumberFormat.maximumLength)
            XCTAssertEqual(count, reference(x).utf8.count)
        }
    }
}
