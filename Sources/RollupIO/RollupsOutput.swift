import RollupKernel
import RollupModel

/// Writes `rollups.csv` into a results folder being staged, streamed as it is formatted (on the
/// `10m` preset the file is about 9 GB), and with `excel` its spreadsheet copy
/// `rollups.excel.csv` in the same pass.
public enum RollupsOutput {
    /// Streams the files and returns their manifest entries, `rollups.csv` first.
    public static func write(
        _ dataset: Dataset, _ rollup: Rollup, threads: Int, excel: Bool, to staging: ResultsStaging
    ) -> Result<[Manifest.File], OutputFile.Failure> {
        let name = "rollups.csv"
        let copyName = SpreadsheetCopy.name(for: name)
        let file: OutputFile
        switch staging.create(name) {
        case .success(let created): file = created
        case .failure(let failure): return .failure(failure)
        }
        var copy: OutputFile?
        if excel {
            switch staging.create(copyName).flatMap({ created in created.append(SpreadsheetCopy.byteOrderMark).map { created } }) {
            case .success(let created): copy = created
            case .failure(let failure): return .failure(failure)
            }
        }
        var converter = SpreadsheetCopy.Converter()
        var converted: [UInt8] = []
        var failure: OutputFile.Failure?
        let rows = RollupsFile.stream(dataset, rollup, threads: threads) { piece in
            if case .failure(let failed) = file.append(piece) {
                failure = failed
                return false
            }
            guard let copy else { return true }
            converted.removeAll(keepingCapacity: true)
            converter.convert(piece, to: &converted)
            if case .failure(let failed) = copy.append(converted) {
                failure = failed
                return false
            }
            return true
        }
        guard let rows, failure == nil else {
            return .failure(failure ?? OutputFile.Failure(description: "could not write \(file.path)"))
        }
        var entries: [Manifest.File] = []
        for (entryName, output) in [(name, file), (copyName, copy)] {
            guard let output else { continue }
            switch output.finish(sync: false) {
            case .success(let digest):
                entries.append(Manifest.File(file: entryName, rows: rows, bytes: digest.bytes, sha256: digest.sha256))
            case .failure(let failed): return .failure(failed)
            }
        }
        return .success(entries)
    }
}
