import Synchronization

/// The new contents of a results folder while they are written: files go into the hidden staging
/// folder and become visible all at once on ``commit()``. Dropped without a commit (an error, a
/// return on the way), the staging folder is removed and the target stays as it was.
///
/// Files may be created from several threads at once (`rollups.csv` is streamed on one while the
/// others are written on another); ``commit()`` and ``discard()`` come after all of them.
public final class ResultsStaging: Sendable {
    /// The folder being replaced.
    public let folder: ResultsFolder
    private let open = Mutex(true)
    /// The files created, synced to disk together on ``commit()``.
    private let created = Mutex<[String]>([])

    init(folder: ResultsFolder) {
        self.folder = folder
    }

    deinit {
        if open.withLock({ $0 }) { ResultsFolder.removeTree(folder.staging) }
    }

    /// Creates the file `name` in the staging folder, hashed as it is written. Finish it with
    /// `finish(sync: false)`: the commit syncs every file at once.
    public func create(_ name: String) -> Result<OutputFile, OutputFile.Failure> {
        let path = folder.staging + "/" + name
        created.withLock { $0.append(path) }
        return OutputFile.create(path)
    }

    /// Writes the whole file `name` and returns its size and hash.
    public func write(_ name: String, _ bytes: [UInt8]) -> Result<OutputFile.Digest, OutputFile.Failure> {
        create(name).flatMap { file in file.append(bytes).flatMap { file.finish(sync: false) } }
    }

    /// Syncs every file to disk (their write-backs have run since each was finished), then swaps
    /// them in for the target's contents, atomically where the file system can.
    public func commit() -> Result<Void, OutputFile.Failure> {
        guard open.withLock({ $0 }) else {
            return .failure(OutputFile.Failure(description: "\(folder.target) was already written or discarded"))
        }
        for path in created.withLock({ $0 }) {
            if case .failure(let failure) = OutputFile.sync(path) {
                discard()
                return .failure(failure)
            }
        }
        open.withLock { $0 = false }
        return folder.swapIn()
    }

    /// Removes the staging folder; the target is untouched.
    public func discard() {
        guard
            open.withLock({ was in
                defer { was = false }
                return was
            })
        else { return }
        ResultsFolder.removeTree(folder.staging)
    }
}
