import Foundation
import GRDB

/// A learner's record of one exercise of one pack. Keyed by IDs, so a newer pack version keeps it.
public struct ExerciseProgress: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "exerciseProgress"

    public enum Status: String, Codable, Sendable {
        case opened, completed
    }

    public var id: Int64?
    public var learnerID: Int64
    public var packID: String
    public var lessonID: String
    public var exerciseID: String
    public var status: Status
    /// How many times `check` (or an answer) was tried without success.
    public var attempts: Int
    public var hintsUsed: Int
    public var solutionViewed: Bool
    public var firstOpened: Date
    public var completedAt: Date?
    public var secondsSpent: Double

    enum CodingKeys: String, CodingKey {
        case id, status, attempts, hintsUsed, solutionViewed, firstOpened, completedAt, secondsSpent
        case learnerID = "learnerId", packID = "packId", lessonID = "lessonId", exerciseID = "exerciseId"
    }

    public init(learnerID: Int64, packID: String, lessonID: String, exerciseID: String, openedAt: Date) {
        self.learnerID = learnerID
        self.packID = packID
        self.lessonID = lessonID
        self.exerciseID = exerciseID
        status = .opened
        attempts = 0
        hintsUsed = 0
        solutionViewed = false
        firstOpened = openedAt
        secondsSpent = 0
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// Where a learner is in a pack, so a restart resumes there.
public struct CoursePosition: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "coursePosition"
    public var learnerID: Int64
    public var packID: String
    public var lessonID: String
    public var exerciseID: String
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case lessonID = "lessonId", exerciseID = "exerciseId", updatedAt
        case learnerID = "learnerId", packID = "packId"
    }

    public init(learnerID: Int64, packID: String, lessonID: String, exerciseID: String, updatedAt: Date) {
        self.learnerID = learnerID
        self.packID = packID
        self.lessonID = lessonID
        self.exerciseID = exerciseID
        self.updatedAt = updatedAt
    }
}
