import Foundation
import RollupModel

/// How children's targets combine into their parent's, seen from the better side: every figure
/// is written so that more is better (a lower-is-better indicator is negated first).
public enum NeedsRule: String, Sendable, Hashable {
    /// Σ xᵢ (`sum`).
    case sum
    /// Σ wᵢ·xᵢ / Σ wᵢ (`weighted_mean` with a period's weights, `share_of_units` by leaves,
    /// `mean` with weights 1).
    case weighted
    /// The smallest (`min` of a higher-is-better indicator, `max` of a lower-is-better one,
    /// `worst_level`, and a weighted mean whose weights are unknown: every child must then reach
    /// the target on its own).
    case minimum
    /// The largest (`max` of a higher-is-better indicator, `min` of a lower-is-better one).
    case maximum
}

/// One child in a ``NeedsProblem``.
public struct NeedsChild: Sendable, Hashable {
    /// The figure its target commits to (the asked end), more is better; `nil` without a target.
    public var current: Double?
    /// Its weight in the roll-up (1 for `sum`, `minimum`, `maximum`).
    public var weight: Double
    /// Whether it keeps its current target whatever the others need (a held child without a
    /// target counts at the worst value the indicator allows).
    public var held: Bool

    /// Makes a child.
    public init(current: Double?, weight: Double = 1, held: Bool = false) {
        self.current = current
        self.weight = weight
        self.held = held
    }
}

/// What the children of one parent would need so that their targets meet the parent's.
public struct NeedsProblem: Sendable, Hashable {
    /// How the children combine.
    public var rule: NeedsRule
    /// The children, in order.
    public var children: [NeedsChild]
    /// The parent's target (its asked end), more is better.
    public var goal: Double
    /// The best value a child can plan (the indicator's `high`, or −`low` once negated);
    /// `+∞` when unbounded.
    public var best: Double
    /// The worst value (`low`, or −`high` once negated); `−∞` when unbounded.
    public var worst: Double

    /// Makes a problem.
    public init(rule: NeedsRule, children: [NeedsChild], goal: Double, best: Double = .infinity, worst: Double = -.infinity) {
        self.rule = rule
        self.children = children
        self.goal = goal
        self.best = best
        self.worst = worst
    }
}

/// Whether the children's targets can meet the parent's.
public enum NeedsOutcome: String, Sendable, Hashable {
    /// The children's targets already meet it: nothing is needed.
    case met
    /// Raising the free children's targets can meet it.
    case reachable
    /// Not even every free child at the best possible value meets it.
    case unreachable
}

/// The answer to a ``NeedsProblem`` under both methods, exact (before any rounding for display).
public struct NeedsSolution: Sendable, Hashable {
    /// Met, reachable or unreachable (the same under both methods: both end with every free
    /// child at the best possible value).
    public var outcome: NeedsOutcome
    /// The common floor F: the least level such that raising every free child below F (and every
    /// free child without a target) to F meets the goal; `nil` unless reachable.
    public var floor: Double?
    /// Each child's target under the common floor (`nil` for a held child without a target, and
    /// for every child when unreachable).
    public var floorTargets: [Double?]
    /// The proportional uplift f (0 to 1): every free child's gap to the best possible value
    /// closed by the same fraction (a free child without a target, having no gap of its own, is
    /// given the parent's target); `nil` when not reachable or not computable.
    public var fraction: Double?
    /// Each child's target under the proportional uplift (`nil` when not computable).
    public var upliftTargets: [Double?]?
    /// Why the proportional uplift could not be computed, when it could not.
    public var upliftNote: String?
}

