/// A correctly rounded sum of doubles: the result is the exact sum of every term added, rounded
/// once (Shewchuk's algorithm with non-overlapping partials, as Python's `math.fsum`).
///
/// `+` is not associative in floating point; a roll-up that adds children one by one would
/// depend on their order and lose digits. This sum does neither: any order of the same terms
/// gives the same, best possible double. The partials live inline (no allocation) unless the
/// terms span more than about 16 × 53 binary orders of magnitude.
///
/// - Complexity: O(p) per term, p the number of partials (1 to 3 for ordinary data).
public struct ExactSum: Sendable {
    private var inline:
        (
            Double, Double, Double, Double, Double, Double, Double, Double,
            Double, Double, Double, Double, Double, Double, Double, Double
        ) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var spill: [Double] = []
    private var count = 0
    private var special = 0.0  // the sum of infinite or NaN terms
    private var hasSpecial = false

    /// An empty sum (0).
    public init() {}

    private static let inlineCapacity = 16

    private func partial(_ k: Int) -> Double {
        if k < ExactSum.inlineCapacity {
            return withUnsafeBytes(of: inline) { $0.load(fromByteOffset: k * 8, as: Double.self) }
        }
        return spill[k - ExactSum.inlineCapacity]
    }

    private mutating func setPartial(_ k: Int, _ value: Double) {
        if k < ExactSum.inlineCapacity {
            withUnsafeMutableBytes(of: &inline) { $0.storeBytes(of: value, toByteOffset: k * 8, as: Double.self) }
        } else if k - ExactSum.inlineCapacity < spill.count {
            spill[k - ExactSum.inlineCapacity] = value
        } else {
            spill.append(value)
        }
    }

    /// Adds a term.
    public mutating func add(_ term: Double) {
        guard term.isFinite else {
            special += term
            hasSpecial = true
            return
        }
        // Fewer than `inlineCapacity` partials (ordinary data): every partial read and written
        // stays inline, worked on through one pointer instead of a copy of the tuple per read.
        guard count < ExactSum.inlineCapacity else { return addByPartials(term) }
        let n = count
        let kept = withUnsafeMutablePointer(to: &inline) { tuple in
            tuple.withMemoryRebound(to: Double.self, capacity: ExactSum.inlineCapacity) { partials in
                ExactSum.grow(partials, count: n, by: term)
            }
        }
        count = kept + 1
        if !spill.isEmpty { spill.removeAll(keepingCapacity: true) }
    }

    /// Adds `term` to the `count` partials at `partials` (Shewchuk's grow step, as
    /// ``addByPartials(_:)`` does it) and returns the index of the last partial written; assumes
    /// room for `count + 1` partials.
    @inline(__always)
    private static func grow(_ partials: UnsafeMutablePointer<Double>, count: Int, by term: Double) -> Int {
        var x = term
        var kept = 0
        for k in 0..<count {
            var y = partials[k]
            if abs(x) < abs(y) { swap(&x, &y) }
            let hi = x + y
            let lo = y - (hi - x)
            if lo != 0 {
                partials[kept] = lo
                kept += 1
            }
            x = hi
        }
        partials[kept] = x
        return kept
    }

    /// ``add(_:)`` of a finite term by the general path, whatever the number of partials (those
    /// beyond the inline ones spill into an array); the fast path must give the same partials.
    mutating func addByPartials(_ term: Double) {
        guard term.isFinite else {
            special += term
            hasSpecial = true
            return
        }
        var x = term
        var kept = 0
        for k in 0..<count {
            var y = partial(k)
            if abs(x) < abs(y) { swap(&x, &y) }
            let hi = x + y
            let lo = y - (hi - x)
            if lo != 0 {
                setPartial(kept, lo)
                kept += 1
            }
            x = hi
        }
        setPartial(kept, x)
        count = kept + 1
        if count <= ExactSum.inlineCapacity && !spill.isEmpty { spill.removeAll(keepingCapacity: true) }
    }

    /// Adds every term of another sum.
    public mutating func add(_ other: ExactSum) {
        for k in 0..<other.count { add(other.partial(k)) }
        if other.hasSpecial { add(other.special) }
    }

    /// The partials, smallest first: the state two ways of adding the same terms must agree on.
    var partials: [Double] { (0..<count).map(partial) }

    /// The correctly rounded total (infinite or NaN when such a term was added).
    public var total: Double {
        if hasSpecial { return special }
        guard count > 0 else { return 0 }
        var n = count - 1
        var hi = partial(n)
        var lo = 0.0
        while n > 0 {
            let x = hi
            let y = partial(n - 1)
            n -= 1
            hi = x + y
            let yr = hi - x
            lo = y - yr
            if lo != 0 { break }
        }
        // Round half to even across the partials that are left.
        if n > 0 && ((lo < 0 && partial(n - 1) < 0) || (lo > 0 && partial(n - 1) > 0)) {
            let y = lo * 2
            let x = hi + y
            let yr = x - hi
            if y == yr { hi = x }
        }
        return hi
    }
}
