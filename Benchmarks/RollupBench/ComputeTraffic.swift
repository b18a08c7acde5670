import RollupModel

/// A model of the memory the roll-up touches, to turn its time into GB/s and compare that with
/// the triad. Per period, per indicator, per position of the tree (bytes):
///
/// | step | bytes |
/// | --- | --- |
/// | start from the reported column: read the value, write value, source, coverage; read the child bounds | 8 + 8 + 1 + 8 + 8 = 33 |
/// | fold: every position is read once as a child of its parent | 8 |
/// | copy out into a value-type column: read and write value, source, coverage | 2 × 17 = 34 |
/// | weighted_mean: the weight column, read once | + 8 |
/// | ratio: numerator and denominator values and coverage at every position | + 32 |
/// | share_of_units: leaf counts written and read (12 bytes each) | + 24 |
/// | none: no fold | − 8 |
///
/// It is a lower bound of the traffic of this design (no cache misses counted twice, no
/// dictionary traffic for intervals), not a count of what any loop must touch.
enum ComputeTraffic {
    static func bytes(_ dataset: Dataset) -> Int {
        var total = 0
        for tree in dataset.trees {
            for indicator in dataset.indicators.indicators {
                var perPosition = 33 + 8 + 34
                switch indicator.aggregation {
                case .weightedMean: perPosition += 8
                case .ratio: perPosition += 32
                case .shareOfUnits: perPosition += 24
                case .none: perPosition -= 8
                default: break
                }
                total += perPosition * tree.count
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
