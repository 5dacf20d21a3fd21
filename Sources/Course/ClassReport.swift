import Foundation
import LayerlabBasics

/// Learners × lessons, aggregated from `progress export` JSON files: what each learner finished, with
/// attempts, hints, solutions viewed and time. Exports whose checksum does not match their content are
/// flagged (the checksum shows an export was not edited by hand; it is a summary, not a credential).
public struct ClassReport: Sendable {
    public struct Cell: Sendable, Equatable {
        public var done = 0
        public var total = 0

        public init(done: Int = 0, total: Int = 0) {
            self.done = done
            self.total = total
        }
    }

    public struct Learner: Sendable {
        public var name: String
        public var file: String
        public var pack: String
        public var cells: [String: Cell]
        public var done = 0
        public var attempts = 0
        public var hints = 0
        public var solutionsViewed = 0
        public var seconds = 0
        public var checksumMatches: Bool
    }

    /// Lesson IDs in the order the exports list them.
    public var lessons: [String] = []
    public var learners: [Learner] = []
    /// Files that are not exports, with why.
    public var unreadable: [(file: String, reason: String)] = []

    public init(exports: [(name: String, data: Data)]) {
        for (name, data) in exports {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["format"] as? String == "layerlab-progress/1",
                  let exercises = object["exercises"] as? [[String: Any]]
            else {
                unreadable.append((name, "not a layerlab progress export (JSON)"))
                continue
            }
            do {
                learners.append(try Self.learner(from: object, exercises: exercises, file: name, data: data))
                for exercise in exercises {
                    let lesson = exercise["lesson"] as? String ?? "?"
                    if !lessons.contains(lesson) { lessons.append(lesson) }
                }
            } catch {
                unreadable.append((name, error.reason))
            }
        }
        learners.sort { ($0.name, $0.file) < ($1.name, $1.file) }
    }

    /// A number in an export that cannot be counted: negative, not whole, or past what the totals hold.
    struct FieldError: Error {
        var reason: String
    }

    static func learner(from object: [String: Any], exercises: [[String: Any]], file: String, data: Data) throws(FieldError) -> Learner {
        var learner = Learner(name: object["learner"] as? String ?? "?", file: file, pack: object["pack"] as? String ?? "?",
                              cells: [:], checksumMatches: Self.checksumMatches(data))
        for (index, exercise) in exercises.enumerated() {
            // Exports are files anyone can edit: every number is checked before it is added.
            func add(_ total: inout Int, _ key: String) throws(FieldError) {
                guard let raw = exercise[key] else { return }
                guard let value = raw as? Int, value >= 0 else {
                    throw FieldError(reason: "exercise \(index + 1): '\(key)' is \(raw), not a count of zero or more")
                }
                let (sum, overflow) = total.addingReportingOverflow(value)
                guard !overflow else { throw FieldError(reason: "exercise \(index + 1): '\(key)' is \(value), too large to add up") }
                total = sum
            }
            let lesson = exercise["lesson"] as? String ?? "?"
            let completed = exercise["status"] as? String == "completed"
            learner.cells[lesson, default: Cell()].total += 1
            if completed {
                learner.cells[lesson, default: Cell()].done += 1
                learner.done += 1
            }
            try add(&learner.attempts, "attempts")
            try add(&learner.hints, "hints_used")
            try add(&learner.seconds, "seconds_spent")
            learner.solutionsViewed += (exercise["solution_viewed"] as? Bool ?? false) ? 1 : 0
        }
        return learner
    }

    /// An export is a few kilobytes; anything far larger is not one, and is not read into memory.
    public static let exportSizeLimit = 4 << 20

