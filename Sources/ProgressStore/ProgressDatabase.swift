import CSQLite
import Foundation
import GRDB
import LayerlabBasics

/// The learner's durable record: profile, sessions and the command log, in SQLite.
///
/// Every write is one transaction, so a crash or SIGKILL loses at most the write in flight. The schema is
/// migrated forward only and never erased: learners' progress outlives every schema change.
public struct ProgressDatabase: Sendable {
    private let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file at `path` and migrates it.
    public init(path: String) throws(ProgressStoreError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            // WAL with synchronous=NORMAL: a commit survives the process being killed at any point (the
            // WAL is in the OS's hands), and commits skip the fsync that made start-up slow.
            configuration.journalMode = .wal
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Closing would copy the WAL into the database and delete it, syncing both files, and the
                // next start's first commit would make a new WAL and sync it: most of what a scripted
                // `exit` cost. Left in place, the WAL is read back by the next opening (as after a kill)
                // and folded in by SQLite's automatic checkpoints as it grows. Reading it back costs one
                // read per page written since the last checkpoint (a 4 MB WAL, SQLite's default of 1000
                // pages, cost a start 800 reads), so checkpoints come every 64 pages and truncate it.
                _ = layerlab_sqlite_keep_wal_on_close(db.sqliteConnection)
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 64")
                try db.execute(sql: "PRAGMA journal_size_limit = 262144")
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try self.init(writer: queue)
        } catch let error as ProgressStoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// An in-memory database, for tests.
    public static func inMemory() throws(ProgressStoreError) -> ProgressDatabase {
        do {
            return try ProgressDatabase(writer: DatabaseQueue())
        } catch let error as ProgressStoreError {
            throw error
        } catch {
            throw .cannotOpen(path: ":memory:", reason: "\(error)")
        }
    }

    init(writer: any DatabaseWriter) throws(ProgressStoreError) {
        self.writer = writer
        do {
            try ProgressSchema.migrator.migrate(writer)
        } catch {
            throw .migrationFailed(reason: "\(error)")
        }
    }

    /// The names of the migrations applied so far, oldest first.
    public func appliedMigrations() throws(ProgressStoreError) -> [String] {
        try read { db in try ProgressSchema.migrator.appliedMigrations(db) }
    }

    // MARK: Learner

    /// The learner with this name, created on first use.
    public func learner(named name: String, at date: Date) throws(ProgressStoreError) -> Learner {
        try write { db in try Self.learner(named: name, at: date, db) }
    }

    private static func learner(named name: String, at date: Date, _ db: Database) throws -> Learner {
        if let existing = try Learner.filter(Column("name") == name).fetchOne(db) {
            return existing
        }
        var learner = Learner(id: nil, name: name, createdAt: date)
        try learner.insert(db)
        return learner
    }

    public func learners() throws(ProgressStoreError) -> [Learner] {
        try read { db in try Learner.order(Column("id")).fetchAll(db) }
    }

    // MARK: Sessions

    public func startSession(learnerID: Int64, at date: Date) throws(ProgressStoreError) -> ShellSessionRecord {
        try write { db in try Self.insertSession(learnerID: learnerID, at: date, db) }
    }

    /// Finds or creates the learner and starts a session, in one transaction (it is on the start-up path).
    public func startSession(learnerNamed name: String, at date: Date) throws(ProgressStoreError) -> (Learner, ShellSessionRecord) {
        try write { db in
            let learner = try Self.learner(named: name, at: date, db)
            return (learner, try Self.insertSession(learnerID: learner.id!, at: date, db))
        }
    }

    private static func insertSession(learnerID: Int64, at date: Date, _ db: Database) throws -> ShellSessionRecord {
        var session = ShellSessionRecord(id: nil, learnerID: learnerID, startedAt: date, endedAt: nil)
        try session.insert(db)
        return session
    }

    public func endSession(id: Int64, at date: Date) throws(ProgressStoreError) {
        try write { db in
            try db.execute(sql: "UPDATE session SET endedAt = ? WHERE id = ?", arguments: [date, id])
        }
    }

    public func sessions() throws(ProgressStoreError) -> [ShellSessionRecord] {
        try read { db in try ShellSessionRecord.order(Column("id")).fetchAll(db) }
    }

    // MARK: Command log

    @discardableResult
    public func logCommand(_ entry: CommandLogEntry) throws(ProgressStoreError) -> CommandLogEntry {
        try write { db in
            var entry = entry
            try entry.insert(db)
            return entry
        }
    }

    /// The logged commands, oldest first; of one session when `sessionID` is given.
    public func commandLog(sessionID: Int64? = nil) throws(ProgressStoreError) -> [CommandLogEntry] {
        try read { db in
            var request = CommandLogEntry.order(Column("id"))
            if let sessionID { request = request.filter(Column("sessionID") == sessionID) }
            return try request.fetchAll(db)
        }
    }

    // MARK: Course progress

    /// The learner a session belongs to.
    public func learnerID(ofSession sessionID: Int64) throws(ProgressStoreError) -> Int64 {
        try read { db in
            guard let session = try ShellSessionRecord.fetchOne(db, key: sessionID) else {
                throw ProgressStoreError.readFailed(reason: "no session \(sessionID)")
            }
            return session.learnerID
        }
    }

    public func learner(id: Int64) throws(ProgressStoreError) -> Learner? {
        try read { db in try Learner.fetchOne(db, key: id) }
    }

    /// A learner's exercise records in a pack, in the order they were first opened.
    public func exerciseProgress(learnerID: Int64, packID: String) throws(ProgressStoreError) -> [ExerciseProgress] {
        try read { db in
            try ExerciseProgress.filter(Column("learnerId") == learnerID && Column("packId") == packID).order(Column("id")).fetchAll(db)
        }
    }

    /// Changes one exercise's record in one transaction, creating it (opened now) the first time.
    @discardableResult
    public func updateExercise(learnerID: Int64, packID: String, lessonID: String, exerciseID: String, at date: Date,
                               _ change: @escaping @Sendable (inout ExerciseProgress) -> Void) throws(ProgressStoreError) -> ExerciseProgress {
        try write { db in
            var record = try ExerciseProgress
                .filter(Column("learnerId") == learnerID && Column("packId") == packID && Column("lessonId") == lessonID && Column("exerciseId") == exerciseID)
                .fetchOne(db) ?? ExerciseProgress(learnerID: learnerID, packID: packID, lessonID: lessonID, exerciseID: exerciseID, openedAt: date)
            change(&record)
            try record.save(db)
            return record
        }
    }

    public func position(learnerID: Int64, packID: String) throws(ProgressStoreError) -> CoursePosition? {
        try read { db in try CoursePosition.fetchOne(db, key: ["learnerId": learnerID, "packId": packID]) }
    }

    public func setPosition(_ position: CoursePosition) throws(ProgressStoreError) {
        try write { db in try position.save(db) }
    }

    // MARK: Plumbing

    private func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(ProgressStoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw .writeFailed(reason: "\(error)")
        }
    }

    private func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(ProgressStoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw .readFailed(reason: "\(error)")
        }
    }
}
