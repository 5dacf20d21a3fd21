import Shell

/// A docker subcommand's option, as cobra/pflag reads it.
struct FlagSpec: Sendable {
    var long: String
    var short: Character?
    var takesValue: Bool
    var help: String
}

/// Arguments after docker-style flag parsing: `-aq`, `--no-trunc`, `--filter dangling=true`,
/// `--filter=dangling=true`, `-f x`; flags may come after operands, and `--` ends them.
struct ParsedArguments {
    var flags: [String: [String]] = [:]
    var operands: [String] = []

    func has(_ long: String) -> Bool { flags[long] != nil }
    func values(_ long: String) -> [String] { flags[long] ?? [] }
    func value(_ long: String) -> String? { flags[long]?.last }

    init(_ arguments: [String], specs: [FlagSpec], command: DockerSubcommand) throws(CommandFailure) {
        var index = 0
        var optionsEnded = false
        func spec(long: String) -> FlagSpec? { specs.first { $0.long == long } }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                operands.append(argument)
                // `docker run IMAGE cmd -x`: what follows the image belongs to the command.
                if command.stopsAtFirstOperand { optionsEnded = true }
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                guard let flag = spec(long: name) else { throw command.usageError("unknown flag: --\(name)") }
                if let equals = body.firstIndex(of: "=") {
                    flags[flag.long, default: []].append(String(body[body.index(after: equals)...]))
                } else if flag.takesValue {
                    guard index < arguments.count else { throw command.usageError("flag needs an argument: --\(name)") }
                    flags[flag.long, default: []].append(arguments[index])
                    index += 1
                } else {
                    flags[flag.long, default: []].append("true")
                }
                continue
            }
            var letters = Array(argument.dropFirst())
            while !letters.isEmpty {
                let letter = letters.removeFirst()
                guard let flag = specs.first(where: { $0.short == letter }) else {
                    throw command.usageError("unknown shorthand flag: '\(letter)' in \(argument)")
                }
                if flag.takesValue {
                    var value = String(letters)
                    letters = []
                    if value.hasPrefix("=") { value.removeFirst() }
                    if value.isEmpty {
                        guard index < arguments.count else { throw command.usageError("flag needs an argument: '\(letter)' in \(argument)") }
                        value = arguments[index]
                        index += 1
                    }
                    flags[flag.long, default: []].append(value)
                } else {
                    flags[flag.long, default: []].append("true")
                }
            }
        }
    }
}
