/// Writes well-formed HTML, and the SVG inside it, with every piece of text escaped.
///
/// The output is also well-formed XML (XHTML-compatible): every element is closed, HTML void
/// elements and SVG leaves are written `<tag ... />`, attribute values are always quoted, and
/// the only entities used are XML's own (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`). Text and
/// attribute values from the data go through ``text(_:)`` and the attribute lists, never through
/// ``trusted(_:)``, so a unit named `<script>alert(1)</script>` is shown, not run. Characters XML
/// forbids (control characters other than tab, line feed and carriage return) become U+FFFD.
///
/// Tag and attribute names are the program's own constants, never data.
public struct HTMLWriter: Sendable {
    /// The markup written so far.
    public private(set) var output: String = ""
    /// The elements opened and not yet closed, outermost first.
    public private(set) var openElements: [String] = []

    /// An empty writer.
    public init() {}

    /// Whether every element opened has been closed.
    public var isBalanced: Bool { openElements.isEmpty }

    /// Opens `tag` with `attributes` (in the order given; a `nil` value leaves the attribute out).
    public mutating func start(_ tag: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        output += "<" + tag
        appendAttributes(attributes)
        output += ">"
        openElements.append(tag)
    }

    /// Closes the innermost open element, which must be `tag`.
    public mutating func end(_ tag: String) {
        precondition(openElements.last == tag, "closing <\(tag)> while <\(openElements.last ?? "nothing")> is open")
        openElements.removeLast()
        output += "</" + tag + ">"
    }

    /// Writes `<tag attributes>text</tag>`.
    public mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        output += "<" + tag
        appendAttributes(attributes)
        output += ">"
        output += HTMLWriter.escape(text)
        output += "</" + tag + ">"
    }

    /// Writes an element without content as `<tag attributes/>`: for HTML void elements (`meta`,
    /// `br`) and SVG shapes only (an empty HTML `div` must be written with ``element(_:_:text:)``).
    public mutating func leaf(_ tag: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        output += "<" + tag
        appendAttributes(attributes)
        output += "/>"
    }

    /// Writes `text`, escaped.
    public mutating func text(_ text: String) {
        output += HTMLWriter.escape(text)
    }

    /// Writes markup the program made itself (a style sheet, an SVG drawing from ``SVGBarChart``
    /// or ``SVGGrid``), as it is. Never for text from the data.
    public mutating func trusted(_ markup: String) {
        output += markup
    }

    /// The markup; every element must have been closed.
    public func finish() -> String {
        precondition(isBalanced, "unclosed elements: \(openElements)")
        return output
    }

    private mutating func appendAttributes(_ attributes: KeyValuePairs<String, String?>) {
        for (name, value) in attributes {
            guard let value else { continue }
            output += " " + name + "=\"" + HTMLWriter.escape(value) + "\""
        }
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped (safe in element content and in quoted
    /// attribute values), and characters XML forbids replaced by U+FFFD.
    public static func escape(_ text: String) -> String {
        var needs = false
        for u in text.utf8
        where u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 || (u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0D)
            || u == 0xEF
        {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                let v = scalar.value
                if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
