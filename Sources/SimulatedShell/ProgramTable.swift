/// The programs layerlab simulates, by the name they are installed under: each name runs its family.
/// A name runs only when the image has it in PATH (the utilities the shell has built in aside); the
/// interpreter finds it there first.
struct ProgramTable: Sendable {
    private var families: [String: any ProgramFamily] = [:]

    init(_ families: [any ProgramFamily]) {
        for family in families {
            for name in family.names { self.families[name] = family }
        }
    }

    static let standard = ProgramTable([
        Coreutils(), TextTools(), ShellPrograms(), AptGet(), Apk(), Pip(), Npm(), Downloads(), UserTools(), GoToolchain(), Make(),
    ])

    var names: Set<String> { Set(families.keys) }

    /// Runs the program installed as `name`; nil when layerlab does not simulate it.
    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32? {
        families[name]?.run(name, arguments, input: input, in: process)
    }
}
