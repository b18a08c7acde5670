import Foundation

/// The root of the rollup package: the nearest folder at or above the working directory holding
/// `Package.swift` and `Benchmarks/`, else the one this file was compiled from.
enum PackageRoot {
    static func locate(from start: String = FileManager.default.currentDirectoryPath, source: String = #filePath) -> String {
        var url = URL(fileURLWithPath: start, isDirectory: true).standardizedFileURL
        while true {
            if isRoot(url.path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        // Benchmarks/RollupBench/PackageRoot.swift -> the package.
        let fromSource = URL(fileURLWithPath: source).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return isRoot(fromSource) ? fromSource : start
    }

    private static func isRoot(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/Package.swift")
            && FileManager.default.fileExists(atPath: path + "/Benchmarks", isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
