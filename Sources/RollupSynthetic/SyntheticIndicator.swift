/// One row of the synthetic `indicators.csv`, as text columns.
struct SyntheticIndicator: Sendable {
    let code: String
    let name: String
    let unit: String
    let aggregation: String
    var weight = ""
    var numerator = ""
    var denominator = ""
    var scale = ""
    let direction: String
    let area: String
    let office: String
    let low: String
    var high = ""

    /// The columns in the order of ``SyntheticCatalog/indicatorHeader``.
    var columns: [String] {
        [code, name, unit, aggregation, weight, numerator, denominator, scale, direction, area, office, low, high]
    }
}
