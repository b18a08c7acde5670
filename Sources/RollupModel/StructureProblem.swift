/// Something that keeps the units from forming a tree; the loader turns each into an input
/// error positioned at the offending row of `units.csv`.
public enum StructureProblem: Sendable, Hashable {
    /// Two rows of one code whose validity windows overlap.
    case duplicate(UnitRecord, first: UnitRecord)
    /// A row whose parent code names no unit existing in `year` (`nil`: any year).
    case missingParent(UnitRecord, year: Int?)
    /// Units that are each other's ancestors, in `year` (`nil`: any year); listed from the row
    /// that closes the cycle.
    case cycle([UnitRecord], year: Int?)
    /// A row whose successor code names no unit.
    case unknownSuccessor(UnitRecord)
}
