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
    /// The files created, synced to disk together on ``commit()``, each with what has been syncing
    /// it while it was written.
    private let created = Mutex<[(path: String, syncAhead: SyncAhead?)]>([])

    init(folder: ResultsFolder) {
        self.folder = folder
    }

    deinit {
        if open.withLock({ $0 }) { ResultsFolder.removeTree(folder.staging) }
    }

    /// Creates the file `name` in the staging folder, hashed as it is written and synced to disk
    /// while it is written (the commit waits for every byte to be on the disk, so the disk had
    /// better keep pace). Finish it with `finish(sync: false)`: the commit completes the syncs.
    public func create(_ name: String) -> Result<OutputFile, OutputFile.Failure> {
        let path = folder.staging + "/" + name
        let file = OutputFile.create(path, syncingAhead: true)
        created.withLock { $0.append((path, try? file.get().syncAhead)) }
        return file
    }

    /// Writes the whole file `name` and returns its size and hash.
    public func write(_ name: String, _ bytes: [UInt8]) -> Result<OutputFile.Digest, OutputFile.Failure> {
        create(name).flatMap { file in file.append(bytes).flatMap { file.finish(sync: false) } }
    }

    /// Writes the file `name` from the pieces `produce` hands to its `emit` in order, each written
    /// (and its syncing started) as it comes, and returns the file's size and hash. `produce`
    /// returns false when it stopped early: then so did `emit`, on a failure to write, returned.
    public func stream(
        _ name: String, _ produce: (_ emit: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool
    ) -> Result<OutputFile.Digest, OutputFile.Failure> {
        create(name).flatMap { file in
            var failure: OutputFile.Failure?
            let completed = produce { piece in
                if case .failure(let failed) = file.append(piece) { failure = failed }
                return failure == nil
            }
            if let failure { return .failure(failure) }
            if !completed { return .failure(OutputFile.Failure(description: "could not write \(file.path): stopped")) }
            return file.finish(sync: false)
        }
    }

    /// ``stream(_:_:)`` writing, with `spreadsheetCopy`, the file's ``SpreadsheetCopy`` beside it
    /// (`findings.csv` → `findings.excel.csv`), converted piece by piece as the pieces come, so
    /// that neither file is ever whole in memory. Assumes each piece ends at a record's end, the
    /// header row first. Returns each file's name and digest, the file's own first.
    public func stream(
        _ name: String, spreadsheetCopy: Bool, _ produce: (_ emit: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool
    ) -> Result<[(name: String, digest: OutputFile.Digest)], OutputFile.Failure> {
        guard spreadsheetCopy else { return stream(name, produce).map { [(name, $0)] } }
        let copyName = SpreadsheetCopy.name(for: name)
        let copy: OutputFile
        switch create(copyName).flatMap({ created in created.append(SpreadsheetCopy.byteOrderMark).map { created } }) {
        case .success(let created): copy = created
        case .failure(let failure): return .failure(failure)
        }
        var converter = SpreadsheetCopy.Converter()
        var converted: [UInt8] = []
        var copyFailure: OutputFile.Failure?
        let written = withoutActuallyEscaping(produce) { produce in
            stream(name) { emit in
                produce { piece in
                    guard emit(piece) else { return false }
                    converted.removeAll(keepingCapacity: true)
                    converter.convert(piece, to: &converted)
                    if case .failure(let failed) = copy.append(converted) { copyFailure = failed }
                    return copyFailure == nil
                }
            }
        }
        if let copyFailure { return .failure(copyFailure) }
        return written.flatMap { digest in copy.finish(sync: false).map { [(name, digest), (copyName, $0)] } }
    }

    /// Syncs every file to disk (their syncs have run while each was written), then swaps
    /// them in for the target's contents, atomically where the file system can.
    public func commit() -> Result<Void, OutputFile.Failure> {
        guard open.withLock({ $0 }) else {
            return .failure(OutputFile.Failure(description: "\(folder.target) was already written or discarded"))
        }
        for (path, syncAhead) in created.withLock({ $0 }) {
            let synced: Result<Void, OutputFile.Failure>
            if let syncAhead {
                let code = syncAhead.complete()
                synced = code == 0 ? .success(()) : .failure(.synced(path, code))
            } else {
                synced = OutputFile.sync(path)
            }
            if case .failure(let failure) = synced {
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
