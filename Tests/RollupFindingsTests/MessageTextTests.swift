import RollupModel
import XCTest

@testable import RollupFindings

/// ``MessageText`` (bytes copied into a buffer kept at full size) against the same text made
/// with `String`s: interpolated integers and ``NumberFormat/text(_:)``.
final class MessageTextTests: XCTestCase {
    private enum Piece {
        case text(String)
        case integer(Int)
        case number(Double)
        case utf8(String)

        /// What the piece adds, made the plain way.
        var plain: String {
            switch self {
            case .text(let s), .utf8(let s): return s
            case .integer(let n): return "\(n)"
            case .number(let x): return NumberFormat.text(x)
            }
        }
    }

    private func randomPiece(_ generator: inout SystemRandomNumberGenerator) -> Piece {
        let texts = ["", "'s value ", "“Tỉ lệ bao phủ bảo hiểm y tế”", "∞", "x", String(repeating: "Hà Nội, ", count: 60)]
        let integers = [0, 7, -7, 10, 99, 100, -100, 2030, Int.max, Int.min]
        let numbers: [Double] = [0, -0.0, 0.1, 94.25, -3.5e-9, 1e21, .greatestFiniteMagnitude, .nan, .infinity, -.infinity]
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return .text(texts.randomElement(using: &generator) ?? "")
        case 1: return .utf8(texts.randomElement(using: &generator) ?? "")
        case 2: return .integer(integers.randomElement(using: &generator) ?? 0)
        case 3: return .integer(Int.random(in: Int.min...Int.max, using: &generator))
        case 4: return .number(numbers.randomElement(using: &generator) ?? 0)
        default: return .number(Double.random(in: -1e9...1e9, using: &generator))
        }
    }

    func testPiecesGiveTheTextStringsWouldMakeAcrossGrowthAndReuse() {
        var generator = SystemRandomNumberGenerator()
        for capacity in [0, 16, 48, 320] {
            // One buffer reused, as the checks reuse theirs from one message to the next.
            var text = MessageText(capacity: capacity)
            for _ in 0..<200 {
                text.clear()
                var expected = ""
                for _ in 0..<Int.random(in: 0..<30, using: &generator) {
                    let piece = randomPiece(&generator)
                    switch piece {
                    case .text(let s): text.add(s)
                    case .utf8(let s): text.add(utf8: Array(s.utf8))
                    case .integer(let n): text.add(n)
                    case .number(let x): text.add(number: x)
                    }
                    expected += piece.plain
                }
                XCTAssertEqual(text.string, expected)
                XCTAssertEqual(text.exactBytes, Array(expected.utf8))
                XCTAssertEqual(text.count, expected.utf8.count)
            }
        }
    }

    func testClearEmptiesTheText() {
        var text = MessageText(capacity: 16)
        text.add("a long enough piece to grow the buffer past its first size")
        text.clear()
        text.add(-42)
        XCTAssertEqual(text.string, "-42")
        XCTAssertEqual(text.exactBytes, Array("-42".utf8))
    }
}
