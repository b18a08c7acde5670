import Foundation
import RollupModel
import XCTest

@testable import RollupNotation

final class NotationTests: XCTestCase {
    enum Expected {
        case number(Double, decimals: Int)
        case interval(low: Double, high: Double, includesLow: Bool, includesHigh: Bool, decimals: Int)
        case level(String)
        case nothing
        /// An error; `expectedContains` must appear in `NotationError.expected`.
        case error(expectedContains: String)
    }

    struct Case {
        let text: String
        let options: NotationOptions
        let expected: Expected
        let line: UInt
    }

    static let plain = NotationOptions()
    static let vietnamese = NotationOptions(vietnamese: true)
    static let count = NotationOptions(allowsPercent: false)
    static let elimination = LevelScale.documented[1]
    static let levels = NotationOptions(allowsPercent: false, scale: elimination)

    static func c(_ text: String, _ options: NotationOptions, _ expected: Expected, line: UInt = #line) -> Case {
        Case(text: text, options: options, expected: expected, line: line)
    }
    static func c(_ text: String, _ expected: Expected, line: UInt = #line) -> Case {
        Case(text: text, options: plain, expected: expected, line: line)
    }

    static func below(_ x: Double, _ decimals: Int = 0) -> Expected {
        .interval(low: -.infinity, high: x, includesLow: false, includesHigh: false, decimals: decimals)
    }
    static func atMost(_ x: Double, _ decimals: Int = 0) -> Expected {
        .interval(low: -.infinity, high: x, includesLow: false, includesHigh: true, decimals: decimals)
    }
    static func above(_ x: Double, _ decimals: Int = 0) -> Expected {
        .interval(low: x, high: .infinity, includesLow: false, includesHigh: false, decimals: decimals)
    }
    static func atLeast(_ x: Double, _ decimals: Int = 0) -> Expected {
        .interval(low: x, high: .infinity, includesLow: true, includesHigh: false, decimals: decimals)
    }
    static func range(_ a: Double, _ b: Double, _ decimals: Int = 0) -> Expected {
        .interval(low: a, high: b, includesLow: true, includesHigh: true, decimals: decimals)
    }

    static let numberExpected = "a number"

