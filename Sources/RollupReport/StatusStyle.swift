import RollupFindings

/// How each progress status and severity is shown: a colour, and a symbol or letter so that the
/// page still reads in black and white.
enum StatusStyle {
    /// The statuses in the order of the legend, best first.
    static let order: [ProgressStatus] = [.achieved, .onTrack, .offTrack, .missed, .undetermined, .noData]

    /// The grid's styles, parallel to ``order``.
    static let styles: [SVGGrid.Style] = order.map(style)

    /// The style of a status.
    static func style(_ status: ProgressStatus) -> SVGGrid.Style {
        switch status {
        case .achieved: return SVGGrid.Style(fill: "#1b7f3b", ink: "#ffffff", symbol: "✓", name: "achieved")
        case .onTrack: return SVGGrid.Style(fill: "#a5d6a7", ink: "#000000", symbol: "↗", name: "on track")
        case .offTrack: return SVGGrid.Style(fill: "#ffb74d", ink: "#000000", symbol: "↘", name: "off track")
        case .missed: return SVGGrid.Style(fill: "#c62828", ink: "#ffffff", symbol: "✗", name: "missed")
        case .undetermined: return SVGGrid.Style(fill: "#b0bec5", ink: "#000000", symbol: "?", name: "undetermined")
        case .noData: return SVGGrid.Style(fill: "#ffffff", ink: "#444444", symbol: "–", name: "no data")
        }
    }

    /// The index of a status's style.
    static func index(_ status: ProgressStatus) -> Int { order.firstIndex(of: status) ?? 0 }

    /// The status as a short word.
    static func word(_ status: ProgressStatus) -> String {
        switch status {
        case .achieved: return "achieved"
        case .onTrack: return "on track"
        case .offTrack: return "off track"
        case .missed: return "missed"
        case .undetermined: return "undetermined"
        case .noData: return "no data"
        }
    }

    /// The letter of a severity (`E`, `W`, `I`).
    static func letter(_ severity: Severity) -> String {
        switch severity {
        case .error: return "E"
        case .warning: return "W"
        case .info: return "I"
        }
    }

    /// A kind as words (`children_cannot_reach_target` → `children cannot reach target`).
    static func kindWords(_ kind: FindingKind) -> String {
        kind.rawValue.replacingUnderscores()
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
