import Foundation
import GRDB

/// A person using layerlab on this machine.
public struct Learner: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "learner"
    public var id: Int64?
    public var name: String
    public var createdAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One run of the REPL, from start to exit.
public struct ShellSessionRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"
    public var id: Int64?
    public var learnerID: Int64
    public var startedAt: Date
    public var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, startedAt, endedAt
        case learnerID = "learnerId"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One command the learner ran and how it ended. Secrets are removed before a line is logged.
public struct CommandLogEntry: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "commandLog"
    public var id: Int64?
    public var sessionID: Int64
    public var at: Date
    public var line: String
    public var exitStatus: Int
    public var outcome: Outcome

    public enum Outcome: String, Codable, Sendable {
        case succeeded, failed, unknownCommand, syntaxError, internalError
    }

    enum CodingKeys: String, CodingKey {
        case id, at, line, exitStatus, outcome
        case sessionID = "sessionId"
    }

    public init(id: Int64? = nil, sessionID: Int64, at: Date, line: String, exitStatus: Int, outcome: Outcome) {
        self.id = id
        self.sessionID = sessionID
        self.at = at
        self.line = line
        self.exitStatus = exitStatus
        self.outcome = outcome
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
