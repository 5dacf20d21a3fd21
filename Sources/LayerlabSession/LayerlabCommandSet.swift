import Course
import DockerCLI
import Foundation
import Shell
import SimulatedWorld

/// Every command a layerlab session offers: the shell's own, the simulated `docker` and its companions
/// over the session's world, and the course's.
public enum LayerlabCommandSet {
    public static func commands(course: Course, world: SimulatedWorld) -> [any ShellCommand] {
        BuiltinCommands.all
            + [DockerCommand(world: world), LayersCommand(world: world), LintCommand(), CurlCommand(world: world), HtpasswdCommand(), ComposeCommand()]
            + course.commands
    }

    /// Sets up `configuration` as a layerlab session; with `packFolder`, on that lesson pack instead of
    /// the built-in course.
    /// Returns the course, which holds the session's world.
    @discardableResult
    public static func equip(_ configuration: inout SessionConfiguration, packFolder: URL?) -> Course {
        Course.equip(&configuration, packFolder: packFolder, commandSet: commands)
    }

    /// Sets up `configuration` as a layerlab session on the built-in course.
    public static func standard(_ configuration: inout SessionConfiguration) {
        equip(&configuration, packFolder: nil)
    }
}
