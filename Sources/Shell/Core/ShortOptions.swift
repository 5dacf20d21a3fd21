/// Single-letter options as coreutils reads them: `-rf` is `-r -f`, `--` ends options, and a lone `-` is an operand.
public struct ShortOptions {
    public private(set) var flags: Set<Character> = []
    public private(set) var operands: [String] = []

    /// Parses `arguments` for `command`, allowing only the letters in `allowed`.
    public init(_ arguments: [String], allowed: Set<Character>, command: String) throws(CommandFailure) {
        var optionsEnded = false
        for argument in arguments {
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                operands.append(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument.hasPrefix("--") {
                throw .usage(command, "unrecognized option '\(argument)'")
            } else {
                for letter in argument.dropFirst() {
                    guard allowed.contains(letter) else { throw .usage(command, "invalid option -- '\(letter)'") }
                    flags.insert(letter)
                }
            }
        }
    }

    public func has(_ letter: Character) -> Bool { flags.contains(letter) }
}
