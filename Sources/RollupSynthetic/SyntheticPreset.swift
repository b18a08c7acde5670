/// The shape of a synthetic administrative tree: how many units on each level and how deep.
///
/// The raw value is the name a command line or a benchmark uses (`"city"`, `"vn"`, `"1m"`,
/// `"10m"`). Level counts are fixed by the preset; which parent gets how many children (the
/// uneven fan-out) is drawn from the seed. Every internal unit has at least one child.
public enum SyntheticPreset: String, CaseIterable, Sendable {
    /// A small synthetic city for the bundled sample and for fast tests: 1 city root (level
    /// `province`), 6 districts, 40 wards and 300 residential groups (tổ dân phố) as leaves;
    /// 4 levels, 347 units. Names look Vietnamese ("Quận Hồng Bàng 3", "Phường Lê Lợi 12",
    /// "Tổ dân phố 7").
    case city = "city"

    /// Shaped like Vietnam after the 2025 reform: 1 nation, 34 provinces, 3,321 communes and
    /// 100,000 villages and residential groups as leaves; 4 levels, 103,356 units.
    case vn = "vn"

    /// About one million leaves on 6 levels (nation, 6 regions, 63 provinces, 705 districts,
    /// 10,600 communes, 1,000,000 groups), uneven fan-out.
    case oneMillion = "1m"

    /// About ten million leaves: like ``oneMillion`` with 10,000,000 groups, and about 1% of the
    /// communes (special zones, "Đặc khu") have no groups, so leaves sit on level 5 or 6.
    case tenMillion = "10m"

    /// One line describing the shape, for help screens and benchmark reports.
    public var shapeDescription: String {
        switch self {
        case .city: "1 city, 6 districts, 40 wards, 300 residential groups (4 levels)"
        case .vn: "1 nation, 34 provinces, 3,321 communes, 100,000 villages and groups (4 levels)"
        case .oneMillion: "1 nation, 6 regions, 63 provinces, 705 districts, 10,600 communes, 1,000,000 groups (6 levels)"
        case .tenMillion:
            "1 nation, 6 regions, 63 provinces, 705 districts, 10,600 communes (about 1% special zones without groups), 10,000,000 groups (5 or 6 levels)"
        }
    }
}
