import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

final class ReportCommandTests: XCTestCase {
    let sample = PackageFiles.root + "/Samples/haiphong-real"

    func run(_ arguments: [String]) -> (ExitStatus, RecordingConsole) {
        let console = RecordingConsole()
        return (RollupCommandLine.run(arguments, console: console), console)
    }

    func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    func testRunWithReportWritesASelfContainedPageBesideTheContractFiles() throws {
        let out = try DataFolder([:])
        let (status, console) = run(["run", sample, "--out", out.file("r"), "--report", "--threads", "2"])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        let html = try XCTUnwrap(out.read("r/report.html"))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("Phường Bắc Sơn"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<link"))
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertNotNil(out.read("r/run.json"))
        // Without --report there is no page, and the contract files are the same bytes.
        XCTAssertEqual(run(["run", sample, "--out", out.file("plain"), "--threads", "2"]).0, .success)
        XCTAssertNil(out.read("plain/report.html"))
        for name in ["rollups.csv", "findings.csv", "progress.csv"] {
            XCTAssertEqual(bytes(out.file("plain/" + name)), bytes(out.file("r/" + name)), name)
        }
    }

    func testExcelCopiesHaveAByteOrderMarkAndLeaveTheContractFilesAlone() throws {
        let data = try DataFolder([
            "units.csv": "code,name,parent\nD,\"=HYPERLINK(\"\"http://x\"\")\",\nW1,+Phường Bắc Sơn,D\nW2,@Nam Sơn,D\n=SUM(1),Phường 3,D\n",
            "indicators.csv": "code,name,unit,aggregation\nBAL,Cân đối,đồng,sum\n",
            "values.csv": "unit,indicator,period,value\nW1,BAL,2024,-40\nW2,BAL,2024,15.5\n=SUM(1),BAL,2024,1\n",
        ])
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", data.path, "--out", out.file("plain")]).0, .success)
        let (status, console) = run(["run", data.path, "--out", out.file("x"), "--excel"])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        for name in ["rollups.csv", "findings.csv", "progress.csv"] {
            XCTAssertEqual(bytes(out.file("x/" + name)), bytes(out.file("plain/" + name)), name)
            let copy = try XCTUnwrap(bytes(out.file("x/" + name.replacingOccurrences(of: ".csv", with: ".excel.csv"))), name)
            XCTAssertEqual(Array(copy.prefix(3)), [0xEF, 0xBB, 0xBF])
        }
        let rollups = try XCTUnwrap(out.read("x/rollups.excel.csv"))
        XCTAssertTrue(rollups.contains("\"D\",\"BAL\",2024,-23.5,,,1,\"rollup\"\r\n"), rollups)
        XCTAssertTrue(rollups.contains("\"'=SUM(1)\",\"BAL\",2024,1,,,1,\"reported\"\r\n"), rollups)
        XCTAssertTrue(out.read("x/rollups.csv")?.contains("\n=SUM(1),BAL,2024,1,,,1,reported\n") == true)
        XCTAssertTrue(rollups.contains("\"W1\",\"BAL\",2024,-40,,,1,\"reported\"\r\n"), rollups)
    }

    func testReportRegeneratesThePageAtomicallyFromTheRecordedData() throws {
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", sample, "--out", out.file("r"), "--threads", "2"]).0, .success)
        let before = try FileManager.default.contentsOfDirectory(atPath: out.file("r")).sorted()
        XCTAssertFalse(before.contains("report.html"))
        let rollups = bytes(out.file("r/rollups.csv"))
        let (status, console) = run(["report", out.file("r"), "--threads", "2"])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.file("r")).sorted(), (before + ["report.html"]).sorted())
        XCTAssertEqual(bytes(out.file("r/rollups.csv")), rollups)
        let html = try XCTUnwrap(out.read("r/report.html"))
        XCTAssertTrue(html.contains("Report made at"))
        XCTAssertTrue(html.contains("Tỉnh Bắc Giang"))
    }

    func testMarkdownOverviewGoesToStandardOutputAndNothingIsWritten() throws {
        let out = try DataFolder([:])
        XCTAssertEqual(run(["run", sample, "--out", out.file("r")]).0, .success)
        let (status, console) = run(["report", out.file("r"), "--markdown"])
        XCTAssertEqual(status, .success, console.errors.joined(separator: "\n"))
        XCTAssertEqual(console.output.first, "# rollup report: haiphong-real")
        XCTAssertTrue(console.output.contains("## Findings by kind and severity"))
        XCTAssertNil(out.read("r/report.html"))
    }

    func testReportOnAFolderWithoutARecordSaysWhatIsMissing() throws {
        let out = try DataFolder(["rollups.csv": "unit,indicator,period,value,low,high,coverage,source\n"])
        let (status, console) = run(["report", out.path])
        XCTAssertEqual(status, .inputError)
        XCTAssertTrue(console.errors.contains { $0.contains("found no run.json or manifest.json") }, "\(console.errors)")
    }

    func testEncodingOptionIsCheckedAndApplied() throws {
        let data = try DataFolder([
            "indicators.csv": "code,name,unit,aggregation\nBEDS,Beds,beds,sum\n",
            "values.csv": "unit,indicator,period,value\nW,BEDS,2024,3\n",
        ])
        // "Hà" in Windows-1258: H, a, combining grave.
        try Data(Array("code,name,parent\nD,Ha".utf8) + [0xCC] + Array(",\nW,W,D\n".utf8)).write(
            to: URL(fileURLWithPath: data.file("units.csv")))
        XCTAssertEqual(run(["check", data.path, "--encoding", "latin-9"]).0, .usage)
        let (auto, autoConsole) = run(["check", data.path])
        XCTAssertEqual(auto, .success)
        XCTAssertTrue(
            autoConsole.errors.contains {
                $0.contains("units.csv:2:5: warning: found bytes that are not UTF-8, read the file as Windows-1258")
            })
        let (strict, strictConsole) = run(["check", data.path, "--encoding", "utf-8"])
        XCTAssertEqual(strict, .inputError)
        XCTAssertTrue(strictConsole.errors.contains { $0.contains("units.csv:2:5: found bytes that are not UTF-8") })
        let out = try DataFolder([:])
        let (explicit, explicitConsole) = run(["run", data.path, "--out", out.file("r"), "--encoding", "windows-1258", "--report"])
        XCTAssertEqual(explicit, .success)
        XCTAssertTrue(explicitConsole.errors.isEmpty, "\(explicitConsole.errors)")
        XCTAssertTrue(out.read("r/report.html")?.contains("Hà") == true)
        XCTAssertTrue(out.read("r/run.json")?.contains("\"encoding\" : \"windows-1258\"") == true)
    }

    func testNoProgressLineWithoutATerminal() {
        let (status, console) = run(["run", sample, "--out", "/tmp/rollup-progress-test-\(getpid())", "--quiet"])
        XCTAssertEqual(status, .success)
        XCTAssertTrue(console.errors.allSatisfy { !$0.contains("\r") })
        try? FileManager.default.removeItem(atPath: "/tmp/rollup-progress-test-\(getpid())")
    }
}
