/// How the targets of one indicator are planned down the tree, in tenths of the figure.
///
/// The root's targets are the national ones; each child is usually a little more ambitious than
/// its parent (up to `step` tenths), so that the children's plans can deliver the parent's. Some
/// are planted off: a parent above what its children plan, a child below its parent.
struct TargetPlan: Sendable {
    /// The indicator code.
    let code: [UInt8]
    /// `true` when more is better (`direction` `higher`).
    let higher: Bool
    /// The national target for each of ``TargetPlan/years``, in tenths.
    let national: [Int]
    /// The most a child adds to (higher) or takes from (lower) its parent's target, in tenths.
    let step: Int
    /// The lowest meaningful target, in tenths.
    let floor: Int
    /// The highest meaningful target, in tenths.
    let cap: Int
    /// The fixed target of a leaf (NTM: 100, the leaf meets the standard), or nil to plan it.
    let leafTarget: Int?

    /// The target years.
    static let years = [2025, 2030]

    /// The planned indicators: BHYT, UNEMP, WATER, BEDS10K and NTM.
    static let all: [TargetPlan] = [
        TargetPlan(code: Array("BHYT".utf8), higher: true, national: [930, 950], step: 3, floor: 0, cap: 1_000, leafTarget: nil),
        TargetPlan(code: Array("UNEMP".utf8), higher: false, national: [40, 30], step: 2, floor: 5, cap: 1_000, leafTarget: nil),
        TargetPlan(code: Array("WATER".utf8), higher: true, national: [900, 950], step: 4, floor: 0, cap: 1_000, leafTarget: nil),
        TargetPlan(code: Array("BEDS10K".utf8), higher: true, national: [320, 350], step: 10, floor: 0, cap: 2_000, leafTarget: nil),
        TargetPlan(code: Array("NTM".utf8), higher: true, national: [800, 900], step: 15, floor: 0, cap: 1_000, leafTarget: 1_000),
    ]

    /// A child's planned target from its parent's, in the ordinary case.
    func child(of parent: Int, using generator: inout SeededGenerator) -> Int {
        let change = generator.below(step + 1)
        return higher ? min(cap, parent + change) : max(floor, parent - change)
    }

    /// A target well below (less ambitious than) `parent`: a child planning below its parent.
    func below(_ parent: Int, using generator: inout SeededGenerator) -> Int {
        higher ? max(floor, parent - 30 - generator.below(71)) : min(cap, parent + 10 + generator.below(21))
    }

    /// A target beyond the reach of children planned from `planned` (every child target, bounds
    /// and ranges included, is less ambitious), or nil when the cap or floor leaves no room.
    func beyondReach(of planned: Int, using generator: inout SeededGenerator) -> Int? {
        let bump = step + 25 + generator.below(20)
        let written = higher ? planned + bump : planned - bump
        return (floor...cap).contains(written) ? written : nil
    }
}
