import Dockerfile

/// The rules that read a RUN's shell script: package managers, sudo, cd, wget, pipes.
extension LintState {
    /// Exec form too: hadolint reads its strings joined with spaces as a script (RunScript).
    mutating func checkRun(_ run: RunInstruction, _ located: LocatedInstruction) {
        let script = RunScript(run)
        let commands = script.commands
        let mounts = Set(run.mounts.map(RunMount.init))
        checkConsecutive(run, mounts: mounts, commandCount: commands.count, located)
        let names = Set(commands.map(\.name))
        if names.contains("sudo") { add(.dl3004, located) }
        if names.contains("cd") { add(.dl3003, located) }
        if !names.isDisjoint(with: ["ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"]) {
            add(.dl3001, located)
        }
        // DL4001: a RUN with one download tool after the other was used (in it or before).
        let (wget, curl) = (names.contains("wget"), names.contains("curl"))
        if (wget && (curl || curlSeen)) || (curl && (wget || wgetSeen)) {
            add(.dl4001, located)
        }
        wgetSeen = wgetSeen || wget
        curlSeen = curlSeen || curl
        if commands.contains(where: { $0.name == "ln" && $0.arguments.contains("/bin/sh") }) {
            add(.dl4005, located)
        }
        if names.contains("apt") { add(.dl3027, located) }
        // DL4006 (Rule/DL4006.hs): any pipe, unless the stage's SHELL handles them; a `set -o pipefail`
        // in the script itself does not count.
        if !shellHandlesPipes, script.hasPipes { add(.dl4006, located) }
        let usesCacheMount = mounts.contains { $0.type == "cache" }
        var flagged = Set<String>()
        func once(_ rule: LintRule) {
            if flagged.insert(rule.code).inserted { add(rule, located) }
        }
        for command in commands {
            switch command.name {
            case "apt-get":
                guard command.operands.first == "install" else { continue }
                let packages = Self.packages(command, after: "install", valueOptions: ["-o", "-t", "-c", "--target-release", "--option", "--config-file"])
                if packages.contains(where: { !$0.contains("=") && !$0.hasSuffix(".deb") }) {
                    once(.dl3008)
                }
                let yes = command.has("--yes") || command.has("--assume-yes") || command.hasShort("y") || command.arguments.contains("-qq") || command.has("--quiet=2") || command.arguments.contains("-q=2")
                if !yes { once(.dl3014) }
                let noRecommends = command.has("--no-install-recommends") || command.arguments.contains { $0.contains("Install-Recommends=false") || $0.contains("Install-Recommends=0") }
                if !noRecommends { once(.dl3015) }
            case "apk":
                // DL3019 (Rule/DL3019.hs): an `add` anywhere among apk's arguments without `--no-cache`,
                // unless a cache or tmpfs mount holds /var/cache/apk.
                if command.arguments.contains("add"), !command.hasFlag("no-cache"), !RunMount.keepsOut("/var/cache/apk", mounts) {
                    once(.dl3019)
                }
                guard command.operands.first == "add" else { continue }
                let packages = Self.packages(command, after: "add", valueOptions: ["-t", "--virtual", "-X", "--repository", "-p", "--root", "--repositories-file", "--keys-dir", "--arch"])
                if packages.contains(where: { !$0.contains("=") && !$0.hasSuffix(".apk") }) {
                    once(.dl3018)
                }
            case "pip", "pip3", "pip2", "python", "python3", "python2":
                var command = command
                if command.name.hasPrefix("python") {
                    guard let module = command.arguments.firstIndex(of: "-m"), command.arguments.indices.contains(module + 1), command.arguments[module + 1].hasPrefix("pip") else { continue }
                    command.arguments = Array(command.arguments[(module + 2)...])
                }
                guard command.operands.first == "install" else { continue }
                let packages = Self.packages(command, after: "install", valueOptions: ["-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--platform", "--python-version", "--implementation", "--abi", "--trusted-host", "--src", "--upgrade-strategy", "--progress-bar", "--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert", "--only-binary", "--no-binary"])
                let pinned: (String) -> Bool = { package in
                    ["==", ">=", "<=", "~=", "!=", "<", ">", "@"].contains { package.contains($0) }
                        || package.hasPrefix(".") || package.hasPrefix("/") || package.contains("://") || package.hasPrefix("git+")
                        || [".whl", ".tar.gz", ".zip", ".tgz"].contains { package.hasSuffix($0) } || package.hasPrefix("$")
                }
                if packages.contains(where: { !pinned($0) }) {
                    once(.dl3013)
                }
                if !command.has("--no-cache-dir") && !pipNoCacheDirEnv && !usesCacheMount {
                    once(.dl3042)
                }
            case "zypper":
                guard let verb = command.operands.first else { continue }
                if verb == "dist-upgrade" || verb == "dup" { once(.dl3035) }
                guard verb == "install" || verb == "in" else { continue }
                if !command.hasShort("y") && !command.hasShort("n") && !command.has("--non-interactive") && !command.has("--no-confirm") {
                    once(.dl3034)
                }
                let packages = Self.packages(command, after: verb, valueOptions: ["-t", "--type", "-r", "--repo", "--from"])
                if packages.contains(where: { !$0.contains("=") && !$0.contains(">") && !$0.contains("<") && !$0.hasSuffix(".rpm") && !$0.hasPrefix("$") }) {
                    once(.dl3037)
                }
                let cleaned = commands.contains { $0.name == "zypper" && ($0.operands.first == "clean" || $0.operands.first == "cc") }
                if !cleaned && !usesCacheMount { once(.dl3036) }
            case "tar":
                // DL3010: an archive COPY'd in and then unpacked here could have been ADDed.
                let extracts = command.arguments.contains { $0 == "--extract" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("x")) }
                    || (command.arguments.first.map { !$0.hasPrefix("-") && $0.contains("x") } ?? false)
                guard extracts else { continue }
                for argument in command.arguments {
                    let name = argument.split(separator: "/").last.map(String.init) ?? argument
                    if let line = copiedArchives[name] {
                        matches.append(RuleMatch(rule: .dl3010, line: line))
                        copiedArchives[name] = nil
                    }
                }
            case "npm":
                guard command.operands.first == "install" else { continue }
                let packages = Self.packages(command, after: "install", valueOptions: ["--prefix", "--registry", "--tag"])
                let pinned: (String) -> Bool = { package in
                    package.dropFirst().contains("@") || package.hasPrefix(".") || package.hasPrefix("/") || package.contains("://")
                        || package.hasPrefix("git") || package.hasSuffix(".tgz") || package.hasSuffix(".tar.gz") || package.hasPrefix("$")
                }
                if packages.contains(where: { !pinned($0) }) {
                    once(.dl3016)
                }
            case "gem":
                guard command.operands.first == "install", !command.has("-v"), !command.has("--version") else { continue }
                let gems = Self.packages(command, after: "install", valueOptions: ["-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy"])
                if gems.contains(where: { !$0.contains(":") && !$0.hasPrefix("$") }) {
                    once(.dl3028)
                }
            case "yum", "dnf", "microdnf":
                guard let verb = command.operands.first else { continue }
                let tool = command.name == "yum" ? "yum" : "dnf"
                let cleaned = commands.contains { ($0.name == command.name && $0.operands.starts(with: ["clean", "all"])) || ($0.name == "rm" && $0.arguments.contains { $0.contains("/var/cache/\(tool)") }) }
                if tool == "dnf", verb == "upgrade", !cleaned, !usesCacheMount {
                    once(.dl3040)
                }
                guard ["install", "groupinstall", "localinstall"].contains(verb) else { continue }
                let packages = Self.packages(command, after: verb, valueOptions: ["--setopt", "--enablerepo", "--disablerepo", "-c", "--config", "--installroot", "--releasever"])
                let unpinned = packages.contains { package in
                    package.range(of: "-[0-9$]", options: .regularExpression) == nil && !package.hasSuffix(".rpm") && !package.hasPrefix("$") && !package.hasPrefix("@")
                }
                if unpinned {
                    once(tool == "yum" ? .dl3033 : .dl3041)
                }
                if !command.hasShort("y") && !command.has("--assumeyes") {
                    once(tool == "yum" ? .dl3030 : .dl3038)
                }
                if !cleaned && !usesCacheMount {
                    once(tool == "yum" ? .dl3032 : .dl3040)
                }
            case "yarn":
                guard command.operands.first == "install" else { continue }
                if !commands.contains(where: { $0.name == "yarn" && $0.operands.starts(with: ["cache", "clean"]) }) && !usesCacheMount, flagged.insert(LintRule.dl3060.code).inserted {
                    shippedStageMatches.append((currentImage, RuleMatch(rule: .dl3060, line: located.startLine)))
                }
            case "useradd":
                let longUID = zip(command.arguments, command.arguments.dropFirst()).contains { ($0 == "-u" || $0 == "--uid") && $1.count > 5 && $1.allSatisfy(\.isNumber) }
                if longUID && !command.hasShort("l") && !command.has("--no-log-init") {
                    once(.dl3046)
                }
            case "wget":
                let quiet = command.has("--progress") || command.has("--quiet") || command.has("--no-verbose") || command.has("--output-file") || command.has("--append-output")
                    || command.arguments.contains { $0 == "-nv" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && ($0.dropFirst().contains("q") || $0.dropFirst().contains("o") || $0.dropFirst().contains("a"))) }
                if !quiet { once(.dl3047) }
            case "go":
                guard let verb = command.operands.first, verb == "install" || verb == "get" else { continue }
                let packages = command.operands.dropFirst()
                if packages.contains(where: { !$0.contains("@") && !$0.hasPrefix(".") && !$0.hasPrefix("/") }) {
                    once(.dl3062)
                }
            default:
                break
            }
        }
        // DL3009 (Rule/DL3009.hs): an apt, apt-get or aptitude `update` with no `rm` given `-rf` or
        // `/var/lib/apt/lists/*` (either will do for hadolint), unless cache or tmpfs mounts hold the lists.
        let updates = commands.contains { ["apt", "apt-get", "aptitude"].contains($0.name) && $0.arguments.contains("update") }
        let removes = commands.contains { $0.name == "rm" && $0.arguments.contains { $0 == "-rf" || $0 == "/var/lib/apt/lists/*" } }
        let mounted = RunMount.keepsOut("/var/lib/apt/lists", mounts)
            || (RunMount.keepsOut("/var/lib/apt", mounts) && RunMount.keepsOut("/var/cache/apt", mounts))
        if updates, !removes, !mounted {
            shippedStageMatches.append((currentImage, RuleMatch(rule: .dl3009, line: located.startLine)))
        }
    }

    /// DL3059 (Rule/DL3059.hs): a RUN of at most one command right after another, with the same flags
    /// (chained commands suggest the split is deliberate). hadolint counts each command twice and allows
    /// two, so one command is the limit; a script ShellCheck cannot parse has none. A flagged RUN does
    /// not become the one the next is compared with.
    mutating func checkConsecutive(_ run: RunInstruction, mounts: Set<RunMount>, commandCount: Int, _ located: LocatedInstruction) {
        let flags = RunFlags(mounts: mounts, network: run.network, security: run.security)
        if let last = lastRun, last.flags == flags, last.commandCount <= 1, commandCount <= 1 {
            add(.dl3059, located)
        } else {
            lastRun = (flags, commandCount)
        }
    }

    /// The package operands after the verb, skipping options and the values of options that take one.
    static func packages(_ command: RunCommand, after verb: String, valueOptions: Set<String>) -> [String] {
        guard let start = command.arguments.firstIndex(of: verb) else { return [] }
        var result: [String] = []
        var index = start + 1
        // Options before the verb may also take values; only what follows the verb names packages.
        while index < command.arguments.count {
            let argument = command.arguments[index]
            index += 1
            if valueOptions.contains(argument) { index += 1; continue }
            if argument.hasPrefix("-") { continue }
            result.append(argument)
        }
        return result
    }
}
