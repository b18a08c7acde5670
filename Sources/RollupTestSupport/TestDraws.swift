import RollupSynthetic

/// The seeded draws of tests that compare two implementations on many generated inputs: the
/// synthetic data's generator (SplitMix64), so the same seed gives the same draws on every run.
public typealias TestDraws = SeededGenerator

extension SeededGenerator {
    /// A draw in `0..<n`; assumes `n` > 0.
    public mutating func uniform(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
