import Foundation
import LayerlabBasics
import ProgressStore

/// The session's link to the progress database, opened on a background thread so the prompt does not wait
/// for SQLite: the first command that needs the database waits for it instead.
public final class ProgressConnection: @unchecked Sendable {
    private let path: String
    private let clock: any WallClock
    // Guarded by `lock`; `outcome` is written once by the opening thread.
    private let lock = NSCondition()
    private var learnerName: String
    private var opening = false
    private var outcome: Result<(ProgressDatabase, Int64), ProgressStoreError>?

    /// A connection to the database at `path` that records a new session for `learnerName` once opened.
    public init(path: String, learnerName: String, clock: any WallClock) {
        self.path = path
        self.learnerName = learnerName
        self.clock = clock
    }

    /// Starts opening the database, once (the home must exist by then); the session is recorded for
    /// `learnerName` when given (the name a first run's question got), else for the one given at `init`.
    public func open(learnerNamed name: String? = nil) {
        lock.lock()
        defer { lock.unlock() }
        guard !opening else { return }
        opening = true
        if let name { learnerName = name }
        let (path, learnerName, date) = (path, learnerName, clock.now)
        Thread.detachNewThread { [self] in
            let result: Result<(ProgressDatabase, Int64), ProgressStoreError>
            do throws(ProgressStoreError) {
                let database = try ProgressDatabase(path: path)
                let (_, session) = try database.startSession(learnerNamed: learnerName, at: date)
                result = .success((database, session.id!))
            } catch {
                result = .failure(error)
            }
            lock.lock()
            outcome = result
            lock.broadcast()
            lock.unlock()
        }
    }

    /// Forgets the session recorded (once it has ended), so a session started after it records its own.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard outcome != nil else { return }
        outcome = nil
        opening = false
    }

    /// The database and this session's ID, opening it if nobody has yet and waiting for that to finish.
    public func get() throws(ProgressStoreError) -> (database: ProgressDatabase, sessionID: Int64) {
        open()
        lock.lock()
        while outcome == nil { lock.wait() }
        let result = outcome!
        lock.unlock()
        return try result.get()
    }
}
