/// The median of numbers by selection: the middle order statistic (the mean of the two middle
/// ones for an even count), as a sort would give it, in expected linear time.
enum Median {
    /// Families up to this size are sorted: faster than partitioning when small.
    static let sortedUpTo = 32

    /// The median of `numbers`, reordering them; assumes they are non-empty and none is NaN.
    /// Returns 0 for an empty buffer.
    static func of(_ numbers: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = numbers.count
        guard n > 0 else { return 0 }
        if n <= sortedUpTo {
            insertionSort(numbers)
            return n % 2 == 1 ? numbers[n / 2] : (numbers[n / 2 - 1] + numbers[n / 2]) / 2
        }
        select(numbers, n / 2)
        let upper = numbers[n / 2]
        guard n % 2 == 0 else { return upper }
        // Everything before n/2 is at most `upper`: the lower middle is their maximum.
        var lower = numbers[0]
        for k in 1..<(n / 2) { lower = numbers[k] > lower ? numbers[k] : lower }
        return (lower + upper) / 2
    }

    /// Reorders `numbers` so that position `k` holds the number a sort would put there, with no
    /// larger number before it and no smaller one after it (quickselect with median-of-three
    /// pivots and two-way partitions, the numbers equal to the pivot split off when nothing is
    /// below it, a sort of what is left after too many rounds); assumes
    /// `0 <= k < count` and no NaN.
    static func select(_ numbers: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var low = 0
        var high = numbers.count - 1
        var rounds = 0
        while high > low {
            rounds += 1
            if high - low < sortedUpTo || rounds > 64 {
                if high - low < sortedUpTo {
                    insertionSort(UnsafeMutableBufferPointer(rebasing: numbers[low...high]))
                } else {
                    var rest = UnsafeMutableBufferPointer(rebasing: numbers[low...high])
                    rest.sort()
                }
                return
            }
            let middle = low + (high - low) / 2
            // Median of three as the pivot.
            if numbers[middle] < numbers[low] { numbers.swapAt(middle, low) }
            if numbers[high] < numbers[low] { numbers.swapAt(high, low) }
            if numbers[high] < numbers[middle] { numbers.swapAt(high, middle) }
            let pivot = numbers[middle]
            // Each pass without a data-dependent branch (random data would mispredict every other
            // comparison): [low, less) < pivot <= [less, high].
            let less = partition(numbers, low...high) { $0 < pivot }
            if k < less {
                high = less - 1
                continue
            }
            // The pivot (at least one number) lies in [less, high]: going on there shrinks the
            // range, unless nothing was below the pivot. Then the numbers equal to it are split
            // off: [less, greater) == pivot < [greater, high].
            guard less == low else {
                low = less
                continue
            }
            let greater = partition(numbers, less...high) { $0 <= pivot }
            guard k >= greater else { return }
            low = greater
        }
    }

    /// Moves the numbers of `range` for which `isBefore` holds to its front, keeping no order,
    /// and returns where the others start (branch-free Lomuto: every element is swapped, the
    /// boundary advances by the comparison's outcome).
    @inline(__always)
    private static func partition(
        _ numbers: UnsafeMutableBufferPointer<Double>, _ range: ClosedRange<Int>, _ isBefore: (Double) -> Bool
    ) -> Int {
        guard let base = numbers.baseAddress else { return range.lowerBound }
        var boundary = range.lowerBound
        var i = range.lowerBound
        while i <= range.upperBound {
            let x = base[i]
            base[i] = base[boundary]
            base[boundary] = x
            // The comparison's outcome as 0 or 1 (a Bool's byte): `? 1 : 0` compiles to a branch.
            boundary &+= Int(unsafeBitCast(isBefore(x), to: UInt8.self))
            i &+= 1
        }
        return boundary
    }

    /// Sorts a few numbers in place, ascending (insertion sort: no closure, no allocation, fast
    /// for the families of up to ``sortedUpTo`` numbers it is used on); assumes no NaN.
    static func insertionSort(_ numbers: UnsafeMutableBufferPointer<Double>) {
        guard let base = numbers.baseAddress, numbers.count > 1 else { return }
        for k in 1..<numbers.count {
            let x = base[k]
            var j = k
            while j > 0 && base[j - 1] > x {
                base[j] = base[j - 1]
                j -= 1
            }
            base[j] = x
        }
    }

    /// The median of `numbers` and the median of their absolute deviations from it
    /// (`|x − median|`, each computed as written), reordering and overwriting `numbers`; (0, 0)
    /// when empty; assumes no NaN. Up to ``sortedUpTo`` numbers: one sort, after which the
    /// deviations below and above the median are two sorted runs whose median is found by
    /// merging them from the smallest up to the middle. More: a selection for the median, the
    /// deviations written over the numbers, a selection for theirs.
    static func withDeviation(overwriting numbers: UnsafeMutableBufferPointer<Double>) -> (median: Double, deviation: Double) {
        let n = numbers.count
        guard n > 0 else { return (0, 0) }
        guard n <= sortedUpTo else {
            let median = of(numbers)
            for k in 0..<n { numbers[k] = abs(numbers[k] - median) }
            return (median, of(numbers))
        }
        insertionSort(numbers)
        let median = n % 2 == 1 ? numbers[n / 2] : (numbers[n / 2 - 1] + numbers[n / 2]) / 2
        // numbers[..<split] < median <= numbers[split...]: deviations grow leftwards from split - 1
        // and rightwards from split.
        var split = n / 2
        while split > 0 && numbers[split - 1] >= median { split -= 1 }
        var left = split - 1
        var right = split
        var previous = 0.0
        var current = 0.0
        for _ in 0...(n / 2) {
            previous = current
            let l = left >= 0 ? abs(numbers[left] - median) : .infinity
            let r = right < n ? abs(numbers[right] - median) : .infinity
            if l <= r {
                current = l
                left -= 1
            } else {
                current = r
                right += 1
            }
        }
        return (median, n % 2 == 1 ? current : (previous + current) / 2)
    }
}
