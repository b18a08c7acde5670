#if canImport(Glibc)
    import Glibc
#endif

/// The monotonic clock, in seconds.
enum Clock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}

/// The times of repeated runs of one measurement, in seconds.
struct Samples: Codable {
    /// Every run, in the order they ran.
    var seconds: [Double]

    var min: Double { seconds.min() ?? .nan }
    var max: Double { seconds.max() ?? .nan }
    /// The median (the mean of the two middle runs when the count is even).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Times `body` `runs` times; its set-up is whatever the caller did before. `check` sees every
/// result after the clock stopped (so the work cannot be optimised away, wrong results are caught,
/// and dropping the result is not timed either).
func measure<Result>(runs: Int, body: () -> Result, check: (Result) -> Void) -> Samples {
    var seconds: [Double] = []
    for _ in 0..<runs {
        let start = Clock.now()
        let result = body()
        let elapsed = Clock.now() - start
        seconds.append(elapsed)
        check(result)
    }
    return Samples(seconds: seconds)
}

/// Keeps a value alive and opaque to the optimiser.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
