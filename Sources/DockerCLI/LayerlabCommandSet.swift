import Shell

/// Every command a layerlab session offers: the shell's own and the simulated `docker`.
public enum LayerlabCommandSet {
    public static var standard: [any ShellCommand] {
        BuiltinCommands.all + [DockerCommand(), LayersCommand(), LintCommand(), CurlCommand(), HtpasswdCommand()]
    }
}
