import ShellSyntax

/// An argument of a declaration builtin: an assignment as written (`x=$y`, `a=( … )`), which the
/// builtin carries out unsplit, or a word expanded (an option, a name, or `NAME=value` made by an
/// expansion, as in `export "$var"="$val"`).
enum DeclarationArgument {
    case word(String)
    case assignment(ShellAssignment)
}

/// `export`, `readonly`, `local`, and bash's `declare` and `typeset`: each sets or marks its
/// variables; `local` (and `declare` in a function, without `-g`) makes them the function's own.
extension ShellBuiltins {
    func declare(_ name: String, _ arguments: [DeclarationArgument], input: ShellInput) -> Int32 {
        var flags: Set<Character> = []
        var removed: Set<Character> = []
        var optionsEnded = false
        let makesLocal = name == "local" || ((name == "declare" || name == "typeset") && shell.inFunction)
        if name == "local", !shell.inFunction {
            guard shell.dialect == .bash else {
                complain("local: not in a function")
                shell.exitRequest = 2
                return 2
            }
            complain("local: can only be used in a function")
            return 1
        }
        var status: Int32 = 0
        for argument in arguments {
            let target: String
            let assignment: ShellAssignment?
            switch argument {
            case .word(let word) where !optionsEnded && (word.hasPrefix("-") || word.hasPrefix("+")) && word.count > 1:
                if word == "--" {
                    optionsEnded = true
                    continue
                }
                let letters = word.dropFirst()
                guard let unknown = letters.first(where: { !"gaAxrif".contains($0) }) else {
                    if word.hasPrefix("-") { flags.formUnion(letters) } else { removed.formUnion(letters) }
                    continue
                }
                shell.writeError("layerlab: `\(name) \(word.first!)\(unknown)` is not simulated\n")
                return 1
            case .word(let word):
                optionsEnded = true
                // `NAME=value` an expansion made: an assignment of that text as it is.
                if let equals = word.firstIndex(of: "=") {
                    target = String(word[..<equals])
                    assignment = ShellAssignment(name: target, value: .word(ShellWord(String(word[word.index(after: equals)...]), isQuoted: true)))
                } else {
                    target = word
                    assignment = nil
                }
            case .assignment(let written):
                optionsEnded = true
                target = written.name
                assignment = written
            }
            guard ShellAssignment.isName(target) else {
                complain("\(name): `\(target)': not a valid identifier")
                status = 1
                continue
            }
            if makesLocal && !flags.contains("g") { shell.makeLocal(target) }
            if flags.contains("A") || flags.contains("a"), shell.arrays[target]?.associative != flags.contains("A") || assignment.map(\.value.isArray) == true {
                // `declare -A m` makes an empty associative array; `-a` an indexed one.
                shell.arrays[target] = ShellArray(associative: flags.contains("A"))
                shell.shellVariables[target] = nil
            }
            if let assignment { shell.assign(assignment) }
            if name == "export" || flags.contains("x") {
                // Exported: the variable moves into the environment the shell's children get.
                if let value = shell.shellVariables[target] {
                    shell.environment[target] = value
                    shell.shellVariables[target] = nil
                }
            } else if removed.contains("x"), let value = shell.environment[target] {
                shell.shellVariables[target] = value
                shell.environment[target] = nil
            }
        }
        return status
    }
}

extension ShellAssignment.Value {
    /// Whether the value is an array `( … )`.
    var isArray: Bool {
        if case .array = self { true } else { false }
    }
}
