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
        Coreutils(), TextTools(), ByteTools(), ShellPrograms(), AptGet(), Apk(), Pip(), Npm(), Downloads(), UserTools(), GoToolchain(), Make(), Interpreters(), ServerVersions(),
        StreamEditor(), TextFilters(), SortTools(), Findutils(), DiskTools(), FileTools(), TarProgram(), GzipProgram(), ProcessStatus(), DateProgram(), Gosu(),
    ])

    var names: Set<String> { Set(families.keys) }

    /// Runs the program installed as `name`; nil when layerlab does not simulate it.
    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32? {
        guard let family = families[name], family.handles(name, arguments, in: process) else { return nil }
        return family.run(name, arguments, input: input, in: process)
    }

    /// Whether running `name` with these arguments is simulated.
    func simulates(_ name: String, _ arguments: [String], in process: any ProcessEnvironment) -> Bool {
        families[name]?.handles(name, arguments, in: process) ?? false
    }
}
