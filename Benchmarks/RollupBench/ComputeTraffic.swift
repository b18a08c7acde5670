import RollupModel

/// A model of the memory the roll-up touches, to turn its time into GB/s and compare that with
/// the triad. Per period and indicator, with L the units of the deepest level (all leaves: their
/// values are read where the loader left them, never copied or written) and U the other positions
/// of the tree (bytes):
///
/// | step | bytes |
/// | --- | --- |
/// | each of the U positions: read the reported value, write value, source, coverage; read the child bounds | 8 + 8 + 1 + 8 + 8 = 33 |
/// | fold: every position but the root is read once as a child of its parent | 8 |
/// | weighted_mean: the weight of every child, read once | + 8 |
/// | ratio: numerator and denominator values and coverage at every position; the L leaves' values written too | + 32, + 8 per leaf |
/// | share_of_units: leaf counts written and read at the U positions (12 bytes each) | + 24 per U |
/// | none: no fold | − 8 |
///
/// It is a lower bound of the traffic of this design (no cache misses counted twice, no
/// dictionary traffic for intervals), not a count of what any loop must touch.
enum ComputeTraffic {
    static func bytes(_ dataset: Dataset) -> Int {
        var total = 0
        for tree in dataset.trees {
            let starts = tree.levelStart
            let leaves = starts.count >= 2 ? starts[starts.count - 1] - starts[starts.count - 2] : 0
            let upper = tree.count - leaves
            let children = max(0, tree.count - 1)
            for indicator in dataset.indicators.indicators {
                var bytes = 33 * upper + 8 * children
                switch indicator.aggregation {
                case .weightedMean: bytes += 8 * children
                case .ratio: bytes += 32 * tree.count + 8 * leaves
                case .shareOfUnits: bytes += 24 * upper
                case .none: bytes -= 8 * children
                default: break
                }
                total += bytes
            }
        }
        return total
    }

    /// The reported values' buffers: 8 bytes per slot and about 32 per interval in a side table.
    static func valueBufferBytes(_ dataset: Dataset) -> Int {
        var total = 0
        for period in dataset.reported {
            for column in period {
                total += 8 * column.count + 32 * column.intervals.count
            }
        }
        return total
    }
}
