/// Why ``SyntheticWriter/write(_:to:)`` could not write a data folder.
public enum SyntheticWriterError: Error, Sendable, Equatable {
    /// The folder could not be created (a file stands there, no permission, ...).
    case cannotCreateDirectory(path: String, reason: String)
    /// A file of the folder could not be created or truncated.
    case cannotCreate(path: String)
    /// Writing to a file failed part way (disk full, ...); the file is incomplete.
    case writeFailed(path: String, reason: String)
}
