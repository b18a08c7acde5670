import Foundation
import RollupIO
import Synchronization

/// What `rollup run` records about itself for the morning after: the manifest of a results
/// folder and the command line it came from.
enum RunRecord {
    /// The files of a data folder, in the order the manifest lists them.
    static let dataFiles = ["units.csv", "indicators.csv", "targets.csv", "values.csv"]

    /// `folder/name`, without doubling a slash.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The command line in a canonical form: positionals, then options by name.
    static func commandLine(_ command: String, _ parsed: ParsedArguments) -> [String] {
        var words = ["rollup", command] + parsed.positionals
        for name in parsed.options.keys.sorted() {
            for value in parsed.options[name] ?? [] {
                words.append("--" + name)
                if !value.isEmpty { words.append(value) }
            }
        }
        return words
    }

    /// An output file's entry: the size and hash taken while it was written and, for a CSV file,
    /// its records after the header, counted in `bytes`.
    static func output(_ name: String, _ bytes: [UInt8], _ digest: OutputFile.Digest) -> Manifest.File {
        Manifest.File(file: name, rows: name.hasSuffix(".csv") ? records(bytes) - 1 : nil, bytes: digest.bytes, sha256: digest.sha256)
    }

    /// The records of CSV text written by rollup (LF line ends; line breaks inside quotes do not
    /// end a record).
    static func records(_ bytes: [UInt8]) -> Int {
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            var quoted = false
            while start < buffer.count {
                // Up to the next quote: line ends there count unless inside quotes.
                var end = buffer.count
                if let quote = memchr(base + start, 0x22, buffer.count - start) {
                    end = UnsafeRawPointer(quote) - UnsafeRawPointer(base)
                }
                if !quoted {
                    var lines = 0
                    for k in start..<end { lines &+= buffer[k] == 0x0A ? 1 : 0 }
                    count += lines
                }
                quoted.toggle()
                start = end + 1
            }
        }
        if let last = bytes.last, last != 0x0A { count += 1 }
        return max(count, 1)
    }

    /// The manifest of a results folder about to be written: `inputs` are the data folder's
    /// files, hashed while it was loaded; `outputs` are the folder's other files.
    static func manifest(
        command: [String], data: String, inputs: InputDigests, outputs: [Manifest.File], rejected: Int, warnings: [InputError],
        timings: [(stage: String, seconds: Double)], status: ExitStatus
    ) -> Manifest {
        Manifest(
            version: RollupCommandLine.version, command: command, data: data, finished: now(), inputs: inputs.entries(),
            outputs: outputs, rejectedRows: rejected, warnings: warnings.map(\.description),
            timings: timings.map { Manifest.Timing(stage: $0.stage, seconds: $0.seconds) }, exitStatus: status.rawValue)
    }

    /// Now, UTC, ISO 8601 to the second.
    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

/// The data folder's files hashed on a thread of their own from the bytes the load read, while
/// it parses them: the manifest records exactly what was loaded, and no file is read twice (on
/// the `10m` preset, 6 GB).
final class InputDigests: Sendable {
    private let digests = Mutex<[String: OutputFile.Digest]>([:])
    // A queue of its own gets a thread of its own: the global queues' threads are all busy with
    // the load's concurrentPerform, and the hashing would wait for them.
    private let queue = DispatchQueue(label: "rollup.input-digests")

    /// Starts hashing `bytes`, the file `name` of the data folder as read; files that are not
    /// ``RunRecord/dataFiles`` are left out. Callable from any thread.
    func hash(_ name: String, _ bytes: [UInt8]) {
        guard RunRecord.dataFiles.contains(name) else { return }
        queue.async { [self] in
            let digest = OutputFile.Digest(bytes: bytes.count, sha256: SHA256.hex(bytes))
            digests.withLock { $0[name] = digest }
        }
    }

    /// The entries of the files hashed, in ``RunRecord/dataFiles`` order, once every hash is done.
    func entries() -> [Manifest.File] {
        queue.sync {}
        let digests = digests.withLock { $0 }
        return RunRecord.dataFiles.compactMap { name in
            digests[name].map { Manifest.File(file: name, bytes: $0.bytes, sha256: $0.sha256) }
        }
    }
}
