import Foundation
import RollupIO

/// `rollup verify OUT DATA`: whether the results in OUT were made from the files now in DATA,
/// and are themselves as the run wrote them, by the sizes and SHA-256 hashes of OUT/manifest.json.
public struct VerifyCommand: Subcommand {
    public static let name = "verify"
    public static let abstract = "Check that a results folder was made from a data folder's files."
    public static let discussion = """
        Hashes every input file that OUT/manifest.json lists (size and SHA-256) in DATA, and every
        result file in OUT, and compares them with the manifest. Exits with status 0 when all match,
        1 with the list of changed, missing or added files otherwise, and 65 when OUT holds no
        readable manifest.

        EXAMPLE:
          rollup verify results/ Samples/city-synthetic
        """
    public static let arguments = [
        ArgumentSpec("OUT", help: "The results folder (holding manifest.json)."),
        ArgumentSpec("DATA", help: "The data folder the results should have been made from."),
    ]
    public static let options: [OptionSpec] = [OptionSpec("quiet", short: "q", help: "Print only the differences.")]

    let out: String
    let data: String
    let quiet: Bool

    public init(_ parsed: ParsedArguments) throws(UsageError) {
        let positionals = try Self.positionals(parsed)
        out = positionals[0]
        data = positionals[1]
        quiet = parsed.flag("quiet")
    }

    public func run(_ console: Console) -> ExitStatus {
        let manifestPath = RunRecord.join(out, "manifest.json")
        let manifest: Manifest
        switch FileBytes.read(manifestPath) {
        case .failure(let failure):
            let why: String
            switch failure {
            case .missing: why = "found no manifest.json"
            case .isDirectory: why = "found a directory"
            case .unreadable(let reason): why = "could not read the file (\(reason))"
            }
            console.err("\(manifestPath):1:1: \(why), expected the manifest.json that rollup run writes in its results folder")
            return .inputError
        case .success(let bytes):
            do {
                manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
            } catch {
                console.err(
                    "\(manifestPath):1:1: found a file that is not a rollup manifest (\(error)), expected JSON in the format \(Manifest.formatName)"
                )
                return .inputError
            }
        }
        var differences: [String] = []
        var matched = 0
        func compare(_ entry: Manifest.File, in folder: String, what: String) {
            let path = RunRecord.join(folder, entry.file)
            switch SHA256.file(path) {
            case .failure(.missing):
                differences.append("missing \(what): \(path)")
            case .failure(.isDirectory):
                differences.append("changed \(what): \(path) is now a directory")
            case .failure(.unreadable(let reason)):
                differences.append("unreadable \(what): \(path) (\(reason))")
            case .success(let digest):
                if digest.bytes == entry.bytes && digest.sha256 == entry.sha256 {
                    matched += 1
                } else {
                    differences.append(
                        "changed \(what): \(path) (\(entry.bytes) bytes, sha256 \(entry.sha256.prefix(16))... when the results were made;"
                            + " now \(digest.bytes) bytes, sha256 \(digest.sha256.prefix(16))...)")
                }
            }
        }
        for entry in manifest.inputs { compare(entry, in: data, what: "input") }
        let listed = Set(manifest.inputs.map(\.file))
        for name in RunRecord.dataFiles where !listed.contains(name) {
            if case .success = SHA256.file(RunRecord.join(data, name)) {
                differences.append("added input: \(RunRecord.join(data, name)) (absent when the results were made)")
            }
        }
        for entry in manifest.outputs { compare(entry, in: out, what: "result") }
        if differences.isEmpty {
            if !quiet {
                console.out(
                    "\(out) was made from \(data): \(manifest.inputs.count) input file\(manifest.inputs.count == 1 ? "" : "s") and "
                        + "\(manifest.outputs.count) result file\(manifest.outputs.count == 1 ? "" : "s") match manifest.json "
                        + "(rollup \(manifest.version), finished \(manifest.finished), exit status \(manifest.exitStatus))")
            }
            return .success
        }
        for line in differences { console.out(line) }
        console.err(
            "error: \(out) does not match \(data): \(differences.count) difference\(differences.count == 1 ? "" : "s"), "
                + "\(matched) file\(matched == 1 ? "" : "s") match")
        return .findings
    }
}
