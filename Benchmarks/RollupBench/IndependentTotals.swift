import Foundation

/// Known values of a data folder computed without the engine: `units.csv` and `values.csv` are
/// streamed with a byte-level CSV splitter of its own, and the roots' POP and BEDS (sums, with an
/// internal unit's own report used only when none of its children has a value), NTM (the share
/// of reporting leaves that report 100) and BEDS10K (10000 × BEDS / POP) are worked out per period.
struct IndependentTotals {
    /// The roots' figures for one period.
    struct RootFigures: Equatable {
        var population: Double?
        var beds: Double?
        /// The percentage of reporting leaves that meet the new-rural standard.
        var newRural: Double?
        /// Leaves below that reported NTM, and leaves below.
        var newRuralReported = 0
        var leaves = 0
        var bedsPerTenThousand: Double? {
            guard let beds, let population, population != 0 else { return nil }
            return 10_000 * beds / population
        }
    }

    /// `figures[period][rootCode]`.
    var figures: [Int: [String: RootFigures]] = [:]
    /// Value rows read (header excluded).
    var valueRows = 0
    /// Seconds spent streaming both files.
    var seconds = 0.0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func compute(folder: String) throws -> IndependentTotals {
        let start = Clock.now()
        // units.csv: code -> index, parent.
        var index: [String: Int] = [:]
        var codes: [String] = []
        var parentCodes: [String] = []
        var header: [String: Int] = [:]
        try CSVStream.forEachRecord(path: folder + "/units.csv") { record in
            if header.isEmpty {
                for k in 0..<record.count { header[record.string(k)] = k }
                return
            }
            guard let c = header["code"], let p = header["parent"], c < record.count else { return }
            let code = record.string(c)
            index[code] = codes.count
            codes.append(code)
            parentCodes.append(p < record.count ? record.string(p) : "")
        }
        let n = codes.count
        let parent = parentCodes.map { $0.isEmpty ? -1 : (index[$0] ?? -1) }
        var childCount = [Int](repeating: 0, count: n)
        for u in 0..<n where parent[u] >= 0 { childCount[parent[u]] += 1 }
        // Depth of each unit, to process the deepest first.
        var depth = [Int](repeating: -1, count: n)
        func depthOf(_ u: Int) -> Int {
            var chain: [Int] = []
            var v = u
            while v >= 0 && depth[v] < 0 && chain.count <= n {
                chain.append(v)
                v = parent[v]
            }
            var d = v >= 0 ? depth[v] : -1
            for w in chain.reversed() {
                d += 1
                depth[w] = d
            }
            return depth[u]
        }
        for u in 0..<n { _ = depthOf(u) }
        let bottomUp = (0..<n).sorted { depth[$0] > depth[$1] }

        // values.csv: POP, BEDS and NTM by period.
        var periods: [Int] = []
        var own: [[[Double]]] = []  // own[slot][0 POP, 1 BEDS, 2 NTM][unit]
        var columns: [String: Int] = [:]
        var rows = 0
        var unitColumn = 0
        var indicatorColumn = 0
        var periodColumn = 0
        var valueColumn = 0
        try CSVStream.forEachRecord(path: folder + "/values.csv") { record in
            if columns.isEmpty {
                for k in 0..<record.count { columns[record.string(k)] = k }
                guard let u = columns["unit"], let i = columns["indicator"], let p = columns["period"], let v = columns["value"] else {
                    throw Failure(description: "values.csv lacks one of unit, indicator, period, value")
                }
                (unitColumn, indicatorColumn, periodColumn, valueColumn) = (u, i, p, v)
                return
            }
            rows += 1
            guard record.count > max(unitColumn, indicatorColumn, periodColumn, valueColumn) else { return }
            let which: Int
            if record.field(indicatorColumn, is: "POP") {
                which = 0
            } else if record.field(indicatorColumn, is: "BEDS") {
                which = 1
            } else if record.field(indicatorColumn, is: "NTM") {
                which = 2
            } else {
                return
            }
            guard let u = index[record.string(unitColumn)], let period = Int(record.string(periodColumn)),
                let value = Double(record.string(valueColumn))
            else { return }
            var slot = periods.firstIndex(of: period) ?? -1
            if slot < 0 {
                slot = periods.count
                periods.append(period)
                own.append(Array(repeating: [Double](repeating: .nan, count: n), count: 3))
            }
            own[slot][which][u] = value
        }

        var result = IndependentTotals()
        result.valueRows = rows
        for (slot, period) in periods.enumerated() {
            let population = rollUpSum(own[slot][0], parent: parent, childCount: childCount, order: bottomUp)
            let beds = rollUpSum(own[slot][1], parent: parent, childCount: childCount, order: bottomUp)
            // NTM counts over leaves.
            var reported = [Int](repeating: 0, count: n)
            var met = [Int](repeating: 0, count: n)
            var leaves = [Int](repeating: 0, count: n)
            for u in bottomUp {
                if childCount[u] == 0 {
                    leaves[u] = 1
                    let v = own[slot][2][u]
                    if !v.isNaN {
                        reported[u] = 1
                        met[u] = v == 100 ? 1 : 0
                    }
                }
                if parent[u] >= 0 {
                    reported[parent[u]] += reported[u]
                    met[parent[u]] += met[u]
                    leaves[parent[u]] += leaves[u]
                }
            }
            var roots: [String: RootFigures] = [:]
            for u in 0..<n where parent[u] < 0 {
                roots[codes[u]] = RootFigures(
                    population: population[u].isNaN ? nil : population[u], beds: beds[u].isNaN ? nil : beds[u],
                    newRural: reported[u] > 0 ? 100 * Double(met[u]) / Double(reported[u]) : nil,
                    newRuralReported: reported[u], leaves: leaves[u])
            }
            result.figures[period] = roots
        }
        result.seconds = Clock.now() - start
        return result
    }

