import RollupModel
import XCTest

@testable import RollupIO

final class TargetsFileTests: XCTestCase {
    /// Reads `targets` against units VN, A and indicators POP, BHYT; gives the targets and the
    /// errors as written.
    func read(_ targets: String, quarantine: Quarantine? = nil) throws -> (TargetTable, [String]) {
        var log = IssueLog()
        let units = "code,name,parent\nVN,Việt Nam,\nA,Tỉnh A,VN\n"
        let catalog = try SmallTables.catalog(units, log: &log)
        let indicators = try SmallTables.indicators(log: &log)
        let table = try SmallTables.targets(targets, log: &log)
        let read = TargetsFile.read(table, catalog: catalog, indicators: indicators, vietnamese: false, log: &log, quarantine: quarantine)
        return (read, log.errors.map(\.description))
    }

    func testEveryLaterRowOfAKeyNamesTheFirstRowsLine() throws {
        let targets = "unit,indicator,year,target\nVN,BHYT,2025,95\nA,BHYT,2025,90\nVN,BHYT,2025,96\nVN,BHYT,2025,97\nA,BHYT,2025,-\n"
        let (read, errors) = try read(targets)
        XCTAssertEqual(read.targets.map(\.line), [2, 3])
        let message = { (line: Int, unit: String, first: Int) in
            "targets.csv:\(line):1: found a second target for unit '\(unit)', indicator 'BHYT', year 2025, expected one target per unit, indicator and year (first on line \(first))"
        }
        XCTAssertEqual(errors, [message(4, "VN", 2), message(5, "VN", 2), message(6, "A", 3)])
    }

    func testAKeyTakenByANoTargetRowStillRejectsLaterRowsOfIt() throws {
        let quarantine = Quarantine(file: "targets.csv")
        let targets = "unit,indicator,year,target\nVN,POP,2030,-\nVN,POP,2030,5\nVN,POP,2030,6\nA,POP,2030,7\n"
        let (read, errors) = try read(targets, quarantine: quarantine)
        XCTAssertEqual(errors, [])
        XCTAssertEqual(read.targets.map(\.line), [5])
        XCTAssertEqual(quarantine.rows.map(\.line), [3, 4])
        XCTAssertEqual(quarantine.rows.map { $0.reason.hasSuffix("(first on line 2)") }, [true, true])
    }
}
