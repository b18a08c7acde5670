/// The fixed indicator list of every synthetic data folder: 13 indicators covering every numeric
/// aggregation of the contract (`sum`, `weighted_mean`, `ratio`, `share_of_units`, `min`, `max`,
/// `mean`, `none`), named as in the social-policy plans.
enum SyntheticCatalog {
    /// The header of `indicators.csv`.
    static let indicatorHeader = "code,name,unit,aggregation,weight,numerator,denominator,scale,direction,area,office,low,high"

    private static let statistics = "Cục Thống kê"
    private static let health = "Sở Y tế"
    private static let interior = "Sở Nội vụ"

    /// The indicators, in file order.
    static let indicators: [SyntheticIndicator] = [
        SyntheticIndicator(
            code: "POP", name: "Dân số trung bình", unit: "người", aggregation: "sum", direction: "",
            area: "Dân số", office: statistics, low: "0"),
        SyntheticIndicator(
            code: "LAB", name: "Lực lượng lao động", unit: "người", aggregation: "sum", direction: "",
            area: "II. Lao động, việc làm và thị trường lao động", office: statistics, low: "0"),
        SyntheticIndicator(
            code: "HH", name: "Số hộ gia đình", unit: "hộ", aggregation: "sum", direction: "",
            area: "Dân số", office: statistics, low: "0"),
        SyntheticIndicator(
            code: "BHYT", name: "Tỉ lệ bao phủ bảo hiểm y tế", unit: "%", aggregation: "weighted_mean",
            weight: "POP", direction: "higher", area: "IV. Bảo hiểm xã hội, bảo hiểm thất nghiệp, bảo hiểm y tế",
            office: "Bảo hiểm xã hội", low: "0", high: "100"),
        SyntheticIndicator(
            code: "UNEMP", name: "Tỉ lệ thất nghiệp", unit: "%", aggregation: "weighted_mean", weight: "LAB",
            direction: "lower", area: "II. Lao động, việc làm và thị trường lao động", office: interior,
            low: "0", high: "100"),
        SyntheticIndicator(
            code: "WATER", name: "Tỉ lệ hộ dùng nước sạch", unit: "%", aggregation: "weighted_mean", weight: "HH",
            direction: "higher", area: "X. Nước sạch, vệ sinh môi trường",
            office: "Sở Nông nghiệp và Môi trường", low: "0", high: "100"),
        SyntheticIndicator(
            code: "BEDS", name: "Số giường bệnh", unit: "giường", aggregation: "sum", direction: "",
            area: "VII. Y tế", office: health, low: "0"),
        SyntheticIndicator(
            code: "BEDS10K", name: "Số giường bệnh trên 10.000 dân", unit: "giường/10.000 dân",
            aggregation: "ratio", numerator: "BEDS", denominator: "POP", scale: "10000", direction: "higher",
            area: "VII. Y tế", office: health, low: "0"),
        SyntheticIndicator(
            code: "NTM", name: "Tỉ lệ xã đạt chuẩn nông thôn mới", unit: "%", aggregation: "share_of_units",
            direction: "higher", area: "V. Trợ giúp xã hội, giảm nghèo", office: "Sở Nông nghiệp và Môi trường",
            low: "0", high: "100"),
        SyntheticIndicator(
            code: "SCHOOL_MIN", name: "Tỉ lệ đi học đúng tuổi", unit: "%", aggregation: "min", direction: "higher",
            area: "VI. Giáo dục", office: "Sở Giáo dục và Đào tạo", low: "0", high: "100"),
        SyntheticIndicator(
            code: "POOR_MAX", name: "Tỉ lệ hộ nghèo", unit: "%", aggregation: "max", direction: "lower",
            area: "V. Trợ giúp xã hội, giảm nghèo", office: interior, low: "0", high: "100"),
        SyntheticIndicator(
            code: "SATIS", name: "Chỉ số hài lòng", unit: "%", aggregation: "mean", direction: "higher",
            area: "VIII. Văn hóa, thông tin và truyền thông", office: "Sở Văn hóa, Thể thao và Du lịch",
            low: "0", high: "100"),
        SyntheticIndicator(
            code: "HDI", name: "Chỉ số phát triển con người", unit: "chỉ số", aggregation: "none",
            direction: "higher", area: "III. Phát triển nguồn nhân lực", office: statistics, low: "0", high: "1"),
    ]
}