    /// Sums up the tree: a unit with contributing children gets their sum, otherwise its own
    /// figure (NaN: none).
    private static func rollUpSum(_ own: [Double], parent: [Int], childCount: [Int], order: [Int]) -> [Double] {
        var sum = [Double](repeating: 0, count: own.count)
        var contributed = [Bool](repeating: false, count: own.count)
        var effective = [Double](repeating: .nan, count: own.count)
        for u in order {
            effective[u] = childCount[u] > 0 && contributed[u] ? sum[u] : own[u]
            if parent[u] >= 0 && !effective[u].isNaN {
                sum[parent[u]] += effective[u]
                contributed[parent[u]] = true
            }
        }
        return effective
    }
}

/// One record of a ``CSVStream``: its fields' bytes (quotes removed), valid during the callback.
struct CSVRecord {
    fileprivate var bytes: [UInt8] = []
    fileprivate var ends: [Int] = []

    var count: Int { ends.count }

    /// The bytes of field `k`.
    func field(_ k: Int) -> ArraySlice<UInt8> {
        bytes[(k == 0 ? 0 : ends[k - 1])..<ends[k]]
    }

    /// Field `k` as a string.
    func string(_ k: Int) -> String { String(decoding: field(k), as: UTF8.self) }

    /// Whether field `k` is exactly `text` (ASCII).
    func field(_ k: Int, is text: StaticString) -> Bool {
        let f = field(k)
        guard f.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { f.elementsEqual($0) }
    }
}

/// A streaming RFC 4180 reader: quotes honoured, CRLF or LF, a byte-order mark skipped, read in
/// 4 MiB blocks so that a file of any size takes O(block) memory.
enum CSVStream {
    static func forEachRecord(path: String, _ body: (CSVRecord) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IndependentTotals.Failure(description: "cannot open \(path)")
        }
        defer { try? handle.close() }
        var record = CSVRecord()
        var inQuotes = false
        var quotePending = false  // a quote seen inside quotes: closing, or the first of a doubled one
        var atStart = true
        func endRecord() throws {
            record.ends.append(record.bytes.count)
            if !(record.ends.count == 1 && record.bytes.isEmpty) { try body(record) }
            record.bytes.removeAll(keepingCapacity: true)
            record.ends.removeAll(keepingCapacity: true)
        }
        var first = true
        while true {
            let block = handle.readData(ofLength: 1 << 22)
            if block.isEmpty { break }
            try block.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var bytes = raw.bindMemory(to: UInt8.self)[...]
                if first {
                    first = false
                    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
                }
                for b in bytes {
                    if inQuotes {
                        if quotePending {
                            quotePending = false
                            if b == 0x22 {
                                record.bytes.append(0x22)
                                continue
                            }
                            inQuotes = false
                        } else if b == 0x22 {
                            quotePending = true
                            continue
                        } else {
                            record.bytes.append(b)
                            continue
                        }
                    }
                    switch b {
                    case 0x22 where atStart:
                        inQuotes = true
                        atStart = false
                    case 0x2C:
                        record.ends.append(record.bytes.count)
                        atStart = true
                    case 0x0A:
                        try endRecord()
                        atStart = true
                    case 0x0D:
                        break
                    default:
                        record.bytes.append(b)
                        atStart = false
                    }
                }
            }
        }
        if !record.bytes.isEmpty || !record.ends.isEmpty { try endRecord() }
    }
}
