/// `python` and `node` as learners first try them: `--version`, and one-liners that only print
/// (`python -c 'print(1+1)'`, `node -e 'console.log(2)'`, `node -p '6*7'`). The version is the image's
/// own (its `PYTHON_VERSION`, `NODE_VERSION`, as the official images set them). Anything else (a
/// script, an app) is not simulated and says so; servers' versions are `ServerVersions`'.
struct Interpreters: ProgramFamily {
    static let python = ["python", "python3", "python3.8", "python3.11", "python3.12", "python3.13"]
    let names: Set<String> = Set(python + ["node"])

    func handles(_ name: String, _ arguments: [String], in process: any ProcessEnvironment) -> Bool {
        output(name, arguments, process) != nil
    }

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        guard let text = output(name, arguments, process) else { return 127 }
        process.write(text)
        return 0
    }

    /// What the program prints; nil when it is not a simulated use.
    private func output(_ name: String, _ arguments: [String], _ process: any ProcessEnvironment) -> String? {
        if Self.python.contains(name) {
            guard let version = process.variable("PYTHON_VERSION") else { return nil }
            if arguments == ["--version"] || arguments == ["-V"] { return "Python \(version)\n" }
            guard arguments.count == 2, arguments[0] == "-c" else { return nil }
            return printed(arguments[1], call: "print", language: .python)
        }
        guard name == "node", let version = process.variable("NODE_VERSION") else { return nil }
        if arguments == ["--version"] || arguments == ["-v"] { return "v\(version)\n" }
        guard arguments.count == 2 else { return nil }
        switch arguments[0] {
        case "-e", "--eval": return printed(arguments[1], call: "console.log", language: .javaScript)
        case "-p", "--print":
            guard let values = OneLinerExpression.arguments(arguments[1], language: .javaScript), values.count == 1 else { return nil }
            return values[0].printed(in: .javaScript) + "\n"
        default: return nil
        }
    }

    /// The output of statements that are all `call(ARGS)`, separated by `;` or new lines.
    private func printed(_ code: String, call: String, language: OneLinerExpression.Language) -> String? {
        var text = ""
        let statements = code.split(whereSeparator: { $0 == ";" || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !statements.isEmpty else { return nil }
        for statement in statements {
            guard statement.hasPrefix(call + "("), statement.hasSuffix(")"),
                  let values = OneLinerExpression.arguments(String(statement.dropFirst(call.count + 1).dropLast()), language: language)
            else { return nil }
            text += values.map { $0.printed(in: language) }.joined(separator: " ") + "\n"
        }
        return text
    }
}
