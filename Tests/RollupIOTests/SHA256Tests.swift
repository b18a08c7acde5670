import Foundation
import RollupTestSupport
import XCTest

@testable import RollupIO

/// SHA-256 against the FIPS 180 test vectors (NIST's "SHA-256 examples"), fed whole and in
/// awkward pieces, and over files.
final class SHA256Tests: XCTestCase {
    static let vectors: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]
    static let millionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    func testStandardVectors() {
        for (message, digest) in Self.vectors {
            XCTAssertEqual(SHA256.hex(Array(message.utf8)), digest, "'\(message)'")
        }
    }

    func testOneMillionAInPiecesOfEverySize() {
        let a = [UInt8](repeating: 0x61, count: 1_000_000)
        XCTAssertEqual(SHA256.hex(a), Self.millionA)
        for piece in [7, 55, 56, 63, 64, 65, 1000, 65_537] {
            var hash = SHA256()
            var k = 0
            while k < a.count {
                let n = min(piece, a.count - k)
                a[k..<(k + n)].withUnsafeBufferPointer { hash.update($0) }
                k += n
            }
            XCTAssertEqual(hash.finalizeHex(), Self.millionA, "pieces of \(piece)")
        }
    }

    func testPaddingBoundaries() {
        // Lengths around the 55/56/64-byte padding edges, checked against a second feeding order.
        for length in [54, 55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var split = SHA256()
            split.update(Array(bytes.prefix(length / 2)))
            split.update(Array(bytes.dropFirst(length / 2)))
            XCTAssertEqual(split.finalizeHex(), SHA256.hex(bytes), "length \(length)")
        }
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 64)), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    func testFileDigestStreamsAndMatches() throws {
        let folder = try DataFolder(["abc.txt": "abc", "empty.txt": ""])
        let big = folder.file("million.txt")
        try Data(repeating: 0x61, count: 1_000_000).write(to: URL(fileURLWithPath: big))
        XCTAssertEqual(try SHA256.file(folder.file("abc.txt")).get(), SHA256.FileDigest(bytes: 3, sha256: Self.vectors[1].digest))
        XCTAssertEqual(try SHA256.file(folder.file("empty.txt")).get().sha256, Self.vectors[0].digest)
        XCTAssertEqual(try SHA256.file(big).get(), SHA256.FileDigest(bytes: 1_000_000, sha256: Self.millionA))
        XCTAssertEqual(SHA256.file(folder.file("absent.txt")), .failure(.missing))
        XCTAssertEqual(SHA256.file(folder.path), .failure(.isDirectory))
    }

    func testProcessorInstructionsAndPortableCodeGiveTheSameDigests() {
        var state: UInt64 = 42
        var bytes: [UInt8] = []
        for _ in 0..<100_003 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        for length in [0, 55, 56, 64, 119, 4096, 100_003] {
            var fast = SHA256()
            var portable = SHA256(portable: true)
            fast.update(Array(bytes.prefix(length)))
            portable.update(Array(bytes.prefix(length)))
            XCTAssertEqual(fast.finalizeHex(), portable.finalizeHex(), "\(length) bytes")
        }
    }
}
