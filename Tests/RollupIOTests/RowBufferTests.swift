import RollupModel
import RollupTestSupport
import Synchronization
import XCTest

@testable import RollupIO

/// The pointer-written rows of findings.csv and progress.csv (``RowBuffer``, ``FieldTable``,
/// ``RowPieces``): every field must come out as the `Array` path (``CSVEscape``,
/// ``NumberFormat``, `"\(n)"`) writes it, short fields and long ones (searched with `memchr`)
/// alike, special bytes anywhere.
final class RowBufferTests: XCTestCase {
    /// The bytes `write` appends to a fresh buffer with little room (so that it grows).
    func written(_ write: (inout RowBuffer) -> Void) -> [UInt8] {
        var buffer = RowBuffer(capacity: 1)
        write(&buffer)
        let bytes = Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
        buffer.deallocate()
        return bytes
    }

    func slowField(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { CSVEscape.append($0, to: &out) }
        return out
    }

    func testFieldsOfEveryLengthWithSpecialBytesAnywhereAreQuotedAsCSVEscapeQuotesThem() {
        var generator = TestDraws(seed: 7)
        let alphabet: [UInt8] = Array("ab Ữ9".utf8) + [0x2C, 0x22, 0x0A, 0x0D]
        for length in 0..<120 {
            // Plain text, then one special byte at each position, then random mixes.
            let plain = (0..<length).map { _ in UInt8(0x61 + generator.next() % 26) }
            var fields = [plain]
            for position in 0..<length {
                for special: UInt8 in [0x2C, 0x22, 0x0A, 0x0D] {
                    var field = plain
                    field[position] = special
                    fields.append(field)
                }
            }
            for _ in 0..<20 {
                fields.append((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            }
            for field in fields {
                let fast = written { buffer in field.withUnsafeBufferPointer { buffer.appendField($0) } }
                XCTAssertEqual(fast, slowField(field), "\(field)")
            }
        }
    }

    func testStringFieldsSmallAndLargeAreWrittenAsTheirUTF8Bytes() {
        for text in ["", "x", "<3,5", "say \"hi\"", "Tỉnh Vĩnh Niệm 12", String(repeating: "Phường, \"Hà\"\n", count: 9)] {
            XCTAssertEqual(written { $0.appendField(text) }, slowField(Array(text.utf8)), text)
        }
    }

    func testIntegersAreWrittenAsTheirDescription() {
        var numbers = [0, 1, -1, 9, 10, -10, Int.max, Int.min, Int.min + 1, 2024, -2030]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            numbers += [power - 1, power, power + 1, -power]
        }
        var generator = TestDraws(seed: 3)
        numbers += (0..<500).map { _ in Int(truncatingIfNeeded: generator.next()) >> Int(generator.next() % 64) }
        for n in numbers {
            XCTAssertEqual(written { $0.append(integer: n) }, Array("\(n)".utf8), "\(n)")
        }
    }

    func testNumbersAreWrittenAsNumberFormatWritesThem() {
        for x in [0, -0.0, 1, 94.15, 1e-5, 1e300, -1.7976931348623157e+308, 282.8623089688653, 0.1 + 0.2] {
            var slow: [UInt8] = []
            NumberFormat.append(x, to: &slow)
            XCTAssertEqual(written { $0.append(number: x) }, slow, "\(x)")
        }
    }

    func testFieldTableAppendsEachTextQuotedAndNothingOutsideTheTable() {
        let texts = ["P12", "", "A,B", "say \"hi\"", "Xã Ngô Quyền"]
        let table = FieldTable(texts)
        for (k, text) in texts.enumerated() {
            XCTAssertEqual(written { table.append(k, to: &$0) }, slowField(Array(text.utf8)), text)
        }
        XCTAssertEqual(written { table.append(-1, to: &$0) }, [])
        XCTAssertEqual(written { table.append(texts.count, to: &$0) }, [])
        XCTAssertEqual(written { FieldTable([]).append(0, to: &$0) }, [])
    }

    func testPiecesAreJoinedInOrderWhateverTheThreads() {
        let count = 3 * RowPieces.rowsPerPiece + 17
        let expected = Array(("n\n" + (0..<count).map { "\($0),\"x,\($0)\"\n" }.joined()).utf8)
        for threads in [1, 2, 3] {
            let bytes = RowPieces.join { emit in
                RowPieces.stream(header: "n", count: count, threads: threads, bytesPerRow: 1, emit: emit) { range, out in
                    for n in range {
                        out.append(integer: n)
                        out.append(0x2C)
                        out.appendField("x,\(n)")
                        out.append(0x0A)
                    }
                }
            }
            XCTAssertEqual(bytes, expected, "\(threads) threads")
        }
        let empty = RowPieces.join { emit in RowPieces.stream(header: "h", count: 0, threads: 2, bytesPerRow: 8, emit: emit) { _, _ in } }
        XCTAssertEqual(empty, Array("h\n".utf8))
    }

    func testStreamFormatsNoFurtherBatchOnceEmitRefuses() {
        let count = 10 * RowPieces.rowsPerPiece
        let formatted = Mutex(0)
        var emitted = 0
        let body: (Range<Int>, inout RowBuffer) -> Void = { range, out in
            formatted.withLock { $0 += range.count }
            for n in range { out.append(integer: n) }
        }
        let completed = RowPieces.stream(
            header: "n", count: count, threads: 1, bytesPerRow: 4,
            emit: { _ in
                emitted += 1
                return emitted < 2  // the header, then the first piece is refused
            }, body)
        XCTAssertFalse(completed)
        XCTAssertEqual(emitted, 2, "nothing is emitted after the refusal")
        XCTAssertEqual(
            formatted.withLock { $0 }, 4 * RowPieces.rowsPerPiece,
            "the batch refused and the one formatted alongside, two pieces each (one thread), no more")
    }
}
