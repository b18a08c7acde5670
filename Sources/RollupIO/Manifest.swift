/// `manifest.json`: what a results folder was made from and how the run went, so that the office
/// can later prove which input files produced which results (`rollup verify`).
///
/// ```json
/// {
///   "format": "rollup-manifest/1",
///   "version": "0.1.0",
///   "command": ["rollup", "run", "data/", "--out", "results/"],
///   "data": "data/",
///   "finished": "2026-11-23T02:00:07Z",
///   "inputs": [{"file": "units.csv", "bytes": 11495, "sha256": "9f2c..."}],
///   "outputs": [{"file": "rollups.csv", "rows": 12345, "bytes": 901234, "sha256": "..."}],
///   "rejected_rows": 0,
///   "warnings": ["data/units.csv:1:12: warning: found an unknown column 'ghi_chu', ignored ..."],
///   "timings": [{"stage": "load", "seconds": 0.412}],
///   "exit_status": 0
/// }
/// ```
///
/// Keys are written in this order; strings are escaped as JSON requires; `outputs` lists every
/// other file of the folder (the manifest cannot hash itself); `timings` are the stages before
/// the results were written.
public struct Manifest: Sendable, Hashable, Codable {
    /// A file and its hash.
    public struct File: Sendable, Hashable, Codable {
        /// The file's name (in the data folder for inputs, in the results folder for outputs).
        public var file: String
        /// Data rows (records after the header), for outputs.
        public var rows: Int?
        /// The size in bytes.
        public var bytes: Int
        /// The SHA-256, 64 lowercase hex digits.
        public var sha256: String

        /// Makes an entry.
        public init(file: String, rows: Int? = nil, bytes: Int, sha256: String) {
            self.file = file
            self.rows = rows
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// How long a stage took.
    public struct Timing: Sendable, Hashable, Codable {
        /// The stage (`load`, `rollup`, ...), as in the `--log` lines.
        public var stage: String
        /// Seconds, to the microsecond.
        public var seconds: Double

        /// Makes a timing.
        public init(stage: String, seconds: Double) {
            self.stage = stage
            self.seconds = seconds
        }
    }

    /// The format's name and version.
    public static let formatName = "rollup-manifest/1"

    /// `rollup-manifest/1`.
    public var format: String = Manifest.formatName
    /// rollup's version.
    public var version: String
    /// The command line, as words.
    public var command: [String]
    /// The data folder as given.
    public var data: String
    /// When the results were complete, UTC, ISO 8601.
    public var finished: String
    /// The data folder's files that were read.
    public var inputs: [File]
    /// The results folder's other files.
    public var outputs: [File]
    /// Rows set aside in `rejected.csv` by `--skip-invalid`.
    public var rejectedRows: Int
    /// Warnings printed while loading.
    public var warnings: [String]
    /// Seconds per stage.
    public var timings: [Timing]
    /// The exit status the run ended with.
    public var exitStatus: Int32

    enum CodingKeys: String, CodingKey {
        case format, version, command, data, finished, inputs, outputs, warnings, timings
        case rejectedRows = "rejected_rows"
        case exitStatus = "exit_status"
    }

    /// Makes a manifest.
    public init(
        version: String, command: [String], data: String, finished: String, inputs: [File], outputs: [File], rejectedRows: Int,
        warnings: [String], timings: [Timing], exitStatus: Int32
    ) {
        self.version = version
        self.command = command
        self.data = data
        self.finished = finished
        self.inputs = inputs
        self.outputs = outputs
        self.rejectedRows = rejectedRows
        self.warnings = warnings
        self.timings = timings
        self.exitStatus = exitStatus
    }

    /// The manifest as pretty-printed JSON (UTF-8, LF, a final line end), keys in documented order.
    public func json() -> [UInt8] {
        func string(_ s: String) -> String { Manifest.quoted(s) }
        func file(_ f: File) -> String {
            "{\"file\": \(string(f.file)), " + (f.rows.map { "\"rows\": \($0), " } ?? "")
                + "\"bytes\": \(f.bytes), \"sha256\": \(string(f.sha256))}"
        }
        func list(_ items: [String]) -> String {
            items.isEmpty ? "[]" : "[\n" + items.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]"
        }
        let lines = [
            "\"format\": \(string(format))",
            "\"version\": \(string(version))",
            "\"command\": [" + command.map(string).joined(separator: ", ") + "]",
            "\"data\": \(string(data))",
            "\"finished\": \(string(finished))",
            "\"inputs\": " + list(inputs.map(file)),
            "\"outputs\": " + list(outputs.map(file)),
            "\"rejected_rows\": \(rejectedRows)",
            "\"warnings\": " + list(warnings.map(string)),
            "\"timings\": " + list(timings.map { "{\"stage\": \(string($0.stage)), \"seconds\": \(Manifest.number($0.seconds))}" }),
            "\"exit_status\": \(exitStatus)",
        ]
        return Array(("{\n" + lines.map { "  " + $0 }.joined(separator: ",\n") + "\n}\n").utf8)
    }

    /// `s` as a JSON string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Seconds to the microsecond, as a JSON number (`0.412`, `12`).
    static func number(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "0" }
        let micros = Int64((seconds * 1e6).rounded())
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}
