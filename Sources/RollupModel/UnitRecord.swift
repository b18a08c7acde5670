/// One row of `units.csv`: an administrative unit as it stood during a window of years.
///
/// A unit code may stand on several rows whose windows do not overlap (a ward moved under the
/// city when its district was abolished); each row gives the name, level and parent for its
/// window.
public struct UnitRecord: Sendable, Hashable {
    /// The unit's code (leading zeros matter: `01` and `001` are different units).
    public var code: String
    /// The name as written in the data.
    public var name: String
    /// The parent's code; `nil` for a root.
    public var parent: String?
    /// A free label (`national`, `city`, `district`, `ward`, `group`, ...).
    public var level: String
    /// The first year the row applies to; `nil`: unbounded.
    public var validFrom: Int?
    /// The last year the row applies to; `nil`: unbounded.
    public var validTo: Int?
    /// The unit that absorbed this one when it was merged, if any.
    public var successor: String?
    /// The 1-based line of the row in `units.csv`, for messages.
    public var line: Int

    /// Makes a record.
    public init(
        code: String, name: String, parent: String?, level: String = "", validFrom: Int? = nil,
        validTo: Int? = nil, successor: String? = nil, line: Int = 0
    ) {
        self.code = code
        self.name = name
        self.parent = parent
        self.level = level
        self.validFrom = validFrom
        self.validTo = validTo
        self.successor = successor
        self.line = line
    }

    /// Whether the row applies in `year`; every row applies when `year` is `nil`.
    public func isValid(in year: Int?) -> Bool {
        guard let year else { return true }
        return (validFrom ?? Int.min) <= year && year <= (validTo ?? Int.max)
    }

    /// Whether the windows of two rows share a year.
    public func overlaps(_ other: UnitRecord) -> Bool {
        (validFrom ?? Int.min) <= (other.validTo ?? Int.max) && (other.validFrom ?? Int.min) <= (validTo ?? Int.max)
    }
}
