import Foundation
import LayerStore
import ShellSyntax

/// The shell's builtins and the programs layerlab simulates. A program runs only if the image has it
/// in PATH, so `bash` fails on Alpine as it really does.
extension ShellProcess {
    func runCommand(_ words: [String], input: String) -> Int32 {
        let name = words[0]
        let arguments = Array(words.dropFirst())
        if let builtin = builtin(name) { return builtin(arguments, input) }
        guard let path = lookup(name) else {
            output.error(flavor.notFound(name, shell: shellPath) + "\n")
            return 127
        }
        guard let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), !entry.isDirectory, entry.mode & 0o111 != 0 else {
            output.error("\(shellPath): 1: \(name): Permission denied\n")
            return 126
        }
        let program = String(path.split(separator: "/").last ?? Substring(name))
        if let implementation = programs[program] { return implementation(self)(arguments, input) }
        if let script = shellScript(at: path) {
            // A script for a shell the image has: its interpreter runs it, with $0 the script.
            guard lookup(script.interpreter) != nil || fileSystem.entry(at: script.interpreter) != nil else {
                output.error(flavor.notFound(name, shell: shellPath) + "\n")
                return 127
            }
            // $0 is the script as it was invoked: `./app.sh` as typed, or its full path when found in PATH.
            return subshell(script.options + [name.contains("/") ? name : path] + arguments, input)
        }
        note(unsimulated: program)
        output.error("layerlab: `\(program)` is not simulated: it ran, but whatever it would print or change did not happen\n")
        return 0
    }

    /// The interpreter of a `#!` script that a simulated shell can run (`#!/bin/sh -e`,
    /// `#!/usr/bin/env bash`), with the options on its line; nil for anything else, including a
    /// script whose syntax the simulated shell does not read (it then counts as not simulated).
    public func shellScript(at path: String) -> (interpreter: String, options: [String])? {
        guard let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), case .file(let content) = entry.kind,
              content.size < 1 << 20, let text = String(data: content.data, encoding: .utf8), text.hasPrefix("#!") else { return nil }
        var words = text.dropFirst(2).prefix { $0 != "\n" }.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        var interpreter = words.removeFirst()
        if interpreter.hasSuffix("/env"), !words.isEmpty { interpreter = words.removeFirst() }
        let name = String(interpreter.split(separator: "/").last ?? "")
        guard ["sh", "bash", "dash", "ash"].contains(name), (try? ShellParser().parse(text)) != nil else { return nil }
        return (interpreter, words)
    }

    /// The executable a command name runs, searched in PATH as the shell searches it.
    public func lookup(_ name: String) -> String? {
        if name.contains("/") {
            let path = absolute(name)
            return fileSystem.entry(at: path) != nil ? path : nil
        }
        for directory in (variable("PATH") ?? "").split(separator: ":") {
            let path = LayerPath.normalize(String(directory) + "/" + name)
            if let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), !entry.isDirectory { return path }
        }
        return nil
    }

    typealias Implementation = ([String], String) -> Int32

    // MARK: Builtins

    func builtin(_ name: String) -> Implementation? {
        switch name {
        case "cd": return { arguments, _ in
            let target = self.absolute(arguments.first ?? self.variable("HOME") ?? "/")
            guard self.fileSystem.entry(at: self.fileSystem.resolvingSymlinks(target))?.isDirectory == true else {
                self.output.error("\(self.shellPath): 1: cd: can't cd to \(arguments.first ?? "")\n")
                return 2
            }
            self.workingDirectory = target
            return 0
        }
        case "export": return { arguments, _ in
            for argument in arguments {
                if let equals = argument.firstIndex(of: "=") {
                    let name = String(argument[..<equals]), value = String(argument[argument.index(after: equals)...])
                    guard self.withinVariableLimit(name, value) else { return self.stopped?.status ?? 1 }
                    self.environment[name] = value
                    self.shellVariables[name] = nil
                } else if let value = self.shellVariables[argument] {
                    self.environment[argument] = value
                    self.shellVariables[argument] = nil
                }
            }
            return 0
        }
        case "unset": return { arguments, _ in
            for name in arguments { self.environment[name] = nil; self.shellVariables[name] = nil }
            return 0
        }
        case "set": return { arguments, _ in
            if let separator = arguments.firstIndex(of: "--") {
                // `set -- A B`: new positional parameters.
                self.positional = Array(arguments[(separator + 1)...])
            }
            for argument in arguments.prefix(while: { $0 != "--" }) {
                guard argument.hasPrefix("-") || argument.hasPrefix("+") else { continue }
                let on = argument.hasPrefix("-")
                for letter in argument.dropFirst() {
                    if letter == "e" { self.errexit = on }
                    if letter == "x" { self.xtrace = on }
                }
            }
            return 0
        }
        case "exit": return { arguments, _ in
            self.exitRequest = arguments.first.flatMap { Int32($0) } ?? self.lastStatus
            return self.exitRequest!
        }
        case "exec": return { arguments, input in
            // The command replaces the shell: its status is the shell's, and nothing after it runs.
            guard !arguments.isEmpty else { return 0 }
            let status = self.runCommand(arguments, input: input)
            self.exitRequest = status
            return status
        }
        case "true", ":": return { _, _ in 0 }
        case "false": return { _, _ in 1 }
        case "echo": return { arguments, _ in
            var words = arguments
            var newline = true
            if words.first == "-n" { newline = false; words.removeFirst() }
            self.output.out(words.joined(separator: " ") + (newline ? "\n" : ""))
            return 0
        }
        case "printf": return { arguments, _ in
            guard let format = arguments.first else {
                self.output.error("printf: usage: printf format [arg ...]\n")
                return 2
            }
            self.output.out(Printf.format(format, Array(arguments.dropFirst())))
            return 0
        }
        case "pwd": return { _, _ in
            self.output.out(self.workingDirectory + "\n")
            return 0
        }
        case "test", "[": return { arguments, _ in
            var arguments = arguments
            if name == "[" {
                guard arguments.last == "]" else {
                    self.output.error("\(self.shellPath): 1: [: missing ]\n")
                    return 2
                }
                arguments.removeLast()
            }
            return self.test(arguments) ? 0 : 1
        }
        case "shift": return { arguments, _ in
            let count = arguments.first.flatMap(Int.init) ?? 1
            self.positional = Array(self.positional.dropFirst(count))
            return 0
        }
        case "umask": return { _, _ in 0 }
        case "command", "type": return { arguments, _ in
            let names = arguments.filter { !$0.hasPrefix("-") }
            guard name == "type" || arguments.contains("-v") else {
                return names.isEmpty ? 0 : self.runCommand(names, input: "")
            }
            var status: Int32 = 0
            for command in names {
                if self.builtin(command) != nil {
                    self.output.out(name == "type" ? "\(command) is a shell builtin\n" : "\(command)\n")
                } else if let path = self.lookup(command) {
                    self.output.out(name == "type" ? "\(command) is \(path)\n" : "\(path)\n")
                } else {
                    if name == "type" { self.output.error("\(command): not found\n") }
                    status = 1
                }
            }
            return status
        }
        default: return nil
        }
    }

    /// `test` / `[`: files, strings and integers.
    func test(_ arguments: [String]) -> Bool {
        if arguments.first == "!" { return !test(Array(arguments.dropFirst())) }
        switch arguments.count {
        case 0: return false
        case 1: return !arguments[0].isEmpty
        case 2:
            let path = fileSystem.resolvingSymlinks(absolute(arguments[1]))
            let entry = fileSystem.entry(at: path)
            switch arguments[0] {
            case "-e": return entry != nil
            case "-f": return entry != nil && !entry!.isDirectory
            case "-d": return entry?.isDirectory == true
            case "-x": return entry.map { $0.mode & 0o111 != 0 } ?? false
            case "-s": return entry.map { $0.contentSize > 0 } ?? false
            case "-r", "-w": return entry != nil
            case "-L", "-h":
                if case .symlink? = fileSystem.entry(at: absolute(arguments[1]))?.kind { return true }
                return false
            case "-z": return arguments[1].isEmpty
            case "-n": return !arguments[1].isEmpty
            default: return false
            }
        default:
            let (left, op, right) = (arguments[0], arguments[1], arguments[2])
            switch op {
            case "=", "==": return left == right
            case "!=": return left != right
            case "-eq": return Int(left) == Int(right)
            case "-ne": return Int(left) != Int(right)
            case "-lt": return (Int(left) ?? 0) < (Int(right) ?? 0)
            case "-le": return (Int(left) ?? 0) <= (Int(right) ?? 0)
            case "-gt": return (Int(left) ?? 0) > (Int(right) ?? 0)
            case "-ge": return (Int(left) ?? 0) >= (Int(right) ?? 0)
            default: return false
            }
        }
    }
}

/// The subset of printf(1) formats scripts use: `%s`, `%d`, `%%`, and `\n` `\t` `\\` escapes.
enum Printf {
    static func format(_ format: String, _ arguments: [String]) -> String {
        var result = ""
        var remaining = arguments
        repeat {
            var chars = Array(format)[...]
            while let c = chars.popFirst() {
                if c == "\\", let next = chars.popFirst() {
                    switch next {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "\\": result += "\\"
                    default: result += "\\" + String(next)
                    }
                } else if c == "%", let next = chars.popFirst() {
                    switch next {
                    case "%": result += "%"
                    case "s", "b": result += remaining.isEmpty ? "" : remaining.removeFirst()
                    case "d", "i": result += remaining.isEmpty ? "0" : String(Int(remaining.removeFirst()) ?? 0)
                    default: result += "%" + String(next)
                    }
                } else {
                    result.append(c)
                }
            }
        } while !remaining.isEmpty && format.contains("%")
        return result
    }
}
