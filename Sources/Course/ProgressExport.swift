import Foundation
import LayerlabBasics
import LessonPack
import ProgressStore

/// A learner's record in a pack, as `progress export` writes it: JSON or CSV. The JSON ends with a
/// checksum, an unkeyed SHA-256 of the rest: it shows an instructor that an export was not changed by
/// accident, and nothing more, since whoever changes an export can compute it again. Work that must be
/// trusted goes through the class hub: `layerlab class check --registry …` judges the images pushed (`ClassHub`).
public struct ProgressExport {
    public struct Row: Sendable {
        public var lessonID: String
        public var exerciseID: String
        public var progress: ExerciseProgress?

        public init(lessonID: String, exerciseID: String, progress: ExerciseProgress?) {
            self.lessonID = lessonID
            self.exerciseID = exerciseID
            self.progress = progress
        }
    }

    var learner: String
    var packID: String
    var packVersion: String
    var rows: [Row]
    var exportedAt: Date

    public init(learner: String, packID: String, packVersion: String, rows: [Row], exportedAt: Date) {
        self.learner = learner
        self.packID = packID
        self.packVersion = packVersion
        self.rows = rows
        self.exportedAt = exportedAt
    }

    /// A learner's export read straight from a home's database (for `layerlab progress export`).
    public static func read(home: URL, learnerName: String, pack: LessonPack, at date: Date) throws -> ProgressExport {
        let database = try ProgressDatabase(path: home.appendingPathComponent("layerlab.sqlite").path)
        guard let learner = try database.learners().first(where: { $0.name == learnerName }), let id = learner.id else {
            throw ProgressExportError(message: "no progress recorded for '\(learnerName)' in \(home.path)",
                                      hint: "give the name you use with --name, or the home with --home DIR")
        }
        let records = try database.exerciseProgress(learnerID: id, packID: pack.manifest.id)
        return ProgressExport(learner: learnerName, pack: pack, records: Dictionary(records.map { ("\($0.lessonID)/\($0.exerciseID)", $0) }, uniquingKeysWith: { $1 }), exportedAt: date)
    }

    init(learner: String, pack: LessonPack, records: [String: ExerciseProgress], exportedAt: Date) {
        self.init(learner: learner, packID: pack.manifest.id, packVersion: pack.manifest.version,
                  rows: pack.exercises.map { Row(lessonID: $0.lesson.id, exerciseID: $0.exercise.id, progress: records["\($0.lesson.id)/\($0.exercise.id)"]) },
                  exportedAt: exportedAt)
    }

    static func status(_ progress: ExerciseProgress?) -> String { progress?.status.rawValue ?? "not-started" }

    /// The JSON body without its checksum, whose SHA-256 the checksum is (no key: anyone can compute it).
    var jsonBody: String {
        let entries = rows.map { row in
            let progress = row.progress
            return "    {\"lesson\": \(JSONText.quoted(row.lessonID)), \"exercise\": \(JSONText.quoted(row.exerciseID)), "
                + "\"status\": \"\(Self.status(progress))\", \"attempts\": \(progress?.attempts ?? 0), \"hints_used\": \(progress?.hintsUsed ?? 0), "
                + "\"solution_viewed\": \(progress?.solutionViewed ?? false), "
                + "\"first_opened\": \(progress.map { JSONText.quoted(RFC3339Text.string($0.firstOpened)) } ?? "null"), "
                + "\"completed_at\": \(progress?.completedAt.map { JSONText.quoted(RFC3339Text.string($0)) } ?? "null"), "
                + "\"seconds_spent\": \(Int(progress?.secondsSpent ?? 0))}"
        }
        return "{\n  \"format\": \"layerlab-progress/1\",\n  \"learner\": \(JSONText.quoted(learner)),\n  \"pack\": \(JSONText.quoted(packID)),\n"
            + "  \"pack_version\": \(JSONText.quoted(packVersion)),\n  \"exported_at\": \(JSONText.quoted(RFC3339Text.string(exportedAt))),\n"
            + "  \"exercises\": [\n" + entries.joined(separator: ",\n") + "\n  ]"
    }

    public var json: String {
        let body = jsonBody
        return body + ",\n  \"checksum\": \"sha256:\(Digest.sha256(of: body).hex)\"\n}\n"
    }

    public var csv: String {
        var lines = ["learner,pack,lesson,exercise,status,attempts,hints_used,solution_viewed,first_opened,completed_at,seconds_spent"]
        for row in rows {
            let progress = row.progress
            let fields = [learner, packID, row.lessonID, row.exerciseID, Self.status(progress), String(progress?.attempts ?? 0),
                          String(progress?.hintsUsed ?? 0), String(progress?.solutionViewed ?? false),
                          progress.map { RFC3339Text.string($0.firstOpened) } ?? "", progress?.completedAt.map(RFC3339Text.string) ?? "",
                          String(Int(progress?.secondsSpent ?? 0))]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV cell. Text a spreadsheet would run as a formula (a learner named `=HYPERLINK(…)`) gets a
    /// leading `'` and quotes, as OWASP's CSV-injection advice says.
    public static func csvField(_ text: String) -> String {
        let formula = text.first.map { "=+-@\t\r".contains($0) } ?? false
        let cell = formula ? "'" + text : text
        return formula || cell.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }
}

extension ProgressExport {
    /// Writes an export to `target`; a folder gets a file named after the learner (instructors collect
    /// exports in one). Returns where it went.
    public func write(_ text: String, to target: URL, format: String) throws(ProgressExportError) -> URL {
        var isFolder: ObjCBool = false
        var file = target
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue {
            // The learner's name is theirs to choose: no folder separators or a leading dot in a file name.
            let name = String(learner.map { "/\\\u{0}".contains($0) ? "_" : $0 })
            file = target.appendingPathComponent((name.hasPrefix(".") || name.isEmpty ? "_" : "") + name + "." + format)
        }
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw ProgressExportError(message: "cannot write \(file.path): \((error as NSError).localizedFailureReason ?? error.localizedDescription)",
                                      hint: "give a file in a folder that exists and that you may write to")
        }
        return file
    }
}

public struct ProgressExportError: Error, UserFacingError {
    public var message: String
    public var hint: String?

    public init(message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// Times in exports: UTC, to the second.
enum RFC3339Text {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
