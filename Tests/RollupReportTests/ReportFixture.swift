import Foundation
import RollupFindings
import RollupIO
import RollupKernel
import RollupModel
import RollupReport
import RollupTestSupport
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A data folder loaded, rolled up and checked, ready to render.
struct Evaluated {
    let dataset: Dataset
    let rollup: Rollup
    let report: FindingsReport

    init(folder: String, file: StaticString = #filePath, line: UInt = #line) throws {
        switch DatasetLoader.load(folder: folder, options: LoadOptions(threads: 2)) {
        case .success(let loaded):
            dataset = loaded.dataset
        case .failure(let errors):
            XCTFail(errors.description, file: file, line: line)
            throw errors
        }
        rollup = ParallelAggregator(threads: 2).rollUp(dataset)
        report = FindingsEngine.evaluate(dataset, rollup)
    }

    init(files: [String: String]) throws {
        let folder = try DataFolder(files)
        try self.init(folder: folder.path)
    }

    static let facts = RunFacts(
        dataFolder: "Samples/test", inputFiles: [RunFacts.InputFile(path: "Samples/test/units.csv", bytes: 1234)],
        runTime: "2025-11-23T00:00:00Z", options: [RunFacts.Option("threads", "2")], version: "test")

    func html(limits: ReportLimits = ReportLimits(), facts: RunFacts = Evaluated.facts) -> String {
        HTMLReport.markup(dataset, rollup, report, facts: facts, limits: limits)
    }

    func markdown(facts: RunFacts = Evaluated.facts) -> String {
        MarkdownSummary.render(dataset, rollup, report, facts: facts)
    }
}

/// Every element of an XML document, with its attributes and the text inside it, as parsed by
/// Foundation's XMLParser: a page it parses is well-formed.
final class ParsedXML: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var parent: Int?
        var text = ""

        /// Whether its class list holds `name`.
        func hasClass(_ name: String) -> Bool { (attributes["class"] ?? "").split(separator: " ").contains { $0 == name } }
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: Error?
    private(set) var allText = ""

    init(_ markup: String) {
        super.init()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? NSError(domain: "xml", code: 1) }
    }

    var isWellFormed: Bool { error == nil }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(Element(name: elementName, attributes: attributeDict, parent: open.last))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for k in open { elements[k].text += string }
        allText += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    /// Elements named `name` whose class list holds `className` (any, when `nil`), inside the
    /// element at index `within` when given.
    func all(_ name: String, class className: String? = nil, within: Int? = nil) -> [Element] {
        elements.indices.filter { k in
            let e = elements[k]
            guard e.name == name, className.map({ e.hasClass($0) }) ?? true else { return false }
            guard let within else { return true }
            var p = e.parent
            while let q = p {
                if q == within { return true }
                p = elements[q].parent
            }
            return false
        }.map { elements[$0] }
    }

    /// The indices of elements named `name` whose text contains `text`.
    func indices(_ name: String, containing text: String) -> [Int] {
        elements.indices.filter { elements[$0].name == name && elements[$0].text.contains(text) }
    }
}
