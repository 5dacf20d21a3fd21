import GRDB

/// The schema's history. A shipped migration is never edited: add a new one instead.
enum ProgressSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-learner-session-log") { db in
            try db.create(table: "learner") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("learner", onDelete: .cascade).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("endedAt", .datetime)
            }
            try db.create(table: "commandLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("at", .datetime).notNull()
                t.column("line", .text).notNull()
                t.column("exitStatus", .integer).notNull()
                t.column("outcome", .text).notNull()
            }
        }
        migrator.registerMigration("v2-course-progress") { db in
            try db.create(table: "exerciseProgress") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("learner", onDelete: .cascade).notNull()
                t.column("packId", .text).notNull()
                t.column("lessonId", .text).notNull()
                t.column("exerciseId", .text).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("hintsUsed", .integer).notNull().defaults(to: 0)
                t.column("solutionViewed", .boolean).notNull().defaults(to: false)
                t.column("firstOpened", .datetime).notNull()
                t.column("completedAt", .datetime)
                t.column("secondsSpent", .double).notNull().defaults(to: 0)
                t.uniqueKey(["learnerId", "packId", "lessonId", "exerciseId"])
            }
            try db.create(table: "coursePosition") { t in
                t.belongsTo("learner", onDelete: .cascade).notNull()
                t.column("packId", .text).notNull()
                t.column("lessonId", .text).notNull()
                t.column("exerciseId", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["learnerId", "packId"])
            }
        }
        return migrator
    }
}
