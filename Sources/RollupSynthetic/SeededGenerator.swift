/// A small, fast, deterministic random number generator: SplitMix64 (Steele, Lea and Flood).
///
/// Tests and benchmarks share it so that a seed names one data set on every machine and every
/// run: the same seed always yields the same sequence of `UInt64`s, whatever the platform.
/// It is not cryptographically secure and is not meant to be.
///
/// ```swift
/// var generator = SeededGenerator(seed: 0)
/// generator.next()  // 0xe220a8397b1dcdaf
/// ```
///
/// Assumes nothing of the seed: every `UInt64`, zero included, is a good seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The generator's whole state; advanced by the golden-ratio increment on every draw.
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    ///
    /// - Complexity: O(1).
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits of the sequence.
    ///
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
