import Dockerfile
import Foundation

/// What the rules need to remember while walking a Dockerfile: the stages so far, the SHELL, the
/// WORKDIR, earlier CMDs. Each `check` adds the rules one instruction matches.
struct LintState {
    var matches: [RuleMatch] = []
    var aliases: Set<String> = []
    var currentAlias: String?
    var seenFrom = false
    var workdirSet = false
    var pipefail = false
    var nonPOSIXShell = false
    var pipNoCacheDirEnv = false
    var cmdSeen = false
    var healthcheckSeen = false
    /// Archives COPY'd in (file name → line), for DL3010.
    var copiedArchives: [String: Int] = [:]
    var wgetSeen = false
    var curlSeen = false
    var entrypointSeen = false
    /// Each stage's last USER and whether it is root, for DL3002.
    var lastUser: (line: Int, isRoot: Bool)?
    /// Stages used as another stage's base, for DL3009.
    var stageIndex = -1
    /// Matches about caches left behind, which matter only in stages that ship (DL3009, DL3060).
    var shippedStageMatches: [(stage: Int, match: RuleMatch)] = []
    /// Each stage's base as written, and its `AS` name, in order.
    var stageBases: [String] = []
    var stageNames: [String?] = []
    /// ARG defaults and ENV values seen so far, to resolve `USER ${UID}`.
    var variables: [String: String] = [:]

    mutating func add(_ rule: LintRule, _ located: LocatedInstruction) {
        matches.append(RuleMatch(rule: rule, line: located.startLine))
    }

    struct RunFlags: Equatable {
        var mounts: [String]
        var network: String?
        var security: String?
    }

    /// The RUN that a following RUN would be "consecutive" to (DL3059).
    var lastRun: (flags: RunFlags, commandCount: Int)?

