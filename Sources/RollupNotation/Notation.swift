import RollupModel

/// Reads targets and values as they are written in the data: numbers in either notation, a
/// trailing `%`, bounds, ranges, "nothing" and qualitative levels.
///
/// | written | read as |
/// | --- | --- |
/// | `95`, `94.17`, `1e3`, `-2` | the number |
/// | `"94,17"`, `"1.234,5"` | Vietnamese: `,` decimal, `.` thousands (always, a comma is never a thousands separator) |
/// | `49.400` | 49.4; 49400 with Vietnamese notation on (then a dot followed by groups of three digits is a thousands separator, any other single dot a decimal point) |
/// | `94,17%` | the number, where the indicator is a share |
/// | `<3`, `< 3`, `<=3`, `≤ 3`, `>60`, `>= 2`, `≥ 97`, `&lt; 0,1` | a bound: an interval open (`<`, `>`) or closed (`≤`, `≥`) at the number, unbounded on the other side |
/// | `28-30`, `0,45-0,47`, `95- 97`, `95–97` | a closed range |
/// | `-`, `–`, empty | nothing |
/// | a word or phrase | a level of the indicator's scale (qualitative indicators only) |
///
/// Anything else is an error; a notation is never guessed and never read as 0.
public enum Notation {
    /// Reads `text` under `options`.
    public static func read(_ text: String, _ options: NotationOptions) -> Result<Reading, NotationError> {
        var copy = text
        return copy.withUTF8 { read(bytes: $0, options) }
    }

    /// Reads UTF-8 `bytes` under `options`; the bytes must be valid UTF-8.
    public static func read(bytes: UnsafeBufferPointer<UInt8>, _ options: NotationOptions) -> Result<Reading, NotationError> {
        var cursor = Cursor(bytes: bytes)
        cursor.trim()
        if cursor.isEmpty || cursor.isDashAlone { return .success(Reading(figure: nil)) }
        if let scale = options.scale {
            return readLevel(cursor.text, scale: scale)
        }
        return readNumeric(&cursor, options)
    }

    private static func readLevel(_ text: String, scale: LevelScale) -> Result<Reading, NotationError> {
        if scale.rank(of: text) != nil { return .success(Reading(figure: .level(text))) }
        // A spreadsheet's no-break space between the words of a level is a space.
        if text.unicodeScalars.contains("\u{00A0}") {
            let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{00A0}" ? " " : $0 }))
            if scale.rank(of: spaced) != nil { return .success(Reading(figure: .level(spaced))) }
        }
        return .failure(
            NotationError(
                found: text,
                expected: "a level of the indicator's scale (" + scale.levels.joined(separator: " < ") + ")"))
    }

    private static let expectedNumeric = "a number, a bound such as <3 or ≥ 97, a range such as 28-30, or -"

    private static func readNumeric(_ cursor: inout Cursor, _ options: NotationOptions) -> Result<Reading, NotationError> {
        // The text only for a message: made when the notation fails, not per call.
        let written = cursor
        func fail(_ expected: String = expectedNumeric) -> Result<Reading, NotationError> {
            .failure(NotationError(found: written.text, expected: expected))
        }
        if let op = cursor.comparison() {
            cursor.skipSpaces()
            guard let number = cursor.number(vietnamese: options.vietnamese) else {
                return fail("a number after '\(op.symbol)'")
            }
            guard cursor.percent(allowed: options.allowsPercent) else { return fail(percentMessage) }
            guard cursor.atEnd else { return fail() }
            let interval: Interval
            switch op {
            case .below: interval = Interval(low: -.infinity, high: number.value, includesHigh: false)
            case .atMost: interval = Interval(low: -.infinity, high: number.value)
            case .above: interval = Interval(low: number.value, high: .infinity, includesLow: false)
            case .atLeast: interval = Interval(low: number.value, high: .infinity)
            }
            return .success(Reading(figure: .interval(interval), decimals: number.decimals))
        }
        guard let first = cursor.number(vietnamese: options.vietnamese) else { return fail() }
        guard cursor.percent(allowed: options.allowsPercent) else { return fail(percentMessage) }
        cursor.skipSpaces()
        if cursor.atEnd { return .success(Reading(figure: .number(first.value), decimals: first.decimals)) }
        guard cursor.rangeSeparator() else { return fail() }
        cursor.skipSpaces()
        guard let second = cursor.number(vietnamese: options.vietnamese) else {
            return fail("a number after the '-' of a range such as 28-30")
        }
        guard cursor.percent(allowed: options.allowsPercent) else { return fail(percentMessage) }
        guard cursor.atEnd else { return fail() }
        guard first.value <= second.value else {
            return fail("a range whose first number is not above its second, such as 28-30")
        }
        let range = Interval(low: first.value, high: second.value)
        return .success(
            Reading(figure: range.isPoint ? .number(first.value) : .interval(range), decimals: Swift.max(first.decimals, second.decimals)))
    }

    private static let percentMessage = "a number without '%': a trailing % is accepted on shares only, not on counts or rates"
}

/// The comparison that opens a bound.
enum Comparison {
    case below, atMost, above, atLeast

    var symbol: String {
        switch self {
        case .below: return "<"
        case .atMost: return "≤"
        case .above: return ">"
        case .atLeast: return "≥"
        }
    }
}
