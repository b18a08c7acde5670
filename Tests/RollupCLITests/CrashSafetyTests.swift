import Foundation
import RollupCLI
import RollupTestSupport
import XCTest

/// `rollup run` killed with SIGKILL at random moments (a fixed seed, a bounded number of kills)
/// always leaves OUT holding either the previous complete results or the new complete results,
/// never a mix, and the next run cleans up what the killed one left.
final class CrashSafetyTests: XCTestCase {
    /// SplitMix64: the kill moments depend only on the seed.
    struct Moments {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    func leftovers(_ parent: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent).filter {
            $0.hasPrefix(".out.staging-") || $0.hasPrefix(".out.previous-")
        }
    }

    func testKilledRunsLeaveEitherThePreviousOrTheNewCompleteResults() throws {
        _ = try RollupProcess.require()
        let folder = try DataFolder([:])
        // Two data folders whose results differ, each large enough for a run of about a second
        // in a debug build (a fraction of that in release).
        let periods = (2020...2025).map(String.init).joined(separator: ",")
        for (name, seed) in [("a", "1"), ("b", "2")] {
            let status = RollupCommandLine.run(
                ["generate", "--seed", seed, "--periods", periods, folder.file(name)], console: RecordingConsole())
            XCTAssertEqual(status, .success)
        }
        let data = ["a": folder.file("a"), "b": folder.file("b")]
        // Known-good results, and how long a run and its write (staging, sync, swap) take.
        var good: [String: Data] = [:]
        var duration = 0.0
        var writeSeconds = 0.0
        for name in ["a", "b"] {
            let started = Date()
            let (status, _, errors) = try RollupProcess.run(["run", data[name]!, "--out", folder.file("good-" + name), "--log", "-j", "2"])
            duration = max(duration, Date().timeIntervalSince(started))
            XCTAssertEqual(status, 0, errors)
            good[name] = try XCTUnwrap(FileManager.default.contents(atPath: folder.file("good-\(name)/rollups.csv")))
            for line in errors.split(separator: "\n") where line.contains("stage=write") {
                let seconds = line.split(separator: " ").first { $0.hasPrefix("seconds=") }.flatMap { Double($0.dropFirst(8)) }
                writeSeconds = max(writeSeconds, seconds ?? 0)
            }
        }
        writeSeconds = max(writeSeconds, 0.005)
        XCTAssertNotEqual(good["a"], good["b"])
        let out = folder.file("out")
        XCTAssertEqual(try RollupProcess.run(["run", data["a"]!, "--out", out, "-q"]).status, 0)
        var current = "a"
        var moments = Moments(state: 20_261_123)
        var outcomes: [String: Int] = ["previous": 0, "new": 0]
        let kills = 15
        for k in 0..<kills {
            let next = current == "a" ? "b" : "a"
            // Half the kills at any moment of the run; half while it writes: once its staging
            // folder appears, within the time a write takes (syncs, the swap, the clean-up).
            let u = moments.next()
            var run = try RollupProcess(["run", data[next]!, "--out", out, "-q", "-j", "2"])
            let delay: Double
            if k % 2 == 0 {
                delay = u * duration
                Thread.sleep(forTimeInterval: delay)
            } else {
                let staging = folder.file(".out.staging-\(run.pid)")
                let deadline = Date().addingTimeInterval(duration * 3)
                while !FileManager.default.fileExists(atPath: staging) && run.process.isRunning && Date() < deadline {
                    usleep(200)
                }
                delay = u * writeSeconds * 1.5
                Thread.sleep(forTimeInterval: delay)
            }
            run.kill()
            let (status, _, errors) = run.finish()
            XCTAssertTrue(status == 0 || status == 128 + 9, "kill \(k): status \(status): \(errors)")
            let now = try XCTUnwrap(FileManager.default.contents(atPath: out + "/rollups.csv"), "kill \(k) after \(delay)s: no rollups.csv")
            if now == good[next] {
                current = next
                outcomes["new", default: 0] += 1
            } else {
                XCTAssertEqual(now, good[current], "kill \(k) after \(delay)s: rollups.csv is neither the previous nor the new results")
                outcomes["previous", default: 0] += 1
            }
            // Every file of OUT is the one the manifest of the same run lists: no mix of runs.
            let console = RecordingConsole()
            XCTAssertEqual(
                RollupCommandLine.run(["verify", out, data[current]!], console: console), .success,
                "kill \(k) after \(delay)s: " + (console.output + console.errors).joined(separator: "\n"))
            // A killed run may leave its staging folder; the next run removes it before staging.
            let left = try leftovers(folder.path)
            XCTAssertLessThanOrEqual(left.count, 1, "kill \(k): leftovers pile up: \(left)")
        }
        // A run to the end cleans every leftover.
        let next = current == "a" ? "b" : "a"
        XCTAssertEqual(try RollupProcess.run(["run", data[next]!, "--out", out, "-q"]).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: out + "/rollups.csv"), good[next])
        XCTAssertEqual(try leftovers(folder.path), [])
        print(
            "crash safety: \(kills) kills over runs of about \(String(format: "%.2f", duration))s (write \(String(format: "%.3f", writeSeconds))s): \(outcomes)"
        )
    }
}
