import RollupModel

/// The text of numbers and intervals in findings and progress rows.
///
/// Columns (`value`, `expected`) use the shortest round-trip form (the same rule as
/// `rollups.csv`: `.` as the decimal point, `3426`, `94.17`, `1e-05`, never `-0`); messages use a
/// readable form rounded to 6 significant digits. An interval is written as a bound where one
/// end is the indicator's valid limit or unbounded (`<3`, `<=3`, `>60`, `>=97`), else with
/// brackets (`[94.15, 94.25)`, `[28, 30]`); a level by its name.
enum FigureText {
    /// The shortest text that reads back to `x` (``NumberFormat/text(_:)``).
    static func shortest(_ x: Double) -> String { NumberFormat.text(x) }

    /// `x` rounded to 6 significant digits (integers of any size kept whole), for messages.
    static func readable(_ x: Double) -> String { shortest(rounded(x)) }

    /// The number ``readable(_:)`` writes: `x` rounded to 6 significant digits (integers, zero
    /// and non-finite numbers as they are).
    static func rounded(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        if x == x.rounded() { return x }
        let magnitude = Int((abs(x)).log10Floor)
        let decimals = min(12, max(0, 5 - magnitude))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (x * scale).rounded() / scale
    }

    /// `x` rounded to `digits` significant digits (at least 0 decimals), for shares in messages.
    static func short(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite, x != 0 else { return shortest(x) }
        let magnitude = Int((abs(x)).log10Floor)
        let decimals = min(12, max(0, digits - 1 - magnitude))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return shortest((x * scale).rounded() / scale)
    }

    /// A share (0 to 1) as a percentage with 3 significant digits (`0.753` → `75.3%`).
    static func percent(_ share: Double) -> String { short(100 * share) + "%" }

    /// A signed readable number (`+1.9`, `-0.3`, `0`).
    static func signed(_ x: Double) -> String {
        x > 0 ? "+" + readable(x) : readable(x)
    }

    /// The number of digits after the decimal point in the shortest text of `x`.
    static func decimals(of x: Double) -> Int {
        guard x.isFinite else { return 0 }
        let text = x.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = 0
        if let dot = mantissa.firstIndex(of: ".") {
            let fraction = mantissa[mantissa.index(after: dot)...]
            digits = fraction == "0" ? 0 : fraction.count
        }
        return max(0, digits - exponent)
    }

    /// Appends ``figure(_:_:readable:)-(_,FigureStyle,_)`` to `text` without making a `String`
    /// for it (nor for its numbers).
    static func appendFigure(_ i: Interval, _ style: FigureStyle, readable: Bool, to text: inout MessageText) {
        if let scale = style.scale {
            let low = i.low.isFinite ? scale.level(atRank: Int(i.low)) : nil
            let high = i.high.isFinite ? scale.level(atRank: Int(i.high)) : nil
            if i.isPoint, let low { return text.add(low) }
            if let low, let high {
                text.add(low)
                text.add(" to ")
                text.add(high)
                return
            }
        }
        let number: (Double, inout MessageText) -> Void = readable ? { $1.add(number: rounded($0)) } : { $1.add(number: $0) }
        if i.isPoint { return number(i.low, &text) }
        let lowFree = !i.low.isFinite || (style.low == i.low && i.includesLow)
        let highFree = !i.high.isFinite || (style.high == i.high && i.includesHigh)
        switch (lowFree, highFree) {
        case (true, true) where !i.low.isFinite && !i.high.isFinite:
            text.add("any")
        case (true, false):
            text.add(i.includesHigh ? "<=" : "<")
            number(i.high, &text)
        case (false, true):
            text.add(i.includesLow ? ">=" : ">")
            number(i.low, &text)
        default:
            text.add(i.includesLow ? "[" : "(")
            number(i.low, &text)
            text.add(", ")
            number(i.high, &text)
            text.add(i.includesHigh ? "]" : ")")
        }
    }

    /// An interval's text with `number` for its ends; an end equal to the valid limit given (or
    /// unbounded) is dropped, giving a bound.
    static func interval(
        _ i: Interval, lowLimit: Double? = nil, highLimit: Double? = nil, number: (Double) -> String = shortest
    ) -> String {
        if i.isPoint { return number(i.low) }
        let lowFree = !i.low.isFinite || (lowLimit == i.low && i.includesLow)
        let highFree = !i.high.isFinite || (highLimit == i.high && i.includesHigh)
        switch (lowFree, highFree) {
        case (true, true) where !i.low.isFinite && !i.high.isFinite:
            return "any"
        case (true, false):
            return (i.includesHigh ? "<=" : "<") + number(i.high)
        case (false, true):
            return (i.includesLow ? ">=" : ">") + number(i.low)
        default:
            return (i.includesLow ? "[" : "(") + number(i.low) + ", " + number(i.high) + (i.includesHigh ? "]" : ")")
        }
    }

    /// A figure of `indicator` as text: a level by name (a range of ranks as "A to B"), a number
    /// or an interval with the indicator's limits dropped.
    static func figure(_ i: Interval, _ indicator: Indicator, readable: Bool = false) -> String {
        figure(i, FigureStyle(indicator), readable: readable)
    }

    /// ``figure(_:_:readable:)`` with what it reads of the indicator made once (``FigureStyle``).
    static func figure(_ i: Interval, _ style: FigureStyle, readable: Bool = false) -> String {
        if style.scale == nil && i.isPoint { return shortest(readable ? rounded(i.low) : i.low) }
        var text = MessageText(capacity: 48)
        appendFigure(i, style, readable: readable, to: &text)
        return text.string
    }
}

/// What writing a figure reads of its indicator (its valid limits and level scale), made once per
/// indicator so that each figure written does not copy the whole ``Indicator`` (its strings).
struct FigureStyle: Sendable {
    /// The indicator's valid lower limit, if any.
    let low: Double?
    /// The indicator's valid upper limit, if any.
    let high: Double?
    /// The indicator's level scale, if it has one.
    let scale: LevelScale?

    init(_ indicator: Indicator) {
        low = indicator.low
        high = indicator.high
        scale = indicator.levelScale
    }
}

extension Double {
    /// ⌊log₁₀ |x|⌋ for a finite non-zero x.
    fileprivate var log10Floor: Double {
        var m = abs(self)
        var e = 0.0
        while m >= 10 {
            m /= 10
            e += 1
        }
        while m < 1 {
            m *= 10
            e -= 1
        }
        return e
    }
}
