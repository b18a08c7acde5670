import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import XCTest

final class FindingsFileTests: XCTestCase {
    func sample() throws -> FindingsFixture {
        try FindingsFixture(
            units: TargetReachabilityTests.units, indicators: TargetReachabilityTests.indicators,
            values: "unit,indicator,period,value\nD,BEDS,2024,250\nW1,BEDS,2024,100\nW2,BEDS,2024,120\nW1,BHYT,2024,104\n",
            targets:
                "unit,indicator,year,target\nD,BEDS,2030,250\nW1,BEDS,2030,100\nW2,BEDS,2030,200\nD,UNEMP,2025,<3\nW1,UNEMP,2025,\"<3,5\"\n"
        )
    }

    func testFindingsFileHasTheContractColumnsAndCodes() throws {
        let f = try sample()
        let lines = f.findingsCSV.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "kind,severity,unit,indicator,period,value,expected,message")
        XCTAssertEqual(FindingsFile.header, lines.first)
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(lines.count, f.report.findings.count + 2)
        XCTAssertTrue(lines[1].hasPrefix("rollup_mismatch,error,D,BEDS,2024,250,220,\""), lines[1])
        XCTAssertTrue(lines.contains { $0.hasPrefix("out_of_range,error,W1,BHYT,2024,104,\"[0, 100]\",") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("target_below_parent,warning,W1,UNEMP,2025,<3.5,<3,") })
    }

    func testFindingsAreListedMostSeriousFirst() throws {
        let f = try sample()
        let findings = f.report.findings
        XCTAssertFalse(findings.isEmpty)
        for (a, b) in zip(findings, findings.dropFirst()) {
            XCTAssertGreaterThanOrEqual(a.severity, b.severity)
            if a.severity == b.severity { XCTAssertLessThanOrEqual(a.kind.order, b.kind.order) }
        }
        XCTAssertTrue(Severity.error > Severity.warning && Severity.warning > Severity.info)
        XCTAssertTrue(f.report.hasErrors)
    }

    func testProgressFileColumns() throws {
        let f = try sample()
        let lines = f.progressCSV.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.first, "unit,indicator,year,target,period,value,status,baseline_period,baseline_value,progress_ratio,baseline_basis")
        XCTAssertEqual(lines.count, f.report.progress.count + 1)
        XCTAssertTrue(lines.contains("D,BEDS,2030,250,2024,220,off_track,2024,220,,own"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("W1,UNEMP,2025,\"<3,5\",,,no_data,,,,"), lines.joined(separator: "\n"))
    }

    func testProgressFileWritesNumbersAsTheirTexts() throws {
        let f = try sample()
        var asText = f.report
        for n in asText.progress.indices {
            asText.progress[n].valueFigure = asText.progress[n].valueFigure.map { ProgressFigure(text: $0.text) }
            asText.progress[n].baselineFigure = asText.progress[n].baselineFigure.map { ProgressFigure(text: $0.text) }
        }
        XCTAssertTrue(f.report.progress.contains { $0.valueFigure?.number != nil })
        XCTAssertEqual(ProgressFile.format(f.dataset, f.report), ProgressFile.format(f.dataset, asText))
        // Many numbers, each written as a number and as its text.
        let row = f.report.progress[0]
        var numbers = FindingsReport(findings: [], progress: [])
        var texts = numbers
        for x in ProgressFigureTests.edgeNumbers + (0..<500).map({ Double($0) * 0.37 - 50 }) {
            var r = row
            r.valueFigure = ProgressFigure(number: x)
            r.baselineFigure = ProgressFigure(number: -x)
            numbers.progress.append(r)
            r.valueFigure = ProgressFigure(text: NumberFormat.text(x))
            r.baselineFigure = ProgressFigure(text: NumberFormat.text(-x))
            texts.progress.append(r)
        }
        XCTAssertEqual(ProgressFile.format(f.dataset, numbers), ProgressFile.format(f.dataset, texts))
    }

    func testKindNamesFollowTheContract() {
        XCTAssertEqual(
            FindingKind.allCases.map(\.rawValue),
            [
                "children_cannot_reach_target", "target_below_parent", "rollup_mismatch", "off_track", "missed", "out_of_range",
                "outlier", "missing_report", "low_coverage", "missing_own_report",
            ])
        XCTAssertEqual(ProgressStatus.allCases.map(\.rawValue), ["achieved", "on_track", "off_track", "missed", "undetermined", "no_data"])
        XCTAssertEqual(FindingKind.allCases.map(\.order), Array(0..<FindingKind.allCases.count))
    }

    func testOutputDoesNotDependOnThreadsOrRepetition() throws {
        let f = try FindingsFixture(folder: PackageRoot.path + "/Samples/haiphong-real")
        let again = FindingsEngine.evaluate(f.dataset, ParallelAggregator(threads: 4, chunkSize: 1).rollUp(f.dataset))
        XCTAssertEqual(FindingsFile.format(f.dataset, again), FindingsFile.format(f.dataset, f.report))
        XCTAssertEqual(ProgressFile.format(f.dataset, again), ProgressFile.format(f.dataset, f.report))
    }
}
