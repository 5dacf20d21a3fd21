import Foundation
import LayerlabBasics

/// A course: its manifest, its lessons in order, and where its starter build contexts are.
public struct LessonPack: Equatable, Sendable {
    public var manifest: PackManifest
    public var lessons: [Lesson]
    /// The pack's folder.
    public var root: URL
    /// The folder whose subfolders `start.workspace` names.
    public var sandbox: URL

    /// Every exercise in course order, with its lesson.
    public var exercises: [(lesson: Lesson, exercise: Exercise)] {
        lessons.flatMap { lesson in lesson.exercises.map { (lesson, $0) } }
    }

    /// Checks a pack and returns every problem found (and the pack, when it could be read at all);
    /// `audit` adds what a layer above can check of a pack that was read (images, commands), sorted in.
    public static func validate(_ root: URL, sandbox: URL? = nil,
                                audit: (LessonPack) -> [LessonPackProblem] = { _ in [] }) -> (pack: LessonPack?, problems: [LessonPackProblem]) {
        var loader = LessonPackLoader(root: root, sandbox: sandbox)
        return loader.load(audit: audit)
    }

    /// Loads and checks a pack; throws every problem found when it cannot be used.
    public static func load(from root: URL, sandbox: URL? = nil) throws(LessonPackError) -> LessonPack {
        let (pack, problems) = validate(root, sandbox: sandbox)
        guard let pack, !problems.contains(where: { $0.severity == .error }) else { throw LessonPackError(problems: problems) }
        return pack
    }
}
