import Foundation
import LayerlabBasics
import Yams

/// Reads a pack folder (`pack.yaml` and lesson files with YAML front matter) into a `LessonPack`,
/// collecting every problem with its file and line. Pack files are untrusted: paths stay inside the
/// pack, and files have bounded sizes.
struct LessonPackLoader {
    static let maximumFileSize = 1 << 20
    static let idPattern = "^[a-z0-9][a-z0-9-]*$"

    let root: URL
    let sandbox: URL
    /// The line of each lesson file's entry in pack.yaml, for problems about the file itself.
    private var lessonFileLines: [Int] = []

    init(root: URL, sandbox: URL?) {
        self.root = root.standardizedFileURL
        self.sandbox = (sandbox ?? root.appendingPathComponent("Sandbox")).standardizedFileURL
    }

    mutating func load(audit: (LessonPack) -> [LessonPackProblem]) -> (LessonPack?, [LessonPackProblem]) {
        var problems: [LessonPackProblem] = []
        guard let (manifestText, _) = read("pack.yaml", listedAt: 1, problems: &problems) else { return (nil, problems) }
        let reader = YAMLReader(file: "pack.yaml")
        guard let manifest = readManifest(manifestText, reader: reader) else { return (nil, problems + reader.problems) }
        problems += reader.problems
        var lessons: [Lesson] = []
        var lessonIDs: [String: SourceLocation] = [:]
        for (file, line) in zip(manifest.lessonFiles, lessonFileLines) {
            guard let (text, _) = read(file, listedAt: line, problems: &problems) else { continue }
            guard let lesson = readLesson(text, file: file, problems: &problems) else { continue }
            if let earlier = lessonIDs[lesson.id] {
                problems.append(LessonPackProblem("the lesson ID '\(lesson.id)' is used twice (first at \(earlier))", at: lesson.location,
                                                  hint: "give each lesson its own ID; IDs are how progress is kept, so do not reuse one"))
            }
            lessonIDs[lesson.id] = lesson.location
            lessons.append(lesson)
        }
        let pack = LessonPack(manifest: manifest, lessons: lessons, root: root, sandbox: sandbox)
        problems += audit(pack)
        let fileOrder = ["pack.yaml"] + manifest.lessonFiles
        problems = problems.enumerated().sorted { a, b in
            let (fileA, fileB) = (fileOrder.firstIndex(of: a.element.location?.file ?? "") ?? 0, fileOrder.firstIndex(of: b.element.location?.file ?? "") ?? 0)
            return (fileA, a.element.location?.line ?? 0, a.offset) < (fileB, b.element.location?.line ?? 0, b.offset)
        }.map(\.element)
        return (pack, problems)
    }

