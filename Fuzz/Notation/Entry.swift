// libFuzzer entry for the notation reader (compiled into the RollupNotation module by
// Fuzz/run.sh). The first byte picks the options (Vietnamese, % allowed, a level scale); the rest
// is the notation. What it checks: reading ends without a crash; text and byte entry points
// agree; a number is finite, an interval is ordered and not a single point, "nothing" is only
// read from blanks and dashes.
import RollupModel

@_cdecl("LLVMFuzzerTestOneInput")
public func rollupFuzzNotation(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let scales: [LevelScale?] = [nil] + LevelScale.documented.map { Optional($0) }
    let options = NotationOptions(
        vietnamese: selector & 1 != 0, allowsPercent: selector & 2 != 0, scale: scales[Int(selector >> 2) % scales.count])
    let text = String(decoding: body, as: UTF8.self)
    let viaText = Notation.read(text, options)
    // The byte entry point requires valid UTF-8: compare where the bytes are.
    if Array(text.utf8) == Array(body) {
        let viaBytes = Notation.read(bytes: body, options)
        switch (viaText, viaBytes) {
        case (.success(let a), .success(let b)): precondition(a == b, "text and bytes readings differ")
        case (.failure(let a), .failure(let b)): precondition(a == b, "text and bytes errors differ")
        default: preconditionFailure("text and bytes disagree on success")
        }
    }
    switch viaText {
    case .success(let reading):
        switch reading.figure {
        case .none:
            let trimmed = text.trimmingSpaces
            precondition(trimmed.isEmpty || ["-", "–", "—"].contains(trimmed), "nothing read from '\(text)'")
        case .number(let x)?:
            precondition(x.isFinite, "a number that is not finite from '\(text)'")
            precondition(options.scale == nil, "a number on a level scale")
        case .interval(let i)?:
            precondition(!i.low.isNaN && !i.high.isNaN && i.low <= i.high, "a disordered interval from '\(text)'")
        case .level(let name)?:
            precondition(options.scale?.rank(of: name) != nil, "a level outside the scale from '\(text)'")
        }
        precondition(reading.decimals >= 0, "negative decimals")
    case .failure(let error):
        precondition(!error.expected.isEmpty, "an error without what was expected")
    }
    return 0
}

extension String {
    /// Trimmed of the spaces the reader drops (ASCII spaces, tabs, line breaks, no-break spaces).
    fileprivate var trimmingSpaces: String {
        let spaces: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", "\u{00A0}"]
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, spaces.contains(f) { scalars = scalars.dropFirst() }
        while let l = scalars.last, spaces.contains(l) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
