import LayerStore

/// `make` as Dockerfiles use it to build a program: a Makefile's rules, prerequisites first, each
/// recipe line run by a shell of its own as real make runs it.
struct Make: ProgramFamily {
    let names: Set<String> = ["make"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let startDirectory = process.workingDirectory
        defer { process.workingDirectory = startDirectory }
        var makefile = "Makefile"
        var goals: [String] = []
        var index = 0
        while index < arguments.count {
            if arguments[index] == "-f", index + 1 < arguments.count { makefile = arguments[index + 1]; index += 2; continue }
            if arguments[index] == "-C", index + 1 < arguments.count {
                process.workingDirectory = process.absolute(arguments[index + 1])
                index += 2
                continue
            }
            if !arguments[index].hasPrefix("-") && !arguments[index].contains("=") { goals.append(arguments[index]) }
            index += 1
        }
        guard let text = process.readText(makefile) ?? (makefile == "Makefile" ? process.readText("makefile") : nil) else {
            process.writeError(goals.isEmpty ? "make: *** No targets specified and no makefile found.  Stop.\n"
                                             : "make: *** No rule to make target '\(goals[0])'.  Stop.\n")
            return 2
        }
        let rules = MakefileRules(text)
        guard let first = goals.first ?? rules.defaultGoal else {
            process.writeError("make: *** No targets.  Stop.\n")
            return 2
        }
        var made = Set<String>()
        func build(_ goal: String) -> Int32 {
            guard made.insert(goal).inserted else { return 0 }
            guard let rule = rules.rules[goal] else {
                if process.fileSystem.entry(at: process.absolute(goal)) != nil { return 0 }
                process.writeError("make: *** No rule to make target '\(goal)'.  Stop.\n")
                return 2
            }
            for prerequisite in rule.prerequisites {
                let status = build(prerequisite)
                if status != 0 { return status }
            }
            for line in rule.recipe {
                let silent = line.hasPrefix("@")
                let command = silent ? String(line.dropFirst()) : line
                if !silent { process.write(command + "\n") }
                // Each recipe line runs in a shell of its own: a `cd` does not carry to the next.
                let directory = process.workingDirectory
                let status = process.runShell(["-c", command], standardInput: "")
                process.workingDirectory = directory
                if status != 0 {
                    process.writeError("make: *** [\(makefile): \(goal)] Error \(status)\n")
                    return 2
                }
            }
            return 0
        }
        for goal in goals.isEmpty ? [first] : goals {
            let status = build(goal)
            if status != 0 { return status }
        }
        return 0
    }
}
