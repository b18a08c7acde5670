/// Writes the rows of `values.csv` (`unit,indicator,period,value`) into a ``ByteSink``, drawing
/// which rows go missing and which shares are written as bounds.
struct ValueRowWriter {
    let sink: ByteSink
    let naming: UnitNaming
    let notation: Notation
    /// The probability threshold of writing a share as a bound or a range.
    let boundThreshold: UInt64
    /// Rows written so far.
    private(set) var rows = 0

    /// Writes `unit,indicator,period,` of a row.
    @inline(__always)
    mutating func start(_ level: TreeLevel, _ unit: Int, _ indicator: [UInt8], _ period: Int) {
        naming.code(level, unit, to: sink)
        sink.byte(UInt8(ascii: ","))
        sink.bytes(indicator)
        sink.byte(UInt8(ascii: ","))
        sink.int(period)
        sink.byte(UInt8(ascii: ","))
        rows += 1
    }

    /// A row whose value is an integer.
    @inline(__always)
    mutating func count(_ level: TreeLevel, _ unit: Int, _ indicator: [UInt8], _ period: Int, _ value: Int) {
        start(level, unit, indicator, period)
        sink.int(value)
        sink.byte(UInt8(ascii: "\n"))
    }

    /// A row whose value is a decimal number with `decimals` decimals (`scaled` / 10^decimals).
    @inline(__always)
    mutating func decimal(
        _ level: TreeLevel, _ unit: Int, _ indicator: [UInt8], _ period: Int, _ scaled: Int, decimals: Int
    ) {
        start(level, unit, indicator, period)
        notation.decimal(scaled, decimals: decimals, to: sink)
        sink.byte(UInt8(ascii: "\n"))
    }

    /// A row whose value is a share in hundredths, now and then written as a bound or range.
    @inline(__always)
    mutating func share(
        _ level: TreeLevel, _ unit: Int, _ indicator: [UInt8], _ period: Int, _ hundredths: Int,
        using generator: inout SeededGenerator
    ) {
        start(level, unit, indicator, period)
        if generator.chance(boundThreshold) {
            notation.shareBound(hundredths, form: generator.below(5), to: sink)
        } else {
            notation.decimal(hundredths, decimals: 2, to: sink)
        }
        sink.byte(UInt8(ascii: "\n"))
    }

    /// Writes one leaf's rows for one period, each missing with `missThreshold`; returns the
    /// population and coverage it reported, for its parent's roll-up.
    mutating func leaf(
        _ figures: LeafFigures, _ level: TreeLevel, _ unit: Int, _ period: Int, missThreshold: UInt64,
        using generator: inout SeededGenerator
    ) -> (population: Int?, coverage: Double?) {
        var population: Int?
        var coverage: Double?
        if !generator.chance(missThreshold) {
            count(level, unit, IndicatorCode.population, period, figures.population)
            population = figures.population
        }
        if !generator.chance(missThreshold) { count(level, unit, IndicatorCode.labour, period, figures.labour) }
        if !generator.chance(missThreshold) {
            count(level, unit, IndicatorCode.households, period, figures.households)
        }
        if !generator.chance(missThreshold) {
            share(level, unit, IndicatorCode.healthInsurance, period, figures.healthInsurance, using: &generator)
            coverage = Double(figures.healthInsurance) / 100
        }
        if !generator.chance(missThreshold) {
            share(level, unit, IndicatorCode.unemployment, period, figures.unemployment, using: &generator)
        }
        if !generator.chance(missThreshold) {
            share(level, unit, IndicatorCode.cleanWater, period, figures.cleanWater, using: &generator)
        }
        if !generator.chance(missThreshold) { count(level, unit, IndicatorCode.beds, period, figures.beds) }
        if !generator.chance(missThreshold) {
            decimal(level, unit, IndicatorCode.bedsPerTenThousand, period, figures.bedsPerTenThousand, decimals: 2)
        }
        if !generator.chance(missThreshold) {
            count(level, unit, IndicatorCode.newRural, period, figures.meetsStandard ? 100 : 0)
        }
        if !generator.chance(missThreshold) {
            share(level, unit, IndicatorCode.schooling, period, figures.schooling, using: &generator)
        }
        if !generator.chance(missThreshold) {
            share(level, unit, IndicatorCode.poverty, period, figures.poverty, using: &generator)
        }
        if !generator.chance(missThreshold) {
            share(level, unit, IndicatorCode.satisfaction, period, figures.satisfaction, using: &generator)
        }
        return (population, coverage)
    }
}
