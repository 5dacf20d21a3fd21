import Foundation

/// What `cp` and `mv` share: the SOURCE... DEST rules of coreutils.
struct Transfer {
    let command: String
    let operands: [String]
    let context: ShellContext
    let io: CommandIO
    /// Moves or copies one source to its final destination; false when it printed why it did not.
    let perform: (_ source: WorkspacePath, _ destination: WorkspacePath, _ typedSource: String) throws -> Bool

    func run() throws -> Int32 {
        guard operands.count >= 2 else {
            throw CommandFailure.usage(command, operands.isEmpty ? "missing file operand" : "missing destination file operand after '\(operands[0])'")
        }
        let destinationTyped = operands.last!
        let destination = try context.workspace.resolve(destinationTyped, for: command)
        let sources = operands.dropLast()
        if sources.count > 1 && !destination.isDirectory {
            throw CommandFailure("\(command): target '\(destinationTyped)': Not a directory")
        }
        var status: Int32 = 0
        for typed in sources {
            // `mv` renames a link itself; `cp` reads through it, so only a link that stays inside.
            let source = try context.workspace.resolve(typed, for: command, followingLastLink: command != "mv")
            guard source.exists else {
                io.printError("\(command): cannot stat '\(typed)': No such file or directory")
                status = 1
                continue
            }
            let target = destination.isDirectory ? destination.appending(source.name) : destination
            if target.components.starts(with: source.components) {
                io.printError("\(command): cannot \(command == "cp" ? "copy" : "move") '\(typed)' into itself")
                status = 1
                continue
            }
            if !target.parent.isDirectory {
                io.printError("\(command): cannot create '\(destinationTyped)': No such file or directory")
                status = 1
                continue
            }
            do {
                if try !perform(source, target, typed) { status = 1 }
            } catch {
                io.printError("\(command): cannot \(command == "cp" ? "copy" : "move") '\(typed)': \(error.localizedDescription)")
                status = 1
            }
        }
        return status
    }
}