    static let cases: [Case] = [
        // Plain numbers.
        c("95", .number(95, decimals: 0)),
        c("94.17", .number(94.17, decimals: 2)),
        c("1e3", .number(1000, decimals: 0)),
        c("1E3", .number(1000, decimals: 0)),
        c("2.5e-3", .number(0.0025, decimals: 4)),
        c("-2", .number(-2, decimals: 0)),
        c("-5", .number(-5, decimals: 0)),
        c("+7", .number(7, decimals: 0)),
        c("−3", .number(-3, decimals: 0)),  // U+2212 minus sign
        c("0", .number(0, decimals: 0)),
        c("95", count, .number(95, decimals: 0)),
        // Vietnamese notation.
        c("94,17", .number(94.17, decimals: 2)),
        c("94,17", vietnamese, .number(94.17, decimals: 2)),
        c("49.400", .number(49.4, decimals: 3)),
        c("49.400", vietnamese, .number(49400, decimals: 0)),
        c("1.234,5", .number(1234.5, decimals: 1)),
        c("1.234,5", vietnamese, .number(1234.5, decimals: 1)),
        c("1.234.567,89", .number(1234567.89, decimals: 2)),
        c("100.000", vietnamese, .number(100000, decimals: 0)),
        c("1.234.567", vietnamese, .number(1_234_567, decimals: 0)),
        c("3.5", vietnamese, .number(3.5, decimals: 1)),
        c("0,45", .number(0.45, decimals: 2)),
        c("-0,5", .number(-0.5, decimals: 1)),
        // A trailing %.
        c("94,17%", .number(94.17, decimals: 2)),
        c("95%", .number(95, decimals: 0)),
        c("95 %", .number(95, decimals: 0)),
        c("95%", count, .error(expectedContains: "%")),
        c("94,17%", count, .error(expectedContains: "%")),
        c("<5%", count, .error(expectedContains: "%")),
        c("95%%", .error(expectedContains: numberExpected)),
        // Bounds.
        c("<3", below(3)),
        c("< 3", below(3)),
        c("<=3", atMost(3)),
        c("< =3", atMost(3)),
        c("≤3", atMost(3)),
        c("≤ 3", atMost(3)),
        c("=<5", atMost(5)),
        c("&le;5", atMost(5)),
        c(">60", above(60)),
        c("> 60", above(60)),
        c(">= 2", atLeast(2)),
        c("=>2", atLeast(2)),
        c("≥ 97", atLeast(97)),
        c("≥97", atLeast(97)),
        c("&ge; 97", atLeast(97)),
        c("&lt; 0,1", below(0.1, 1)),
        c("&lt;=0,1", atMost(0.1, 1)),
        c("&gt;90", above(90)),
        c("<39.2", below(39.2, 1)),
        c(">=95%", atLeast(95)),
        c("< 3", count, below(3)),
        c("<-1", below(-1)),
        c(">100.000", vietnamese, above(100000)),
        // Ranges.
        c("28-30", range(28, 30)),
        c("0,45-0,47", range(0.45, 0.47, 2)),
        c("95- 97", range(95, 97)),
        c("95 -97", range(95, 97)),
        c("95 - 97", range(95, 97)),
        c("95–97", range(95, 97)),  // en dash
        c("95 – 97", range(95, 97)),
        c("28÷30", range(28, 30)),
        c("1,5-2", range(1.5, 2, 1)),
        c("94%-96%", range(94, 96)),
        c("-5--3", range(-5, -3)),
        c("-3-5", range(-3, 5)),
        c("30-30", .number(30, decimals: 0)),
        // Seen in the seeds.
        c("99-99,98", range(99, 99.98, 2)),
        c("99-99,9", range(99, 99.9, 1)),
        c("0 - 100", range(0, 100)),
        c("35-40\t", range(35, 40)),
        c("> 99\t", above(99)),
        c("< 2,35", below(2.35, 2)),
        c("> 0,7", above(0.7, 1)),
        c("<0,01", below(0.01, 2)),
        c(">=4", atLeast(4)),
        c(">.", .error(expectedContains: "a number after '>'")),
        c("49.400-50.000", vietnamese, range(49400, 50000)),
        // Nothing.
        c("-", .nothing),
        c("–", .nothing),
        c("—", .nothing),
        c("", .nothing),
        c("   ", .nothing),
        c("\t", .nothing),
        c(" - ", .nothing),
        c("\u{00A0}", .nothing),
        c("-", levels, .nothing),
        c("", levels, .nothing),
        // Spaces around.
        c("  95  ", .number(95, decimals: 0)),
        c("\u{00A0}95\u{00A0}", .number(95, decimals: 0)),
        c("\u{00A0}94,17\u{00A0}%", .number(94.17, decimals: 2)),
        c("<\u{00A0}3", below(3)),
        c("95\u{00A0}-\u{00A0}97", range(95, 97)),
        // Levels.
        c("Loại trừ", levels, .level("Loại trừ")),
        c("loại trừ", levels, .level("loại trừ")),
        c("LOẠI TRỪ", levels, .level("LOẠI TRỪ")),
        c("  Loại trừ  ", levels, .level("Loại trừ")),
        c("Loa\u{0323}i tru\u{0300}\u{031B}", levels, .level("Loa\u{0323}i tru\u{0300}\u{031B}")),  // NFD
        c("Xóa bỏ hoàn toàn", levels, .level("Xóa bỏ hoàn toàn")),
        c("Loại\u{00A0}trừ", levels, .level("Loại trừ")),
        c("Loại   trừ", levels, .level("Loại   trừ")),
        c("Tiểu học", levels, .error(expectedContains: "Chưa kiểm soát < Kiểm soát < Loại trừ < Chấm dứt < Xóa bỏ hoàn toàn")),
        c("95", levels, .error(expectedContains: "Loại trừ")),
        c("Tiểu học", NotationOptions(scale: LevelScale.documented[2]), .level("Tiểu học")),
        c("Giải quyết cơ bản", NotationOptions(scale: LevelScale.documented[0]), .level("Giải quyết cơ bản")),
        // Unreadable.
        c("abc", .error(expectedContains: numberExpected)),
        c("Loại trừ", .error(expectedContains: numberExpected)),
        c("1,2,3", .error(expectedContains: numberExpected)),
        c("1,2,3", vietnamese, .error(expectedContains: numberExpected)),
        c("1.2.3", .error(expectedContains: numberExpected)),
        c("1.2.3", vietnamese, .error(expectedContains: numberExpected)),
        c("1.234.567", .error(expectedContains: numberExpected)),
        c("1,234.5", .error(expectedContains: numberExpected)),
        c("1.23,5", .error(expectedContains: numberExpected)),
        c("30-28", .error(expectedContains: "range")),
        c("<", .error(expectedContains: "a number after '<'")),
        c("≥", .error(expectedContains: "a number after '≥'")),
        c("<>3", .error(expectedContains: "a number after '<'")),
        c("3..5", .error(expectedContains: numberExpected)),
        c("5 6", .error(expectedContains: numberExpected)),
        c("nan", .error(expectedContains: numberExpected)),
        c("NaN", .error(expectedContains: numberExpected)),
        c("inf", .error(expectedContains: numberExpected)),
        c("infinity", .error(expectedContains: numberExpected)),
        c("1e999", .error(expectedContains: numberExpected)),
        c("-1e999", .error(expectedContains: numberExpected)),
        c("1e-999", .error(expectedContains: numberExpected)),
        c("12abc", .error(expectedContains: numberExpected)),
        c("12e", .error(expectedContains: numberExpected)),
        c("--3", .error(expectedContains: numberExpected)),
        c("- 3", .error(expectedContains: numberExpected)),
        c("95-", .error(expectedContains: "a number after the '-'")),
        c(".5", .error(expectedContains: numberExpected)),
        c("5.", .error(expectedContains: numberExpected)),
        c(",5", .error(expectedContains: numberExpected)),
        c("0x10", .error(expectedContains: numberExpected)),
        c("=5", .error(expectedContains: numberExpected)),
        c("<3-5", .error(expectedContains: numberExpected)),
        c("28-30-32", .error(expectedContains: numberExpected)),
        c("1,5e3", .error(expectedContains: numberExpected)),
        c("&lt 3", .error(expectedContains: numberExpected)),
    ]

