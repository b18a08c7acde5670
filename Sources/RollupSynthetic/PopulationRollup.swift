/// What an internal unit's own POP and BHYT reports are checked against: the roll-up of its
/// children's POP (a sum) and BHYT (weighted by POP), by the contract's rules.
struct PopulationRollup: Sendable {
    /// Sum of the contributing children's population.
    private(set) var population = 0
    /// Number of children that contributed a population.
    private(set) var populationContributors = 0
    /// Σ POP × BHYT over the children having both.
    private(set) var weightedCoverage = 0.0
    /// Σ POP over the children having both.
    private(set) var coverageWeight = 0.0

    /// Adds one child's effective figures (nil: not reported and not rolled up).
    @inline(__always)
    mutating func add(population childPopulation: Int?, coverage: Double?) {
        guard let childPopulation else { return }
        population += childPopulation
        populationContributors += 1
        if let coverage {
            weightedCoverage += Double(childPopulation) * coverage
            coverageWeight += Double(childPopulation)
        }
    }

    /// The rolled-up population, nil when no child contributed.
    var rolledPopulation: Int? { populationContributors > 0 ? population : nil }

    /// The rolled-up coverage in percent, nil when no child had both figures.
    var rolledCoverage: Double? { coverageWeight > 0 ? weightedCoverage / coverageWeight : nil }
}
