import Foundation
import RollupIO
import RollupTestSupport
import Synchronization
import XCTest

final class RunLockTests: XCTestCase {
    func testLockFileSitsBesideTheResultsFolder() {
        XCTAssertEqual(RunLock.path(for: "/srv/rollup/results"), "/srv/rollup/.results.lock")
        XCTAssertEqual(RunLock.path(for: "/srv/rollup/results/"), "/srv/rollup/.results.lock")
        XCTAssertEqual(RunLock.path(for: "results"), ".results.lock")
        XCTAssertEqual(RunLock.path(for: "/results"), "/.results.lock")
    }

    func testSecondLockFailsAtOnceNamingTheHolder() throws {
        let folder = try DataFolder([:])
        let out = folder.file("out")
        let first = try RunLock.acquire(for: out, wait: false).get()
        XCTAssertEqual(folder.read(".out.lock"), "\(getpid())\n")
        let started = Date()
        switch RunLock.acquire(for: out, wait: false) {
        case .success: XCTFail("a second lock was granted")
        case .failure(let failure):
            XCTAssertEqual(failure, .held(path: folder.file(".out.lock"), pid: getpid()))
            XCTAssertTrue(failure.description.contains("process \(getpid())"), failure.description)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        first.release()
        XCTAssertNil(folder.read(".out.lock"), "the released lock file is still there")
        let again = try RunLock.acquire(for: out, wait: false).get()
        again.release()
    }

    func testWaitingLockIsGrantedWhenTheHolderReleases() throws {
        let folder = try DataFolder([:])
        let out = folder.file("out")
        let first = try RunLock.acquire(for: out, wait: false).get()
        let released = expectation(description: "released")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            first.release()
            released.fulfill()
        }
        var waitedFor: Int32?
        let started = Date()
        let second = try RunLock.acquire(for: out, wait: true, waiting: { waitedFor = $0 }).get()
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.25)
        XCTAssertEqual(waitedFor, getpid())
        wait(for: [released], timeout: 5)
        second.release()
    }

    func testAStaleLockFileOfAKilledRunDoesNotBlock() throws {
        let folder = try DataFolder([".out.lock": "999999\n"])
        let lock = try RunLock.acquire(for: folder.file("out"), wait: false).get()
        XCTAssertEqual(folder.read(".out.lock"), "\(getpid())\n")
        lock.release()
    }

    func testManyWaitersGetTheLockOneAtATime() throws {
        // Waiters that each hold the lock briefly must never overlap, although each release
        // removes the file the others wait on.
        let folder = try DataFolder([:])
        let out = folder.file("out")
        let holders = Mutex(0)
        let overlaps = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<20 {
                guard case .success(let lock) = RunLock.acquire(for: out, wait: true) else { return }
                holders.withLock {
                    $0 += 1
                    if $0 > 1 { overlaps.withLock { $0 += 1 } }
                }
                usleep(200)
                holders.withLock { $0 -= 1 }
                lock.release()
            }
        }
        XCTAssertEqual(overlaps.withLock { $0 }, 0)
        XCTAssertNil(folder.read(".out.lock"))
    }

    func testLockOfAnUnwritableFolderIsUnavailable() {
        switch RunLock.acquire(for: "/nonexistent-rollup-folder/out", wait: false) {
        case .success: XCTFail("locked in a folder that does not exist")
        case .failure(let failure):
            guard case .unavailable(let path, _) = failure else { return XCTFail("\(failure)") }
            XCTAssertEqual(path, "/nonexistent-rollup-folder/.out.lock")
        }
    }
}
