import Dockerfile

/// The rules that read a RUN's shell script: package managers, sudo, cd, wget, pipes.
extension LintState {
    mutating func checkRun(_ run: RunInstruction, _ located: LocatedInstruction) {
        var script = run.command.arguments.joined(separator: " ")
        if run.command.prependsShell, script.trimmingCharacters(in: .whitespaces).hasPrefix("<<"), let body = run.heredocs.first?.content { script = body }
        let commands = run.command.prependsShell ? RunCommand.commands(in: script) ?? [] : []
        checkConsecutive(run, commandCount: run.command.prependsShell ? commands.filter { !$0.viaWrapper }.count : 1, located)
        guard run.command.prependsShell else { return }
        let names = Set(commands.map(\.name))
        if names.contains("sudo") { add("DL3004", located, .error, "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root") }
        if names.contains("cd") { add("DL3003", located, .warning, "Use WORKDIR to switch to a directory") }
        if !names.isDisjoint(with: ["ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"]) {
            add("DL3001", located, .info, "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`")
        }
        // DL4001: a RUN with one download tool after the other was used (in it or before).
        let (wget, curl) = (names.contains("wget"), names.contains("curl"))
        if (wget && (curl || curlSeen)) || (curl && (wget || wgetSeen)) {
            add("DL4001", located, .warning, "Either use Wget or Curl but not both")
        }
        wgetSeen = wgetSeen || wget
        curlSeen = curlSeen || curl
        if commands.contains(where: { $0.name == "ln" && $0.arguments.contains("/bin/sh") }) {
            add("DL4005", located, .warning, "Use SHELL to change the default shell")
        }
        if names.contains("apt") { add("DL3027", located, .warning, "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead") }
        if !pipefail, !nonPOSIXShell, commands.contains(where: \.inPipeline), !script.contains("pipefail") {
            add("DL4006", located, .warning, "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check")
        }
        let usesCacheMount = run.mounts.contains { $0.contains("type=cache") }
        var flagged = Set<String>()
        func once(_ code: String, _ level: LintFinding.Level, _ message: String) {
            if flagged.insert(code).inserted { add(code, located, level, message) }
        }
        var aptUpdate = false
        for command in commands {
            switch command.name {
            case "apt-get":
                guard let verb = command.operands.first else { continue }
                if verb == "update" { aptUpdate = true }
                guard verb == "install" else { continue }
                let packages = Self.packages(command, after: "install", valueOptions: ["-o", "-t", "-c", "--target-release", "--option", "--config-file"])
                if packages.contains(where: { !$0.contains("=") && !$0.hasSuffix(".deb") }) {
                    once("DL3008", .warning, "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`")
                }
                let yes = command.has("--yes") || command.has("--assume-yes") || command.hasShort("y") || command.arguments.contains("-qq") || command.has("--quiet=2") || command.arguments.contains("-q=2")
                if !yes { once("DL3014", .warning, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`") }
                let noRecommends = command.has("--no-install-recommends") || command.arguments.contains { $0.contains("Install-Recommends=false") || $0.contains("Install-Recommends=0") }
                if !noRecommends { once("DL3015", .info, "Avoid additional packages by specifying `--no-install-recommends`") }
            case "apk":
                guard command.operands.first == "add" else { continue }
                let packages = Self.packages(command, after: "add", valueOptions: ["-t", "--virtual", "-X", "--repository", "-p", "--root", "--repositories-file", "--keys-dir", "--arch"])
                if packages.contains(where: { !$0.contains("=") && !$0.hasSuffix(".apk") }) {
                    once("DL3018", .warning, "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`")
                }
                if !command.has("--no-cache") && !usesCacheMount {
                    once("DL3019", .info, "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages")
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
                    once("DL3013", .warning, "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`")
                }
                if !command.has("--no-cache-dir") && !pipNoCacheDirEnv && !usesCacheMount {
                    once("DL3042", .warning, "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`")
                }
            case "zypper":
                guard let verb = command.operands.first else { continue }
                if verb == "dist-upgrade" || verb == "dup" { once("DL3035", .warning, "Do not use `zypper dist-upgrade`.") }
                guard verb == "install" || verb == "in" else { continue }
                if !command.hasShort("y") && !command.hasShort("n") && !command.has("--non-interactive") && !command.has("--no-confirm") {
                    once("DL3034", .warning, "Non-interactive switch missing from `zypper` command: `zypper install -y`")
                }
                let packages = Self.packages(command, after: verb, valueOptions: ["-t", "--type", "-r", "--repo", "--from"])
                if packages.contains(where: { !$0.contains("=") && !$0.contains(">") && !$0.contains("<") && !$0.hasSuffix(".rpm") && !$0.hasPrefix("$") }) {
                    once("DL3037", .warning, "Specify version with `zypper install -y <package>=<version>`.")
                }
                let cleaned = commands.contains { $0.name == "zypper" && ($0.operands.first == "clean" || $0.operands.first == "cc") }
                if !cleaned && !usesCacheMount { once("DL3036", .warning, "`zypper clean` missing after zypper use.") }
            case "tar":
                // DL3010: an archive COPY'd in and then unpacked here could have been ADDed.
                let extracts = command.arguments.contains { $0 == "--extract" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("x")) }
                    || (command.arguments.first.map { !$0.hasPrefix("-") && $0.contains("x") } ?? false)
                guard extracts else { continue }
                for argument in command.arguments {
                    let name = argument.split(separator: "/").last.map(String.init) ?? argument
                    if let line = copiedArchives[name] {
                        findings.append(LintFinding(code: "DL3010", line: line, level: .info, message: "Use `ADD` for extracting archives into an image"))
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
                    once("DL3016", .warning, "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`")
                }
            case "gem":
                guard command.operands.first == "install", !command.has("-v"), !command.has("--version") else { continue }
                let gems = Self.packages(command, after: "install", valueOptions: ["-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy"])
                if gems.contains(where: { !$0.contains(":") && !$0.hasPrefix("$") }) {
                    once("DL3028", .warning, "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`")
                }
            case "yum", "dnf", "microdnf":
                guard let verb = command.operands.first else { continue }
                let tool = command.name == "yum" ? "yum" : "dnf"
                let cleaned = commands.contains { ($0.name == command.name && $0.operands.starts(with: ["clean", "all"])) || ($0.name == "rm" && $0.arguments.contains { $0.contains("/var/cache/\(tool)") }) }
                if tool == "dnf", verb == "upgrade", !cleaned, !usesCacheMount {
                    once("DL3040", .warning, "`dnf clean all` missing after dnf command.")
                }
                guard ["install", "groupinstall", "localinstall"].contains(verb) else { continue }
                let packages = Self.packages(command, after: verb, valueOptions: ["--setopt", "--enablerepo", "--disablerepo", "-c", "--config", "--installroot", "--releasever"])
                let unpinned = packages.contains { package in
                    package.range(of: "-[0-9$]", options: .regularExpression) == nil && !package.hasSuffix(".rpm") && !package.hasPrefix("$") && !package.hasPrefix("@")
                }
                if unpinned {
                    once(tool == "yum" ? "DL3033" : "DL3041", .warning, "Specify version with `\(tool) install -y <package>-<version>`.")
                }
                if !command.hasShort("y") && !command.has("--assumeyes") {
                    once(tool == "yum" ? "DL3030" : "DL3038", .warning, "Use the -y switch to avoid manual input `\(tool) install -y <package>`")
                }
                if !cleaned && !usesCacheMount {
                    once(tool == "yum" ? "DL3032" : "DL3040", .warning, "`\(tool) clean all` missing after \(tool) command.")
                }
            case "yarn":
                guard command.operands.first == "install" else { continue }
                if !commands.contains(where: { $0.name == "yarn" && $0.operands.starts(with: ["cache", "clean"]) }) && !usesCacheMount, flagged.insert("DL3060").inserted {
                    shippedStageFindings.append((stageIndex, LintFinding(code: "DL3060", line: located.startLine, level: .info, message: "`yarn cache clean` missing after `yarn install` was run.")))
                }
            case "useradd":
                let longUID = zip(command.arguments, command.arguments.dropFirst()).contains { ($0 == "-u" || $0 == "--uid") && $1.count > 5 && $1.allSatisfy(\.isNumber) }
                if longUID && !command.hasShort("l") && !command.has("--no-log-init") {
                    once("DL3046", .warning, "`useradd` without flag `-l` and high UID will result in excessively large Image.")
                }
            case "wget":
                let quiet = command.has("--progress") || command.has("--quiet") || command.has("--no-verbose") || command.has("--output-file") || command.has("--append-output")
                    || command.arguments.contains { $0 == "-nv" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && ($0.dropFirst().contains("q") || $0.dropFirst().contains("o") || $0.dropFirst().contains("a"))) }
                if !quiet { once("DL3047", .info, "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).") }
            case "go":
                guard let verb = command.operands.first, verb == "install" || verb == "get" else { continue }
                let packages = command.operands.dropFirst()
                if packages.contains(where: { !$0.contains("@") && !$0.hasPrefix(".") && !$0.hasPrefix("/") }) {
                    once("DL3062", .warning, "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`")
                }
            default:
                break
            }
        }
        if aptUpdate {
            let cleaned = commands.contains { $0.name == "rm" && $0.arguments.contains { $0.hasPrefix("/var/lib/apt/lists") } }
            if !cleaned && !usesCacheMount {
                shippedStageFindings.append((stageIndex, LintFinding(code: "DL3009", line: located.startLine, level: .info, message: "Delete the apt lists (/var/lib/apt/lists) after installing something")))
            }
        }
    }

    /// DL3059: a single-command RUN right after another with the same flags (chained commands suggest
    /// the split is deliberate). A flagged RUN does not become the one the next is compared with.
    mutating func checkConsecutive(_ run: RunInstruction, commandCount: Int, _ located: LocatedInstruction) {
        let flags = RunFlags(mounts: run.mounts, network: run.network, security: run.security)
        if let last = lastRun, last.flags == flags, last.commandCount <= 1, commandCount <= 1 {
            add("DL3059", located, .info, "Multiple consecutive `RUN` instructions. Consider consolidation.")
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
