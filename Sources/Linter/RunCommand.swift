/// One command of a RUN script as hadolint sees it (`Hadolint/Shell.hs` `Command`): the program's
/// name and every word after the command word, quotes removed (redirections and leading assignments
/// are not among them).
struct RunCommand: Equatable {
    var name: String
    var arguments: [String]

    var operands: [String] { arguments.filter { !$0.hasPrefix("-") } }

    func has(_ flag: String) -> Bool {
        arguments.contains { $0 == flag || $0.hasPrefix(flag + "=") }
    }

    /// Short options may be bundled: `-yq` has `y`.
    func hasShort(_ letter: Character) -> Bool {
        arguments.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.dropFirst().contains(letter) }
    }

    /// hadolint's `hasFlag` (its `getAllFlags`): `--name` and `--name=…` give `name`, `-abc` gives each of
    /// `a`, `b` and `c`, wherever they stand among the arguments.
    func hasFlag(_ name: String) -> Bool {
        arguments.contains { argument in
            guard argument != "-", argument != "--", argument.hasPrefix("-") else { return false }
            if argument.hasPrefix("--") { return String(argument.dropFirst(2).prefix { $0 != "=" }) == name }
            return argument.dropFirst().map(String.init).contains(name)
        }
    }
}
