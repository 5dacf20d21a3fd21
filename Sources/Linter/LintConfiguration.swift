import Foundation
import LayerlabBasics
import Yams

/// hadolint's configuration (`.hadolint.yaml` and the matching command-line options): rules to
/// ignore or re-level, the failure threshold, trusted registries, and the label schema that turns on
/// the label rules (DL3049–DL3058).
public struct LintConfiguration: Equatable, Sendable {
    /// A label's required format in `label-schema`.
    public enum LabelType: String, Sendable, CaseIterable {
        case text, url, semver, hash, rfc3339, spdx, email
    }

    public var ignored: Set<String> = []
    /// Rule → the level it is reported at instead of its own; `nil` turns a rule off (`ignore`).
    public var overrides: [String: LintFinding.Level?] = [:]
    /// Findings at or above this level make the exit status non-zero; nil never fails. layerlab's
    /// default is `error` (hadolint's is `info`): a learner's lint passes unless something is wrong.
    public var failureThreshold: LintFinding.Level? = .error
    public var trustedRegistries: [String] = []
    public var labelSchema: [(name: String, type: LabelType)] = []
    public var strictLabels = false
    public var disableIgnorePragma = false

    public init() {}

    public static func == (lhs: LintConfiguration, rhs: LintConfiguration) -> Bool {
        lhs.ignored == rhs.ignored && lhs.overrides == rhs.overrides && lhs.failureThreshold == rhs.failureThreshold
            && lhs.trustedRegistries == rhs.trustedRegistries && lhs.strictLabels == rhs.strictLabels
            && lhs.labelSchema.map(\.name) == rhs.labelSchema.map(\.name) && lhs.labelSchema.map(\.type) == rhs.labelSchema.map(\.type)
            && lhs.disableIgnorePragma == rhs.disableIgnorePragma
    }

    /// Where hadolint looks when no `--config` is given: the current folder, then the user's config folder.
    public static func discover(in folder: URL, environment: [String: String]) -> URL? {
        if let local = file(in: folder) { return local }
        let configHome = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? environment["HOME"].map { URL(fileURLWithPath: $0).appendingPathComponent(".config") }
        return configHome.flatMap { file(in: $0, names: ["hadolint.yaml", "hadolint.yml"]) }
    }

    /// hadolint's configuration file in `folder` (`.hadolint.yaml`, then `.hadolint.yml`), if any.
    static func file(in folder: URL, names: [String] = [".hadolint.yaml", ".hadolint.yml"]) -> URL? {
        names.map { folder.appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static let knownKeys = ["ignored", "override", "failure-threshold", "trustedRegistries", "label-schema", "strict-labels",
                            "disable-ignore-pragma", "no-fail", "no-color", "format", "verbose"]

    /// Reads a hadolint config file; a mistake names the file and line.
    public static func load(_ text: String, file: String) throws(LintConfigurationError) -> LintConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw LintConfigurationError(message: "not valid YAML: \(error)", location: SourceLocation(file: file, line: 1))
        }
        var configuration = LintConfiguration()
        guard let root else { return configuration }
        guard let mapping = root.mapping else {
            throw LintConfigurationError(message: "the configuration must be a mapping of keys to values", location: SourceLocation(file: file, line: root.mark?.line ?? 1))
        }
        func location(_ node: Node) -> SourceLocation { SourceLocation(file: file, line: node.mark?.line ?? 1) }
        func strings(_ node: Node, _ key: String) throws(LintConfigurationError) -> [String] {
            guard let sequence = node.sequence else {
                throw LintConfigurationError(message: "'\(key)' must be a list", location: location(node))
            }
            return sequence.compactMap(\.string)
        }
        // hadolint takes any text as a rule code; one that names no rule of hadolint's would do nothing, so it
        // is more likely a typo. hadolint's rules that layerlab lacks and ShellCheck's codes pass: the file
        // may be shared with hadolint.
        func ruleCodes(_ node: Node, _ key: String) throws(LintConfigurationError) -> [String] {
            let codes = try strings(node, key)
            let isUnknown = { (code: String) in !LintRule.isKnown(code) }
            if let unknown = node.sequence?.first(where: { $0.string.map(isUnknown) ?? false }) {
                throw LintConfigurationError(message: "unknown rule '\(unknown.string ?? "")': hadolint has no rule of that name", location: location(unknown),
                                             hint: "`lint --list-rules` lists the rules layerlab checks; hadolint's other rules and ShellCheck's SC codes are accepted as well")
            }
            return codes
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch key {
            case "ignored":
                configuration.ignored.formUnion(try ruleCodes(value, key))
            case "trustedRegistries":
                configuration.trustedRegistries += try strings(value, key)
            case "strict-labels":
                configuration.strictLabels = value.bool ?? false
            case "disable-ignore-pragma":
                configuration.disableIgnorePragma = value.bool ?? false
            case "no-fail":
                if value.bool == true { configuration.failureThreshold = nil }
            case "failure-threshold":
                let text = value.string ?? ""
                guard let threshold = parseLevel(text) else {
                    throw LintConfigurationError(message: "failure-threshold '\(text)' is not one of error, warning, info, style, ignore, none", location: location(value))
                }
                configuration.failureThreshold = threshold
            case "override":
                guard let levels = value.mapping else { throw LintConfigurationError(message: "'override' must map levels to lists of rules", location: location(value)) }
                for (levelNode, rules) in levels {
                    let name = levelNode.string ?? ""
                    guard let level = parseLevel(name) else {
                        throw LintConfigurationError(message: "'\(name)' is not a level (error, warning, info, style, ignore)", location: location(levelNode))
                    }
                    for rule in try ruleCodes(rules, name) { configuration.overrides[rule] = level }
                }
            case "label-schema":
                guard let labels = value.mapping else { throw LintConfigurationError(message: "'label-schema' must map label names to types", location: location(value)) }
                for (nameNode, typeNode) in labels {
                    guard let name = nameNode.string, let type = typeNode.string.flatMap(LabelType.init(rawValue:)) else {
                        throw LintConfigurationError(message: "label type '\(typeNode.string ?? "")' is not one of " + LabelType.allCases.map(\.rawValue).joined(separator: ", "), location: location(typeNode))
                    }
                    configuration.labelSchema.append((name, type))
                }
            case "no-color", "format", "verbose":
                continue
            default:
                let suggestion = Suggestion.closest(to: key, in: knownKeys).map { "did you mean '\($0)'? " } ?? ""
                throw LintConfigurationError(message: "unknown key '\(key)'", location: location(keyNode), hint: suggestion + "hadolint's keys: " + knownKeys.joined(separator: ", "))
            }
        }
        return configuration
    }

