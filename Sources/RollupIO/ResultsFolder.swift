import CRollupSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a results folder all or nothing: files are staged in a hidden folder beside the target,
/// synced to disk, and swapped in by one atomic exchange of the two folders (a plain rename when
/// the target does not exist yet). A run that fails before the swap leaves the target exactly as
/// it was; leftovers of a killed run are removed by the next one.
public struct ResultsFolder: Sendable {
    /// Why results could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the path.
        public var description: String
    }

    /// The folder the results end up in.
    public let target: String
    private let staging: String

    /// Prepares to write to `target` (its parent must exist).
    public init(target: String) {
        var trimmed = target
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.target = trimmed
        let (parent, name) = ResultsFolder.split(trimmed)
        staging = parent + "/." + name + ".staging-\(getpid())"
    }

    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    /// Writes `files` (name → bytes) as the new contents of the target folder.
    public func write(_ files: [(name: String, bytes: [UInt8])]) -> Result<Void, Failure> {
        let (parent, name) = ResultsFolder.split(target)
        removeLeftovers(parent: parent, name: name)
        guard mkdir(staging, 0o755) == 0 else { return fail("could not create the staging folder \(staging)") }
        for file in files {
            let path = staging + "/" + file.name
            if case .failure(let failure) = writeFile(path, file.bytes) {
                removeTree(staging)
                return .failure(failure)
            }
        }
        syncDirectory(staging)
        var info = stat()
        if stat(target, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                removeTree(staging)
                return fail("\(target) exists and is not a folder")
            }
            if rollup_exchange_paths(staging, target) == 0 {
                removeTree(staging)  // now holds the previous results
            } else {
                // No atomic exchange on this file system: move the old folder aside first.
                let aside = parent + "/." + name + ".previous-\(getpid())"
                guard rename(target, aside) == 0 else {
                    removeTree(staging)
                    return fail("could not move the previous results \(target) aside")
                }
                guard rename(staging, target) == 0 else {
                    _ = rename(aside, target)
                    removeTree(staging)
                    return fail("could not move the new results into \(target)")
                }
                removeTree(aside)
            }
        } else {
            guard rename(staging, target) == 0 else {
                removeTree(staging)
                return fail("could not create \(target)")
            }
        }
        syncDirectory(parent)
        return .success(())
    }

    private func fail(_ message: String) -> Result<Void, Failure> {
        .failure(Failure(description: message + ": " + String(cString: strerror(errno))))
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) -> Result<Void, Failure> {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return fail("could not create \(path)") }
        defer { close(fd) }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while written < raw.count {
                let n = Glibc.write(fd, base + written, raw.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        guard ok else { return fail("could not write \(path)") }
        guard fsync(fd) == 0 else { return fail("could not sync \(path)") }
        return .success(())
    }

    private func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// Removes staging and set-aside folders that killed runs left beside the target, restoring
    /// set-aside results when the target itself is missing.
    private func removeLeftovers(parent: String, name: String) {
        guard let dir = opendir(parent) else { return }
        var entries: [String] = []
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            entries.append(entryName)
        }
        closedir(dir)
        var info = stat()
        let targetExists = stat(target, &info) == 0
        for entry in entries {
            let path = parent + "/" + entry
            if entry.hasPrefix("." + name + ".previous-") && !targetExists {
                _ = rename(path, target)
            } else if entry.hasPrefix("." + name + ".staging-") || entry.hasPrefix("." + name + ".previous-") {
                removeTree(path)
            }
        }
    }

    /// Removes a folder and everything in it (no symbolic links are followed).
    private func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if let dir = opendir(path) {
                var children: [String] = []
                while let entry = readdir(dir) {
                    let child = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if child != "." && child != ".." { children.append(child) }
                }
                closedir(dir)
                for child in children { removeTree(path + "/" + child) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
