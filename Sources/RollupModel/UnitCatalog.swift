/// Every unit of a data folder, each identified by an integer index in `units.csv` order (the
/// order of each code's first row), with all of its rows.
///
/// Output rows are ordered by this index; roll-ups run over a ``Hierarchy`` built from the
/// catalog for one period. The rows are kept in one array, unit by unit, and the codes in one
/// ``ByteCodeTable`` that serves both ``index(of:)`` and lookups straight from a file's bytes.
public struct UnitCatalog: Sendable {
    /// Unit codes by index.
    public let codes: [String]
    /// Each unit's rows, in file order.
    public let records: RecordsByUnit
    /// The unit index of each row's parent, row by row in the order of ``records`` (unit by
    /// unit, as ``RecordsByUnit/all``): -1 for a row without a parent, -2 for a parent code that
    /// no unit has.
    public let parentIndices: [Int32]
    /// The codes as a table read from bytes: code `k` is unit `k`.
    public let codeTable: ByteCodeTable

    /// Groups records by code, keeping the file order of first appearance.
    public init(records list: [UnitRecord]) {
        let (table, unitOf) = ByteCodeTable.numbering(list.count) { list[$0].code }
        let n = table.count
        var rows: [UnitRecord]
        var starts: [Int32]
        if n == list.count {
            // Every code once (the usual case): the file order is the unit order already.
            rows = list
            starts = (0...n).map { Int32(truncatingIfNeeded: $0) }
        } else {
            // A stable counting sort by unit.
            starts = Array(repeating: 0, count: n + 1)
            for u in unitOf { starts[Int(u) + 1] += 1 }
            for u in 0..<n { starts[u + 1] += starts[u] }
            var next = starts
            var order = Array(repeating: 0, count: list.count)
            for (k, u) in unitOf.enumerated() {
                order[Int(next[Int(u)])] = k
                next[Int(u)] += 1
            }
            rows = order.map { list[$0] }
        }
        // Fields read in place: a copy of a whole row costs a retain of each of its strings.
        (codes, parentIndices) = rows.withUnsafeBufferPointer { rows in
            let codes = (0..<n).map { rows[Int(starts[$0])].code }
            // Rows come grouped by parent: the last parent's index serves while it repeats.
            var last: (code: String, index: Int32)?
            let parents = rows.indices.map { k -> Int32 in
                guard let parent = rows[k].parent else { return -1 }
                if let last, last.code == parent { return last.index }
                let index = Int32(truncatingIfNeeded: table.index(of: parent) ?? -2)
                last = (parent, index)
                return index
            }
            return (codes, parents)
        }
        records = RecordsByUnit(rows: rows, starts: starts)
        codeTable = table
    }

    /// The number of distinct units.
    public var count: Int { codes.count }

    /// The number of rows of every unit together.
    public var rowCount: Int { records.all.count }

    /// The index of the unit with `code`, if any.
    public func index(of code: String) -> Int? { codeTable.index(of: code) }

    /// Whether any unit has a validity window, so that trees may differ between periods.
    public var hasWindows: Bool {
        records.all.withUnsafeBufferPointer { rows in rows.indices.contains { rows[$0].validFrom != nil || rows[$0].validTo != nil } }
    }

    /// The row of unit `index` that applies in `year` (the first one, if rows overlap).
    public func record(of index: Int, in year: Int?) -> UnitRecord? {
        records[index].first { $0.isValid(in: year) }
    }

    /// Whether the unit exists in `year`.
    public func exists(_ index: Int, in year: Int?) -> Bool {
        record(of: index, in: year) != nil
    }

    /// The unit's name in `year`, or its first name when it does not exist then.
    public func name(of index: Int, in year: Int? = nil) -> String {
        (record(of: index, in: year) ?? records[index][0]).name
    }

    /// Each unit's rows by unit index, all in one array (no array per unit).
    public struct RecordsByUnit: RandomAccessCollection, Sendable {
        /// Unit indices.
        public typealias Indices = Range<Int>
        /// Every row, unit by unit, each unit's rows in file order.
        public let all: [UnitRecord]
        /// Unit `u`'s rows are `all[starts[u] ..< starts[u + 1]]`.
        @usableFromInline let starts: [Int32]

        init(rows: [UnitRecord], starts: [Int32]) {
            all = rows
            self.starts = starts.isEmpty ? [0] : starts
        }

        /// The first unit index, 0.
        @inlinable public var startIndex: Int { 0 }
        /// The number of units.
        @inlinable public var endIndex: Int { starts.count - 1 }

        /// The rows of unit `unit`.
        @inlinable public subscript(unit: Int) -> Rows {
            Rows(all: all, start: Int(starts[unit]), end: Int(starts[unit + 1]))
        }

        /// Where unit `unit`'s rows are in ``all``.
        @inlinable public func rowRange(of unit: Int) -> Range<Int> { Int(starts[unit])..<Int(starts[unit + 1]) }
    }

    /// The rows of one unit, in file order, indexed from 0.
    public struct Rows: RandomAccessCollection, Sendable {
        /// Row numbers from 0.
        public typealias Indices = Range<Int>
        @usableFromInline let all: [UnitRecord]
        @usableFromInline let start: Int
        @usableFromInline let end: Int

        @usableFromInline init(all: [UnitRecord], start: Int, end: Int) {
            self.all = all
            self.start = start
            self.end = end
        }

        /// 0.
        @inlinable public var startIndex: Int { 0 }
        /// The number of rows.
        @inlinable public var endIndex: Int { end - start }

        /// Row `k` of the unit.
        @inlinable public subscript(k: Int) -> UnitRecord { all[start + k] }

        /// Calls `body` with the rows in place.
        @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UnitRecord>) throws -> R) rethrows -> R {
            try all.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }
    }
}
