extension SyntheticPreset {
    /// The levels of the preset from the root down.
    var shape: [ShapeLevel] {
        switch self {
        case .city:
            [ShapeLevel(.province, 1), ShapeLevel(.district, 6), ShapeLevel(.ward, 40), ShapeLevel(.group, 300)]
        case .vn:
            [ShapeLevel(.national, 1), ShapeLevel(.province, 34), ShapeLevel(.commune, 3_321), ShapeLevel(.group, 100_000)]
        case .oneMillion:
            [
                ShapeLevel(.national, 1), ShapeLevel(.region, 6), ShapeLevel(.province, 63),
                ShapeLevel(.district, 705), ShapeLevel(.commune, 10_600), ShapeLevel(.group, 1_000_000),
            ]
        case .tenMillion:
            [
                ShapeLevel(.national, 1), ShapeLevel(.region, 6), ShapeLevel(.province, 63),
                ShapeLevel(.district, 705), ShapeLevel(.commune, 10_600, leafShare: 0.01),
                ShapeLevel(.group, 10_000_000),
            ]
        }
    }
}
