import RollupFindings
import RollupModel
import RollupSimulation
import RollupTestSupport
import XCTest

/// The incremental re-evaluation gives exactly what a full run of the findings engine gives on the
/// changed plan, over random change sets (each seed reproducible: a failure names its seed).
final class IncrementalTests: XCTestCase {
    func testRandomChangesOnTheSyntheticCityMatchAFullRun() throws {
        let f = try SimulationFixture(sample: "city-synthetic")
        for seed in UInt64(1)...12 { try check(f, seed: seed, changes: 40) }
    }

    func testRandomChangesOnTheRealSampleMatchAFullRun() throws {
        let f = try SimulationFixture(sample: "haiphong-real")
        for seed in UInt64(100)...110 { try check(f, seed: seed, changes: 40) }
    }

    func testRandomChangesOnATreeThatChangesOverTimeMatchAFullRun() throws {
        // Units with validity windows: the tree of each target year is built for that year.
        let f = try SimulationFixture(sample: "haiphong-reform")
        for seed in UInt64(200)...208 { try check(f, seed: seed, changes: 40) }
    }

    func testTheLoadedPlanMatchesAFullRun() throws {
        for sample in ["city-synthetic", "haiphong-real", "haiphong-reform"] {
            let f = try SimulationFixture(sample: sample)
            compare(f, f.simulation.report(), f.fullReport(), "\(sample) as loaded")
            XCTAssertEqual(f.simulation.effects(), [], sample)
        }
    }

    func testOneThreadAndManyThreadsLoadTheSame() throws {
        let one = try SimulationFixture(folder: PackageFilesPath.sample("city-synthetic"), threads: 1)
        let many = try SimulationFixture(folder: PackageFilesPath.sample("city-synthetic"), threads: 4)
        XCTAssertEqual(one.simulation.report().findings, many.simulation.report().findings)
        XCTAssertEqual(one.simulation.report().progress, many.simulation.report().progress)
    }

    func testAChangeReevaluatesOnlyItsParentItselfAndTheTargetsBelowUpToTheNextTarget() throws {
        let f = try SimulationFixture(sample: "city-synthetic")
        // W2 (a ward of D1) has wards' groups below it; its parent is D1.
        let keys = f.simulation.affectedKeys(f.key("W2", "BHYT", 2025))
        XCTAssertEqual(keys.first, f.key("W2", "BHYT", 2025))
        XCTAssertEqual(keys.dropFirst().first, f.key("D1", "BHYT", 2025))
        let codes = keys.dropFirst(2).map { f.dataset.units.codes[$0.unit] }
        for code in codes { XCTAssertTrue(code.hasPrefix("G"), code) }
        // The city's change reaches down only to the districts with a target.
        let city = f.simulation.affectedKeys(f.key("P1", "BHYT", 2030))
        XCTAssertEqual(city.count, 1 + 6)
    }

    // MARK: helpers

    private func check(_ f: SimulationFixture, seed: UInt64, changes count: Int) throws {
        var draws = SeededDraws(seed: seed)
        let base = f.fullReport()
        var applied = 0
        for n in 1...count {
            guard let change = randomChange(f, &draws) else { continue }
            f.simulation.apply(change)
            applied += 1
            if n % 10 == 0 || n == count {
                guard compare(f, f.simulation.report(), f.fullReport(), "seed \(seed), after \(n) changes") else { return }
            }
        }
        for _ in 0..<applied { XCTAssertNotNil(f.simulation.undo(), "seed \(seed)") }
        XCTAssertNil(f.simulation.undo())
        compare(f, f.simulation.report(), base, "seed \(seed), every change undone")
        XCTAssertEqual(f.simulation.effects(), [], "seed \(seed): effects after every change was undone")
    }

    @discardableResult
    private func compare(_ f: SimulationFixture, _ incremental: FindingsReport, _ full: FindingsReport, _ what: String) -> Bool {
        if incremental.findings == full.findings && incremental.progress == full.progress { return true }
        let a = f.findingsCSV(incremental).split(separator: "\n")
        let b = f.findingsCSV(full).split(separator: "\n")
        if let k = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("\(what): findings differ at row \(k):\n incremental: \(a[k])\n full:        \(b[k])")
        } else if a.count != b.count {
            XCTFail("\(what): \(a.count - 1) findings incremental, \(b.count - 1) full")
        }
        let p = f.progressCSV(incremental).split(separator: "\n")
        let q = f.progressCSV(full).split(separator: "\n")
        if let k = zip(p, q).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("\(what): progress differs at row \(k):\n incremental: \(p[k])\n full:        \(q[k])")
        } else if p.count != q.count {
            XCTFail("\(what): \(p.count - 1) progress rows incremental, \(q.count - 1) full")
        } else if incremental.progress != full.progress {
            XCTFail("\(what): progress rows differ beyond their text")
        }
        return false
    }

    /// A random change: mostly an existing target of the plan changed or removed, sometimes a new
    /// target anywhere (an existing or a new year), in every notation (numbers, bounds, ranges,
    /// levels, out-of-range figures).
    private func randomChange(_ f: SimulationFixture, _ draws: inout SeededDraws) -> TargetChange? {
        let d = f.dataset
        let plan = f.simulation.plan.targets.sorted { TargetKey($0) < TargetKey($1) }
        var unit: Int
        var indicator: Int
        var year: Int
        var reference: Interval?
        if !plan.isEmpty && Int.random(in: 0..<10, using: &draws) < 6 {
            let t = plan[Int.random(in: 0..<plan.count, using: &draws)]
            (unit, indicator, year) = (t.unit, t.indicator, t.year)
            reference = t.figure.interval
        } else {
            unit = Int.random(in: 0..<d.units.count, using: &draws)
            indicator = Int.random(in: 0..<d.indicators.count, using: &draws)
            let years = d.targets.years + [2028]
            year = years[Int.random(in: 0..<years.count, using: &draws)]
            reference = plan.first { $0.indicator == indicator }?.figure.interval
        }
        let ind = d.indicators[indicator]
        let text: String
        if let scale = ind.levelScale {
            text = Int.random(in: 0..<6, using: &draws) == 0 ? "-" : scale.levels[Int.random(in: 0..<scale.levels.count, using: &draws)]
        } else {
            let low = ind.low ?? 0
            let high = ind.high ?? max(100, (reference?.high.isFinite == true ? reference?.high : nil) ?? 100) * 1.3
            var x = reference.map { $0.low.isFinite ? $0.low : ($0.high.isFinite ? $0.high : low) } ?? (low + high) / 2
            x += (Double.random(in: -0.1...0.1, using: &draws)) * (high - low)
            x = min(high, max(low, x))
            let a = (x * 10).rounded() / 10
            let b = min(high, a + Double(Int.random(in: 1...5, using: &draws)))
            switch Int.random(in: 0..<12, using: &draws) {
            case 0: text = "-"
            case 1: text = ">= \(a)"
            case 2: text = "<\(a)"
            case 3: text = "\(a)-\(b)"
            case 4: text = "\(high + 5)"
            case 5: text = ">\(a)"
            default: text = "\(a)"
            }
        }
        switch ChangeReader(dataset: d).change(
            unit: d.units.codes[unit], indicator: ind.code, year: String(year), target: text)
        {
        case .success(let change): return change
        case .failure: return nil
        }
    }
}

enum PackageFilesPath {
    static func sample(_ name: String) -> String { PackageFiles.root + "/Samples/" + name }
}
