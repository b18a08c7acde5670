import Foundation
import XCTest

@testable import RollupModel

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

    /// The text of `x` as ``NumberFormat/write(_:to:)`` and as the path without the few-decimals
    /// shortcut write it.
    func bothTexts(_ x: Double) -> (String, String) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * NumberFormat.maximumLength) { buffer in
            guard let base = buffer.baseAddress else { return ("", "") }
            let fast = String(decoding: UnsafeBufferPointer(start: base, count: NumberFormat.write(x, to: base)), as: UTF8.self)
            let other = base + NumberFormat.maximumLength
            let full = String(
                decoding: UnsafeBufferPointer(start: other, count: NumberFormat.writeWithoutFewDecimals(x, to: other)), as: UTF8.self)
            return (fast, full)
        }
    }

    func testFewDecimalsShortcutWritesWhatTheFullPrecisionPathAndDescriptionWrite() {
        var state: UInt64 = 4242
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var checked = 0
        func check(_ x: Double) {
            guard x.isFinite else { return }
            for y in [x, -x] {
                let (fast, full) = bothTexts(y)
                XCTAssertEqual(fast, full, "\(y.bitPattern)")
                XCTAssertEqual(fast, reference(y), "\(y.bitPattern)")
                checked += 1
            }
        }
        // Values with one to six decimals, as leaf values and sums are, of every magnitude the
        // shortcut covers and a little beyond, and their neighbours.
        let scales: [Double] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]
        for _ in 0..<300_000 {
            let decimals = Int(next() % 7)
            let digits = 1 + next() % 15
            let integer = next() % (1 << 50) % UInt64(pow(10, Double(digits)))
            let x = Double(integer) / scales[decimals]
            check(x)
            check(next() % 2 == 0 ? x.nextUp : x.nextDown)
        }
        // Random bit patterns between 10⁻⁵ and 10¹¹.
        let low = (1e-5).bitPattern
        let high = (1e11).bitPattern
        for _ in 0..<300_000 {
            check(Double(bitPattern: low + next() % (high - low)))
        }
        // Powers of two, the neighbours of powers of two and ten, and the ends of the range.
        for exponent in -20...40 {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            for y in [power, power.nextUp, power.nextDown, power.nextUp.nextUp, power.nextDown.nextDown] { check(y) }
        }
        var power = 1e-5
        for _ in 0..<17 {
            var y = power.nextDown.nextDown.nextDown
            for _ in 0..<7 {
                check(y)
                y = y.nextUp
            }
            power *= 10
        }
        for x in [1e-4, 0.00015, 0.0009999, 9_999_999_999.9999, 1e10, 1e10 + 0.5, 0.5, 0.05, 0.1 + 0.2, 2.675, 1.005] { check(x) }
        XCTAssertGreaterThan(checked, 1_000_000)
    }

    func testDigitCountMatchesTheLengthOfTheDecimalText() {
        var power: UInt64 = 1
        for _ in 0..<20 {
            for v in [power &- 1, power, power &+ 1, power &* 2, power &* 5] {
                XCTAssertEqual(NumberFormat.digitCount(v), String(v).count, "\(v)")
            }
            power &*= 10
        }
        XCTAssertEqual(NumberFormat.digitCount(UInt64.max), 20)
        XCTAssertEqual(NumberFormat.digitCount(0), 1)
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
