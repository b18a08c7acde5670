/// The new contents of a results folder while they are written: files go into the hidden staging
/// folder and become visible all at once on ``commit()``. Dropped without a commit (an error, a
/// return on the way), the staging folder is removed and the target stays as it was.
public final class ResultsStaging {
    /// The folder being replaced.
    public let folder: ResultsFolder
    private var open = true
    /// The files created, synced to disk together on ``commit()``.
    private var created: [String] = []

    init(folder: ResultsFolder) {
        self.folder = folder
    }

    deinit {
        if open { ResultsFolder.removeTree(folder.staging) }
    }

    /// Creates the file `name` in the staging folder, hashed as it is written. Finish it with
    /// `finish(sync: false)`: the commit syncs every file at once.
    public func create(_ name: String) -> Result<OutputFile, OutputFile.Failure> {
        let path = folder.staging + "/" + name
        created.append(path)
        return OutputFile.create(path)
    }

    /// Writes the whole file `name` and returns its size and hash.
    public func write(_ name: String, _ bytes: [UInt8]) -> Result<OutputFile.Digest, OutputFile.Failure> {
        create(name).flatMap { file in file.append(bytes).flatMap { file.finish(sync: false) } }
    }

    /// Syncs every file to disk (their write-backs have run since each was finished), then swaps
    /// them in for the target's contents, atomically where the file system can.
    public func commit() -> Result<Void, OutputFile.Failure> {
        guard open else { return .failure(OutputFile.Failure(description: "\(folder.target) was already written or discarded")) }
        for path in created {
            if case .failure(let failure) = OutputFile.sync(path) {
                discard()
                return .failure(failure)
            }
        }
        open = false
        return folder.swapIn()
    }

    /// Removes the staging folder; the target is untouched.
    public func discard() {
        guard open else { return }
        open = false
        ResultsFolder.removeTree(folder.staging)
    }
}
