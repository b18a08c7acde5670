import XCTest

@testable import RollupIO

final class RepeatedTextTests: XCTestCase {
    func testEveryFieldReadsAsItsOwnTextWhetherItRepeatsTheLastOrNot() {
        // Pieces that make fields equal in bytes at other offsets, equal once trimmed only,
        // with escapes, with multi-byte characters, and empty.
        let pieces = ["P1", " P1", "P1 ", "\tP1", "P2", "ộ", "\"\"", "a\"\"b", "", "commune", "communé", "P10", "P"]
        var state: UInt64 = 3
        var bytes: [UInt8] = []
        var fields: [CSVField] = []
        var lastPiece = 0
        for _ in 0..<4_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = Int(state >> 33)
            // Mostly the last piece again (runs), else any piece.
            let piece = v % 3 == 0 ? v % pieces.count : lastPiece
            lastPiece = piece
            let start = bytes.count
            bytes += Array(pieces[piece].utf8)
            fields.append(CSVField(start: start, end: bytes.count, hasEscapes: pieces[piece].contains("\"\"") && v % 5 != 0))
            bytes.append(0x2C)
        }
        // Fields read again at the same offsets too.
        fields += fields.prefix(50).reversed()
        let text = CSVText(path: "units.csv", bytes: bytes)
        var repeated = RepeatedText()
        for (k, field) in fields.enumerated() {
            XCTAssertEqual(repeated.text(of: field, in: text), text.text(field), "field \(k)")
        }
    }
}
