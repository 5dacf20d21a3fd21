import Foundation
import LayerlabBasics

/// A class's progress in one version of one pack, judged from one of two sources (`Source`), which
/// every form of the report names: the learners' `progress export` JSON files (`class report`), or the
/// images they pushed to the class's registry, pulled and checked by `class check` (see `ClassHub`).
/// Per exercise: how many finished, how many are stuck in it (where the class is stuck), and from
/// exports the median attempts and time; per learner, what they finished, with attempts, hints,
/// solutions viewed and time from exports, or what they pushed and which checks fail from the registry.
/// Nothing is merged silently: exports of another pack or version are left out and named, two exports
/// with the same learner name are both kept and flagged, and exports whose checksum no longer matches
/// are flagged. That checksum is an unkeyed SHA-256 anyone can recompute: it catches accidental edits,
/// not deliberate ones.
public struct ClassReport: Sendable {
    /// What the report was judged from, which says how far it can be trusted.
    public enum Source: Sendable, Equatable {
        /// The learners' own progress exports: self-reported.
        case exports
        /// The images the learners pushed to this registry (`HOST:PORT`), pulled and checked here.
        case registry(String)
    }

    /// How many of an exercise's checks an image can show (`class check`); the others are not judged.
    public struct CheckCount: Sendable, Equatable {
        public var judged: Int
        public var total: Int

        public init(judged: Int, total: Int) {
            self.judged = judged
            self.total = total
        }
    }

    /// A pack and its version, as an export names them.
    public struct PackVersion: Hashable, Sendable, CustomStringConvertible {
        public var id: String
        public var version: String

        public init(id: String, version: String) {
            self.id = id
            self.version = version
        }

        public var description: String { "\(id) \(version)" }
        /// How `class report --pack` names it.
        public var selector: String { "\(id)@\(version)" }
    }

    /// An exercise, by the IDs progress is kept under.
    public struct ExerciseKey: Hashable, Sendable {
        public var lesson: String
        public var exercise: String

        public init(lesson: String, exercise: String) {
            self.lesson = lesson
            self.exercise = exercise
        }
    }

    /// One learner's record of one exercise. From the registry, opened means an image of the exercise
    /// was pushed, and finished that every check an image shows holds.
    public struct Record: Sendable, Equatable {
        public var opened: Bool
        public var finished: Bool
        public var attempts: Int
        public var seconds: Int
        public var solutionViewed: Bool
        /// From the registry: what fails, in the checks' words (or which image is missing).
        public var failures: [String] = []
    }

    /// How many of a lesson's exercises a learner finished.
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
        public var pack: PackVersion
        public var cells: [String: Cell]
        public var records: [ExerciseKey: Record] = [:]
        /// Its exercises in the order its export lists them.
        var order: [ExerciseKey] = []
        public var done = 0
        public var attempts = 0
        public var hints = 0
        public var solutionsViewed = 0
        public var seconds = 0
        public var checksumMatches: Bool
        /// The other exports with the same learner name: two people, or one exported twice.
        public var sameNameAs: [String] = []
        /// From the registry: what needs a second look (an image that could not be pulled, images
        /// no exercise names, nothing pushed at all).
        public var notes: [String] = []

