import DockerCLI
import Foundation
import Shell

/// Every command a layerlab session offers: the shell's own, the simulated `docker` and its companions,
/// and the course's, which share one `Course`.
public enum LayerlabCommandSet {
    public static var standard: [any ShellCommand] { standard(packFolder: nil) }

    /// With `packFolder`, the course is that pack instead of the built-in one.
    public static func standard(packFolder: URL?) -> [any ShellCommand] {
        let course = Course(packFolder: packFolder)
        return BuiltinCommands.all
            + [DockerCommand(), LayersCommand(), LintCommand(), CurlCommand(), HtpasswdCommand()]
            + [
                LessonsCommand(course: course), LessonCommand(course: course), NextCommand(course: course), PrevCommand(course: course),
                CheckCommand(course: course), HintCommand(course: course), SolutionCommand(course: course), AnswerCommand(course: course),
                ResetCommand(course: course), UndoCommand(course: course), ProgressCommand(course: course),
            ]
    }
}
