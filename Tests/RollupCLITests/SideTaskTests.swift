import Dispatch
import Synchronization
import XCTest

@testable import RollupCLI

final class SideTaskTests: XCTestCase {
    func testWorkAlongsideStartsBeforeFinishIsCalled() {
        let started = DispatchSemaphore(value: 0)
        let task = SideTask(alongside: true) { () -> Int in
            started.signal()
            return 42
        }
        // Only a task already running can signal: finish() has not been called yet.
        XCTAssertEqual(started.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(task.finish().value, 42)
    }

    func testWorkKeptForFinishRunsOnlyThenAndOnce() {
        let runs = Mutex(0)
        let task = SideTask(alongside: false) { () -> Int in
            runs.withLock { $0 += 1 }
            return 7
        }
        XCTAssertEqual(runs.withLock { $0 }, 0)
        XCTAssertEqual(task.finish().value, 7)
        XCTAssertEqual(task.finish().value, 7)
        XCTAssertEqual(runs.withLock { $0 }, 1)
    }

    func testFinishReportsTheSecondsTheWorkTook() {
        let task = SideTask(alongside: true) { () -> Int in
            usleep(20_000)
            return 1
        }
        XCTAssertGreaterThanOrEqual(task.finish().seconds, 0.02)
    }
}
