import ArgumentParser

/// An option that applies to the whole program: given before the subcommand, as docker's `--host` and
/// git's `-C` are, or after it, where each subcommand that takes it declares it.
enum ProgramOption: String, CaseIterable, Sendable {
    case home, name, pack, registry

    var flag: String { "--" + rawValue }

    /// The option a command-line word names (`--home` or `--home=DIR`), if it is one of these.
    init?(word: String) {
        guard word.hasPrefix("--") else { return nil }
        self.init(rawValue: String(word.dropFirst(2).prefix { $0 != "=" }))
    }
}

/// A subcommand that takes program-wide options, declaring each as one of its own options too.
protocol TakesProgramOptions: ParsableCommand {
    static var programOptions: Set<ProgramOption> { get }
}

/// Puts the program-wide options given before the subcommand after its name, where swift-argument-parser
/// reads a command's options: `layerlab --home DIR pack validate X` is `layerlab pack validate --home DIR X`.
enum ProgramOptions {
    /// `arguments` (the command line without the program's name) with the options moved. Without a
    /// subcommand they stay where they are, for the default one (the prompt); a subcommand that does not
    /// take one of them is a usage error naming those that do.
    static func placed(in arguments: [String], root: any ParsableCommand.Type = Layerlab.self) throws -> [String] {
        var leading: [String] = []
        var given: [ProgramOption] = []
        var index = 0
        while index < arguments.count, let option = ProgramOption(word: arguments[index]) {
            let end = index + (arguments[index].contains("=") ? 1 : 2)
            // A missing value is the parser's to report, where the option stands.
            guard end <= arguments.count else { break }
            leading += arguments[index..<end]
            given.append(option)
            index = end
        }
        guard !leading.isEmpty else { return arguments }
        var command = root
        var path: [String] = []
        while index < arguments.count, let subcommand = command.configuration.subcommands.first(where: { Self.names($0).contains(arguments[index]) }) {
            command = subcommand
            path.append(arguments[index])
            index += 1
        }
        guard !path.isEmpty else { return arguments }
        let taken = (command as? any TakesProgramOptions.Type)?.programOptions ?? []
        if let refused = given.first(where: { !taken.contains($0) }) {
            let takers = commands(taking: refused, under: root).joined(separator: ", ")
            throw ValidationError("'\(([root._commandName] + path).joined(separator: " "))' does not take \(refused.flag); these commands do: \(takers)")
        }
        return path + leading + arguments[index...]
    }

    /// The words that name `command` on the command line.
    static func names(_ command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// The subcommands under `command` that take `option`, as they are typed after the program's name.
    static func commands(taking option: ProgramOption, under command: any ParsableCommand.Type, path: [String] = []) -> [String] {
        let here = (command as? any TakesProgramOptions.Type)?.programOptions.contains(option) == true ? [path.joined(separator: " ")] : []
        return here + command.configuration.subcommands.flatMap { commands(taking: option, under: $0, path: path + [$0._commandName]) }
    }
}

extension Repl: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home, .name, .pack, .registry] }
extension Daemon: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home, .name, .pack, .registry] }
extension ProgressExportCommand: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home, .name, .pack] }
extension Env: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension Lesson: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension Next: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension Check: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension Hint: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension PackValidate: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension PackTest: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension PackAdd: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension PackList: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
extension PackRemove: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home] }
// The pack its exports are of: `layerlab --pack ID class report DIR` reads as `class report --pack ID DIR`.
extension ClassReportCommand: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.pack] }
// The class's registry and pack: `layerlab --registry HOST:PORT --pack DIR class check`.
extension ClassCheckCommand: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.home, .pack, .registry] }
extension BenchHub: TakesProgramOptions { static let programOptions: Set<ProgramOption> = [.registry] }
