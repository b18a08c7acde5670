/// A level of the synthetic tree: its label in `units.csv`, its code prefix and how its units
/// are named.
enum LevelKind: Sendable {
    case national, region, province, district, commune, ward, group

    /// The `level` column.
    var label: [UInt8] {
        switch self {
        case .national: Array("national".utf8)
        case .region: Array("region".utf8)
        case .province: Array("province".utf8)
        case .district: Array("district".utf8)
        case .commune: Array("commune".utf8)
        case .ward: Array("ward".utf8)
        case .group: Array("group".utf8)
        }
    }

    /// The code prefix; a unit's code is the prefix and its 1-based index on its level
    /// (the one national unit's code is the bare prefix, `VN`). Prefixes differ, so codes are unique.
    var codePrefix: [UInt8] {
        switch self {
        case .national: Array("VN".utf8)
        case .region: Array("R".utf8)
        case .province: Array("P".utf8)
        case .district: Array("D".utf8)
        case .commune: Array("C".utf8)
        case .ward: Array("W".utf8)
        case .group: Array("G".utf8)
        }
    }

    /// Whether a code carries the index (every level but the single national root).
    var codeHasIndex: Bool { self != .national }
}
