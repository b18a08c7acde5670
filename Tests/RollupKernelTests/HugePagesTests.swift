import XCTest

@testable import RollupKernel

#if canImport(Glibc)
    import Glibc
#endif

final class HugePagesTests: XCTestCase {
    /// An anonymous mapping of `count` bytes, aligned to a huge page, that the test unmaps.
    private func mapping(_ count: Int) throws -> UnsafeMutableRawPointer {
        let raw = mmap(nil, count + HugePages.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let base = try XCTUnwrap(raw == MAP_FAILED ? nil : raw)
        addTeardownBlock { munmap(base, count + HugePages.size) }
        let aligned = (Int(bitPattern: base) + HugePages.size - 1) & ~(HugePages.size - 1)
        return try XCTUnwrap(UnsafeMutableRawPointer(bitPattern: aligned))
    }

    /// The text of a file of `/proc`, read to its end (its size is given as 0).
    private func procText(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw XCTSkip("cannot read \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += block[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `VmFlags` of the mapping of `/proc/self/smaps` that holds `address`.
    private func flags(at address: UnsafeMutableRawPointer) throws -> [Substring] {
        let smaps = try procText("/proc/self/smaps")
        let target = UInt(bitPattern: Int(bitPattern: address))
        var inside = false
        for line in smaps.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
                let low = UInt(line[..<dash], radix: 16), let high = UInt(line[line.index(after: dash)..<space], radix: 16)
            {
                inside = low <= target && target < high
            } else if inside, line.hasPrefix("VmFlags:") {
                return line.dropFirst("VmFlags:".count).split(separator: " ")
            }
        }
        XCTFail("no mapping holds \(address)")
        return []
    }

    func testAdviceMarksTheWholeHugePagesInsideTheBuffer() throws {
        guard access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0 else {
            throw XCTSkip("this kernel has no transparent huge pages")
        }
        let base = try mapping(3 * HugePages.size)
        // Starts one byte in: only the second and third huge pages are whole inside it.
        HugePages.advise(base + 1, count: 3 * HugePages.size - 1)
        XCTAssertTrue(try flags(at: base + HugePages.size).contains("hg"))
        XCTAssertTrue(try flags(at: base + 2 * HugePages.size).contains("hg"))
        XCTAssertFalse(try flags(at: base).contains("hg"), "the partial first page is left alone")
    }

    func testBufferSmallerThanAHugePageIsLeftAlone() throws {
        let base = try mapping(HugePages.size)
        HugePages.advise(base + 4096, count: HugePages.size - 4096)
        XCTAssertFalse(try flags(at: base + 4096).contains("hg"))
    }

    func testAdviceKeepsTheBytesAlreadyWritten() throws {
        let count = 3 * HugePages.size
        let buffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count / 8)
        defer { buffer.deallocate() }
        for k in buffer.indices { buffer[k] = UInt64(k) &* 0x9E37_79B9_7F4A_7C15 }
        HugePages.advise(buffer)
        XCTAssertTrue(buffer.indices.allSatisfy { buffer[$0] == UInt64($0) &* 0x9E37_79B9_7F4A_7C15 })
    }
}
