import Dispatch

/// A STREAM-like triad, `a[i] = b[i] + s * c[i]`, over three arrays far larger than the caches,
/// split into contiguous slices over `threads` threads with Dispatch: the memory bandwidth this
/// machine gives a streaming loop, the yardstick the roll-up compute is compared with.
///
/// Bytes counted per element: 24 (read `b` and `c`, write `a`), as STREAM counts them (the
/// write-allocate read of `a` is not counted, so real traffic is up to a third higher).
struct MemoryBandwidth {
    /// Elements per array.
    let count: Int
    let threads: Int
    let runs: Int

    struct Result: Codable {
        var bytesPerArray: Int
        var threads: Int
        var runs: Int
        /// The best run's bandwidth, in GB/s (10^9 bytes).
        var bestGBPerSecond: Double
        var medianGBPerSecond: Double
    }

    func run() -> Result {
        let a = UnsafeMutablePointer<Double>.allocate(capacity: count)
        let b = UnsafeMutablePointer<Double>.allocate(capacity: count)
        let c = UnsafeMutablePointer<Double>.allocate(capacity: count)
        defer {
            a.deallocate()
            b.deallocate()
            c.deallocate()
        }
        let slices = max(1, threads)
        let count = self.count
        let pointers = Pointers(a: a, b: b, c: c)
        func forEachSlice(_ body: @Sendable (Range<Int>) -> Void) {
            DispatchQueue.concurrentPerform(iterations: slices) { s in
                let lower = count * s / slices
                let upper = count * (s + 1) / slices
                body(lower..<upper)
            }
        }
        // First touch from the threads that will stream the slices.
        forEachSlice { range in
            for i in range {
                pointers.a[i] = 0
                pointers.b[i] = 1
                pointers.c[i] = 2
            }
        }
        var seconds: [Double] = []
        let scalar = 3.0
        for _ in 0..<runs {
            let start = Clock.now()
            forEachSlice { range in
                let a = pointers.a
                let b = pointers.b
                let c = pointers.c
                for i in range {
                    a[i] = b[i] + scalar * c[i]
                }
            }
            seconds.append(Clock.now() - start)
        }
        precondition(a[count / 2] == 7, "the triad computed a wrong value")
        let bytes = Double(24 * count)
        let samples = Samples(seconds: seconds)
        return Result(
            bytesPerArray: 8 * count, threads: slices, runs: runs, bestGBPerSecond: bytes / samples.min / 1e9,
            medianGBPerSecond: bytes / samples.median / 1e9)
    }
}

/// The triad's arrays, shared by the threads, each writing its own slice of `a`.
private struct Pointers: @unchecked Sendable {
    let a: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>
    let c: UnsafeMutablePointer<Double>
}
