// libFuzzer entry for the CSV reader (compiled into the RollupIO module by Fuzz/run.sh, so it
// reaches the reader's internals). Any input is valid; what it checks:
//
// - the reader ends, and every field lies inside the file, in order, never overlapping;
// - a table's header and rows can be read, and every field's text and position worked out,
//   also with bad rows set aside;
// - a file without malformed records reads the same whole or split into chunks at the
//   boundaries the parallel reader would use.
import RollupKernel

@_cdecl("LLVMFuzzerTestOneInput")
public func rollupFuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = CSVText(path: "fuzz.csv", bytes: bytes)
    var records: [[String]] = []
    var malformed = false
    bytes.withUnsafeBufferPointer { buffer in
        var reader = CSVReader(bytes: buffer, start: text.contentStart, end: buffer.count, firstLine: 1)
        var fields: [CSVField] = []
        var lastLine = 0
        var lastOffset = -1
        var steps = 0
        while true {
            steps += 1
            precondition(steps <= buffer.count + 2, "the reader does not advance")
            switch reader.next(into: &fields) {
            case .end:
                return
            case .malformed(let error):
                malformed = true
                precondition(error.offset >= 0 && error.offset <= buffer.count, "error offset outside the file")
                let at = text.location(of: error.offset, recordLine: error.recordLine, recordOffset: error.recordOffset)
                precondition(at.line >= error.recordLine && at.column >= 1, "bad error position")
            case .record(let line, let offset):
                precondition(line > lastLine && offset > lastOffset, "records out of order")
                lastLine = line
                lastOffset = offset
                var previousEnd = offset
                var record: [String] = []
                for field in fields {
                    precondition(field.start >= previousEnd && field.start <= field.end && field.end <= buffer.count, "bad field")
                    precondition(field.end - field.start <= CSVReader.maximumFieldBytes, "field over the maximum")
                    precondition(field.end - offset <= CSVReader.maximumRecordBytes + 2, "record over the maximum")
                    previousEnd = field.end
                    record.append(text.text(field))
                    let at = text.location(of: field.start, recordLine: line, recordOffset: offset)
                    precondition(at.line >= line && at.column >= 1, "bad field position")
                }
                records.append(record)
            }
        }
    }
    // The table layer, as the loader uses it.
    var log = IssueLog()
    if let table = CSVTable.open(text, required: ["unit"], optional: ["indicator", "period", "value"], log: &log) {
        table.forEachRow(log: &log) { row, log in
            _ = row.string("unit")
            _ = row.optional("value")
            if row.string("unit").isEmpty { row.error("unit", "empty", &log) }
        }
        // Bad rows set aside (`--skip-invalid`): only an unclosed quote is left as an error, and
        // each rejected row's text is a piece of the file.
        let quarantine = Quarantine(file: "fuzz.csv")
        var quarantineLog = IssueLog()
        table.forEachRow(log: &quarantineLog, quarantine: quarantine) { row, log in
            if row.string("unit").hasPrefix("x") { row.error("unit", "starts with x", &log) }
        }
        precondition(quarantineLog.errors.allSatisfy { $0.message.hasPrefix("found a quoted field that is never closed") }, "an error not set aside")
        let whole = String(decoding: bytes, as: UTF8.self)
        for row in quarantine.rows {
            precondition(row.line >= table.bodyLine && row.column >= 1, "bad rejected position")
            precondition(row.row.utf8.count <= CSVReader.maximumRecordBytes + 2 && whole.contains(row.row), "rejected text not in the file")
        }
        _ = RejectedFile.format(quarantine.rows)
    }
    _ = log.sortedErrors
    // Chunks: without malformed records (and when the file is valid UTF-8, as the loader
    // requires), reading chunk by chunk gives the same records.
    guard !malformed, text.firstInvalidUTF8() == nil else { return 0 }
    for target in [1, 7, 64] {
        var chunked: [[String]] = []
        bytes.withUnsafeBufferPointer { buffer in
            let boundaries = ChunkSplitter.split(buffer, start: text.contentStart, end: buffer.count, target: target, runner: WorkRunner(threads: 1))
            precondition(boundaries.first == text.contentStart && boundaries.last == buffer.count, "chunks do not cover the file")
            for c in 0..<(boundaries.count - 1) {
                precondition(boundaries[c] < boundaries[c + 1] || boundaries.count == 2, "empty chunk")
                var reader = CSVReader(bytes: buffer, start: boundaries[c], end: boundaries[c + 1], firstLine: 1)
                var fields: [CSVField] = []
                loop: while true {
                    switch reader.next(into: &fields) {
                    case .end: break loop
                    case .malformed: preconditionFailure("a chunk boundary inside a record (target \(target), chunk \(c))")
                    case .record: chunked.append(fields.map { text.text($0) })
                    }
                }
            }
        }
        precondition(chunked == records, "chunked reading differs from whole reading (target \(target))")
    }
    return 0
}
