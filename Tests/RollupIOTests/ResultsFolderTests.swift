import Foundation
import RollupIO
import RollupTestSupport
import XCTest

final class ResultsFolderTests: XCTestCase {
    func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    func testStagingDroppedWithoutCommitLeavesTheTargetAndNoStagingFolder() throws {
        let out = try DataFolder([:])
        let folder = ResultsFolder(target: out.file("r"))
        try folder.write([("a.csv", Array("old\n".utf8))]).get()
        do {
            let staging = try folder.begin().get()
            _ = try staging.write("a.csv", Array("new\n".utf8)).get()
            _ = try staging.write("b.csv", Array("new\n".utf8)).get()
            XCTAssertEqual(names(out.path).count, 2, "the target and its staging folder")
        }
        XCTAssertEqual(names(out.path), ["r"])
        XCTAssertEqual(names(out.file("r")), ["a.csv"])
        XCTAssertEqual(out.read("r/a.csv"), "old\n")
    }

    func testCommitReplacesEveryFileOfTheTargetAtOnce() throws {
        let out = try DataFolder([:])
        let folder = ResultsFolder(target: out.file("r") + "/")
        try folder.write([("a.csv", Array("old\n".utf8)), ("gone.csv", [])]).get()
        let staging = try folder.begin().get()
        let file = try staging.create("a.csv").get()
        for piece in ["new", ",", "rows\n"] { try file.append(Array(piece.utf8)).get() }
        let digest = try file.finish().get()
        XCTAssertEqual(digest, OutputFile.Digest(bytes: 9, sha256: SHA256.hex(Array("new,rows\n".utf8))))
        XCTAssertEqual(out.read("r/a.csv"), "old\n", "nothing shows before the commit")
        try staging.commit().get()
        XCTAssertEqual(names(out.file("r")), ["a.csv"])
        XCTAssertEqual(out.read("r/a.csv"), "new,rows\n")
        XCTAssertThrowsError(try staging.commit().get(), "a staging folder commits once")
        XCTAssertEqual(names(out.path), ["r"])
    }

    func testStreamedFileHoldsItsPiecesInOrderWithTheirDigest() throws {
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        let pieces = ["head\n", "", "a,1\n", "b,2\n"].map { Array($0.utf8) }
        let digest = try staging.stream("s.csv") { emit in
            pieces.allSatisfy { piece in piece.withUnsafeBufferPointer(emit) }
        }.get()
        XCTAssertEqual(digest, OutputFile.Digest(bytes: 13, sha256: SHA256.hex(Array("head\na,1\nb,2\n".utf8))))
        try staging.commit().get()
        XCTAssertEqual(out.read("r/s.csv"), "head\na,1\nb,2\n")
    }

    func testStreamedSpreadsheetCopyIsTheWholeFileConvertedWhateverThePieces() throws {
        let csv = "unit,value,message\nHN,94.17,=SUM(A1)\nBS,-2,\"say \"\"hi\"\"\"\n"
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        // Pieces end at records' ends: the header alone, then one record each.
        let pieces = ["unit,value,message\n", "HN,94.17,=SUM(A1)\n", "", "BS,-2,\"say \"\"hi\"\"\"\n"].map { Array($0.utf8) }
        let written = try staging.stream("s.csv", spreadsheetCopy: true) { emit in
            pieces.allSatisfy { piece in piece.withUnsafeBufferPointer(emit) }
        }.get()
        let copy = SpreadsheetCopy.convert(Array(csv.utf8))
        XCTAssertEqual(written.map(\.name), ["s.csv", "s.excel.csv"])
        XCTAssertEqual(written.map(\.digest.bytes), [csv.utf8.count, copy.count])
        XCTAssertEqual(written.last?.digest.sha256, SHA256.hex(copy))
        try staging.commit().get()
        XCTAssertEqual(out.read("r/s.csv"), csv)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: out.file("r/s.excel.csv")))
        XCTAssertEqual(Array(bytes), copy)
        XCTAssertEqual(
            String(decoding: copy.dropFirst(3), as: UTF8.self),
            "\"unit\",\"value\",\"message\"\r\n\"HN\",94.17,\"'=SUM(A1)\"\r\n\"BS\",-2,\"say \"\"hi\"\"\"\r\n")
    }

    func testStreamWithoutSpreadsheetCopyWritesTheFileAlone() throws {
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        let written = try staging.stream("s.csv", spreadsheetCopy: false) { emit in
            Array("a\n1\n".utf8).withUnsafeBufferPointer(emit)
        }.get()
        XCTAssertEqual(written.map(\.name), ["s.csv"])
        try staging.commit().get()
        XCTAssertEqual(names(out.file("r")), ["s.csv"])
    }

    func testStreamThatStopsEarlyFailsNamingTheFile() throws {
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        let result = staging.stream("s.csv") { emit in
            _ = Array("part\n".utf8).withUnsafeBufferPointer(emit)
            return false
        }
        XCTAssertThrowsError(try result.get()) { error in XCTAssertTrue("\(error)".contains("s.csv"), "\(error)") }
    }

    func testFilesWrittenFromSeveralThreadsAllCommitTogether() throws {
        let out = try DataFolder([:])
        let staging = try ResultsFolder(target: out.file("r")).begin().get()
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            _ = staging.write("f\(k).csv", Array("\(k)\n".utf8))
        }
        try staging.commit().get()
        XCTAssertEqual(names(out.file("r")), (0..<8).map { "f\($0).csv" })
        for k in 0..<8 { XCTAssertEqual(out.read("r/f\(k).csv"), "\(k)\n") }
    }

    func testOutputFileNamesThePathWhenItCannotWrite() throws {
        let out = try DataFolder([:])
        let missing = out.file("no/such/folder/x.csv")
        XCTAssertThrowsError(try OutputFile.create(missing).get()) { error in
            XCTAssertTrue("\(error)".contains(missing) && "\(error)".contains("No such file"), "\(error)")
        }
        let file = try OutputFile.create(out.file("x.csv"), hashing: false).get()
        try file.append([1, 2, 3]).get()
        XCTAssertEqual(try file.finish().get(), OutputFile.Digest(bytes: 3, sha256: ""))
        XCTAssertThrowsError(try file.append([4]).get(), "a finished file takes nothing more")
    }
}