/// Solves a ``NeedsProblem`` exactly: the common floor over the sorted targets (linear rules) or
/// at the goal itself (`minimum`, `maximum`), and the proportional uplift in closed form.
///
/// Comparisons take numbers within a relative 10⁻¹² as equal, as the findings do.
public enum NeedsSolver {
    /// Solves `p`.
    public static func solve(_ p: NeedsProblem) -> NeedsSolution {
        let n = p.children.count
        var solution = NeedsSolution(outcome: .unreachable, floor: nil, floorTargets: Array(repeating: nil, count: n), fraction: nil)
        if meets(value(p, p.children.map { $0.held ? heldValue($0, p) : ($0.current ?? -.infinity) }), p.goal) {
            solution.outcome = .met
            solution.floorTargets = p.children.map(\.current)
            solution.fraction = 0
            solution.upliftTargets = p.children.map(\.current)
            return solution
        }
        // Every free child at its best: the most any plan of the free children can give.
        let atBest = p.children.map { c -> Double in
            c.held ? heldValue(c, p) : max(c.current ?? -.infinity, p.best)
        }
        guard p.children.contains(where: { !$0.held }), meets(value(p, atBest), p.goal) else {
            solution.upliftNote = "no plan of the free children reaches the target"
            return solution
        }
        solution.outcome = .reachable
        var floor = commonFloor(p)
        if p.worst.isFinite { floor = max(floor, p.worst) }
        if p.best.isFinite { floor = min(floor, p.best) }
        solution.floor = floor
        solution.floorTargets = floorTargets(p, floor)
        switch uplift(p) {
        case .success(let f):
            solution.fraction = f
            solution.upliftTargets = upliftTargets(p, f)
        case .failure(let note):
            solution.upliftNote = note.reason
        }
        return solution
    }

    /// Each child's target when the free ones below `floor` are raised to it.
    public static func floorTargets(_ p: NeedsProblem, _ floor: Double) -> [Double?] {
        p.children.map { c in
            if c.held { return c.current }
            return max(c.current ?? -.infinity, floor)
        }
    }

    /// Each child's target when the free ones close the fraction `f` of their gap to the best (a
    /// free child without a target gets the goal).
    public static func upliftTargets(_ p: NeedsProblem, _ f: Double) -> [Double?] {
        p.children.map { c in
            if c.held { return c.current }
            guard let start = c.current else { return p.goal }
            let gap = max(0, p.best - start)
            return f >= 1 ? max(start, p.best) : start + f * gap
        }
    }

    /// Whether the targets `xs` (more is better; `nil` counts as the worst value) meet the goal.
    public static func meetsGoal(_ p: NeedsProblem, _ xs: [Double?]) -> Bool {
        meets(value(p, zip(p.children, xs).map { c, x in x ?? (c.held ? heldValue(c, p) : p.worst) }), p.goal)
    }

    /// The roll-up of `xs` under the problem's rule and weights.
    public static func value(_ p: NeedsProblem, _ xs: [Double]) -> Double {
        switch p.rule {
        case .sum:
            var total = ExactSum()
            for x in xs { total.add(x) }
            return total.total
        case .weighted:
            var total = ExactSum()
            var weights = ExactSum()
            for (c, x) in zip(p.children, xs) where c.weight > 0 {
                total.add(c.weight * x)
                weights.add(c.weight)
            }
            let w = weights.total
            return w > 0 ? total.total / w : (xs.min() ?? -.infinity)
        case .minimum:
            return xs.min() ?? -.infinity
        case .maximum:
            return xs.max() ?? -.infinity
        }
    }

    /// `a ≥ b`, numbers within a relative 10⁻¹² taken as equal.
    public static func meets(_ a: Double, _ b: Double) -> Bool {
        if a >= b { return true }
        guard a.isFinite, b.isFinite else { return false }
        return b - a <= 1e-12 * max(1, abs(a), abs(b))
    }

    private static func heldValue(_ c: NeedsChild, _ p: NeedsProblem) -> Double {
        c.current ?? p.worst
    }

    /// The least F (before clamping to the valid range); assumes the problem is reachable and
    /// not yet met.
    private static func commonFloor(_ p: NeedsProblem) -> Double {
        switch p.rule {
        case .minimum, .maximum:
            return p.goal
        case .sum, .weighted:
            break
        }
        let weighted = p.rule == .weighted
        var fixed = ExactSum()
        var unplanned = ExactSum()
        var free: [(current: Double, weight: Double)] = []
        var all = ExactSum()
        for c in p.children {
            let w = weighted ? c.weight : 1
            guard !weighted || w > 0 else { continue }
            all.add(w)
            if c.held {
                fixed.add(w * heldValue(c, p))
            } else if let x = c.current {
                free.append((x, w))
            } else {
                unplanned.add(w)
            }
        }
        free.sort { $0.current < $1.current }
        let needTotal = weighted ? p.goal * all.total : p.goal
        // rest[k] = Σ_{i ≥ k} wᵢ·cᵢ over the sorted free children.
        var rest = ExactSum()
        for child in free { rest.add(child.weight * child.current) }
        var raised = unplanned
        var k = 0
        while true {
            let r = raised.total
            if r > 0 {
                let f = (needTotal - fixed.total - rest.total) / r
                if k == free.count || f <= free[k].current {
                    return nudge(p, f)
                }
            }
            guard k < free.count else { return p.best }
            // The k-th smallest target moves from the kept ones to the raised ones.
            raised.add(free[k].weight)
            rest.add(-(free[k].weight * free[k].current))
            k += 1
        }
    }

