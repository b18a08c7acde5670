/// Which units took over which when the tree changed: each unit's successors (the `successor`
/// column; several codes separated by `;` record a split) and, the other way, its predecessors.
///
/// A merged unit's figures for a year before the merger are its predecessors' figures combined;
/// a unit that split cannot be divided without more data, so what it stood for is reported as a
/// split, never divided.
public struct Succession: Sendable {
    /// Each unit's successors by index (empty: none; two or more: it split).
    public let successors: [[Int]]
    /// Each unit's direct predecessors by index, in unit order.
    public let predecessors: [[Int]]

    /// The successor codes written in a `successor` field.
    public static func codes(_ field: String?) -> [String] {
        guard let field else { return [] }
        return field.split(separator: ";").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// Reads every row's successors; codes that name no unit are ignored (the loader reports them).
    public init(_ catalog: UnitCatalog) {
        var successors = Array(repeating: [Int](), count: catalog.count)
        var predecessors = Array(repeating: [Int](), count: catalog.count)
        for u in 0..<catalog.count {
            for record in catalog.records[u] {
                for code in Succession.codes(record.successor) {
                    guard let s = catalog.index(of: code), s != u, !successors[u].contains(s) else { continue }
                    successors[u].append(s)
                    predecessors[s].append(u)
                }
            }
        }
        for s in predecessors.indices { predecessors[s].sort() }
        self.successors = successors
        self.predecessors = predecessors
    }

    /// Whether any unit has a successor.
    public var isEmpty: Bool { successors.allSatisfy(\.isEmpty) }

    /// What `unit` stands for in `year`: the unit itself if it existed then, and every unit it
    /// absorbed later (its predecessors, back through chains of mergers) that existed then. A city
    /// that absorbed a province in 2025 stands, in 2024, for itself and that province. `split` is
    /// true when a unit on the way had several successors (its figures cannot be attributed).
    public func sources(of unit: Int, in year: Int, catalog: UnitCatalog) -> (units: [Int], split: Bool) {
        var found: [Int] = catalog.exists(unit, in: year) ? [unit] : []
        var split = false
        var seen: Set<Int> = [unit]
        var stack = predecessors[unit].reversed().map { $0 }
        while let p = stack.popLast() {
            guard seen.insert(p).inserted else { continue }
            if successors[p].count > 1 { split = true }
            if catalog.exists(p, in: year) { found.append(p) }
            stack.append(contentsOf: predecessors[p].reversed())
        }
        return (found.sorted(), split)
    }

    /// A cycle of successors through `start` (A → B → A), as indices, if any.
    public func cycle(from start: Int) -> [Int]? {
        var path = [start]
        var current = start
        var seen: Set<Int> = [start]
        while successors[current].count == 1, let next = successors[current].first {
            if next == start { return path }
            guard seen.insert(next).inserted else { return nil }
            path.append(next)
            current = next
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