    /// A file of the pack, refusing paths that leave it and oversized files; `listedAt` is its line in pack.yaml.
    func read(_ relative: String, listedAt: Int, problems: inout [LessonPackProblem]) -> (String, URL)? {
        let location = SourceLocation(file: relative, line: 1)
        let listing = SourceLocation(file: "pack.yaml", line: listedAt)
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            problems.append(LessonPackProblem("'\(relative)' points outside the pack", at: listing,
                                              hint: "name files relative to the pack folder, without '..'"))
            return nil
        }
        let url = root.appendingPathComponent(relative)
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved.hasPrefix(root.resolvingSymlinksInPath().standardizedFileURL.path + "/") else {
            problems.append(LessonPackProblem("'\(relative)' is a link that leads outside the pack", at: location, hint: "replace the link with the file itself"))
            return nil
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
            problems.append(LessonPackProblem("'\(relative)' does not exist", at: listing,
                                              hint: "create it, or remove it from the lessons list of pack.yaml"))
            return nil
        }
        guard (attributes[.size] as? Int ?? 0) <= Self.maximumFileSize else {
            problems.append(LessonPackProblem("'\(relative)' is larger than 1 MiB", at: location, hint: "split the lesson into smaller ones"))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            problems.append(LessonPackProblem("'\(relative)' cannot be read as UTF-8 text", at: location))
            return nil
        }
        return (text, url)
    }

    mutating func readManifest(_ text: String, reader: YAMLReader) -> PackManifest? {
        guard let node = reader.compose(text),
              let entries = reader.mapping(node, known: ["id", "title", "version", "format_version", "author", "lessons", "exam_mode"], what: "pack.yaml")
        else { return nil }
        let id = reader.string(entries, "id", in: "pack.yaml", at: node)
        if let id { checkID(id, at: entries["id"], reader: reader) }
        let formatVersion = reader.int(entries["format_version"], key: "format_version")
        if entries["format_version"] == nil {
            reader.problem("pack.yaml needs 'format_version'", at: node, hint: "this layerlab reads format_version: \(PackManifest.supportedFormatVersion)")
        } else if let formatVersion, formatVersion != PackManifest.supportedFormatVersion {
            let advice = formatVersion > PackManifest.supportedFormatVersion
                ? "the pack is newer than this layerlab: update layerlab"
                : "the pack is older than this layerlab: update the pack to format_version \(PackManifest.supportedFormatVersion)"
            reader.problem("format_version \(formatVersion) is not supported (this layerlab reads \(PackManifest.supportedFormatVersion))", at: entries["format_version"], hint: advice)
        }
        let lessons = reader.strings(entries["lessons"], key: "lessons")
        lessonFileLines = entries["lessons"]?.sequence.map { $0.map { $0.mark?.line ?? 1 } } ?? []
        if lessons.isEmpty { reader.problem("pack.yaml lists no lessons", at: entries["lessons"] ?? node, hint: "add 'lessons:' with the lesson files in course order") }
        guard let id, let title = reader.string(entries, "title", in: "pack.yaml", at: node),
              let version = reader.string(entries, "version", in: "pack.yaml", at: node),
              let author = reader.string(entries, "author", in: "pack.yaml", at: node),
              let formatVersion
        else { return nil }
        return PackManifest(id: id, title: title, version: version, formatVersion: formatVersion, author: author,
                            lessonFiles: lessons, examMode: entries["exam_mode"]?.bool ?? false)
    }

    func checkID(_ id: String, at node: Node?, reader: YAMLReader) {
        if id.range(of: Self.idPattern, options: .regularExpression) == nil {
            reader.problem("the ID '\(id)' must be lower-case letters, digits and dashes", at: node, hint: "e.g. 'layers-and-caching'; progress is kept by ID, so choose it once")
        }
    }

    /// A lesson file: YAML front matter between `---` lines, then the Markdown text.
    func readLesson(_ text: String, file: String, problems: inout [LessonPackProblem]) -> Lesson? {
        let lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            problems.append(LessonPackProblem("the lesson has no front matter", at: SourceLocation(file: file, line: 1),
                                              hint: "start the file with a '---' line, the lesson's YAML (id, title, exercises), and another '---' line"))
            return nil
        }
        let reader = YAMLReader(file: file, lineOffset: 1)
        defer { problems += reader.problems }
        guard let node = reader.compose(lines[1..<end].joined(separator: "\n")),
              let entries = reader.mapping(node, known: ["id", "title", "exercises"], what: "the lesson")
        else { return nil }
        let id = reader.string(entries, "id", in: "the lesson", at: node)
        if let id { checkID(id, at: entries["id"], reader: reader) }
        let title = reader.string(entries, "title", in: "the lesson", at: node)
        var exercises: [Exercise] = []
        if let list = entries["exercises"] {
            if let sequence = list.sequence {
                exercises = sequence.compactMap { readExercise($0, reader: reader) }
            } else {
                reader.problem("'exercises' must be a list", at: list)
            }
        }
        var seen: Set<String> = []
        for exercise in exercises where !seen.insert(exercise.id).inserted {
            problems.append(LessonPackProblem("the exercise ID '\(exercise.id)' is used twice in this lesson", at: exercise.location))
        }
        guard let id, let title else { return nil }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines)
        return Lesson(id: id, title: title, text: body, exercises: exercises, location: SourceLocation(file: file, line: 1))
    }

    func readExercise(_ node: Node, reader: YAMLReader) -> Exercise? {
        guard let entries = reader.mapping(node, known: ["id", "goal", "start", "hints", "solution", "checks", "quiz", "golf", "wrong_answers"], what: "an exercise") else { return nil }
        let id = reader.string(entries, "id", in: "an exercise", at: node)
        if let id { checkID(id, at: entries["id"], reader: reader) }
        let goal = reader.string(entries, "goal", in: "an exercise", at: node)
        let hints = reader.strings(entries["hints"], key: "hints")
        if hints.isEmpty {
            reader.problem("the exercise has no hints", at: entries["hints"] ?? node, hint: "add 'hints:' with at least one hint, from gentle to explicit")
        }
        var start = StartState()
        if let startNode = entries["start"], let startEntries = reader.mapping(startNode, known: ["workspace", "images", "commands"], what: "'start'") {
            start.workspace = reader.optionalString(startEntries, "workspace")
            if let folder = start.workspace {
                if folder.contains("/") || folder.hasPrefix(".") {
                    reader.problem("'workspace' names one folder of the Sandbox, not a path", at: startEntries["workspace"])
                } else if !FileManager.default.fileExists(atPath: sandbox.appendingPathComponent(folder).path) {
                    reader.problem("the starter folder '\(folder)' is not in \(sandbox.lastPathComponent)/", at: startEntries["workspace"],
                                   hint: "create \(sandbox.lastPathComponent)/\(folder)/ with the starter files, or fix the name")
                } else if let trouble = Self.unsafeContent(in: sandbox.appendingPathComponent(folder)) {
                    reader.problem("the starter folder '\(folder)' \(trouble)", at: startEntries["workspace"],
                                   hint: "starter files are copied into learners' workspaces: keep them small and inside the pack")
                }
            }
            let images = reader.locatedStrings(startEntries["images"], key: "images")
            let commands = reader.locatedStrings(startEntries["commands"], key: "commands")
            start.commands = images.map { "docker pull \($0.text)" } + commands.map { $0.text }
            start.commandLocations = (images + commands).map { $0.location }
        }
        let located = reader.locatedStrings(entries["solution"], key: "solution")
        let solution = located.map { $0.text }
        var checks: [LessonCheck] = []
        if let checksNode = entries["checks"] {
            if let sequence = checksNode.sequence {
                checks = sequence.compactMap { LessonCheckReader(reader: reader).read($0) }
            } else {
                reader.problem("'checks' must be a list", at: checksNode)
            }
        }
        let quiz = entries["quiz"].flatMap { readQuiz($0, reader: reader) }
        if entries["checks"] == nil && entries["quiz"] == nil {
            reader.problem("the exercise has neither checks nor a quiz, so it can never be completed", at: node, hint: "add 'checks:' (see Lessons/README.md for the kinds)")
        }
        if entries["quiz"] == nil && solution.isEmpty {
            reader.problem("the exercise has no reference solution", at: node, hint: "add 'solution:' with the commands that solve it; 'pack test' replays them")
        }
        var golf: Golf?
        if let golfNode = entries["golf"], let golfEntries = reader.mapping(golfNode, known: ["image", "measure"], what: "'golf'") {
            let measureText = reader.optionalString(golfEntries, "measure") ?? "layers"
            if let image = reader.string(golfEntries, "image", in: "'golf'", at: golfNode) {
                if let measure = Golf.Measure(rawValue: measureText) {
                    golf = Golf(image: image, measure: measure)
                } else {
                    reader.problem("'measure' is 'layers', 'size' or 'efficiency', not '\(measureText)'", at: golfEntries["measure"])
                }
            }
        }
        let wrongAnswers = entries["wrong_answers"].map { readWrongAnswers($0, reader: reader) } ?? []
        guard let id, let goal else { return nil }
        return Exercise(id: id, goal: goal, start: start, hints: hints, solution: solution, solutionLocations: located.map { $0.location },
                        checks: checks, quiz: quiz, golf: golf, wrongAnswers: wrongAnswers, location: reader.location(node))
    }

    /// `wrong_answers:` is a list; each entry is a command, a list of commands, or a mapping with
    /// `commands` and `why`. For a quiz, an entry is an answer.
    func readWrongAnswers(_ node: Node, reader: YAMLReader) -> [WrongAnswer] {
        guard let sequence = node.sequence else {
            reader.problem("'wrong_answers' must be a list", at: node, hint: "each entry is a command, a list of commands, or {why: ..., commands: [...]}")
            return []
        }
        return sequence.compactMap { entry -> WrongAnswer? in
            var why: String?
            var commandsNode = entry
            if entry.mapping != nil {
                guard let entries = reader.mapping(entry, known: ["why", "commands"], what: "a wrong answer") else { return nil }
                why = reader.optionalString(entries, "why")
                guard let commands = entries["commands"] else {
                    reader.problem("a wrong answer needs 'commands'", at: entry)
                    return nil
                }
                commandsNode = commands
            }
            let commands = reader.strings(commandsNode, key: "commands")
            guard !commands.isEmpty else {
                reader.problem("a wrong answer needs at least one command", at: entry)
                return nil
            }
            return WrongAnswer(commands: commands, why: why, location: reader.location(entry))
        }
    }

    static let maximumStarterSize: Int64 = 50_000_000

    /// Why a starter folder cannot be handed to a learner: a link that leads out of it, or too many bytes.
    static func unsafeContent(in folder: URL) -> String? {
        // The folder itself, or the Sandbox it is in, may be a link that copies any host folder.
        for candidate in [folder, folder.deletingLastPathComponent()] {
            if ContainedPath.isLink(candidate.path) { return "is a link (\(candidate.lastPathComponent)); give the folder itself" }
        }
        var total: Int64 = 0
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isSymbolicLinkKey, .fileSizeKey]) else { return nil }
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isSymbolicLinkKey, .fileSizeKey])
            if values?.isSymbolicLink == true {
                // Followed link by link, dangling ones too: a dangling link out becomes a write out.
                let relative = String(url.path.dropFirst(folder.path.count + 1))
                if ContainedPath.resolve(relative.split(separator: "/").map(String.init), inside: folder) == nil {
                    return "has a link that leads outside it: \(relative)"
                }
            }
            total += Int64(values?.fileSize ?? 0)
            if total > maximumStarterSize { return "is larger than 50 MB" }
        }
        return nil
    }

    func readQuiz(_ node: Node, reader: YAMLReader) -> Quiz? {
        guard let entries = reader.mapping(node, known: ["question", "choices", "answer", "answers"], what: "'quiz'"),
              let question = reader.string(entries, "question", in: "'quiz'", at: node)
        else { return nil }
        let choices = reader.strings(entries["choices"], key: "choices")
        if !choices.isEmpty {
            guard let answer = reader.int(entries["answer"], key: "answer"), (1...choices.count).contains(answer) else {
                reader.problem("a multiple-choice quiz needs 'answer:' with the number of the right choice (1 to \(choices.count))", at: entries["answer"] ?? node)
                return nil
            }
            return Quiz(question: question, choices: choices, answers: [String(answer)])
        }
        let answers = reader.strings(entries["answers"], key: "answers")
        guard !answers.isEmpty else {
            reader.problem("a quiz needs 'choices:' and 'answer:', or 'answers:' with the accepted short answers", at: node)
            return nil
        }
        return Quiz(question: question, choices: [], answers: answers)
    }
}
