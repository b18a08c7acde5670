import RollupIO
import RollupTestSupport
import XCTest

final class AllErrorsTests: XCTestCase {
    func testValuesAreStillCheckedWhenUnitsCannotBeRead() throws {
        let folder = try DataFolder([
            "units.csv": "code,name\nVN,Việt Nam\n",
            "indicators.csv": "code,name,unit,aggregation\nPOP,Dân số,người,sum\n",
            "values.csv": "unit,indicator,period,value\nKA,POP,20x4,abc\nKA,POP,\"2024\n",
            "targets.csv": "unit,indicator,year,target\nKA,POP,2O30,5\n",
        ])
        guard case .failure(let failure) = DatasetLoader.load(folder: folder.path) else { return XCTFail("must fail") }
        let rendered = failure.errors.map(\.description)
        XCTAssertTrue(rendered.contains { $0.hasPrefix(folder.path + "/units.csv:1:1: found no column 'parent'") }, "\(rendered)")
        XCTAssertTrue(rendered.contains { $0.hasPrefix(folder.path + "/values.csv:2:8: found '20x4', expected a year") }, "\(rendered)")
        XCTAssertTrue(
            rendered.contains { $0.hasPrefix(folder.path + "/values.csv:3:8: found a quoted field that is never closed") }, "\(rendered)")
        XCTAssertTrue(rendered.contains { $0.hasPrefix(folder.path + "/targets.csv:2:8: found '2O30', expected a year") }, "\(rendered)")
    }
}
