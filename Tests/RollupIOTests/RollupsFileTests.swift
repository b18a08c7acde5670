import RollupKernel
import RollupModel
import RollupTestSupport
import XCTest

@testable import RollupIO

final class RollupsFileTests: XCTestCase {
    func sample(_ name: String = "city-synthetic") throws -> (Dataset, Rollup) {
        switch DatasetLoader.load(folder: PackageFiles.root + "/Samples/" + name, options: LoadOptions(threads: 2)) {
        case .success(let loaded): return (loaded.dataset, ParallelAggregator(threads: 2).rollUp(loaded.dataset))
        case .failure(let errors): throw errors
        }
    }

    func testStreamedPiecesJoinToTheWholeFileWhateverTheChunksAndThreads() throws {
        let (dataset, rollup) = try sample()
        let whole = RollupsFile.format(dataset, rollup, threads: 1)
        let lines = whole.split(separator: 0x0A, omittingEmptySubsequences: false)
        XCTAssertEqual(String(decoding: lines[0], as: UTF8.self), RollupsFile.header)
        for (threads, chunkUnits) in [(1, 7), (2, 1), (3, 50), (8, 4096)] {
            var joined: [UInt8] = []
            var pieces = 0
            let rows = RollupsFile.stream(dataset, rollup, threads: threads, chunkUnits: chunkUnits) { piece in
                XCTAssertTrue(piece.isEmpty || piece.last == 0x0A, "a piece ends at a row's end")
                joined.append(contentsOf: piece)
                pieces += 1
                return true
            }
            XCTAssertEqual(joined, whole, "threads \(threads), chunks of \(chunkUnits) units")
            XCTAssertEqual(rows, lines.count - 2, "every line but the header and the final empty one is a row")
            XCTAssertGreaterThan(pieces, chunkUnits == 4096 ? 1 : 10)
        }
    }

    func testStreamStopsAsSoonAsTheWriterFails() throws {
        let (dataset, rollup) = try sample()
        var calls = 0
        let rows = RollupsFile.stream(dataset, rollup, threads: 2, chunkUnits: 5) { _ in
            calls += 1
            return calls < 3
        }
        XCTAssertNil(rows)
        XCTAssertEqual(calls, 3)
    }

    func testExcelCopyIsStreamedWithTheFileAndBothAreInTheManifestEntries() throws {
        let (dataset, rollup) = try sample()
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        let entries = try RollupsOutput.write(dataset, rollup, threads: 2, excel: true, to: staging).get()
        try staging.commit().get()
        let whole = RollupsFile.format(dataset, rollup)
        let written = try XCTUnwrap(FileManager.default.contents(atPath: out.file("r/rollups.csv")))
        let copy = try XCTUnwrap(FileManager.default.contents(atPath: out.file("r/rollups.excel.csv")))
        XCTAssertEqual(Array(written), whole)
        XCTAssertEqual(Array(copy), SpreadsheetCopy.convert(whole))
        XCTAssertEqual(entries.map(\.file), ["rollups.csv", "rollups.excel.csv"])
        XCTAssertEqual(entries[0].sha256, SHA256.hex(whole))
        XCTAssertEqual(entries[1].bytes, copy.count)
        XCTAssertEqual(entries[0].rows, whole.filter { $0 == 0x0A }.count - 1)
        XCTAssertEqual(entries[1].rows, entries[0].rows)
    }

    func testFieldArenaCopiesEachFieldWithItsSeparatorsAndWritesNoFurtherThanItsOverrun() {
        let texts = ["", "a", "ab,c", "1234567", "12345678", "123456789", "q\"uote", String(repeating: "x", count: 40)]
        let arena = FieldArena(texts, prefix: [0x2C], suffix: [0x0A])
        XCTAssertEqual(arena.count, texts.count)
        for (k, text) in texts.enumerated() {
            var expected: [UInt8] = [0x2C]
            CSVEscape.append(text, to: &expected)
            expected.append(0x0A)
            var buffer = [UInt8](repeating: 0xFF, count: expected.count + FieldArena.overrun + 16)
            let length = buffer.withUnsafeMutableBufferPointer { arena.copy(k, to: $0.baseAddress!) }
            XCTAssertEqual(length, expected.count)
            XCTAssertEqual(Array(buffer[..<length]), expected, text)
            XCTAssertTrue(buffer[(length + FieldArena.overrun)...].allSatisfy { $0 == 0xFF }, "nothing written past the overrun: \(text)")
        }
        XCTAssertEqual(arena.widest, 2 + 40)
    }
}
