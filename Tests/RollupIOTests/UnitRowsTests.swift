import RollupModel
import XCTest

@testable import RollupIO

/// `units.csv` read in parallel chunks gives the serial read's records, offsets and messages, in
/// the same order, whatever the chunk size.
final class UnitRowsTests: XCTestCase {
    /// The rows of `text` read with `threads` threads and chunks of about `chunkBytes`, and the
    /// messages logged on the way.
    func read(_ text: String, threads: Int, chunkBytes: Int) -> (UnitRows, [InputError], [InputError])? {
        var log = IssueLog()
        guard
            let table = CSVTable.open(
                CSVText(path: "d/units.csv", bytes: Array(text.utf8)), required: UnitsFile.required, optional: UnitsFile.optional, log: &log
            )
        else { return nil }
        let rows = UnitRows.read(table, threads: threads, chunkBytes: chunkBytes, log: &log)
        return (rows, log.errors, log.warnings)
    }

    /// Asserts that every chunk size gives the serial read of `text`; gives the serial read.
    @discardableResult
    func assertChunksReadAsSerial(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> (UnitRows, [InputError])? {
        guard let serial = read(text, threads: 1, chunkBytes: 1 << 20) else {
            XCTFail("the header does not open", file: file, line: line)
            return nil
        }
        for chunkBytes in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
            for threads in [2, 3] {
                guard let chunked = read(text, threads: threads, chunkBytes: chunkBytes) else { continue }
                XCTAssertEqual(chunked.0.records, serial.0.records, "chunks of \(chunkBytes)", file: file, line: line)
                XCTAssertEqual(chunked.0.offsets, serial.0.offsets, "chunks of \(chunkBytes)", file: file, line: line)
                XCTAssertEqual(chunked.1, serial.1, "chunks of \(chunkBytes)", file: file, line: line)
                XCTAssertEqual(chunked.2, serial.2, "chunks of \(chunkBytes)", file: file, line: line)
            }
        }
        return (serial.0, serial.1)
    }

    func testChunkedReadGivesTheSerialRecordsForPlainAndQuotedRows() {
        var text = "code,name,parent,level\nVN,Việt Nam,,national\n"
        for k in 0..<40 {
            text += "P\(k),\"Tỉnh \"\"Số\"\" \(k), phía Bắc\",VN,province\n"
            text += "W\(k), Phường \(k) ,P\(k),\"ward\"\n"
            text += "G\(k),\"Tổ\n\(k)\",W\(k),group\n"
        }
        guard let (serial, errors) = assertChunksReadAsSerial(text) else { return }
        XCTAssertEqual(serial.records.count, 121)
        XCTAssertEqual(errors, [])
        XCTAssertEqual(serial.records.last?.name, "Tổ\n39")
        XCTAssertEqual(serial.records.last?.line, 2 + 40 * 4 - 1)
    }

    func testChunkedReadCountsLinesAcrossCRLFLoneCRAndBlankLines() {
        var text = "\u{FEFF}code,name,parent,valid_from,valid_to\r\nVN,Việt Nam,,,\r\n\r\n"
        for k in 0..<30 {
            text += "A\(k),Tên \(k),VN,2020,\(k % 3 == 0 ? "2024" : "")\r\n"
            text += k % 4 == 0 ? "\n,,,,\n" : "B\(k),\"Hai\r\ndòng\",VN,,\r"
        }
        guard let (serial, errors) = assertChunksReadAsSerial(text) else { return }
        XCTAssertEqual(errors, [])
        XCTAssertEqual(serial.records.count, 1 + 30 + 22)
    }

    func testChunkedReadLogsBadRowsAsTheSerialReadDoes() {
        var text = "code,name,parent,level,valid_from,valid_to\nVN,Việt Nam,,national,,\n"
        for k in 0..<25 {
            text += ",Không mã,VN,x,,\n"
            text += "Y\(k),Năm,VN,x,20x4,\n"
            text += "Z\(k),Cửa sổ,VN,x,2025,2020\n"
            text += "S\(k),Tự cha,S\(k),x,,\n"
            text += "F\(k),Thiếu trường,VN\n"
            text += "T\(k),Thừa,VN,x,,,1\n"
            text += "OK\(k),Được,VN,x,,\n"
        }
        guard let (serial, errors) = assertChunksReadAsSerial(text) else { return }
        XCTAssertEqual(serial.records.count, 26)
        XCTAssertEqual(errors.count, 25 * 6)
        XCTAssertEqual(errors.first?.line, 3)
        XCTAssertEqual(errors.last?.line, 2 + 25 * 7 - 1)
    }

    func testFileWithAMalformedRecordIsReadAsTheSerialReadDoes() {
        // A quote inside an unquoted field and a quote never closed: where the reader resumes
        // decides where records start, so the whole file is read again serially.
        var text = "code,name,parent\nVN,Việt Nam,\n"
        for k in 0..<30 { text += k == 7 ? "Q\(k),Tên \"lạ\",VN\n" : "A\(k),\"Tên, \(k)\",VN\n" }
        text += "Z,\"không đóng,VN\nB,Bé,VN\n"
        guard let (serial, errors) = assertChunksReadAsSerial(text) else { return }
        XCTAssertEqual(serial.records.count, 30)
        XCTAssertEqual(errors.count, 2)
    }

    func testSemicolonSeparatedFileIsChunkedAsACommaSeparatedOne() {
        var text = "code;name;parent\nVN;Việt Nam;\n"
        for k in 0..<50 { text += "W\(k);\"Phường; \(k)\";VN\n" }
        guard let (serial, _) = assertChunksReadAsSerial(text) else { return }
        XCTAssertEqual(serial.records.count, 51)
        XCTAssertEqual(serial.records[1].name, "Phường; 0")
    }
}
