import RollupIO
import RollupKernel
import RollupModel
import RollupTestSupport
import XCTest

/// Loads a small data folder written from text and rolls it up, for aggregation tests.
struct RollupFixture {
    let dataset: Dataset
    let rollup: Rollup

    init(units: String, indicators: String, values: String, threads: Int = 1, chunkSize: Int = 16_384) throws {
        let folder = try DataFolder(["units.csv": units, "indicators.csv": indicators, "values.csv": values])
        switch DatasetLoader.load(folder: folder.path) {
        case .success(let loaded): dataset = loaded.dataset
        case .failure(let errors): throw errors
        }
        rollup = ParallelAggregator(threads: threads, chunkSize: chunkSize).rollUp(dataset)
    }

    private func locate(_ unit: String, _ indicator: String, _ period: Int) -> (RollupColumn, Int)? {
        guard let k = dataset.periodIndex(of: period), let u = dataset.units.index(of: unit),
            let i = dataset.indicators.index(of: indicator)
        else { return nil }
        let position = Int(dataset.trees[k].positionOf[u])
        guard position >= 0 else { return nil }
        return (rollup.periods[k].columns[i], position)
    }

    /// The exact value, or nil when absent or inexact.
    func value(_ unit: String, _ indicator: String, _ period: Int = 2024) -> Double? {
        guard let (column, p) = locate(unit, indicator, period), !column.values[p].isNaN else { return nil }
        return column.values[p]
    }

    func interval(_ unit: String, _ indicator: String, _ period: Int = 2024) -> Interval? {
        guard let (column, p) = locate(unit, indicator, period) else { return nil }
        return column.interval(at: p)
    }

    func source(_ unit: String, _ indicator: String, _ period: Int = 2024) -> RollupSource? {
        guard let (column, p) = locate(unit, indicator, period) else { return nil }
        return column.sources[p]
    }

    func coverage(_ unit: String, _ indicator: String, _ period: Int = 2024) -> Double? {
        guard let (column, p) = locate(unit, indicator, period) else { return nil }
        return column.coverage[p]
    }
}
