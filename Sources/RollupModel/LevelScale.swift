/// An ordered list of qualitative levels, lowest first, for indicators measured in words
/// (`Mức độ`, `Bậc học`).
///
/// `worst_level` rolls such an indicator up to the lowest level among the children. Levels are
/// matched without regard to case or Unicode normalisation (`Loại trừ` typed in decomposed form
/// is the same level).
public struct LevelScale: Sendable, Hashable {
    /// A short name for documentation and messages.
    public let name: String
    /// The levels, lowest (worst) first.
    public let levels: [String]

    /// Makes a scale from its levels, lowest first.
    public init(name: String, levels: [String]) {
        self.name = name
        self.levels = levels
    }

    /// The position of `text` in the scale (0 = lowest), or `nil` when it is not one of its levels.
    public func rank(of text: String) -> Int? {
        let key = LevelScale.key(text)
        return levels.firstIndex { LevelScale.key($0) == key }
    }

    /// The level at a rank, if the rank is in the scale.
    public func level(atRank rank: Int) -> String? {
        levels.indices.contains(rank) ? levels[rank] : nil
    }

    static func key(_ text: String) -> String {
        // Swift string comparison is by canonical equivalence, so NFC and NFD spellings agree;
        // lowercasing makes "loại trừ" and "Loại trừ" one level.
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The scales met in the documents of the programme, each lowest first.
    ///
    /// - `assurance`: Chưa bảo đảm < Giải quyết cơ bản < Bảo đảm < Bảo đảm vững chắc
    ///   (replacement fertility: "Bảo đảm vững chắc").
    /// - `elimination`: Chưa kiểm soát < Kiểm soát < Loại trừ < Chấm dứt < Xóa bỏ hoàn toàn
    ///   (malaria "Loại trừ", AIDS "Chấm dứt", temporary housing "Xóa bỏ hoàn toàn").
    /// - `schooling`: Mầm non < Tiểu học < THCS < THPT (health-insurance support for children by
    ///   school level: "Tiểu học" in 2025, "THCS" in 2030).
    public static let documented: [LevelScale] = [
        LevelScale(name: "assurance", levels: ["Chưa bảo đảm", "Giải quyết cơ bản", "Bảo đảm", "Bảo đảm vững chắc"]),
        LevelScale(
            name: "elimination", levels: ["Chưa kiểm soát", "Kiểm soát", "Loại trừ", "Chấm dứt", "Xóa bỏ hoàn toàn"]),
        LevelScale(name: "schooling", levels: ["Mầm non", "Tiểu học", "THCS", "THPT"]),
    ]

    /// The scale of an indicator whose `low` and `high` columns name its lowest and highest
    /// level: the slice of a documented scale between them, or the two-level scale
    /// `[low, high]` when they belong to no documented scale. With neither given, `nil`.
    public static func resolve(low: String?, high: String?) -> LevelScale? {
        let low = low.flatMap { $0.isEmpty ? nil : $0 }
        let high = high.flatMap { $0.isEmpty ? nil : $0 }
        if low == nil && high == nil { return nil }
        for scale in documented {
            let lowRank = low.map { scale.rank(of: $0) } ?? 0
            let highRank = high.map { scale.rank(of: $0) } ?? scale.levels.count - 1
            if let lowRank, let highRank, lowRank <= highRank {
                return LevelScale(name: scale.name, levels: Array(scale.levels[lowRank...highRank]))
            }
        }
        if let low, let high, key(low) != key(high) {
            return LevelScale(name: "\(low)..\(high)", levels: [low, high])
        }
        return nil
    }

    /// The documented scale that holds `text`, for an indicator whose `low`/`high` are empty.
    public static func documentedScale(containing text: String) -> LevelScale? {
        documented.first { $0.rank(of: text) != nil }
    }
}
