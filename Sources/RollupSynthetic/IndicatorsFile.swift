import Foundation

/// Writes `indicators.csv` from ``SyntheticCatalog``, quoting the fields that need it.
enum IndicatorsFile {
    /// Writes the catalog to `url`; returns the bytes written.
    static func write(to url: URL) throws -> Int {
        let sink = try ByteSink(url: url)
        sink.bytes(Array((SyntheticCatalog.indicatorHeader + "\n").utf8))
        for indicator in SyntheticCatalog.indicators {
            let line = indicator.columns.map(csvField).joined(separator: ",") + "\n"
            sink.bytes(Array(line.utf8))
        }
        try sink.close()
        return sink.bytesWritten
    }

    /// `text` as an RFC 4180 field: quoted, with quotes doubled, when it holds a comma, a quote
    /// or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