        /// Exercises opened (from the registry: with an image pushed).
        public var opened: Int { records.values.filter(\.opened).count }
    }

    /// What the class did with one exercise.
    public struct ExerciseSummary: Sendable {
        public var key: ExerciseKey
        /// `2.1`: the lesson's number, then the exercise's within it.
        public var label: String
        public var finished = 0
        /// Opened and not finished.
        public var stuck = 0
        public var notOpened = 0
        /// Over the learners who opened it; nil when none did.
        public var medianAttempts: Double?
        public var medianSeconds: Double?
        public var solutionsViewed = 0
        /// From the registry: how many of its checks an image can show.
        public var checks: CheckCount?
    }

    public var source = Source.exports
    /// The pack and version reported on; nil when no export was read.
    public var pack: PackVersion?
    /// Every pack and version the exports are of, most exports first.
    public var packsFound: [PackVersion] = []
    /// Lesson IDs in the order the exports list them.
    public var lessons: [String] = []
    public var exercises: [ExerciseSummary] = []
    public var learners: [Learner] = []
    /// Files left out, with why: not exports, or exports of another pack or version; from the
    /// registry, namespaces left out (not on the roster, or no learner's).
    public var skipped: [(file: String, reason: String)] = []
    /// From the registry: what the check could not see of the class as a whole.
    public var notes: [String] = []

    /// The report on the exports of `selector` (`ID` or `ID@VERSION`), by default of the pack and
    /// version most exports are of.
    public init(exports: [(name: String, data: Data)], pack selector: String? = nil) {
        var read: [Learner] = []
        for (name, data) in exports {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["format"] as? String == "layerlab-progress/1",
                  let exercises = object["exercises"] as? [[String: Any]]
            else {
                skipped.append((name, "not a layerlab progress export (JSON)"))
                continue
            }
            do {
                read.append(try Self.learner(from: object, exercises: exercises, file: name, data: data))
            } catch {
                skipped.append((name, error.reason))
            }
        }
        var counts: [PackVersion: Int] = [:]
        for learner in read {
            if counts[learner.pack] == nil { packsFound.append(learner.pack) }
            counts[learner.pack, default: 0] += 1
        }
        // Most exports first; of as many, the first read.
        packsFound = packsFound.enumerated().sorted { (counts[$1.element] ?? 0, $0.offset) < (counts[$0.element] ?? 0, $1.offset) }.map(\.element)
        if let selector {
            pack = packsFound.first { $0.selector == selector || $0.id == selector }
        } else {
            pack = packsFound.first
        }
        for learner in read {
            guard learner.pack == pack else {
                let reportedOn = pack.map { "this report is on \($0)" } ?? "no export is of \(selector ?? "")"
                skipped.append((learner.file, "an export of \(learner.pack) (\(reportedOn)): report on it with --pack \(learner.pack.selector)"))
                continue
            }
            learners.append(learner)
        }
        learners.sort { ($0.name, $0.file) < ($1.name, $1.file) }
        var files: [String: [String]] = [:]
        for learner in learners { files[learner.name, default: []].append(learner.file) }
        for index in learners.indices {
            learners[index].sameNameAs = (files[learners[index].name] ?? []).filter { $0 != learners[index].file }
        }
        let summary = Self.summaries(of: learners)
        lessons = summary.lessons
        exercises = summary.exercises
    }

    /// Lessons and exercises in the order the exports list them (or `order`, the pack's, when given),
    /// and what the class did with each.
    static func summaries(of learners: [Learner], order: [ExerciseKey]? = nil) -> (lessons: [String], exercises: [ExerciseSummary]) {
        var seen: Set<ExerciseKey> = []
        var keys: [ExerciseKey] = []
        var lessons: [String] = []
        for key in order ?? learners.flatMap(\.order) where seen.insert(key).inserted {
            keys.append(key)
            if !lessons.contains(key.lesson) { lessons.append(key.lesson) }
        }
        var numberInLesson: [String: Int] = [:]
        let exercises = keys.map { key -> ExerciseSummary in
            numberInLesson[key.lesson, default: 0] += 1
            let label = "\((lessons.firstIndex(of: key.lesson) ?? 0) + 1).\(numberInLesson[key.lesson] ?? 1)"
            var summary = ExerciseSummary(key: key, label: label)
            let opened = learners.compactMap { $0.records[key] }.filter(\.opened)
            summary.finished = opened.filter(\.finished).count
            summary.stuck = opened.count - summary.finished
            summary.notOpened = learners.count - opened.count
            summary.medianAttempts = Self.median(opened.map(\.attempts))
            summary.medianSeconds = Self.median(opened.map(\.seconds))
            summary.solutionsViewed = opened.filter(\.solutionViewed).count
            return summary
        }
        return (lessons, exercises)
    }

    /// The exercise most learners opened and have not finished, if any is so.
    public var mostStuck: ExerciseSummary? {
        exercises.enumerated().filter { $0.element.stuck > 0 }.max { ($0.element.stuck, $1.offset) < ($1.element.stuck, $0.offset) }?.element
    }

    /// Learners that share their name with another export.
    public var duplicateNames: [String] {
        var names: [String] = []
        for learner in learners where !learner.sameNameAs.isEmpty && !names.contains(learner.name) { names.append(learner.name) }
        return names
    }

    /// Whether an instructor should look again before trusting the report: files left out, changed
    /// exports or names that appear twice; from the registry, namespaces left out, images that could
    /// not be pulled or that no exercise names, learners with nothing pushed (the command's exit
    /// status says so).
    public var needsAttention: Bool {
        !skipped.isEmpty || learners.contains { !$0.checksumMatches || !$0.notes.isEmpty } || !duplicateNames.isEmpty || !notes.isEmpty
    }

    /// The middle value, or the mean of the two middle ones (as a Double: two counts may not add up in an Int).
    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }

    /// A number in an export that cannot be counted: negative, not whole, or past what the totals hold.
    struct FieldError: Error {
        var reason: String
    }

    static func learner(from object: [String: Any], exercises: [[String: Any]], file: String, data: Data) throws(FieldError) -> Learner {
        let pack = PackVersion(id: object["pack"] as? String ?? "?", version: object["pack_version"] as? String ?? "?")
        var learner = Learner(name: object["learner"] as? String ?? "?", file: file, pack: pack, cells: [:], checksumMatches: Self.checksumMatches(data))
        for (index, exercise) in exercises.enumerated() {
            // Exports are files anyone can edit: every number is checked before it is added.
            func count(_ key: String, into total: inout Int) throws(FieldError) -> Int {
                guard let raw = exercise[key] else { return 0 }
                guard let value = raw as? Int, value >= 0 else {
                    throw FieldError(reason: "exercise \(index + 1): '\(key)' is \(raw), not a count of zero or more")
                }
                let (sum, overflow) = total.addingReportingOverflow(value)
                guard !overflow else { throw FieldError(reason: "exercise \(index + 1): '\(key)' is \(value), too large to add up") }
                total = sum
                return value
            }
            let key = ExerciseKey(lesson: exercise["lesson"] as? String ?? "?", exercise: exercise["exercise"] as? String ?? "?")
            let status = exercise["status"] as? String ?? "not-started"
            let finished = status == "completed"
            learner.cells[key.lesson, default: Cell()].total += 1
            if finished {
                learner.cells[key.lesson, default: Cell()].done += 1
                learner.done += 1
            }
            let attempts = try count("attempts", into: &learner.attempts)
            _ = try count("hints_used", into: &learner.hints)
            let seconds = try count("seconds_spent", into: &learner.seconds)
            let solutionViewed = exercise["solution_viewed"] as? Bool ?? false
            learner.solutionsViewed += solutionViewed ? 1 : 0
            if learner.records[key] == nil { learner.order.append(key) }
            learner.records[key] = Record(opened: status != "not-started", finished: finished, attempts: attempts, seconds: seconds, solutionViewed: solutionViewed)
        }
        return learner
    }

    /// An export is a few kilobytes; anything far larger is not one, and is not read into memory.
    public static let exportSizeLimit = 4 << 20

    /// Reads every `.json` file named, or found in the folders named, for the report on `pack`.
    public static func read(paths: [String], pack: String? = nil) throws(PackError) -> ClassReport {
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
        var report = ClassReport(exports: files, pack: pack)
        if let pack, report.pack == nil, !report.packsFound.isEmpty {
            throw PackError("no export is of the pack \(pack)", hint: "the exports are of " + report.packsFound.map(\.selector).joined(separator: ", "))
        }
        report.skipped += skipped
        return report
    }

    /// The checksum covers the export's text before its own field, which must be the last: text added
    /// after it (a second key of the same name, which JSON readers let win) makes the export changed.
    /// It is an unkeyed SHA-256, so it tells an accidental edit, never a deliberate one.
    static func checksumMatches(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        guard let field = text.range(of: ",\n  \"checksum\": \"sha256:", options: .backwards) else { return false }
        let stated = text[field.upperBound...].prefix(64)
        let rest = text[field.upperBound...].dropFirst(64)
        guard rest == "\"\n}\n" || rest == "\"\n}" else { return false }
        return Digest.sha256(of: String(text[..<field.lowerBound])).hex == stated
    }

    /// What the report says about the checksum, wherever it shows whether an export changed.
    public static let checksumNote = "The checksum in an export is an unkeyed SHA-256 of its content: it catches accidental edits "
        + "(a file re-saved by a spreadsheet, a slip of the hand), but anyone can change an export and compute it again. "
        + "For results you must trust, use the class hub: layerlab class check --registry HOST:PORT judges the images learners pushed there."
}
