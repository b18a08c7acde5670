/// Every unit of a data folder, each identified by an integer index in `units.csv` order (the
/// order of each code's first row), with all of its rows.
///
/// Output rows are ordered by this index; roll-ups run over a ``Hierarchy`` built from the
/// catalog for one period.
public struct UnitCatalog: Sendable {
    /// Unit codes by index.
    public let codes: [String]
    /// Each unit's rows, in file order.
    public let records: [[UnitRecord]]
    private let indexByCode: [String: Int]

    /// Groups records by code, keeping the file order of first appearance.
    public init(records list: [UnitRecord]) {
        var codes: [String] = []
        var records: [[UnitRecord]] = []
        var index: [String: Int] = [:]
        codes.reserveCapacity(list.count)
        records.reserveCapacity(list.count)
        index.reserveCapacity(list.count)
        /// The value in place, through the dictionary's modify accessor: one hash for a look-up
        /// that inserts `default` when the code is new.
        func value(_ slot: inout Int) -> Int { slot }
        for record in list {
            let next = codes.count
            let i = value(&index[record.code, default: next])
            if i == next {
                codes.append(record.code)
                records.append([record])
            } else {
                records[i].append(record)
            }
        }
        self.codes = codes
        self.records = records
        self.indexByCode = index
    }

    /// The number of distinct units.
    public var count: Int { codes.count }

    /// The index of the unit with `code`, if any.
    public func index(of code: String) -> Int? { indexByCode[code] }

    /// Whether any unit has a validity window, so that trees may differ between periods.
    public var hasWindows: Bool {
        records.contains { $0.contains { $0.validFrom != nil || $0.validTo != nil } }
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
}