    /// A level name as hadolint spells it: `.some(nil)` for `ignore` and `none`, nil for no level at all.
    public static func parseLevel(_ text: String) -> LintFinding.Level?? {
        if text == "ignore" || text == "none" { return .some(nil) }
        return LintFinding.Level(rawValue: text).map { .some($0) }
    }

    /// `--require-label name:type`.
    public mutating func requireLabel(_ option: String) throws(LintConfigurationError) {
        let parts = option.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let type = LabelType(rawValue: parts[1]) else {
            throw LintConfigurationError(message: "--require-label wants NAME:TYPE with TYPE one of " + LabelType.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(option)'", location: nil)
        }
        labelSchema.removeAll { $0.name == parts[0] }
        labelSchema.append((parts[0], type))
    }

    /// The configuration that applies to a Dockerfile: the nearest `.hadolint.yaml` in its folder or
    /// the folders above it, up to `root`; the default when there is none.
    public static func nearest(to dockerfile: URL, within root: URL) throws(LintConfigurationError) -> LintConfiguration {
        var folder = dockerfile.deletingLastPathComponent().standardizedFileURL
        let top = root.standardizedFileURL.path
        while folder.path.hasPrefix(top) {
            let shown = { (url: URL) in url.path.hasPrefix(top + "/") ? String(url.path.dropFirst(top.count + 1)) : url.lastPathComponent }
            // Read only when it really lies inside `root`: a link there may point anywhere.
            if let url = file(in: folder), let real = ContainedPath.resolve(shown(url).split(separator: "/").map(String.init), inside: root),
               let data = FileManager.default.contents(atPath: real) {
                let shown = shown(url)
                return try load(String(decoding: data, as: UTF8.self), file: shown)
            }
            if folder.path == top { break }
            folder.deleteLastPathComponent()
        }
        return LintConfiguration()
    }

    /// Whether the findings make a lint fail under this configuration's threshold.
    public func fails(_ findings: [LintFinding]) -> Bool {
        guard let failureThreshold else { return false }
        return findings.contains { $0.level.rank >= failureThreshold.rank }
    }

    /// The level a rule is reported at under this configuration, or nil when it is off.
    func level(of code: String, default level: LintFinding.Level?) -> LintFinding.Level? {
        if ignored.contains(code) { return nil }
        if let override = overrides[code] { return override }
        return level
    }
}

/// A hadolint configuration layerlab cannot use, and where.
public struct LintConfigurationError: Error, Equatable, UserFacingError {
    public var message: String
    public var location: SourceLocation?
    public var hint: String?
}
