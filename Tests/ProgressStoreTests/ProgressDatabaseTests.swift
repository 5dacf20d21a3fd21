import Foundation
import GRDB
@testable import ProgressStore
import Testing

@Suite struct ProgressDatabaseTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func learnerIsCreatedOnceByName() throws {
        let database = try ProgressDatabase.inMemory()
        let first = try database.learner(named: "ada", at: start)
        let again = try database.learner(named: "ada", at: start.addingTimeInterval(60))
        #expect(first == again)
        #expect(first.createdAt == start)
        #expect(try database.learners().map(\.name) == ["ada"])
    }

    @Test func sessionsRecordStartAndEnd() throws {
        let database = try ProgressDatabase.inMemory()
        let learner = try database.learner(named: "ada", at: start)
        let session = try database.startSession(learnerID: learner.id!, at: start)
        try database.endSession(id: session.id!, at: start.addingTimeInterval(90))
        let stored = try database.sessions()
        #expect(stored.count == 1)
        #expect(stored[0].endedAt == start.addingTimeInterval(90))
    }

    @Test func commandLogKeepsOrderPerSession() throws {
        let database = try ProgressDatabase.inMemory()
        let learner = try database.learner(named: "ada", at: start)
        let one = try database.startSession(learnerID: learner.id!, at: start).id!
        let two = try database.startSession(learnerID: learner.id!, at: start).id!
        try database.logCommand(CommandLogEntry(sessionID: one, at: start, line: "ls", exitStatus: 0, outcome: .succeeded))
        try database.logCommand(CommandLogEntry(sessionID: two, at: start, line: "nope", exitStatus: 127, outcome: .unknownCommand))
        try database.logCommand(CommandLogEntry(sessionID: one, at: start, line: "cat x", exitStatus: 1, outcome: .failed))
        #expect(try database.commandLog(sessionID: one).map(\.line) == ["ls", "cat x"])
        #expect(try database.commandLog().map(\.outcome) == [.succeeded, .unknownCommand, .failed])
    }

    @Test func reopeningAFileKeepsRowsAndDoesNotRerunMigrations() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let database = try ProgressDatabase(path: path)
            _ = try database.learner(named: "ada", at: start)
        }
        let reopened = try ProgressDatabase(path: path)
        #expect(try reopened.learners().map(\.name) == ["ada"])
        #expect(try reopened.appliedMigrations() == ["v1-learner-session-log", "v2-course-progress"])
    }

    @Test func aVersion1DatabaseIsMigratedForwardKeepingItsRows() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-v1-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let queue = try DatabaseQueue(path: path)
            try ProgressSchema.migrator.migrate(queue, upTo: "v1-learner-session-log")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO learner (name, createdAt) VALUES ('ada', ?)", arguments: [start])
            }
        }
        let upgraded = try ProgressDatabase(path: path)
        #expect(try upgraded.appliedMigrations() == ["v1-learner-session-log", "v2-course-progress"])
        let ada = try #require(try upgraded.learners().first)
        #expect(ada.name == "ada")
        try upgraded.updateExercise(learnerID: ada.id!, packID: "p", lessonID: "l", exerciseID: "e", at: start) { $0.hintsUsed += 1 }
        let record = try upgraded.updateExercise(learnerID: ada.id!, packID: "p", lessonID: "l", exerciseID: "e", at: start) { $0.hintsUsed += 1 }
        #expect(record.hintsUsed == 2 && record.status == .opened && record.firstOpened == start)
        #expect(try upgraded.exerciseProgress(learnerID: ada.id!, packID: "p").count == 1)
    }

    /// Closing used to fold the WAL into the database and delete it, syncing both files, and the next
    /// opening made a new WAL and synced it: most of what `echo exit | layerlab` cost (issue 21).
    @Test func closingLeavesTheLogForTheNextOpeningToReadBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-wal-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let database = try ProgressDatabase(path: path)
            _ = try database.learner(named: "ada", at: start)
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the WAL stays in place")
        #expect(try ProgressDatabase(path: path).learners().map(\.name) == ["ada"])
    }

    @Test func anUnwritableLocationIsReportedWithAHint() {
        #expect {
            _ = try ProgressDatabase(path: "/proc/no-such-dir/progress.sqlite")
        } throws: { error in
            guard let error = error as? ProgressStoreError, case .cannotOpen = error else { return false }
            return error.hint?.contains("--home") == true
        }
    }
}
