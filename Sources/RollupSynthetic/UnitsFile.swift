import Foundation

/// Writes `units.csv`: `code,name,parent,level`, level by level from the root down, the children
/// of one parent contiguous and in parent order; with merges, also `valid_from,valid_to,successor`
/// (a merged unit ends in the first period, its leaves get a second row under the successor).
enum UnitsFile {
    /// Writes the units of `tree` to `url`; returns the bytes written.
    static func write(_ tree: SyntheticTree, merges: MergePlan = .none, to url: URL) throws -> Int {
        let sink = try ByteSink(url: url)
        let naming = UnitNaming()
        let windows = !merges.isEmpty
        sink.bytes(Array((windows ? "code,name,parent,level,valid_from,valid_to,successor\n" : "code,name,parent,level\n").utf8))
        let levels = tree.levels
        let root = levels[0]
        naming.code(root, 0, to: sink)
        sink.byte(UInt8(ascii: ","))
        naming.name(root, 0, rank: 1, parentKind: nil, parentIndex: 0, to: sink)
        sink.byte(UInt8(ascii: ","))
        sink.byte(UInt8(ascii: ","))
        sink.bytes(root.label)
        if windows { sink.bytes(Array(",,,".utf8)) }
        sink.byte(UInt8(ascii: "\n"))
        for depth in 1..<levels.count {
            let parentLevel = levels[depth - 1]
            let level = levels[depth]
            var index = 0
            for parent in 0..<parentLevel.count {
                let children = parentLevel.childCounts[parent]
                for rank in 0..<children {
                    naming.code(level, index, to: sink)
                    sink.byte(UInt8(ascii: ","))
                    naming.name(
                        level, index, rank: rank + 1, parentKind: parentLevel.kind, parentIndex: parent,
                        to: sink)
                    sink.byte(UInt8(ascii: ","))
                    naming.code(parentLevel, parent, to: sink)
                    sink.byte(UInt8(ascii: ","))
                    sink.bytes(level.label)
                    if windows {
                        writeWindow(tree, merges, depth: depth, index: index, parent: parent, rank: rank, naming: naming, sink: sink)
                    }
                    sink.byte(UInt8(ascii: "\n"))
                    index += 1
                }
            }
        }
        try sink.close()
        return sink.bytesWritten
    }

    /// The window columns of one row (with the leading comma), and for a leaf of a merged unit
    /// its second row under the successor.
    private static func writeWindow(
        _ tree: SyntheticTree, _ merges: MergePlan, depth: Int, index: Int, parent: Int, rank: Int, naming: UnitNaming,
        sink: ByteSink
    ) {
        let levels = tree.levels
        if depth == merges.depth, merges.successor[index] >= 0 {
            sink.bytes(Array(",,\(merges.lastYear),".utf8))
            naming.code(levels[depth], Int(merges.successor[index]), to: sink)
        } else if depth == merges.depth + 1, merges.successor[parent] >= 0 {
            let successor = Int(merges.successor[parent])
            sink.bytes(Array(",,\(merges.lastYear),\n".utf8))
            naming.code(levels[depth], index, to: sink)
            sink.byte(UInt8(ascii: ","))
            naming.name(levels[depth], index, rank: rank + 1, parentKind: levels[depth - 1].kind, parentIndex: parent, to: sink)
            sink.byte(UInt8(ascii: ","))
            naming.code(levels[depth - 1], successor, to: sink)
            sink.byte(UInt8(ascii: ","))
            sink.bytes(levels[depth].label)
            sink.bytes(Array(",\(merges.lastYear + 1),,".utf8))
        } else {
            sink.bytes(Array(",,,".utf8))
        }
    }
}
