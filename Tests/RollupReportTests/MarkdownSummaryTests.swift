import RollupFindings
import RollupReport
import RollupTestSupport
import XCTest

final class MarkdownSummaryTests: XCTestCase {
    /// The summary of the real sample: its fixed parts as written, and every count and finding
    /// checked against the evaluation (the sample's findings evolve with the checks).
    func testRealSampleSummary() throws {
        let e = try Evaluated(folder: PackageFiles.root + "/Samples/haiphong-real")
        let facts = RunFacts(dataFolder: "Samples/haiphong-real", inputFiles: [], runTime: "2025-11-23T00:00:00Z", version: "0.1.0")
        let md = e.markdown(facts: facts)
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "# rollup report: haiphong-real")
        XCTAssertEqual(lines[2], "Việt Nam · periods 2024, 2025 · run 2025-11-23T00:00:00Z")
        XCTAssertTrue(lines.contains { $0.hasPrefix("- **Units:** \(e.dataset.units.count) (1 national, 1 city, 2 district, 1 ward") })
        XCTAssertTrue(lines.contains("- **Periods:** 2024, 2025"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("- **Targets:** \(e.dataset.targets.targets.count) for 2025, 2030: ") })
        let bySeverity = [Severity.error, .warning, .info].map { s in "\(e.report.findings.filter { $0.severity == s }.count) \(s.rawValue)"
        }
        XCTAssertTrue(lines.contains("- **Findings:** \(e.report.findings.count) (" + bySeverity.joined(separator: ", ") + ")"))
        XCTAssertTrue(
            lines.contains("| Period | Reported by leaves | Rolled up | Own reports used | Leaves reporting | Mean roll-up coverage |"))
        XCTAssertTrue(lines.contains("| Kind | error | warning | info | total |"))

        // The kinds table adds up to every finding, the worst kinds first.
        let kindRows = lines.filter { line in
            FindingKind.allCases.contains { line.hasPrefix("| " + $0.rawValue.replacingOccurrences(of: "_", with: " ") + " |") }
        }
        let totals = kindRows.compactMap { Int($0.split(separator: "|").last?.trimmingCharacters(in: .whitespaces) ?? "") }
        XCTAssertEqual(totals.reduce(0, +), e.report.findings.count)
        XCTAssertTrue(
            kindRows.first?.hasPrefix("| target below parent |") == true
                || kindRows.first?.hasPrefix("| children cannot reach target |") == true)

        // Every finding is listed, worst first, naming the unit and the indicator as written.
        for (k, f) in e.report.findings.prefix(10).enumerated() {
            let unit = MarkdownSummary.escape(e.dataset.units.name(of: f.unit, in: f.period))
            let indicator = MarkdownSummary.escape(e.dataset.indicators[f.indicator].name)
            let prefix =
                "\(k + 1). **\(f.severity.rawValue)** · \(f.kind.rawValue.replacingOccurrences(of: "_", with: " ")) · \(unit) · \(indicator) · \(f.period): "
            XCTAssertTrue(lines.contains { $0.hasPrefix(prefix) }, prefix)
        }
        XCTAssertTrue(md.contains("· Việt Nam · Tỉ lệ phụ nữ sinh con ở cơ sở y tế hoặc có sự trợ giúp của cán bộ y tế · 2025: "))
        XCTAssertTrue(md.contains("roll up to \\>99"))
        XCTAssertEqual(lines.last(where: { !$0.isEmpty }), "Data folder: Samples/haiphong-real · rollup 0.1.0")
    }
}
