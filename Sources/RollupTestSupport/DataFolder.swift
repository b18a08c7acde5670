import Foundation

/// A data folder written to a fresh temporary directory, for tests: each file given as text.
/// The folder is removed when the value is deinitialised.
public final class DataFolder {
    /// The folder's path.
    public let path: String

    /// Writes `files` (name → contents) into a new temporary folder.
    public init(_ files: [String: String]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
        for (name, contents) in files {
            try Data(contents.utf8).write(to: base.appendingPathComponent(name))
        }
    }

    /// A path inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// The contents of a file inside the folder, if it exists.
    public func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: file(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Where the package's files are, for tests that read the bundled samples or the shared examples.
public enum PackageFiles {
    /// The package root, found from this file's location.
    public static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The shared folder beside the repository (`../shared`), when it exists.
    public static var shared: String? {
        let path = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
