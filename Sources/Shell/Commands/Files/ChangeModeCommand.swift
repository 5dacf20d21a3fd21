import Foundation

/// `chmod`: a file's permission bits, which COPY carries into the image (and its cache key).
public struct ChangeModeCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "chmod", group: .files,
        abstract: "Change a file's permissions",
        usage: ["chmod MODE FILE..."],
        discussion: "  MODE  octal (755, 0644) or symbolic: [ugoa]*[+-=][rwx]+, several joined by commas (u+x,go-w)"
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard arguments.count >= 2 else { throw CommandFailure.usage("chmod", arguments.isEmpty ? "missing operand" : "missing operand after '\(arguments[0])'") }
        let mode = arguments[0]
        var status: Int32 = 0
        for typed in arguments.dropFirst() {
            let path = try context.workspace.resolve(typed, for: "chmod")
            guard path.exists, let current = (try? FileManager.default.attributesOfItem(atPath: path.url.path))?[.posixPermissions] as? NSNumber else {
                io.printError("chmod: cannot access '\(typed)': No such file or directory")
                status = 1
                continue
            }
            guard let updated = Self.apply(mode, to: current.uint16Value & 0o7777) else {
                throw CommandFailure.usage("chmod", "invalid mode: '\(mode)'")
            }
            try? FileManager.default.setAttributes([.posixPermissions: NSNumber(value: updated)], ofItemAtPath: path.url.path)
        }
        return status
    }

    /// The permission bits after a mode (`755`, `u+x,go-w`, `a=r`), or nil when it is not one.
    static func apply(_ mode: String, to bits: UInt16) -> UInt16? {
        if let octal = UInt16(mode, radix: 8), mode.allSatisfy({ ("0"..."7").contains($0) }) { return octal <= 0o7777 ? octal : nil }
        var result = bits
        for clause in mode.split(separator: ",", omittingEmptySubsequences: false) {
            let who = clause.prefix { "ugoa".contains($0) }
            let rest = clause.dropFirst(who.count)
            guard let operation = rest.first, "+-=".contains(operation) else { return nil }
            let permissions = rest.dropFirst()
            guard permissions.allSatisfy({ "rwx".contains($0) }) else { return nil }
            var shifts: [UInt16] = []
            for letter in (who.isEmpty ? "a" : who) {
                switch letter {
                case "u": shifts.append(6)
                case "g": shifts.append(3)
                case "o": shifts.append(0)
                default: shifts += [6, 3, 0]
                }
            }
            var value: UInt16 = 0
            for letter in permissions { value |= letter == "r" ? 4 : letter == "w" ? 2 : 1 }
            for shift in Set(shifts) {
                switch operation {
                case "+": result |= value << shift
                case "-": result &= ~(value << shift)
                default: result = (result & ~(7 << shift)) | (value << shift)
                }
            }
        }
        return result
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        position == 0 ? [] : context.workspace.pathCompletions(for: arguments.last ?? "")
    }
}
