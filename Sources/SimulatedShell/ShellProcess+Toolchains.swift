import Foundation
import LayerStore

/// `go` and `make` as Dockerfiles use them to build a program: `go build` writes a binary of a
/// realistic size, `go mod download` fills the module cache, and `make` runs a Makefile's recipes
/// through this shell.
extension ShellProcess {
    /// What a statically linked Go program of this size of source weighs, about.
    static func goBinarySize(sourceBytes: Int64) -> Int64 { 1_900_000 + sourceBytes * 12 }

    var go: Implementation {
        { arguments, _ in
            let (_, operands) = self.options(arguments)
            switch operands.first {
            case "version":
                let version = self.readText("/usr/local/go/VERSION")?.split(separator: "\n").first.map(String.init) ?? "go1.22.8"
                self.output.out("go version \(version) linux/amd64\n")
                return 0
            case "mod":
                guard operands.dropFirst().first == "download" else { return self.fail("go", "layerlab simulates go mod download only") }
                guard let module = self.readText("go.mod") else {
                    self.output.error("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n")
                    return 1
                }
                let requirements = module.split(separator: "\n").filter { $0.hasPrefix("\t") || $0.hasPrefix("require ") && !$0.hasSuffix("(") }
                let cache = (self.variable("GOPATH") ?? "/go") + "/pkg/mod/cache/download"
                self.ensureDirectory(cache)
                for line in requirements {
                    let name = line.split(separator: " ").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty && $0 != "require" } ?? ""
                    guard !name.isEmpty else { continue }
                    let file = cache + "/" + name.replacingOccurrences(of: "/", with: "_") + ".zip"
                    self.fileSystem.write(.file(file, .synthetic(seed: "go:" + name, size: 2_400_000)))
                }
                return 0
            case "build":
                var output: String?
                var index = 0
                let rest = Array(arguments.drop { $0 != "build" }.dropFirst())
                var packages: [String] = []
                while index < rest.count {
                    if rest[index] == "-o", index + 1 < rest.count { output = rest[index + 1]; index += 2; continue }
                    if !rest[index].hasPrefix("-") { packages.append(rest[index]) }
                    index += 1
                }
                let directory = self.absolute(packages.first.map { $0.hasSuffix("/...") ? String($0.dropLast(4)) : $0 } ?? ".")
                let sources = self.fileSystem.children(of: directory).filter { $0.hasSuffix(".go") && !$0.hasSuffix("_test.go") }
                guard !sources.isEmpty else {
                    self.output.error("no Go files in \(directory)\n")
                    return 1
                }
                let module = self.readText(directory + "/go.mod") ?? self.readText("go.mod")
                let moduleName = module?.split(separator: "\n").first { $0.hasPrefix("module ") }.map { String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
                let defaultName = (moduleName ?? directory).split(separator: "/").last.map(String.init) ?? "main"
                var target = self.absolute(output ?? defaultName)
                if self.fileSystem.entry(at: target)?.isDirectory == true { target += "/" + defaultName }
                let sourceBytes = sources.reduce(Int64(0)) { $0 + (self.fileSystem.entry(at: directory + "/" + $1)?.contentSize ?? 0) }
                self.ensureDirectory(LayerPath.parent(of: target))
                let seed = sources.map { self.readText(directory + "/" + $0) ?? "" }.joined()
                self.fileSystem.write(.file(target, .synthetic(seed: "go-binary:" + seed, size: Self.goBinarySize(sourceBytes: sourceBytes)), mode: 0o755))
                // The build cache Go keeps unless the step mounts a cache or removes it.
                let cache = (self.variable("HOME") ?? "/root") + "/.cache/go-build"
                self.ensureDirectory(cache)
                self.fileSystem.write(.file(cache + "/index", .synthetic(seed: "go-cache:" + seed, size: 11_000_000)))
                return 0
            default:
                return self.fail("go", "layerlab simulates go build, go mod download and go version only")
            }
        }
    }

    var make: Implementation {
        { arguments, _ in
            let startDirectory = self.workingDirectory
            defer { self.workingDirectory = startDirectory }
            var makefile = "Makefile"
            var goals: [String] = []
            var index = 0
            while index < arguments.count {
                if arguments[index] == "-f", index + 1 < arguments.count { makefile = arguments[index + 1]; index += 2; continue }
                if arguments[index] == "-C", index + 1 < arguments.count {
                    self.workingDirectory = self.absolute(arguments[index + 1])
                    index += 2
                    continue
                }
                if !arguments[index].hasPrefix("-") && !arguments[index].contains("=") { goals.append(arguments[index]) }
                index += 1
            }
            guard let text = self.readText(makefile) ?? (makefile == "Makefile" ? self.readText("makefile") : nil) else {
                self.output.error(goals.isEmpty ? "make: *** No targets specified and no makefile found.  Stop.\n"
                                                : "make: *** No rule to make target '\(goals[0])'.  Stop.\n")
                return 2
            }
            let rules = MakefileRules(text)
            guard let first = goals.first ?? rules.defaultGoal else {
                self.output.error("make: *** No targets.  Stop.\n")
                return 2
            }
            var made = Set<String>()
            func build(_ goal: String) -> Int32 {
                guard made.insert(goal).inserted else { return 0 }
                guard let rule = rules.rules[goal] else {
                    if self.fileSystem.entry(at: self.absolute(goal)) != nil { return 0 }
                    self.output.error("make: *** No rule to make target '\(goal)'.  Stop.\n")
                    return 2
                }
                for prerequisite in rule.prerequisites {
                    let status = build(prerequisite)
                    if status != 0 { return status }
                }
                for line in rule.recipe {
                    let silent = line.hasPrefix("@")
                    let command = silent ? String(line.dropFirst()) : line
                    if !silent { self.output.out(command + "\n") }
                    // Each recipe line runs in a shell of its own: a `cd` does not carry to the next.
                    let directory = self.workingDirectory
                    let status = self.subshell(["-c", command], "")
                    self.workingDirectory = directory
                    if status != 0 {
                        self.output.error("make: *** [\(makefile): \(goal)] Error \(status)\n")
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
}

/// The rules of a Makefile, as far as Dockerfiles need: `target: prerequisites` and tab-indented
/// recipe lines. Variables other than `$$` are left to the shell.
struct MakefileRules {
    struct Rule {
        var prerequisites: [String]
        var recipe: [String]
    }

    var rules: [String: Rule] = [:]
    var defaultGoal: String?

    init(_ text: String) {
        var current: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.hasPrefix("\t") {
                let command = line.dropFirst().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "$$", with: "$")
                for target in current where !command.isEmpty { rules[target]?.recipe.append(command) }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A rule has its colon before any `=` (`X = a:b` and `X := y` are assignments).
            let equals = trimmed.firstIndex(of: "=")
            guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":"),
                  equals.map({ colon < $0 && trimmed.index(after: colon) != $0 }) ?? true else {
                if !trimmed.isEmpty { current = [] }
                continue
            }
            let targets = trimmed[..<colon].split(separator: " ").map(String.init)
            let prerequisites = trimmed[trimmed.index(after: colon)...].split(separator: " ").map(String.init)
            current = targets.filter { !$0.hasPrefix(".") }
            for target in current where rules[target] == nil { rules[target] = Rule(prerequisites: prerequisites, recipe: []) }
            if defaultGoal == nil { defaultGoal = current.first }
        }
    }
}
