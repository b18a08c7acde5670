/// The figures one leaf reports for one period: counts as integers, shares in hundredths
/// (9417 is 94.17%). Drawn from the values stream, then nudged from one period to the next.
struct LeafFigures: Sendable {
    /// Population, 200...5000 in the first period.
    var population: Int
    /// Labour force, 50% to 60% of the population (per ten thousand).
    var labourShare: Int
    /// Household size in hundredths of a person (3.20 to 4.20).
    var householdSize: Int
    /// Hospital beds per 10,000 people, in hundredths (0 to 60).
    var bedRate: Int
    /// BHYT coverage, in hundredths of a percent (80.00 to 99.50 in the first period).
    var healthInsurance: Int
    /// UNEMP, in hundredths (0.50 to 6.00).
    var unemployment: Int
    /// WATER, in hundredths (70.00 to 100.00).
    var cleanWater: Int
    /// SCHOOL_MIN, in hundredths (85.00 to 100.00).
    var schooling: Int
    /// POOR_MAX, in hundredths (0.00 to 8.00).
    var poverty: Int
    /// SATIS, in hundredths (60.00 to 95.00).
    var satisfaction: Int
    /// Whether the leaf meets the new-rural standard (reported as 100, else 0).
    var meetsStandard: Bool

    /// Draws the first period's figures of a leaf.
    init(using generator: inout SeededGenerator) {
        population = generator.within(200, 5_000)
        labourShare = generator.within(5_000, 6_000)
        householdSize = generator.within(320, 420)
        bedRate = generator.within(0, 6_000)
        healthInsurance = generator.within(8_000, 9_950)
        unemployment = generator.within(50, 600)
        cleanWater = generator.within(7_000, 10_000)
        schooling = generator.within(8_500, 10_000)
        poverty = generator.within(0, 800)
        satisfaction = generator.within(6_000, 9_500)
        meetsStandard = generator.below(10) < 7
    }

    /// Moves the figures on by one period: population -2%..+3%, shares a little better mostly.
    mutating func advance(using generator: inout SeededGenerator) {
        population = max(1, population + population * generator.within(-200, 300) / 10_000)
        healthInsurance = Self.share(healthInsurance + generator.within(-100, 200))
        unemployment = Self.share(unemployment + generator.within(-50, 40))
        cleanWater = Self.share(cleanWater + generator.within(-50, 200))
        schooling = Self.share(schooling + generator.within(-100, 100))
        poverty = Self.share(poverty + generator.within(-100, 30))
        satisfaction = Self.share(satisfaction + generator.within(-300, 300))
        bedRate = max(0, bedRate + generator.within(-200, 300))
        if !meetsStandard { meetsStandard = generator.below(100) < 15 }
    }

    /// Labour force (people).
    var labour: Int { population * labourShare / 10_000 }
    /// Households.
    var households: Int { max(1, population * 100 / householdSize) }
    /// Hospital beds.
    var beds: Int { population * bedRate / 1_000_000 }
    /// Beds per 10,000 people from the written counts, in hundredths, rounded half up.
    var bedsPerTenThousand: Int { (beds * 2_000_000 + population) / (2 * population) }

    private static func share(_ value: Int) -> Int { min(10_000, max(0, value)) }
}
