/// The exit statuses of `rollup`, for schedulers and scripts (values follow BSD `sysexits.h`
/// where one fits).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything worked.
    case success = 0
    /// Findings of error severity exist and `--fail-on-errors` was given.
    case findings = 1
    /// `rollup run --skip-invalid` set bad rows aside in `rejected.csv` and wrote the results
    /// of the rest.
    case rejectedRows = 2
    /// The command line could not be understood (unknown option, missing argument).
    case usage = 64
    /// The input data has errors; they were all listed and nothing was written.
    case inputError = 65
    /// Something went wrong inside rollup.
    case internalError = 70
    /// The results could not be written (permissions, disk full); the previous results are intact.
    case cannotWrite = 73
    /// Another run holds the lock of the same results folder (`EX_TEMPFAIL`: try again later,
    /// or run with `--wait`).
    case locked = 75
}
