import RollupModel

/// What a notation may contain, decided by the indicator it belongs to and the data folder.
public struct NotationOptions: Sendable, Hashable {
    /// Whether the folder's numbers are in Vietnamese notation (`.` thousands, `,` decimal), so
    /// that `49.400` is 49400. A number containing a comma is Vietnamese whatever this says.
    public var vietnamese: Bool
    /// Whether a trailing `%` is accepted (on shares; not on counts or rates).
    public var allowsPercent: Bool
    /// The level scale for a qualitative indicator; `nil` for a numeric one.
    public var scale: LevelScale?

    /// Makes options.
    public init(vietnamese: Bool = false, allowsPercent: Bool = true, scale: LevelScale? = nil) {
        self.vietnamese = vietnamese
        self.allowsPercent = allowsPercent
        self.scale = scale
    }

    /// The options for figures of `indicator`.
    public init(for indicator: Indicator, vietnamese: Bool) {
        self.init(
            vietnamese: vietnamese, allowsPercent: indicator.aggregation.acceptsPercentSign,
            scale: indicator.levelScale)
    }
}

/// Why a notation could not be read: what was found and what was expected, for a message
/// `FILE:LINE:COLUMN: found ..., expected ...`.
public struct NotationError: Error, Sendable, Hashable {
    /// The text as written.
    public var found: String
    /// What would have been readable there.
    public var expected: String

    /// Makes an error.
    public init(found: String, expected: String) {
        self.found = found
        self.expected = expected
    }
}