    mutating func check(_ located: LocatedInstruction) {
        if case .run = located.instruction {} else { lastRun = nil }
        if !seenFrom {
            switch located.instruction {
            case .from, .arg: break
            default: add(.dl3061, located)
            }
        }
        switch located.instruction {
        case .from(let from):
            seenFrom = true
            stageIndex += 1
            stageBases.append(from.base.lowercased())
            stageNames.append(from.stageName?.lowercased())
            checkBase(from, located)
            if let platform = from.platform {
                if platform.contains("TARGETPLATFORM") {
                    add(.dl3065, located)
                } else if !platform.contains("BUILDPLATFORM") {
                    add(.dl3029, located)
                }
            }
            if let name = from.stageName?.lowercased() {
                if aliases.contains(name) { add(.dl3024, located) }
                aliases.insert(name)
            }
            currentAlias = from.stageName?.lowercased()
            // A stage built on an earlier stage inherits its WORKDIR and SHELL.
            if !aliases.contains(from.base.lowercased()) || from.stageName?.lowercased() == from.base.lowercased() {
                workdirSet = false
                pipefail = false
                nonPOSIXShell = false
                pipNoCacheDirEnv = false
            }
            cmdSeen = false
            entrypointSeen = false
            healthcheckSeen = false
            lastUser = nil
        case .workdir(let path):
            workdirSet = true
            if !Self.isAbsolute(path) { add(.dl3000, located) }
        case .shell(let shell):
            let joined = shell.joined(separator: " ")
            pipefail = joined.contains("-o pipefail") || joined.contains("-opipefail")
            let program = (shell.first ?? "").split(separator: "/").last.map(String.init) ?? ""
            nonPOSIXShell = !["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"].contains(program)
        case .env(let pairs):
            if pairs.contains(where: { $0.key == "PIP_NO_CACHE_DIR" }) { pipNoCacheDirEnv = true }
            // DL3044: a value naming a variable an earlier pair of the same ENV defines (not itself).
            for (index, pair) in pairs.enumerated() {
                let earlier = Set(pairs[..<index].map(\.key)).subtracting(variables.keys).subtracting([pair.key])
                if earlier.contains(where: { pair.value.contains("$" + $0) || pair.value.contains("${" + $0) }) {
                    add(.dl3044, located)
                    break
                }
            }
            for pair in pairs { variables[pair.key] = resolve(pair.value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))) }
            checkSensitive(pairs.map(\.key), located)
        case .arg(let declarations):
            for declaration in declarations {
                if let value = declaration.defaultValue { variables[declaration.name] = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            }
            checkSensitive(declarations.map(\.name), located)
        case .healthcheck:
            if healthcheckSeen { add(.dl3012, located) }
            healthcheckSeen = true
        case .expose(let ports):
            let numbers = ports.flatMap { $0.split(separator: "/").first.map { $0.split(separator: "-") } ?? [] }
            if numbers.contains(where: { !$0.hasPrefix("$") && (Int($0).map { $0 > 65535 } ?? false) }) {
                add(.dl3011, located)
            }
        case .label(let pairs):
            if pairs.contains(where: { !Self.isValidLabelKey($0.key) }) { add(.dl3048, located) }
        case .onbuild(let trigger):
            let keyword = trigger.split(separator: " ").first?.uppercased() ?? ""
            if ["ONBUILD", "FROM", "MAINTAINER"].contains(keyword) {
                add(.dl3043, located)
            }
        case .maintainer:
            add(.dl4000, located)
        case .cmd(let command):
            if cmdSeen { add(.dl4003, located) }
            cmdSeen = true
            if command.prependsShell { add(.dl3025, located) }
        case .entrypoint(let command):
            if entrypointSeen { add(.dl4004, located) }
            entrypointSeen = true
            if command.prependsShell { add(.dl3025, located) }
        case .user(let user):
            let name = String(user.split(separator: ":").first ?? "")
            lastUser = (located.startLine, name == "root" || name == "0")
            // A variable counts as numeric only when this file gives it a numeric value.
            if !name.isEmpty, Int(resolve(name)) == nil {
                add(.dl3066, located)
            }
        case .copy(let copy):
            if let from = copy.from?.lowercased() {
                if from == currentAlias {
                    add(.dl3023, located)
                } else if !aliases.contains(from), Int(from) == nil, !from.contains(":"), !from.hasPrefix("$") {
                    add(.dl3022, located)
                }
            }
            if copy.from != nil, copy.paths.sources.contains(where: { Self.isRoot($0) }), Self.isRoot(copy.paths.destination) {
                add(.dl3067, located)
            }
            if copy.from == nil {
                for source in copy.paths.sources where Self.isArchive(source) {
                    copiedArchives[source.split(separator: "/").last.map(String.init) ?? source] = located.startLine
                }
            }
            if copy.paths.sources.count + copy.paths.inlineFiles.count > 1, !copy.paths.destination.hasSuffix("/"), !copy.paths.destination.hasPrefix("$") {
                add(.dl3021, located)
            }
            checkRelativeDestination(copy.paths.destination, located)
        case .add(let add):
            let sources = add.paths.sources
            if !sources.isEmpty, !sources.allSatisfy({ Self.isURL($0) || Self.isArchive($0) }) {
                self.add(.dl3020, located)
            }
            checkRelativeDestination(add.paths.destination, located)
        case .run(let run):
            checkRun(run, located)
        default:
            break
        }
    }

    /// `$NAME` or `${NAME}` replaced by a value this file set, when it set one.
    func resolve(_ word: String) -> String {
        guard word.hasPrefix("$") else { return word }
        let name = word.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
        return variables[name] ?? word
    }

    mutating func checkBase(_ from: FromInstruction, _ located: LocatedInstruction) {
        let base = from.base
        guard base.lowercased() != "scratch", !aliases.contains(base.lowercased()), !base.contains("$") else { return }
        if base.contains("@") { return }
        // hadolint takes a registry only from a first component with a dot; in `localhost:5000/app`
        // it reads `5000/app` as the tag.
        let components = base.split(separator: "/", maxSplits: 1)
        let name = components.count == 2 && components[0].contains(".") ? String(components[1]) : base
        if let colon = name.firstIndex(of: ":") {
            if name[name.index(after: colon)...] == "latest" {
                add(.dl3007, located)
            }
        } else {
            add(.dl3006, located)
        }
    }

    mutating func checkRelativeDestination(_ destination: String, _ located: LocatedInstruction) {
        guard !workdirSet else { return }
        let cleaned = destination.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if !Self.isAbsolute(cleaned) {
            add(.dl3045, located)
        }
    }

    /// Names hadolint knows to hold secrets, and the fragments that make any name suspicious.
    static let sensitiveNames: Set<String> = [
        "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD", "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD",
        "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN",
        "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN",
        "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN",
        "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET",
        "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME",
        "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO", "VAULT_CLIENT_KEY", "VAULT_TOKEN",
    ]
    static let sensitiveFragments = ["api_key", "client_key", "password", "private", "secret", "token", "username"]

    mutating func checkSensitive(_ names: [String], _ located: LocatedInstruction) {
        let flagged = names.contains { name in
            Self.sensitiveNames.contains(name.uppercased()) || Self.sensitiveFragments.contains { name.lowercased().contains($0) }
        }
        if flagged { add(.dl3064, located) }
    }

    /// Docker's advice for label keys: lowercase letters, digits, dots and hyphens, starting and
    /// ending with a letter or digit, no doubled separators, and not Docker's own namespaces.
    static func isValidLabelKey(_ key: String) -> Bool {
        guard !key.hasPrefix("$"), let first = key.first, let last = key.last else { return true }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        return key.allSatisfy(allowed.contains) && (first.isLetter || first.isNumber) && (last.isLetter || last.isNumber)
            && !key.contains("..") && !key.contains("--")
            && !["com.docker.", "io.docker.", "org.dockerproject."].contains(where: key.hasPrefix)
    }

    mutating func finish() {
        if let lastUser, lastUser.isRoot {
            matches.append(RuleMatch(rule: .dl3002, line: lastUser.line))
        }
        // Caches matter only in images that ship: the last stage and stages others build on.
        for (stage, match) in shippedStageMatches {
            let isLast = stage == stageIndex
            if isLast || stageUsedAsBase(stage) { matches.append(match) }
        }
    }

    /// Matches before the first FROM belong to stage -1, which no stage can build on.
    func stageUsedAsBase(_ stage: Int) -> Bool {
        guard stageNames.indices.contains(stage), let name = stageNames[stage] else { return false }
        return stageBases.dropFirst(stage + 1).contains(name)
    }

    static func isAbsolute(_ path: String) -> Bool {
        let cleaned = path.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if cleaned.hasPrefix("/") || cleaned.hasPrefix("$") { return true }
        let scalars = Array(cleaned.unicodeScalars)
        return scalars.count >= 2 && CharacterSet.letters.contains(scalars[0]) && scalars[1] == ":"
    }

    /// `/`, `/.`, `//`: the whole filesystem.
    static func isRoot(_ path: String) -> Bool {
        path.hasPrefix("/") && path.allSatisfy { $0 == "/" || $0 == "." }
    }

    static func isURL(_ source: String) -> Bool {
        source.hasPrefix("http://") || source.hasPrefix("https://") || source.hasPrefix("git@")
    }

    static let archiveSuffixes = [".tar", ".gz", ".bz2", ".xz", ".zip", ".tgz", ".tb2", ".tbz", ".tbz2", ".lz", ".lzma", ".tlz", ".txz", ".Z", ".tZ", ".zst"]

    static func isArchive(_ source: String) -> Bool {
        archiveSuffixes.contains { source.hasSuffix($0) }
    }
}
