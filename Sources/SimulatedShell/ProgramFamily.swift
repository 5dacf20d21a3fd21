/// A family of programs layerlab simulates (coreutils, apt-get, make…): the names it is installed
/// under, and how each runs against the process it runs in.
protocol ProgramFamily: Sendable {
    /// The program names it runs, as an image installs them (`apt-get` and `apt`).
    var names: Set<String> { get }

    /// Runs the program installed as `name`; its exit status.
    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32

    /// Whether this use of the program is one layerlab simulates (an interpreter simulates its
    /// one-liners, not an app); when it is not, the program is not simulated.
    func handles(_ name: String, _ arguments: [String], in process: any ProcessEnvironment) -> Bool
}

extension ProgramFamily {
    func handles(_ name: String, _ arguments: [String], in process: any ProcessEnvironment) -> Bool { true }
}
