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
        return migrator
    }
}
