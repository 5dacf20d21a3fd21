import Foundation
import LayerStore

/// `go` as Dockerfiles use it to build a program: `go build` writes a binary of a realistic size and
/// leaves Go's build cache, `go mod download` fills the module cache.
struct GoToolchain: ProgramFamily {
    let names: Set<String> = ["go"]

    /// What a statically linked Go program of this size of source weighs, about.
    static func binarySize(sourceBytes: Int64) -> Int64 { 1_900_000 + sourceBytes * 12 }

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let operands = ProgramOptions.split(arguments).operands
        switch operands.first {
        case "version":
            let version = process.readText("/usr/local/go/VERSION")?.split(separator: "\n").first.map(String.init) ?? "go1.22.8"
            process.write("go version \(version) linux/amd64\n")
            return 0
        case "mod":
            return modDownload(operands, process)
        case "build":
            return build(arguments, process)
        default:
            return process.fail("go", "layerlab simulates go build, go mod download and go version only")
        }
    }

    private func modDownload(_ operands: [String], _ process: any ProcessEnvironment) -> Int32 {
        guard operands.dropFirst().first == "download" else { return process.fail("go", "layerlab simulates go mod download only") }
        guard let module = process.readText("go.mod") else {
            process.writeError("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n")
            return 1
        }
        let requirements = module.split(separator: "\n").filter { $0.hasPrefix("\t") || $0.hasPrefix("require ") && !$0.hasSuffix("(") }
        let cache = (process.variable("GOPATH") ?? "/go") + "/pkg/mod/cache/download"
        process.ensureDirectory(cache)
        for line in requirements {
            let name = line.split(separator: " ").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty && $0 != "require" } ?? ""
            guard !name.isEmpty else { continue }
            let file = cache + "/" + name.replacingOccurrences(of: "/", with: "_") + ".zip"
            process.fileSystem.write(.file(file, .synthetic(seed: "go:" + name, size: 2_400_000)))
        }
        return 0
    }

    private func build(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        var output: String?
        var index = 0
        let rest = Array(arguments.drop { $0 != "build" }.dropFirst())
        var packages: [String] = []
        while index < rest.count {
            if rest[index] == "-o", index + 1 < rest.count { output = rest[index + 1]; index += 2; continue }
            if !rest[index].hasPrefix("-") { packages.append(rest[index]) }
            index += 1
        }
        let directory = process.absolute(packages.first.map { $0.hasSuffix("/...") ? String($0.dropLast(4)) : $0 } ?? ".")
        let sources = process.fileSystem.children(of: directory).filter { $0.hasSuffix(".go") && !$0.hasSuffix("_test.go") }
        guard !sources.isEmpty else {
            process.writeError("no Go files in \(directory)\n")
            return 1
        }
        let module = process.readText(directory + "/go.mod") ?? process.readText("go.mod")
        let moduleName = module?.split(separator: "\n").first { $0.hasPrefix("module ") }.map { String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        let defaultName = (moduleName ?? directory).split(separator: "/").last.map(String.init) ?? "main"
        var target = process.absolute(output ?? defaultName)
        if process.fileSystem.entry(at: target)?.isDirectory == true { target += "/" + defaultName }
        let sourceBytes = sources.reduce(Int64(0)) { $0 + (process.fileSystem.entry(at: directory + "/" + $1)?.contentSize ?? 0) }
        process.ensureDirectory(LayerPath.parent(of: target))
        let seed = sources.map { process.readText(directory + "/" + $0) ?? "" }.joined()
        process.fileSystem.write(.file(target, .synthetic(seed: "go-binary:" + seed, size: Self.binarySize(sourceBytes: sourceBytes)), mode: 0o755))
        // The build cache Go keeps unless the step mounts a cache or removes it.
        let cache = (process.variable("HOME") ?? "/root") + "/.cache/go-build"
        process.ensureDirectory(cache)
        process.fileSystem.write(.file(cache + "/index", .synthetic(seed: "go-cache:" + seed, size: 11_000_000)))
        return 0
    }
}
