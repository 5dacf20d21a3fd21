import Shell

/// `undo`: reverts the last command that changed the simulated world or the workspace.
public struct UndoCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "undo", group: .lessons,
        abstract: "Undo the last command that changed something",
        usage: ["undo"],
        discussion: "Builds, pulls, tags, pushes, removals, containers, logins and file changes can be undone, up to 10 steps back."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let label = try course.world.undo() else {
            throw CommandFailure("undo: there is nothing to undo", hint: "undo reverts commands that changed images, containers, registries or files")
        }
        let directory = context.workspace.currentDirectory
        context.workspace = try Workspace(root: context.home.workspaceURL)
        try? context.workspace.changeDirectory(to: directory)
        io.print("Undid: \(label)")
        return 0
    }
}
