/// Cheap draws used by the synthetic writers' hot loops: no floating point, no allocation.
extension SeededGenerator {
    /// A generator for one independent stream (`stream`) of a data set seeded by `seed`, so that
    /// the shape, the values and the targets do not shift when another stream draws more.
    static func stream(_ stream: UInt64, of seed: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed &+ stream &* 0xD1B5_4A32_D192_ED03)
        return SeededGenerator(seed: mixer.next())
    }

    /// A number in `0..<bound` (Lemire's multiply-high; the bias is below 2⁻³² for our bounds).
    /// `bound` must be positive.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `low...high`; `high` must not be below `low`.
    @inline(__always)
    mutating func within(_ low: Int, _ high: Int) -> Int {
        low + below(high - low + 1)
    }

    /// True with the probability that `threshold` was made from (see `threshold(for:)`).
    @inline(__always)
    mutating func chance(_ threshold: UInt64) -> Bool {
        next() < threshold
    }

    /// The threshold for `chance(_:)` that is met with probability `probability` (clamped to 0...1).
    static func threshold(for probability: Double) -> UInt64 {
        guard probability > 0 else { return 0 }
        let scaled = probability * 18_446_744_073_709_551_616.0
        guard scaled < 18_446_744_073_709_549_568.0 else { return UInt64.max }
        return UInt64(scaled)
    }
}