    func testEveryNotationReadsAsExpected() {
        for c in Self.cases {
            let result = Notation.read(c.text, c.options)
            let label =
                "'\(c.text)' (vietnamese: \(c.options.vietnamese), %: \(c.options.allowsPercent), scale: \(c.options.scale?.name ?? "-"))"
            switch (c.expected, result) {
            case (.number(let x, let decimals), .success(let reading)):
                XCTAssertEqual(reading.figure, .number(x), label, line: c.line)
                XCTAssertEqual(reading.decimals, decimals, "decimals of \(label)", line: c.line)
            case (.interval(let low, let high, let includesLow, let includesHigh, let decimals), .success(let reading)):
                guard case .interval(let i)? = reading.figure else {
                    XCTFail("\(label): expected an interval, got \(String(describing: reading.figure))", line: c.line)
                    continue
                }
                XCTAssertEqual(i.low, low, "low of \(label)", line: c.line)
                XCTAssertEqual(i.high, high, "high of \(label)", line: c.line)
                XCTAssertEqual(i.includesLow, includesLow, "includesLow of \(label)", line: c.line)
                XCTAssertEqual(i.includesHigh, includesHigh, "includesHigh of \(label)", line: c.line)
                XCTAssertEqual(reading.decimals, decimals, "decimals of \(label)", line: c.line)
            case (.level(let text), .success(let reading)):
                XCTAssertEqual(reading.figure, .level(text), label, line: c.line)
                XCTAssertEqual(reading.decimals, 0, label, line: c.line)
            case (.nothing, .success(let reading)):
                XCTAssertNil(reading.figure, label, line: c.line)
            case (.error(let fragment), .failure(let error)):
                let trimmed = c.text.trimmingCharacters(in: .whitespaces)
                XCTAssertEqual(error.found, trimmed, "found of \(label)", line: c.line)
                XCTAssertFalse(error.expected.isEmpty, label, line: c.line)
                XCTAssertTrue(error.expected.contains(fragment), "\(label): '\(error.expected)' lacks '\(fragment)'", line: c.line)
            case (.error, .success(let reading)):
                XCTFail("\(label): expected an error, read \(reading)", line: c.line)
            case (_, .failure(let error)):
                XCTFail("\(label): expected \(c.expected), failed: found '\(error.found)', expected '\(error.expected)'", line: c.line)
            }
        }
    }

