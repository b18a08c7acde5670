import Foundation

/// Writes `units.csv`: `code,name,parent,level`, level by level from the root down, the children
/// of one parent contiguous and in parent order.
enum UnitsFile {
    /// Writes the units of `tree` to `url`; returns the bytes written.
    static func write(_ tree: SyntheticTree, to url: URL) throws -> Int {
        let sink = try ByteSink(url: url)
        let naming = UnitNaming()
        sink.bytes(Array("code,name,parent,level\n".utf8))
        let levels = tree.levels
        let root = levels[0]
        naming.code(root, 0, to: sink)
        sink.byte(UInt8(ascii: ","))
        naming.name(root, 0, rank: 1, parentKind: nil, parentIndex: 0, to: sink)
        sink.byte(UInt8(ascii: ","))
        sink.byte(UInt8(ascii: ","))
        sink.bytes(root.label)
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
                    sink.byte(UInt8(ascii: "\n"))
                    index += 1
                }
            }
        }
        try sink.close()
        return sink.bytesWritten
    }
}
