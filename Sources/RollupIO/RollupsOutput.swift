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
        var rows: Int?
        let written = staging.stream("rollups.csv", spreadsheetCopy: excel) { emit in
            rows = RollupsFile.stream(dataset, rollup, threads: threads, emit: emit)
            return rows != nil
        }
        return written.map { files in
            files.map { Manifest.File(file: $0.name, rows: rows, bytes: $0.digest.bytes, sha256: $0.digest.sha256) }
        }
    }
}
