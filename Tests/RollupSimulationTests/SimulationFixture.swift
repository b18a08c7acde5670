import Foundation
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import RollupSimulation
import RollupTestSupport
import XCTest

/// A data folder loaded, rolled up and wrapped in a simulation.
struct SimulationFixture {
    let dataset: Dataset
    let rollup: Rollup
    let simulation: PlanSimulation

    init(folder: String, threads: Int = 2) throws {
        switch DatasetLoader.load(folder: folder, options: LoadOptions(threads: 1)) {
        case .success(let loaded): dataset = loaded.dataset
        case .failure(let errors): throw errors
        }
        rollup = ParallelAggregator(threads: 1).rollUp(dataset)
        simulation = PlanSimulation(dataset: dataset, rollup: rollup, threads: threads)
    }

    init(files: [String: String]) throws {
        let folder = try DataFolder(files)
        try self.init(folder: folder.path, threads: 1)
    }

    /// A bundled sample.
    init(sample: String) throws {
        try self.init(folder: PackageFiles.root + "/Samples/" + sample)
    }

    /// A change read as the command line reads it; fails the test when it cannot be read.
    func change(_ unit: String, _ indicator: String, _ year: Int, _ target: String, file: StaticString = #filePath, line: UInt = #line)
        -> TargetChange?
    {
        switch ChangeReader(dataset: dataset).change(unit: unit, indicator: indicator, year: String(year), target: target) {
        case .success(let change): return change
        case .failure(let errors):
            XCTFail(errors.errors.map(\.message).joined(separator: "; "), file: file, line: line)
            return nil
        }
    }

    /// Applies a change given by codes.
    @discardableResult
    func apply(_ unit: String, _ indicator: String, _ year: Int, _ target: String, file: StaticString = #filePath, line: UInt = #line)
        -> StepResult?
    {
        guard let c = change(unit, indicator, year, target, file: file, line: line) else { return nil }
        return simulation.apply(c)
    }

    /// A full run of the findings engine on the dataset with the simulation's current plan.
    func fullReport() -> FindingsReport {
        var changed = dataset
        changed.targets = TargetTable(simulation.plan.targets)
        return FindingsEngine.evaluate(changed, rollup)
    }

    func key(_ unit: String, _ indicator: String, _ year: Int) -> TargetKey {
        TargetKey(unit: dataset.units.index(of: unit) ?? -1, indicator: dataset.indicators.index(of: indicator) ?? -1, year: year)
    }

    func findingsCSV(_ report: FindingsReport) -> String { String(decoding: FindingsFile.format(dataset, report), as: UTF8.self) }
    func progressCSV(_ report: FindingsReport) -> String { String(decoding: ProgressFile.format(dataset, report), as: UTF8.self) }
}

/// CSV text of rows, quoted as rollup writes its files.
func csvText(_ table: CSVRows) -> String {
    var out: [UInt8] = []
    for row in [table.header] + table.rows {
        for (k, field) in row.enumerated() {
            if k > 0 { out.append(0x2C) }
            CSVEscape.append(field, to: &out)
        }
        out.append(0x0A)
    }
    return String(decoding: out, as: UTF8.self)
}

/// The seeded draws of the simulation tests.
typealias SeededDraws = TestDraws
