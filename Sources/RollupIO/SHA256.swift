import CRollupSystem

/// SHA-256 (FIPS 180-4), written here because the toolchain has no hash library on Linux.
///
/// Streaming: feed bytes in any pieces with ``update(_:)``, then ``finalize()``; or hash a file
/// with ``file(_:)`` in 1 MiB blocks, whatever its size. Checked against the standard vectors in
/// the tests (`""`, `"abc"`, the 448- and 896-bit messages, a million `a`).
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes of an incomplete block.
    private var pending: [UInt8] = []
    /// Bytes hashed so far.
    private var length: UInt64 = 0

    /// Whether this hash runs the compression function on the processor's SHA instructions.
    private let usesHardware: Bool

    /// A hash of nothing yet.
    public init() { self.init(portable: false) }

    /// A hash of nothing yet; `portable` keeps it off the SHA instructions (to compare the two).
    init(portable: Bool) {
        usesHardware = !portable && SHA256.hardware
        pending.reserveCapacity(64)
    }

    /// The hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(bytes)
        return hash.finalizeHex()
    }

    /// The hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hash = SHA256()
        hash.update(Array(bytes))
        return hash.finalizeHex()
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBufferPointer { if let base = $0.baseAddress { compress(base, blocks: 1) } }
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = (bytes.count - offset) / 64
        if blocks > 0 { compress(base + offset, blocks: blocks) }
        offset += blocks * 64
        if offset < bytes.count { pending.append(contentsOf: UnsafeBufferPointer(start: base + offset, count: bytes.count - offset)) }
    }

    /// The 32-byte digest; the hash must not be updated afterwards.
    public mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for k in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(k) * 8))) }
        tail.withUnsafeBufferPointer { if let base = $0.baseAddress { compress(base, blocks: $0.count / 64) } }
        pending.removeAll()
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        return words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * UInt32($0))) } }
    }

    /// The digest as 64 lowercase hex digits.
    public mutating func finalizeHex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in finalize() {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Whether the processor's SHA instructions run the compression function (several times
    /// faster than the portable code below, which gives the same words).
    static let hardware = rollup_sha256_hardware() != 0

    /// Runs the compression function over `blocks` 64-byte blocks at `p`. Raw pointers and
    /// rotations written out with masking shifts keep it
    /// fast in debug builds too.
    private mutating func compress(_ p: UnsafePointer<UInt8>, blocks: Int) {
        if usesHardware {
            withUnsafeMutableBytes(of: &state) { raw in
                guard let words = raw.baseAddress?.assumingMemoryBound(to: UInt32.self) else { return }
                rollup_sha256_blocks(words, p, blocks)
            }
            return
        }
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        let w = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
        defer { w.deallocate() }
        SHA256.k.withUnsafeBufferPointer { table in
            guard let k = table.baseAddress else { return }
            var b = p
            for _ in 0..<blocks {
                var t = 0
                while t < 16 {
                    w[t] = UInt32(b[0]) &<< 24 | UInt32(b[1]) &<< 16 | UInt32(b[2]) &<< 8 | UInt32(b[3])
                    b += 4
                    t += 1
                }
                while t < 64 {
                    let x = w[t - 15]
                    let y = w[t - 2]
                    let s0 = (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
                    let s1 = (y &>> 17 | y &<< 15) ^ (y &>> 19 | y &<< 13) ^ (y &>> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    t += 1
                }
                var a = h0
                var bb = h1
                var c = h2
                var d = h3
                var e = h4
                var f = h5
                var g = h6
                var h = h7
                t = 0
                while t < 64 {
                    let s1 = (e &>> 6 | e &<< 26) ^ (e &>> 11 | e &<< 21) ^ (e &>> 25 | e &<< 7)
                    let t1 = h &+ s1 &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                    let s0 = (a &>> 2 | a &<< 30) ^ (a &>> 13 | a &<< 19) ^ (a &>> 22 | a &<< 10)
                    let t2 = s0 &+ ((a & bb) ^ (a & c) ^ (bb & c))
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = bb
                    bb = a
                    a = t1 &+ t2
                    t += 1
                }
                h0 = h0 &+ a
                h1 = h1 &+ bb
                h2 = h2 &+ c
                h3 = h3 &+ d
                h4 = h4 &+ e
                h5 = h5 &+ f
                h6 = h6 &+ g
                h7 = h7 &+ h
            }
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}
