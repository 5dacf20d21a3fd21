/// How the simulated programs read their command line.
enum ProgramOptions {
    /// Splits `-rf` style options off the operands: `--name` counts as its first letter, and `--`
    /// ends the options.
    static func split(_ arguments: [String]) -> (flags: Set<Character>, operands: [String]) {
        var flags = Set<Character>()
        var operands: [String] = []
        var ended = false
        for argument in arguments {
            if !ended, argument == "--" { ended = true; continue }
            if !ended, argument.hasPrefix("-"), argument.count > 1 {
                if argument.hasPrefix("--") {
                    flags.insert(Character(argument.dropFirst(2).first.map(String.init) ?? "-"))
                } else {
                    flags.formUnion(argument.dropFirst())
                }
            } else {
                operands.append(argument)
            }
        }
        return (flags, operands)
    }
}
