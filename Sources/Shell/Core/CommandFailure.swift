import LayerlabBasics

/// A command failed in a way the learner can act on; `message` is printed as it is, so it carries the
/// command's own prefix (`cat: x: No such file or directory`), as the real tools print it.
public struct CommandFailure: UserFacingError, Equatable {
    public var message: String
    public var hint: String?
    public var exitStatus: Int32

    public init(_ message: String, hint: String? = nil, exitStatus: Int32 = 1) {
        self.message = message
        self.hint = hint
        self.exitStatus = exitStatus
    }

    /// Bad usage of a layerlab command: the message, then where to read about it, as coreutils does.
    public static func usage(_ command: String, _ problem: String) -> CommandFailure {
        CommandFailure("\(command): \(problem)", hint: "Try 'help \(command)' for more information.", exitStatus: 2)
    }
}

extension CommandFailure {
    /// A path problem reported by `command`, e.g. `cat: /etc/passwd: outside the workspace`.
    public init(_ command: String, _ error: WorkspaceError) {
        self.init("\(command): \(error)", hint: error.hint)
    }
}

extension Workspace {
    /// Resolves a path for `command`, reporting problems in that command's name.
    public func resolve(_ typed: String, for command: String, followingLastLink: Bool = true) throws(CommandFailure) -> WorkspacePath {
        do {
            return try resolve(typed, followingLastLink: followingLastLink)
        } catch {
            throw CommandFailure(command, error)
        }
    }
}