    /// `f` moved up by the few ulps that floating-point rounding may leave it short.
    private static func nudge(_ p: NeedsProblem, _ floor: Double) -> Double {
        var f = floor
        for _ in 0..<64 {
            if meetsGoal(p, floorTargets(p, f)) { return f }
            f = f.nextUp
        }
        return f
    }

    private struct UpliftFailure: Error {
        var reason: String
    }

    /// The least fraction f in [0, 1]; assumes the problem is reachable and not yet met.
    private static func uplift(_ p: NeedsProblem) -> Result<Double, UpliftFailure> {
        guard p.best.isFinite else {
            return .failure(UpliftFailure(reason: "the indicator has no best possible value (no valid limit on its better side)"))
        }
        var f: Double
        switch p.rule {
        case .sum, .weighted:
            let weighted = p.rule == .weighted
            var have = ExactSum()
            var gaps = ExactSum()
            var all = ExactSum()
            for c in p.children {
                let w = weighted ? c.weight : 1
                guard !weighted || w > 0 else { continue }
                all.add(w)
                if c.held {
                    have.add(w * heldValue(c, p))
                } else if let start = c.current {
                    have.add(w * start)
                    gaps.add(w * max(0, p.best - start))
                } else {
                    have.add(w * p.goal)
                }
            }
            let needTotal = weighted ? p.goal * all.total : p.goal
            let need = needTotal - have.total
            f = gaps.total > 0 ? max(0, need / gaps.total) : 1
        case .minimum:
            f = 0
            for c in p.children where !c.held {
                guard let start = c.current else { continue }
                if !meets(start, p.goal), p.best > start { f = max(f, (p.goal - start) / (p.best - start)) }
            }
        case .maximum:
            f = 1
            for c in p.children where !c.held {
                guard let start = c.current else {
                    f = 0  // given the goal, it meets it alone
                    continue
                }
                if p.best > start, meets(p.best, p.goal) { f = min(f, max(0, (p.goal - start) / (p.best - start))) }
            }
        }
        f = min(1, f)
        for _ in 0..<64 {
            if meetsGoal(p, upliftTargets(p, f)) { break }
            f = min(1, f.nextUp)
        }
        return .success(f)
    }

    // MARK: display

    /// The number shown for a needed target: `x` itself when it has at most 6 significant digits
    /// (or lies within a relative 10⁻⁹ of such a number), else `x` rounded up (towards better) to
    /// 6 significant digits, so that the rounded plan still meets the goal.
    public static func presentable(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let magnitude = Int(Foundation.floor(Foundation.log10(abs(x))))
        let decimals = 5 - magnitude
        // Scaling by an exact power of ten (multiplying for decimals, dividing for tens).
        let power = Foundation.pow(10.0, Double(abs(decimals)))
        func round(_ rule: FloatingPointRoundingRule) -> Double {
            decimals >= 0 ? (x * power).rounded(rule) / power : (x / power).rounded(rule) * power
        }
        let nearest = round(.toNearestOrAwayFromZero)
        if abs(nearest - x) <= 1e-9 * max(1, abs(x)) { return nearest }
        let up = round(.up)
        return up >= x ? up : x
    }

    /// The solution with every needed target rounded for display by ``presentable(_:)`` (the
    /// common floor raised to a presentable F), where the rounded plan still meets the goal.
    public static func rounded(_ p: NeedsProblem, _ s: NeedsSolution) -> NeedsSolution {
        guard s.outcome == .reachable else { return s }
        var r = s
        if let floor = s.floor {
            var shown = presentable(floor)
            if p.best.isFinite { shown = min(shown, p.best) }
            let targets = floorTargets(p, shown)
            if meetsGoal(p, targets) {
                r.floor = shown
                r.floorTargets = targets
            }
        }
        if let targets = s.upliftTargets {
            let shown = zip(p.children, targets).map { c, x -> Double? in
                guard let x, !c.held else { return x }
                if let current = c.current, x == current { return x }
                return p.best.isFinite ? min(presentable(x), p.best) : presentable(x)
            }
            if meetsGoal(p, shown) { r.upliftTargets = shown }
        }
        return r
    }
}
