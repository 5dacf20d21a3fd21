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

    /// The letters and long names a program accepts, for `parse`.
    struct Grammar {
        /// Letters that stand alone (`-n`).
        var flags: String
        /// Letters that take a value, attached or as the next word (`-d:`, `-d :`).
        var valued: String = ""
        /// Letters whose value is optional and only ever attached (`sed -i.bak`).
        var optional: String = ""
        /// Long names and the letter each stands for (`--quiet` is `-n`); a name that no letter has
        /// gets a private one outside ASCII.
        var long: [String: Character] = [:]
        /// Words such as `-1` are operands, not options (`seq 3 -1 1`).
        var negativeNumbers = false
    }

    /// A command line as getopt reads it: options anywhere before `--` (GNU's order), each with its
    /// value, the rest operands in order.
    static func parse(_ arguments: [String], _ grammar: Grammar) throws(OptionError) -> ParsedOptions {
        var parsed = ParsedOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                parsed.operands += arguments[index...]
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let attached = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                guard let letter = grammar.long[name] else { throw .unknownLong(argument) }
                if grammar.valued.contains(letter) {
                    if let attached {
                        parsed.options.append((letter, attached))
                    } else {
                        guard index < arguments.count else { throw .missingLongValue(name) }
                        parsed.options.append((letter, arguments[index]))
                        index += 1
                    }
                } else {
                    parsed.options.append((letter, attached))
                }
                continue
            }
            guard argument.hasPrefix("-"), argument.count > 1,
                  !(grammar.negativeNumbers && Double(argument) != nil) else {
                parsed.operands.append(argument)
                continue
            }
            var letters = Substring(argument.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                if grammar.valued.contains(letter) {
                    if !letters.isEmpty {
                        parsed.options.append((letter, String(letters)))
                    } else {
                        guard index < arguments.count else { throw .missingValue(letter) }
                        parsed.options.append((letter, arguments[index]))
                        index += 1
                    }
                    break
                }
                if grammar.optional.contains(letter) {
                    parsed.options.append((letter, letters.isEmpty ? nil : String(letters)))
                    break
                }
                guard grammar.flags.contains(letter) else { throw .unknown(letter) }
                parsed.options.append((letter, nil))
            }
        }
        return parsed
    }
}

/// A command line `ProgramOptions.parse` read.
struct ParsedOptions {
    /// Each option in the order given, with its value when it has one.
    var options: [(letter: Character, value: String?)] = []
    var operands: [String] = []

    func has(_ letter: Character) -> Bool { options.contains { $0.letter == letter } }

    /// The last value given for `letter` (a later `-d` wins, as with getopt loops).
    func value(_ letter: Character) -> String? { options.last { $0.letter == letter }?.value }

    func values(_ letter: Character) -> [String] { options.filter { $0.letter == letter }.compactMap(\.value) }
}

/// A command line getopt refuses.
enum OptionError: Error {
    case unknown(Character)
    case unknownLong(String)
    case missingValue(Character)
    case missingLongValue(String)

    /// getopt's own words, the same in glibc, musl and BusyBox.
    var message: String {
        switch self {
        case .unknown(let letter): "invalid option -- '\(letter)'"
        case .unknownLong(let option): "unrecognized option '\(option)'"
        case .missingValue(let letter): "option requires an argument -- '\(letter)'"
        case .missingLongValue(let name): "option '--\(name)' requires an argument"
        }
    }
}
