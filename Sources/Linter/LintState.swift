import Dockerfile
import Foundation

/// What the rules need to remember while walking a Dockerfile: the stages so far, the SHELL, the
/// WORKDIR, earlier CMDs. Each `check` adds the rules one instruction matches.
struct LintState {
    var matches: [RuleMatch] = []
    var aliases: Set<String> = []
    /// Stage names as written, which hadolint matches case for case with later images (DL3006).
    var writtenAliases: Set<String> = []
    var currentAlias: String?
    var seenFrom = false
    var workdirSet = false
    /// DL4006: the stage's SHELL makes pipes safe, by `-o pipefail` or by not being a POSIX shell.
    var shellHandlesPipes = false
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
    /// The image of the stage being read, and every FROM's image name so far (DL3009, DL3060).
    var currentImage = FromImage.beforeFirstFrom
    var fromImageNames: Set<String> = []
    /// Matches about caches left behind, with their stage's image: they matter only in stages that ship.
    var shippedStageMatches: [(image: FromImage, match: RuleMatch)] = []
    /// Names given a value by an ARG default or an ENV so far (DL3044).
    var definedVariables: Set<String> = []
    /// The first name of each ARG so far, the only one hadolint's parser keeps (DL3066).
    var argNames: Set<String> = []

    mutating func add(_ rule: LintRule, _ located: LocatedInstruction) {
        matches.append(RuleMatch(rule: rule, line: located.startLine))
    }

    struct RunFlags: Equatable {
        var mounts: Set<RunMount>
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
            let image = FromImage(from, original: located.original)
            checkBase(image, located)
            if let alias = image.alias { writtenAliases.insert(alias) }
            currentImage = image
            fromImageNames.insert(image.name)
            // hadolint starts DL4006 afresh at every FROM, whatever the stage is built on.
            shellHandlesPipes = false
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
            // A stage built on an earlier stage inherits its WORKDIR and ENV.
            if !aliases.contains(from.base.lowercased()) || from.stageName?.lowercased() == from.base.lowercased() {
                workdirSet = false
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
            // DL4006 (hadolint's Rule/DL4006.hs): a SHELL whose text starts with pwsh, powershell or cmd is
            // not POSIX; otherwise only bash, zsh or ash (as named, /bin/ or bare) given `-o` and `pipefail`
            // makes pipes safe. Every other SHELL makes them unsafe again.
            let text = shell.joined(separator: " ")
            shellHandlesPipes = ["pwsh", "powershell", "cmd"].contains { text.hasPrefix($0) }
                || RunScript(text: text).commands.contains { command in
                    ["/bin/bash", "/bin/zsh", "/bin/ash", "bash", "zsh", "ash"].contains(command.name)
                        && command.hasFlag("o") && command.arguments.contains("pipefail")
                }
        case .env(let pairs):
            if pairs.contains(where: { $0.key == "PIP_NO_CACHE_DIR" }) { pipNoCacheDirEnv = true }
            // DL3044: a value naming a variable an earlier pair of the same ENV defines (not itself).
            for (index, pair) in pairs.enumerated() {
                let earlier = Set(pairs[..<index].map(\.key)).subtracting(definedVariables).subtracting([pair.key])
                if earlier.contains(where: { pair.value.contains("$" + $0) || pair.value.contains("${" + $0) }) {
                    add(.dl3044, located)
                    break
                }
            }
            definedVariables.formUnion(pairs.map(\.key))
            checkSensitive(pairs.map(\.key), located)
        case .arg(let declarations):
            definedVariables.formUnion(declarations.filter { $0.defaultValue != nil }.map(\.name))
            if let first = declarations.first { argNames.insert(first.name) }
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
            // hadolint's parser takes the quotes off a key before judging it.
            if pairs.contains(where: { !Self.isValidLabelKey((try? StageRules.expander.process($0.key))?.word ?? $0.key) }) {
                add(.dl3048, located)
            }
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
            // DL3066 (Rule/DL3066.hs): the part before any `:` is all digits, or the text names an ARG
            // declared earlier as `$NAME` or `${NAME}`, whatever its value; ENV does not count.
            let uid = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let numeric = uid.allSatisfy { $0.isASCII && $0.isNumber }
            if !numeric, !argNames.contains(where: { user.contains("$" + $0) || user.contains("${" + $0 + "}") }) {
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

    /// hadolint reads `localhost:5000/app` as the image `localhost` with the tag `5000/app` (FromImage).
    mutating func checkBase(_ image: FromImage, _ located: LocatedInstruction) {
        // DL3007 (Rule/DL3007.hs): the tag `latest`, unless a digest pins the image.
        if image.tag == "latest", image.digest == nil { add(.dl3007, located) }
        // DL3006 (Rule/DL3006.hs): neither tag nor digest, unless the name is `scratch`, starts with a
        // variable (`${REGISTRY}/app` does, `docker.io/library/${APP}` does not) or names an earlier stage.
        if image.tag == nil, image.digest == nil, image.name != "scratch", !image.name.hasPrefix("$"), !writtenAliases.contains(image.name) {
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

    /// DL3048 (Rule/DL3048.hs): a key starts with a lower-case letter, ends with one or a digit, holds
    /// only those, `.`, `-`, `_` and `/`, doubles no `.` or `-`, and is not in Docker's own namespaces.
    static func isValidLabelKey(_ key: String) -> Bool {
        let letters = "abcdefghijklmnopqrstuvwxyz", digits = "0123456789"
        guard let first = key.first, let last = key.last, letters.contains(first), (letters + digits).contains(last) else { return false }
        return key.allSatisfy { (letters + digits + ".-_/").contains($0) } && !key.contains("..") && !key.contains("--")
            && !["com.docker.", "io.docker.", "org.dockerproject."].contains(where: key.hasPrefix)
    }

    mutating func finish() {
        if let lastUser, lastUser.isRoot {
            matches.append(RuleMatch(rule: .dl3002, line: lastUser.line))
        }
        // Caches matter only in images that ship (Rule/DL3009.hs `markFailures`): a stage whose FROM
        // reads exactly as the last one does, or one whose name some FROM uses as its image. A RUN
        // before any FROM counts as `FROM scratch`.
        for (image, match) in shippedStageMatches where image == currentImage || image.alias.map({ fromImageNames.contains($0) }) == true {
            matches.append(match)
        }
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
