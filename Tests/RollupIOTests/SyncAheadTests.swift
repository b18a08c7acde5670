import Foundation
import RollupTestSupport
import XCTest

@testable import RollupIO

final class SyncAheadTests: XCTestCase {
    func testALargeFileWrittenInPiecesAndSyncedAheadReadsBackWhole() throws {
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        let file = try staging.create("big.csv").get()
        XCTAssertNotNil(file.syncAhead, "a results file is synced while it is written")
        var expected: [UInt8] = []
        // Several write-back steps in all, one piece larger than two; a byte pattern of period 251
        // never lines up with a step, so a step written twice or skipped shows.
        for (k, size) in [1, 3 << 20, 12_345, OutputFile.writebackStep * 2 + 17, 999_999, 5].enumerated() {
            let piece = (0..<size).map { UInt8(truncatingIfNeeded: ($0 + k) % 251) }
            expected += piece
            try file.append(piece).get()
        }
        let digest = try file.finish(sync: false).get()
        XCTAssertEqual(digest.bytes, expected.count)
        XCTAssertEqual(digest.sha256, SHA256.hex(expected))
        try staging.commit().get()
        XCTAssertEqual(FileManager.default.contents(atPath: out.file("r/big.csv")).map { [UInt8]($0) }, expected)
    }

    func testASyncThatFailsWhileTheFileIsWrittenIsReportedByTheFinalSync() throws {
        // A pipe cannot be synced: every sync of it fails with EINVAL, as a failing disk would.
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        let syncAhead = try XCTUnwrap(SyncAhead(file: ends[1]))
        for _ in 0..<3 { syncAhead.request() }
        XCTAssertEqual(syncAhead.complete(), EINVAL)
        XCTAssertEqual(syncAhead.complete(), EINVAL, "the failure stays reported")
    }

    func testOutputFileSyncedAheadNamesThePathWhenTheSyncFails() throws {
        // /dev/null takes writes but refuses to be synced.
        let file = try OutputFile.create("/dev/null", hashing: false, syncingAhead: true).get()
        try file.append([UInt8](repeating: 0, count: OutputFile.writebackStep + 1)).get()
        XCTAssertThrowsError(try file.finish().get()) { error in
            XCTAssertTrue("\(error)".contains("could not sync /dev/null"), "\(error)")
        }
    }
}