    func testBoundIsNeverReadAsItsNumber() {
        for text in ["<3", "< 3", "<=3", "≤3", "≤ 3", ">60", ">= 2", "≥ 97", "&lt; 0,1", "&gt;90", "=<5"] {
            guard case .success(let reading) = Notation.read(text, Self.plain) else {
                XCTFail("\(text) did not read")
                continue
            }
            guard case .interval(let i)? = reading.figure else {
                XCTFail("\(text) read as \(String(describing: reading.figure))")
                continue
            }
            XCTAssertFalse(i.isPoint, text)
            XCTAssertTrue(i.low == -.infinity || i.high == .infinity, text)
        }
    }

    func testStrictBoundExcludesItsNumberAndNonStrictIncludesIt() throws {
        let strict = try XCTUnwrap(Notation.read("<3", Self.plain).get().figure?.interval)
        XCTAssertFalse(strict.contains(3))
        XCTAssertTrue(strict.contains(2.999))
        let loose = try XCTUnwrap(Notation.read("≤3", Self.plain).get().figure?.interval)
        XCTAssertTrue(loose.contains(3))
        XCTAssertFalse(loose.contains(3.001))
        let above = try XCTUnwrap(Notation.read(">60", Self.plain).get().figure?.interval)
        XCTAssertFalse(above.contains(60))
        XCTAssertTrue(above.contains(1e9))
    }

    func testUnreadableNotationIsNeverZero() {
        for text in ["abc", "nan", "inf", "1e999", "1e-999", "--3", "12abc", "0x10", "1,2,3"] {
            if case .success(let reading) = Notation.read(text, Self.plain) {
                XCTFail("'\(text)' read as \(String(describing: reading.figure))")
            }
        }
    }

    func testVietnameseModeOnlyChangesDotsFollowedByGroupsOfThree() throws {
        XCTAssertEqual(try Notation.read("49.400", Self.plain).get().figure, .number(49.4))
        XCTAssertEqual(try Notation.read("49.400", Self.vietnamese).get().figure, .number(49400))
        XCTAssertEqual(try Notation.read("49.40", Self.vietnamese).get().figure, .number(49.4))
        XCTAssertEqual(try Notation.read("49.4000", Self.vietnamese).get().figure, .number(49.4))
    }

    func testLevelNotOnTheScaleNamesTheLevels() {
        guard case .failure(let error) = Notation.read("Tốt", Self.levels) else {
            return XCTFail("'Tốt' read as a level of the elimination scale")
        }
        XCTAssertEqual(error.found, "Tốt")
        for level in Self.elimination.levels {
            XCTAssertTrue(error.expected.contains(level), "\(error.expected) lacks \(level)")
        }
    }

