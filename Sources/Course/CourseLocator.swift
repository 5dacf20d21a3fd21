import Foundation
import LessonPack
import Shell

/// Finds the built-in course: `$LAYERLAB_LESSONS` when set; else the `Lessons/` of the checkout
/// layerlab runs from (a folder above the executable, where `make run` builds it), so a lesson being
/// written shows as it is; else the copy compiled into layerlab (`EmbeddedCourse`), written out into
/// the home. The built-in course's starter contexts are the `Sandbox/` folder beside `Lessons/`.
public enum CourseLocator {
    public static func builtInPack(environment: [String: String], home: LayerlabHome,
                                   executable: URL? = Bundle.main.executableURL) throws(PackError) -> URL {
        if let explicit = environment["LAYERLAB_LESSONS"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        if var folder = executable?.deletingLastPathComponent().standardizedFileURL {
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("Lessons")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("pack.yaml").path) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return try writtenOut(into: home.builtInCourseURL)
    }

    /// The embedded course's `Lessons/` under `parent`, written there the first time this version of
    /// it is needed (an older version's copy is removed then). A copy appears whole or not at all: it
    /// is written aside and renamed into place.
    static func writtenOut(into parent: URL) throws(PackError) -> URL {
        let folder = parent.appendingPathComponent(EmbeddedCourse.version)
        let lessons = folder.appendingPathComponent("Lessons")
        let manifest = lessons.appendingPathComponent("pack.yaml").path
        if FileManager.default.fileExists(atPath: manifest) { return lessons }
        let staging = parent.appendingPathComponent(".staging-\(UUID().uuidString)")
        do {
            try? FileManager.default.removeItem(at: parent)
            try EmbeddedCourse.write(into: staging)
            try FileManager.default.moveItem(at: staging, to: folder)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            // Another layerlab on this home (`progress export` beside the prompt) may have written it meanwhile.
            if FileManager.default.fileExists(atPath: manifest) { return lessons }
            throw PackError("cannot write the built-in course into \(parent.path): \(error.localizedDescription)",
                            hint: "check that the layerlab home is writable (or choose another with --home DIR), or set LAYERLAB_LESSONS to a copy of the course (a folder with pack.yaml)")
        }
        return lessons
    }

    /// The pack at `root`.
    public static func load(_ root: URL) throws(LessonPackError) -> LessonPack {
        try LessonPack.load(from: root, sandbox: sandbox(for: root))
    }

    /// Every problem of the pack at `root`, including what only a run would show (`PackValidator`).
    public static func validate(_ root: URL) -> (pack: LessonPack?, problems: [LessonPackProblem]) {
        LessonPack.validate(root, sandbox: sandbox(for: root), audit: PackValidator.problems)
    }

    /// A pack's starters are in its own `Sandbox/`; the built-in course (a `Lessons` folder without one)
    /// takes them from the `Sandbox/` beside it.
    static func sandbox(for root: URL) -> URL {
        let own = root.appendingPathComponent("Sandbox")
        let sibling = root.deletingLastPathComponent().appendingPathComponent("Sandbox")
        let builtIn = root.lastPathComponent == "Lessons" && !FileManager.default.fileExists(atPath: own.path)
        return builtIn && FileManager.default.fileExists(atPath: sibling.path) ? sibling : own
    }
}
