import Foundation
import ImageCatalog
import LayerlabBasics
import LessonPack

/// What `pack validate` (and `pack add`) check of a pack that reads well, beyond its syntax: lessons a
/// learner can never open, and each exercise's commands and image names (`ExerciseCommandCheck`).
/// A session loading a pack does not: an unlisted draft lesson must not keep a class from starting.
enum PackValidator {
    static func problems(in pack: LessonPack) -> [LessonPackProblem] {
        var problems = unreachableLessons(in: pack)
        let catalog: ImageCatalog?
        do {
            catalog = try ImageCatalog.bundled()
        } catch {
            catalog = nil
            problems.append(LessonPackProblem("image names were not checked: \(error.message)", at: nil,
                                              hint: "layerlab's installation is incomplete: install it again", severity: .warning))
        }
        let check = ExerciseCommandCheck(catalog: catalog)
        for (_, exercise) in pack.exercises { problems += check.problems(in: exercise) }
        return problems
    }

    /// Lessons open only at one of their exercises (`lesson N`, `next`), and only the files pack.yaml lists are read.
    static func unreachableLessons(in pack: LessonPack) -> [LessonPackProblem] {
        var problems = pack.lessons.filter { $0.exercises.isEmpty }.map { lesson in
            LessonPackProblem("the lesson '\(lesson.id)' has no exercises, so learners can never open it: a lesson opens at one of its exercises",
                              at: lesson.location, hint: "add an exercise (a quiz is enough), or move its text into another lesson")
        }
        // Where lessons are: the pack's folder and the folders of the listed files (paths that leave the pack were reported).
        let listed = pack.manifest.lessonFiles.filter { !$0.hasPrefix("/") && !$0.split(separator: "/").contains("..") }
        let listedPaths = Set(listed.map { pack.root.appendingPathComponent($0).standardizedFileURL.path })
        let folders = Set(listed.map { $0.split(separator: "/").dropLast().joined(separator: "/") }).union([""])
        for folder in folders.sorted() {
            let url = folder.isEmpty ? pack.root : pack.root.appendingPathComponent(folder)
            guard url.standardizedFileURL.path != pack.sandbox.standardizedFileURL.path else { continue }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
            for name in names {
                let file = url.appendingPathComponent(name)
                guard !listedPaths.contains(file.standardizedFileURL.path), startsWithFrontMatter(file) else { continue }
                let relative = folder.isEmpty ? name : folder + "/" + name
                problems.append(LessonPackProblem("'\(relative)' is a lesson (it starts with front matter) that pack.yaml does not list, so learners can never open it",
                                                  at: SourceLocation(file: relative, line: 1),
                                                  hint: "add it to 'lessons:' in pack.yaml at its place in the course, or remove it"))
            }
        }
        return problems
    }

    /// Whether a plain file's first line is `---`, as a lesson's is (a README is not). Links and other
    /// kinds of file are not opened: a pack is untrusted, and a pipe would never answer.
    static func startsWithFrontMatter(_ file: URL) -> Bool {
        guard (try? FileManager.default.attributesOfItem(atPath: file.path))?[.type] as? FileAttributeType == .typeRegular,
              let handle = FileHandle(forReadingAtPath: file.path)
        else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)).flatMap { $0 } ?? Data()
        let firstLine = String(decoding: head, as: UTF8.self).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return firstLine.trimmingCharacters(in: .whitespaces) == "---"
    }
}
