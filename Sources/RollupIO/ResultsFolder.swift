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
    public typealias Failure = OutputFile.Failure

    /// The folder the results end up in.
    public let target: String
    /// The hidden folder beside the target where the new results are written first.
    let staging: String

    /// Prepares to write to `target` (its parent must exist).
    public init(target: String) {
        var trimmed = target
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.target = trimmed
        let (parent, name) = ResultsFolder.split(trimmed)
        staging = parent + "/." + name + ".staging-\(getpid())"
    }

    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    /// Starts the new contents of the target: removes what killed runs left beside it and creates
    /// an empty staging folder. Nothing is visible in the target until ``ResultsStaging/commit()``.
    public func begin() -> Result<ResultsStaging, Failure> {
        let (parent, name) = ResultsFolder.split(target)
        removeLeftovers(parent: parent, name: name)
        guard mkdir(staging, 0o755) == 0 else { return .failure(.system("create the staging folder", staging)) }
        return .success(ResultsStaging(folder: self))
    }

    /// Writes `files` (name → bytes) as the new contents of the target folder.
    public func write(_ files: [(name: String, bytes: [UInt8])]) -> Result<Void, Failure> {
        begin().flatMap { staged in
            for file in files {
                if case .failure(let failure) = staged.write(file.name, file.bytes) {
                    staged.discard()
                    return .failure(failure)
                }
            }
            return staged.commit()
        }
    }

    /// Swaps the synced staging folder in for the target.
    func swapIn() -> Result<Void, Failure> {
        let (parent, name) = ResultsFolder.split(target)
        ResultsFolder.syncDirectory(staging)
        var info = stat()
        if stat(target, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                ResultsFolder.removeTree(staging)
                return .failure(Failure(description: "\(target) exists and is not a folder"))
            }
            if rollup_exchange_paths(staging, target) == 0 {
                ResultsFolder.removeTree(staging)  // now holds the previous results
            } else {
                // No atomic exchange on this file system: move the old folder aside first.
                let aside = parent + "/." + name + ".previous-\(getpid())"
                guard rename(target, aside) == 0 else {
                    let failure = Failure.system("could not move the previous results \(target) aside")
                    ResultsFolder.removeTree(staging)
                    return .failure(failure)
                }
                guard rename(staging, target) == 0 else {
                    let failure = Failure.system("move the new results into", target)
                    _ = rename(aside, target)
                    ResultsFolder.removeTree(staging)
                    return .failure(failure)
                }
                ResultsFolder.removeTree(aside)
            }
        } else {
            guard rename(staging, target) == 0 else {
                let failure = Failure.system("create", target)
                ResultsFolder.removeTree(staging)
                return .failure(failure)
            }
        }
        ResultsFolder.syncDirectory(parent)
        return .success(())
    }

    static func syncDirectory(_ path: String) {
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
                ResultsFolder.removeTree(path)
            }
        }
    }

    /// Removes a folder and everything in it (no symbolic links are followed).
    static func removeTree(_ path: String) {
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
