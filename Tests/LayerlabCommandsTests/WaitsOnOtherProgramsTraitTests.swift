import Foundation
import LayerlabTestSupport
import Testing

/// Tests that wait on other programs run on lent threads, not on the cooperative pool, before and
/// after they sleep: otherwise their waiting holds one of the pool's two threads again.
@Suite(.waitsOnOtherPrograms) struct WaitsOnOtherProgramsTraitTests {
    /// The name of the thread that calls it (`Thread.current` may not be read in async code).
    static func threadName() -> String {
        Thread.current.name ?? "a thread without a name"
    }

    @Test func aBlockingTestRunsOnALentThread() {
        #expect(Self.threadName().hasPrefix("waiting-test-"), "\(Self.threadName())")
    }

    @Test func aTestThatSleepsWakesOnItsLentThread() async throws {
        let before = Self.threadName()
        try await Task.sleep(for: .milliseconds(20))
        let after = Self.threadName()
        #expect(before.hasPrefix("waiting-test-"), "\(before)")
        #expect(after == before, "woke on \(after)")
    }
}
