import RollupKernel

/// Splits CSV bytes into chunks that start at record boundaries, so that chunks can be read in
/// parallel. Quote-aware: a line break inside a quoted field is not a boundary. Quotes are
/// counted per block in parallel; a candidate boundary is the first line break after a block
/// start at which the number of quotes so far is even.
enum ChunkSplitter {
    /// Chunk boundaries (byte offsets, the first `start`, the last `end`), about `target` bytes
    /// apart; the boundaries depend only on the bytes, not on the thread count.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, target: Int, runner: WorkRunner) -> [Int] {
        let length = end - start
        guard length > target else { return [start, end] }
        let blocks = (length + target - 1) / target
        var quotes = Array(repeating: 0, count: blocks)
        quotes.withUnsafeMutableBufferPointer { counts in
            let counts = UncheckedSendable(counts)
            runner.run(tasks: blocks) { b in
                let s = start + b * target
                let e = min(end, s + target)
                var n = 0
                var k = s
                while k < e {
                    if bytes[k] == 0x22 { n += 1 }
                    k += 1
                }
                counts.value[b] = n
            }
        }
        var boundaries = [start]
        var quotesBefore = 0
        for b in 1..<blocks {
            quotesBefore += quotes[b - 1]
            var k = start + b * target
            var parity = quotesBefore & 1
            guard k > boundaries[boundaries.count - 1] else { continue }
            while k < end {
                let byte = bytes[k]
                if byte == 0x22 {
                    parity ^= 1
                } else if byte == 0x0A && parity == 0 {
                    break
                }
                k += 1
            }
            // Quotes skipped on the way belong to the next chunk; count them in its block.
            if k >= end { break }
            let boundary = k + 1
            if boundary < end && boundary > boundaries[boundaries.count - 1] { boundaries.append(boundary) }
        }
        boundaries.append(end)
        return boundaries
    }
}
