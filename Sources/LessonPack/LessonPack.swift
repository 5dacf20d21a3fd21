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

    /// Loads and checks a pack; throws every problem found when it cannot be used.
    public static func load(from root: URL, sandbox: URL? = nil) throws(LessonPackError) -> LessonPack {
        var loader = LessonPackLoader(root: root, sandbox: sandbox)
        let (pack, problems) = loader.load()
        guard let pack, problems.isEmpty else { throw LessonPackError(problems: problems) }
        return pack
    }
}
