/// A seeded stream of 64-bit draws (SplitMix64) for tests that compare two implementations on
/// many generated inputs: the same seed gives the same draws on every run and platform.
public struct TestDraws: RandomNumberGenerator, Sendable {
    /// The generator's state; it advances by a fixed odd step per draw.
    public var state: UInt64

    /// A stream that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next draw.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A draw in `0..<n`; assumes `n` > 0.
    public mutating func uniform(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
