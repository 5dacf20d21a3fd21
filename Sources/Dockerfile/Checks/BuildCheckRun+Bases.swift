extension BuildCheckRun {
    /// The FROM lines against the ARGs declared before the first FROM, for every stage whether it is
    /// built or not (convert.go validateBaseImagesWithDefaultArgs, then per stage reportUnusedFromArgs,
    /// reportRedundantTargetPlatform, reportConstPlatformDisallowed). `globalArguments` are those ARGs with
    /// the build's values and the predefined platform ARGs; `defaultArguments` the same with defaults only
    /// (nil when BuildKit could not expand them, and so skips that check); `isImageReference` says whether
    /// a name is a valid image reference. Where BuildKit's build stops on a FROM line, so do the checks.
    public mutating func inspectBases(of program: DockerfileProgram, globalArguments: [String: String], defaultArguments: [String: String]?,
                                      isImageReference: (String) -> Bool) {
        let expander = ShellWordExpander(escapeToken: program.escapeToken)
        if let defaultArguments {
            for stage in program.stages {
                guard let base = try? expander.process(stage.from.base, environment: defaultArguments) else { break }
                if !isImageReference(base.word) {
                    report(.invalidDefaultArgInFrom(baseName: stage.from.base), lines: stage.fromLocation.lines)
                }
            }
        }
        let declared = Set(globalArguments.keys).union(program.metaArgs.map(\.name)).union(Self.unsimulatedPlatformArguments)
        let options = declared.sorted()
        for stage in program.stages {
            let lines = stage.fromLocation.lines
            guard let base = try? expander.process(stage.from.base, environment: globalArguments) else { return }
            reportUndeclared(base.unsetVariables, declared: declared, options: options, lines: lines)
            guard !base.word.isEmpty else { return }
            guard let platform = stage.from.platform, !platform.isEmpty else { continue }
            guard let expanded = try? expander.process(platform, environment: globalArguments) else { return }
            reportUndeclared(expanded.unsetVariables, declared: declared, options: options, lines: lines)
            // Only $TARGETPLATFORM, and nothing unset: the value can only be the target platform itself.
            if expanded.usedVariables == ["TARGETPLATFORM"], expanded.unsetVariables.isEmpty, expanded.word == globalArguments["TARGETPLATFORM"] {
                report(.redundantTargetPlatform(platform), lines: lines)
            }
            guard let parsed = Self.platform(expanded.word) else { return }
            // A constant is fine when the stage's name says which platform it is for.
            let name = stage.from.stageName ?? ""
            if expanded.usedVariables.isEmpty, expanded.unsetVariables.isEmpty, !name.contains(parsed.os), !name.contains(parsed.architecture) {
                report(.fromPlatformFlagConstDisallowed(platform: expanded.word), lines: lines)
            }
        }
    }

    /// Predefined ARGs BuildKit has that layerlab's build scope does not (buildkit v0.22.0
    /// dockerfile2llb/platform.go defaultArgs): declared, so a FROM using them is not reported.
    private static let unsimulatedPlatformArguments: Set<String> = ["BUILDOSVERSION", "TARGETOSVERSION", "TARGETSTAGE"]

    private mutating func reportUndeclared(_ names: [String], declared: Set<String>, options: [String], lines: ClosedRange<Int>) {
        for name in names where !declared.contains(name) {
            report(.undefinedArgInFrom(name: name, suggestion: BuildKitSuggestion.search(name, in: options, caseSensitive: true)), lines: lines)
        }
    }

    /// The OS and architecture of a platform as containerd's `platforms.Parse` reads it: `os/arch[/variant]`,
    /// or a lone OS or architecture (the other half then the daemon's, linux/amd64); nil for what it refuses.
    static func platform(_ text: String) -> (os: String, architecture: String)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.lowercased() }
        let isSpecifier = { (part: String) in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        }
        guard (1...3).contains(parts.count), parts.allSatisfy(isSpecifier) else { return nil }
        let os = parts[0] == "macos" ? "darwin" : parts[0]
        guard parts.count == 1 else { return (os, normalizedArchitecture(parts[1])) }
        if knownOperatingSystems.contains(os) { return (os, "amd64") }
        let architecture = normalizedArchitecture(parts[0])
        return knownArchitectures.contains(architecture) ? ("linux", architecture) : nil
    }

    private static func normalizedArchitecture(_ architecture: String) -> String {
        switch architecture {
        case "i386": "386"
        case "x86_64", "x86-64": "amd64"
        case "aarch64": "arm64"
        case "armhf", "armel": "arm"
        default: architecture
        }
    }

    private static let knownOperatingSystems: Set<String> = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd",
        "plan9", "solaris", "windows", "zos",
    ]

    private static let knownArchitectures: Set<String> = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64",
        "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
    ]
}
