import RollupKernel
import Synchronization
import XCTest

final class WorkRunnerTests: XCTestCase {
    func testEveryTaskRunsExactlyOnceWhateverTheThreadsAndTasks() {
        for threads in [1, 2, 3, 8] {
            for tasks in [0, 1, 2, 5, 64, 1000] {
                let runs = Mutex([Int](repeating: 0, count: tasks))
                WorkRunner(threads: threads).run(tasks: tasks) { t in runs.withLock { $0[t] += 1 } }
                XCTAssertEqual(runs.withLock { $0 }, [Int](repeating: 1, count: tasks), "threads \(threads), tasks \(tasks)")
            }
        }
    }

    func testOneThreadRunsTheTasksInOrder() {
        var order: [Int] = []
        WorkRunner(threads: 1).run(tasks: 6) { order.append($0) }
        XCTAssertEqual(order, Array(0..<6))
    }

    func testSumAddsEveryTasksCountWhateverTheThreads() {
        for threads in [1, 2, 3, 8] {
            XCTAssertEqual(WorkRunner(threads: threads).sum(tasks: 100) { $0 * $0 }, 328_350, "threads \(threads)")
            XCTAssertEqual(WorkRunner(threads: threads).sum(tasks: 0) { _ in 1 }, 0)
        }
    }
}
