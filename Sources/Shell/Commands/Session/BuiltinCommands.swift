/// The commands every session has, whatever lessons or simulations are loaded.
public enum BuiltinCommands {
    public static var all: [any ShellCommand] {
        [
            HelpCommand(), ExitCommand(),
            ListCommand(), ConcatenateCommand(), PrintWorkingDirectoryCommand(), ChangeDirectoryCommand(),
            MakeDirectoryCommand(), RemoveCommand(), CopyCommand(), MoveCommand(), TreeCommand(), EditCommand(), TouchCommand(), ChangeModeCommand(),
            EchoCommand(),
        ]
    }
}
