import Foundation
import Testing

/// `@Suite(.waitsOnOtherPrograms)`: each of the suite's tests runs on a thread of its own instead of
/// Swift concurrency's cooperative pool. That pool has one thread per core (two on the CI machine),
/// and Swift Testing runs every test on it: a test blocked in `waitUntilExit` or a pipe read held a
/// core's thread while the program it waited for wanted that core, and a test that sleeps between
/// keystrokes waited for a thread to wake on, so the test phase idled with work queued behind it.
/// Tests that mostly wait for other programs (layerlab run as a process, the real Docker CLI,
/// `script`, sockets) use this; tests that compute stay on the pool.
public struct WaitsOnOtherProgramsTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// Each test case, not the suite around them: a suite's scope would hold one thread for all its tests.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let thread = await WaitingTestThreads.shared.take()
        do {
            try await withTaskExecutorPreference(thread) { try await function() }
        } catch {
            await WaitingTestThreads.shared.giveBack(thread)
            throw error
        }
        await WaitingTestThreads.shared.giveBack(thread)
    }
}

extension Trait where Self == WaitsOnOtherProgramsTrait {
    public static var waitsOnOtherPrograms: Self { Self() }
}

/// A few threads, each lent to one test at a time, so that a test's own waking never queues behind
/// another test's blocking. Few, so that the programs those tests start (each wanting a core) stay
/// within what two cores serve before the tests' deadlines.
actor WaitingTestThreads {
    static let shared = WaitingTestThreads(count: 6)

    private var free: [TestThread]
    private var waiting: [CheckedContinuation<TestThread, Never>] = []

    private init(count: Int) {
        free = (0..<count).map { TestThread(name: "waiting-test-\($0)") }
    }

    func take() async -> TestThread {
        if let thread = free.popLast() { return thread }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func giveBack(_ thread: TestThread) {
        if waiting.isEmpty {
            free.append(thread)
        } else {
            waiting.removeFirst().resume(returning: thread)
        }
    }
}

/// One thread that runs the jobs it is given in order, for as long as the process lives (a job may
/// still come after its test has ended: a continuation resumed late).
final class TestThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(name: String) {
        // Named from inside: on Linux a name given before `start` is not the thread's (it keeps its
        // creator's, a dispatch thread's).
        Thread { [unowned self] in
            Thread.current.name = name
            self.work()
        }.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    private func work() {
        while true {
            let job = condition.withLock {
                while jobs.isEmpty { condition.wait() }
                return jobs.removeFirst()
            }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
