import Foundation
import LayerlabBasics
import ProgressStore

/// The session's link to the progress database, opened on a background thread so the prompt does not wait
/// for SQLite: the first command that needs the database waits for it instead.
public final class ProgressConnection: @unchecked Sendable {
    // Guarded by `lock`; written once by the opening thread.
    private let lock = NSCondition()
    private var outcome: Result<(ProgressDatabase, Int64), ProgressStoreError>?

    /// Starts opening the database at `path` and recording a new session for `learnerName`.
    public init(path: String, learnerName: String, at date: Date) {
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

    /// The database and this session's ID, waiting for the opening to finish.
    public func get() throws(ProgressStoreError) -> (database: ProgressDatabase, sessionID: Int64) {
        lock.lock()
        while outcome == nil { lock.wait() }
        let result = outcome!
        lock.unlock()
        return try result.get()
    }
}
