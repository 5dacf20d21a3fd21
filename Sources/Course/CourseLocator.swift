import Foundation
import LessonPack

/// Finds the built-in course: `$LAYERLAB_LESSONS` when set, else a `Lessons/pack.yaml` in a folder
/// above the layerlab executable or the current directory (a checkout, where `make run` builds it).
/// The built-in course's starter contexts are the `Sandbox/` folder beside `Lessons/`.
public enum CourseLocator {
    public static func builtInPack(environment: [String: String], executable: URL? = Bundle.main.executableURL,
                                   currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> URL? {
        if let explicit = environment["LAYERLAB_LESSONS"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        for start in [executable?.deletingLastPathComponent(), currentDirectory].compactMap({ $0 }) {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("Lessons")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("pack.yaml").path) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
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
