import Foundation
import RollupSynthetic

/// A synthetic data folder written into a fresh temporary directory, with its tables read back.
struct SyntheticFolder {
    let directory: URL
    let summary: SyntheticSummary

    init(_ options: SyntheticOptions) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rollup-synthetic-\(UUID().uuidString)")
        summary = try SyntheticWriter.write(options, to: directory)
    }

    func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    func table(_ file: String) throws -> CSVTable { try CSVTable(contentsOf: url(file)) }

    func bytes(_ file: String) throws -> Data { try Data(contentsOf: url(file)) }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static let files = ["units.csv", "indicators.csv", "targets.csv", "values.csv"]
}