    /// Reads every `.json` file named, or found in the folders named.
    public static func read(paths: [String]) throws -> ClassReport {
        var files: [(String, Data)] = []
        var skipped: [(file: String, reason: String)] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw PackError("\(path) does not exist", hint: "give export files or a folder of them")
            }
            let names = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
                : [path]
            for name in names {
                // stat follows links: the file read is the one measured. A pipe or device is never opened.
                var info = stat()
                guard stat(name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    skipped.append((name, "not a regular file; not read"))
                    continue
                }
                if info.st_size > exportSizeLimit {
                    skipped.append((name, "\(info.st_size) bytes is more than an export can be (\(exportSizeLimit >> 20) MiB); not read"))
                } else if let handle = FileHandle(forReadingAtPath: name) {
                    // Read no more than the limit even if the file grew since it was measured.
                    let data = (try? handle.read(upToCount: exportSizeLimit + 1)).flatMap { $0 } ?? Data()
                    try? handle.close()
                    files.append((name, data))
                }
            }
        }
        var report = ClassReport(exports: files)
        report.unreadable += skipped
        return report
    }

    /// The checksum covers the export's text before its own field, which must be the last: text added
    /// after it (a second key of the same name, which JSON readers let win) makes the export edited.
    static func checksumMatches(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        guard let field = text.range(of: ",\n  \"checksum\": \"sha256:", options: .backwards) else { return false }
        let stated = text[field.upperBound...].prefix(64)
        let rest = text[field.upperBound...].dropFirst(64)
        guard rest == "\"\n}\n" || rest == "\"\n}" else { return false }
        return Digest.sha256(of: String(text[..<field.lowerBound])).hex == stated
    }

    static func cellText(_ cell: Cell?, unicode: Bool) -> String {
        guard let cell, cell.total > 0 else { return "" }
        if cell.done == cell.total { return unicode ? "✓" : "done" }
        return cell.done == 0 ? "-" : "\(cell.done)/\(cell.total)"
    }

    static func minutes(_ seconds: Int) -> String { "\(seconds / 60)m" }

    /// The terminal table: a column per lesson (numbered; the legend follows), then the totals.
    public func table(unicode: Bool) -> String {
        var rows = [["LEARNER"] + lessons.indices.map { String($0 + 1) } + ["DONE", "ATTEMPTS", "HINTS", "SOLUTIONS", "TIME", ""]]
        for learner in learners {
            rows.append([learner.name] + lessons.map { Self.cellText(learner.cells[$0], unicode: unicode) }
                + [String(learner.done), String(learner.attempts), String(learner.hints), String(learner.solutionsViewed), Self.minutes(learner.seconds),
                   learner.checksumMatches ? "" : "checksum mismatch"])
        }
        var text = TextTable.lines(rows, gap: 2).joined(separator: "\n") + "\n"
        text += "\nLessons: " + lessons.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ") + "\n"
        let mismatched = learners.filter { !$0.checksumMatches }
        if !mismatched.isEmpty {
            text += mismatched.count == 1 ? "1 export does not match its checksum" : "\(mismatched.count) exports do not match their checksums"
            text += " (edited after export?): "
                + mismatched.map(\.file).joined(separator: ", ") + "\n"
        }
        for (file, reason) in unreadable { text += "skipped \(file): \(reason)\n" }
        return text
    }

    public var csv: String {
        var lines = [(["learner", "file"] + lessons + ["done", "attempts", "hints", "solutions_viewed", "seconds", "checksum"]).joined(separator: ",")]
        for learner in learners {
            let cells = lessons.map { lesson in learner.cells[lesson].map { "\($0.done)/\($0.total)" } ?? "" }
            let fields = [learner.name, learner.file] + cells + [String(learner.done), String(learner.attempts), String(learner.hints),
                                                                  String(learner.solutionsViewed), String(learner.seconds), learner.checksumMatches ? "ok" : "mismatch"]
            lines.append(fields.map(ProgressExport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One HTML file with its style inside: no scripts, no outside resources.
    public var html: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>layerlab class report</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:center}
        th{background:#f3f3f3}td.name{text-align:left}td.done{background:#d8f5d8}td.part{background:#fff3c4}tr.bad td{color:#a00}</style></head><body>
        <h1>Class report</h1><p>\(learners.count) learners, \(lessons.count) lessons.</p>
        <table><tr><th>Learner</th>
        """
        page += lessons.map { "<th>\(escape($0))</th>" }.joined() + "<th>Done</th><th>Attempts</th><th>Hints</th><th>Solutions</th><th>Time</th><th>Checksum</th></tr>\n"
        for learner in learners {
            page += "<tr\(learner.checksumMatches ? "" : " class=\"bad\"")><td class=\"name\">\(escape(learner.name))</td>"
            for lesson in lessons {
                let cell = learner.cells[lesson] ?? Cell()
                let kind = cell.total > 0 && cell.done == cell.total ? "done" : cell.done > 0 ? "part" : ""
                page += "<td class=\"\(kind)\">\(escape(Self.cellText(cell, unicode: true)))</td>"
            }
            page += "<td>\(learner.done)</td><td>\(learner.attempts)</td><td>\(learner.hints)</td><td>\(learner.solutionsViewed)</td>"
                + "<td>\(Self.minutes(learner.seconds))</td><td>\(learner.checksumMatches ? "ok" : "mismatch")</td></tr>\n"
        }
        return page + "</table></body></html>\n"
    }
}
