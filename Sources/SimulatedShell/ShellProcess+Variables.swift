import ShellSyntax

/// The shell's variables: plain ones (exported into `environment` or the shell's own), bash's arrays,
/// and the assignments that set them.
extension ShellProcess {
    /// A variable's value; an array's is its first element, as `$a` is `${a[0]}`.
    func variable(_ name: String) -> String? {
        shellVariables[name] ?? environment[name] ?? arrays[name]?["0"]
    }

    /// False (and the process stopped) when `value` is more than one variable may hold.
    func withinVariableLimit(_ name: String, _ value: String) -> Bool {
        guard value.utf8.count <= limits.variableBytes else {
            stop(.variable(name: name, bytes: value.utf8.count, limit: limits.variableBytes))
            return false
        }
        return true
    }

    func setVariable(_ name: String, _ value: String) {
        guard withinVariableLimit(name, value) else { return }
        if arrays[name] != nil {
            arrays[name]?.set("0", value)
        } else if environment[name] != nil {
            environment[name] = value
        } else {
            shellVariables[name] = value
        }
    }

    /// Forgets a variable, whatever kind it is.
    func unsetVariable(_ name: String) {
        environment[name] = nil
        shellVariables[name] = nil
        arrays[name] = nil
    }

    /// Carries out `NAME=value`, `NAME+=value`, `NAME[KEY]=value` and `NAME=( … )`.
    func assign(_ assignment: ShellAssignment) {
        let name = assignment.name
        switch assignment.value {
        case .array(let words):
            var array = assignment.appends ? arrays[name] ?? ShellArray(associative: false, elements: variable(name).map { [$0] } ?? []) : ShellArray(associative: arrays[name]?.associative ?? false)
            fill(&array, with: words)
            shellVariables[name] = nil
            environment[name] = nil
            arrays[name] = array
        case .word(let word):
            let value = expander.string(word)
            if let keyWord = assignment.key {
                var array = arrays[name] ?? ShellArray(associative: false, elements: variable(name).map { [$0] } ?? [])
                let key = expander.subscriptKey(keyWord, associative: array.associative)
                guard withinVariableLimit(name, value) else { return }
                array.set(key, assignment.appends ? (array[key] ?? "") + value : value)
                shellVariables[name] = nil
                environment[name] = nil
                arrays[name] = array
            } else {
                setVariable(name, assignment.appends ? (variable(name) ?? "") + value : value)
            }
        }
    }

    /// Puts the elements `( … )` lists into an array: `[KEY]=value` sets that key, a plain word the
    /// next index (an associative array takes only keyed elements, as bash warns).
    func fill(_ array: inout ShellArray, with words: [ShellWord]) {
        for word in words {
            if case let (key, value)? = word.keyedElement {
                array.set(expander.subscriptKey(key, associative: array.associative), expander.string(value))
            } else if array.associative {
                writeError(flavor.shellMessage("\(word.text): must use subscript when assigning associative array", shell: shellPath) + "\n")
            } else {
                array.append(expander.fields(word))
            }
        }
    }
}
