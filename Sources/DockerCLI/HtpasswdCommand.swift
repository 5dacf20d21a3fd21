import Foundation
import Registry
import Shell

/// `htpasswd` (Apache's tool) at the prompt: makes the bcrypt password file `registry:2` reads when it
/// is started with `REGISTRY_AUTH=htpasswd`. Hashes are real bcrypt, from libxcrypt.
public struct HtpasswdCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "htpasswd", group: .docker,
        abstract: "Make a bcrypt password file for a registry's basic auth",
        usage: ["htpasswd -Bbn USER PASSWORD", "htpasswd -Bc FILE USER", "htpasswd -Bb FILE USER PASSWORD"],
        discussion: """
        -B uses bcrypt (the only hash registry:2 accepts), -b takes the password from the command line
        instead of asking, -n prints the line instead of writing FILE, -c creates FILE anew. For example:
        mkdir auth && htpasswd -Bbn testuser testpassword > auth/htpasswd
        """
    )

    /// With -b the password is the last argument (whatever it looks like): kept as `********`.
    public func loggedArguments(_ arguments: [String]) -> [String] {
        let options = arguments.prefix { $0.hasPrefix("-") && $0.count > 1 }
        guard options.contains(where: { $0.contains("b") }), arguments.count > options.count + 1 else { return arguments }
        return arguments.dropLast() + ["********"]
    }

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        var flags = Set<Character>()
        var operands: [String] = []
        for argument in arguments {
            if argument.hasPrefix("-"), argument.count > 1 {
                for flag in argument.dropFirst() {
                    guard "Bbnc".contains(flag) else {
                        throw CommandFailure("htpasswd: option -\(flag) is not supported", hint: "layerlab's htpasswd knows -B, -b, -n and -c", exitStatus: 2)
                    }
                    flags.insert(flag)
                }
            } else {
                operands.append(argument)
            }
        }
        guard flags.contains("B") else {
            throw CommandFailure("htpasswd: give -B", hint: "registry:2 accepts only bcrypt hashes, which -B makes", exitStatus: 2)
        }
        let toStandardOutput = flags.contains("n")
        let wanted = (toStandardOutput ? 1 : 2) + (flags.contains("b") ? 1 : 0)
        guard operands.count == wanted else {
            throw CommandFailure.usage("htpasswd", "expected " + help.usage.joined(separator: " or "))
        }
        let file = toStandardOutput ? nil : operands[0]
        let user = operands[toStandardOutput ? 0 : 1]
        guard !user.contains(":") else { throw CommandFailure("htpasswd: username contains illegal character ':'", exitStatus: 6) }
        var password: String
        if flags.contains("b") {
            password = operands[wanted - 1]
        } else {
            guard let first = context.ask("New password: ", secret: true), let again = context.ask("Re-type new password: ", secret: true) else {
                throw CommandFailure("htpasswd: no password given", exitStatus: 3)
            }
            guard first == again else { throw CommandFailure("htpasswd: password verification error", exitStatus: 3) }
            password = first
        }
        guard let entry = Htpasswd.entry(user: user, password: password) else {
            throw CommandFailure("htpasswd: unable to make a bcrypt hash on this system", exitStatus: 7)
        }
        password = ""
        guard let file else {
            io.print(entry)
            return 0
        }
        let path = try context.workspace.resolve(file, for: "htpasswd")
        var lines: [String] = []
        if !flags.contains("c") {
            guard let existing = FileManager.default.contents(atPath: path.url.path) else {
                throw CommandFailure("htpasswd: cannot modify file \(file); use '-c' to create it", exitStatus: 1)
            }
            lines = String(decoding: existing, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let updating = lines.contains { $0.hasPrefix(user + ":") }
        lines.removeAll { $0.hasPrefix(user + ":") }
        lines.append(entry)
        do {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: path.url, options: .atomic)
        } catch {
            throw CommandFailure("htpasswd: cannot create file \(file)", hint: "create its folder first with mkdir -p", exitStatus: 1)
        }
        io.printError("\(updating ? "Updating" : "Adding") password for user \(user)")
        return 0
    }
}
