import RollupModel
import RollupNotation

/// One change to a plan: the target of a unit, indicator and year set to a new one, or removed.
public struct TargetChange: Sendable, Hashable {
    /// The key changed.
    public var key: TargetKey
    /// The new target; `nil` removes the target (written `-`).
    public var target: Target?

    /// Makes a change.
    public init(key: TargetKey, target: Target?) {
        self.key = key
        self.target = target
    }
}

/// Why a change could not be read: which of its fields and what was found and expected
/// (`found the unit 'W9', expected the code of a unit in units.csv`).
public struct ChangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault: `unit`, `indicator`, `year`, `target`, or `change` for the whole.
    public var field: String
    /// What was found and what was expected.
    public var message: String

    /// Makes an error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Every problem of one change.
public struct ChangeErrors: Error, Sendable, Hashable {
    /// The problems, in field order.
    public var errors: [ChangeError]
}

/// Reads changes written as `targets.csv` writes targets: unit and indicator codes, a year, and
/// a target in any notation of the contract (`97`, `>=97`, `"94,5"`, `28-30`, a level; `-` or an
/// empty target removes the target). The same checks as the loader's, with the same messages.
public struct ChangeReader: Sendable {
    /// The dataset the changes apply to.
    public let dataset: Dataset
    /// Whether numbers are in Vietnamese notation.
    public let vietnamese: Bool

    /// A reader for changes to `dataset`'s targets.
    public init(dataset: Dataset, vietnamese: Bool = false) {
        self.dataset = dataset
        self.vietnamese = vietnamese
    }

    /// Reads one change from its four fields (trimmed here).
    public func change(
        unit unitText: String, indicator indicatorText: String, year yearText: String, target targetText: String, line: Int = 0
    )
        -> Result<TargetChange, ChangeErrors>
    {
        let unitCode = unitText.trimmingSpaces
        let indicatorCode = indicatorText.trimmingSpaces
        let yearString = yearText.trimmingSpaces
        let text = targetText.trimmingSpaces
        var errors: [ChangeError] = []
        let unit = dataset.units.index(of: unitCode)
        if unit == nil {
            errors.append(ChangeError(field: "unit", message: "found the unit '\(unitCode)', expected the code of a unit in units.csv"))
        }
        let indicator = dataset.indicators.index(of: indicatorCode)
        if indicator == nil {
            errors.append(
                ChangeError(
                    field: "indicator",
                    message: "found the indicator '\(indicatorCode)', expected the code of an indicator in indicators.csv"))
        }
        let year = ChangeReader.year(yearString)
        if year == nil {
            errors.append(ChangeError(field: "year", message: "found '\(yearString)', expected a year such as 2030"))
        }
        var figure: Figure?
        if let indicator {
            switch Notation.read(text, NotationOptions(for: dataset.indicators[indicator], vietnamese: vietnamese)) {
            case .success(let reading): figure = reading.figure.map { ChangeReader.clamp($0, dataset.indicators[indicator]) }
            case .failure(let e): errors.append(ChangeError(field: "target", message: "found '\(e.found)', expected \(e.expected)"))
            }
        }
        guard errors.isEmpty, let unit, let indicator, let year else { return .failure(ChangeErrors(errors: errors)) }
        let key = TargetKey(unit: unit, indicator: indicator, year: year)
        let target = figure.map { Target(unit: unit, indicator: indicator, year: year, figure: $0, text: text, line: line) }
        return .success(TargetChange(key: key, target: target))
    }

    /// Reads `UNIT:INDICATOR:YEAR=TARGET` (the unit code may itself hold `:`; the target is
    /// everything after the first `=`).
    public func change(spec: String) -> Result<TargetChange, ChangeErrors> {
        guard let eq = spec.firstIndex(of: "=") else {
            return .failure(
                ChangeErrors(errors: [
                    ChangeError(field: "change", message: "found '\(spec)', expected UNIT:INDICATOR:YEAR=TARGET such as W1:BHYT:2030=97")
                ]))
        }
        let left = spec[..<eq]
        let target = String(spec[spec.index(after: eq)...])
        let parts = left.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3 else {
            return .failure(
                ChangeErrors(errors: [
                    ChangeError(field: "change", message: "found '\(left)' before '=', expected UNIT:INDICATOR:YEAR such as W1:BHYT:2030")
                ]))
        }
        let unit = parts[..<(parts.count - 2)].joined(separator: ":")
        return change(unit: unit, indicator: String(parts[parts.count - 2]), year: String(parts[parts.count - 1]), target: target)
    }

    /// A year as `targets.csv` accepts it: 1 to 4 ASCII digits, at least 1.
    static func year(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text), year >= 1 else {
            return nil
        }
        return year
    }

    /// A bound's open side closed by the indicator's valid range, as the loader does.
    static func clamp(_ figure: Figure, _ indicator: Indicator) -> Figure {
        guard case .interval(let i) = figure else { return figure }
        let clamped = i.clamped(low: indicator.low, high: indicator.high)
        return clamped.isPoint ? .number(clamped.low) : .interval(clamped)
    }
}

extension String {
    /// The text without surrounding spaces, tabs and line ends (a line read from a Windows file
    /// keeps its carriage return).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" { s.removeLast() }
        return String(s)
    }
}