    func testPercentIsRefusedWhereNotAllowed() {
        guard case .failure(let error) = Notation.read("95%", Self.count) else {
            return XCTFail("95% read on a sum indicator")
        }
        XCTAssertEqual(error.found, "95%")
        XCTAssertTrue(error.expected.contains("share"), error.expected)
    }

    func testOptionsForIndicatorFollowTheAggregation() {
        let sum = Indicator(code: "S", name: "s", unit: "người", aggregation: .sum)
        XCTAssertFalse(NotationOptions(for: sum, vietnamese: false).allowsPercent)
        let share = Indicator(code: "P", name: "p", unit: "%", aggregation: .mean)
        XCTAssertTrue(NotationOptions(for: share, vietnamese: true).allowsPercent)
        XCTAssertTrue(NotationOptions(for: share, vietnamese: true).vietnamese)
        let level = Indicator(code: "L", name: "l", unit: "Mức độ", aggregation: .worstLevel(Self.elimination))
        XCTAssertEqual(NotationOptions(for: level, vietnamese: false).scale, Self.elimination)
    }

    func testReadingBytesAgreesWithReadingText() {
        for c in Self.cases {
            let fromText = Notation.read(c.text, c.options)
            let bytes = Array(c.text.utf8)
            let fromBytes = bytes.withUnsafeBufferPointer { Notation.read(bytes: $0, c.options) }
            XCTAssertEqual(fromText, fromBytes, c.text, line: c.line)
        }
    }

    func testReadingASliceReadsOnlyThatSlice() {
        // The loader reads a field in place: the bytes after it must not be taken in.
        let bytes = Array("95,96\n<3,x".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            XCTAssertEqual(try? Notation.read(bytes: UnsafeBufferPointer(rebasing: buffer[0..<2]), Self.plain).get().figure, .number(95))
            XCTAssertEqual(try? Notation.read(bytes: UnsafeBufferPointer(rebasing: buffer[3..<5]), Self.plain).get().figure, .number(96))
            let bound = try? Notation.read(bytes: UnsafeBufferPointer(rebasing: buffer[6..<8]), Self.plain).get().figure
            XCTAssertEqual(bound, .interval(Interval(low: -.infinity, high: 3, includesHigh: false)))
            guard case .failure(let error) = Notation.read(bytes: UnsafeBufferPointer(rebasing: buffer[6..<7]), Self.plain) else {
                return XCTFail("'<' alone read")
            }
            XCTAssertEqual(error.found, "<")
        }
    }

    func testPlainDecimalsReadExactlyAsDoubleParsingReadsThem() throws {
        // Plain decimals take a path without allocations: the same double, bit for bit, as the
        // correctly rounded parse of the text, and the same decimals; inside bounds and ranges too.
        var texts = ["0", "-0", "7", "98.37", "0.1", "0.30000", "123456789012345", "1234567890.12345", "0.000000000000001"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let integer = (state >> 20) % 1_000_000
            let decimals = Int((state >> 50) % 9)
            let fraction = String((state >> 8) % 1_000_000_000).suffix(decimals)
            texts.append(decimals == 0 || fraction.isEmpty ? "\(integer)" : "\(integer).\(fraction)")
        }
        for text in texts {
            let expected = try XCTUnwrap(Double(text), text)
            let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
            guard case .success(let reading) = Notation.read(text, Self.plain), case .number(let x)? = reading.figure else {
                XCTFail("\(text) did not read as a number")
                continue
            }
            XCTAssertEqual(x.bitPattern, expected.bitPattern, text)
            XCTAssertEqual(reading.decimals, decimals, text)
            guard case .success(let bound) = Notation.read("<" + text, Self.plain), case .interval(let i)? = bound.figure else {
                XCTFail("<\(text) did not read as a bound")
                continue
            }
            XCTAssertEqual(i.high.bitPattern, expected.bitPattern, "<" + text)
        }
    }
}
