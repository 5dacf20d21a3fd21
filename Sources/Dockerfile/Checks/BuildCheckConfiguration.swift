import GoSemantics

/// Which build checks run and whether a finding fails the build: the `# check=` parser directive, or
/// the `BUILDKIT_DOCKERFILE_CHECK` build argument, which replaces it (buildkit v0.22.0
/// frontend/dockerfile/linter/linter.go ParseLintOptions; dockerui/config.go; dockerfile2llb/convert.go
/// newRuleLinter).
public struct BuildCheckConfiguration: Equatable, Sendable {
    /// `skip=all`.
    public var skipsAll = false
    /// `skip=Rule1,Rule2`: names as written; a name that is no rule skips nothing, as in BuildKit.
    public var skippedRules: [String] = []
    /// `experimental=all`.
    public var runsAllExperimental = false
    /// `experimental=Rule1,Rule2`.
    public var experimentalRules: [String] = []
    /// `error=true`: a finding fails the build once every check has run.
    public var failsOnWarnings = false

    /// The build argument that replaces the directive.
    public static let buildArgument = "BUILDKIT_DOCKERFILE_CHECK"

    public init() {}

    /// Reads options such as `skip=JSONArgsRecommended,StageNameCasing;error=true`: at most three
    /// `;`-separated parts (a third keeps any further `;`), each `key=value`.
    public init(parsing options: String) throws(BuildCheckOptionError) {
        let text = GoText.trimSpace(options)
        guard !text.isEmpty else { return }
        for part in text.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false).map(String.init) {
            guard let equals = part.firstIndex(of: "=") else { throw .invalidOption(part) }
            let key = GoText.trimSpace(String(part[..<equals]))
            let value = GoText.trimSpace(String(part[part.index(after: equals)...]))
            switch key {
            case "skip":
                if value == "all" { skipsAll = true } else { skippedRules = Self.names(value) }
            case "experimental":
                if value == "all" { runsAllExperimental = true } else { experimentalRules = Self.names(value) }
            case "error":
                guard let fails = GoStrconv.parseBool(value) else { throw .invalidBoolean(option: part, value: value) }
                failsOnWarnings = fails
            default:
                throw .invalidOption(key)
            }
        }
    }

    private static func names(_ list: String) -> [String] {
        list.split(separator: ",", omittingEmptySubsequences: false).map { GoText.trimSpace(String($0)) }
    }

    /// Whether a rule runs: an experimental one only when asked for (skip does not reach it), any other
    /// unless skipped (linter.Linter.Run).
    func runs(_ rule: BuildCheckRule) -> Bool {
        if rule.isExperimental { return runsAllExperimental || experimentalRules.contains(rule.name) }
        return !skipsAll && !skippedRules.contains(rule.name)
    }

    /// The options a Dockerfile gives itself: the value of its `# check=` directive up to the first space,
    /// as BuildKit reads it apart from the parser (parser/directives.go ParseDirective): a BOM and a
    /// `#!` first line are passed over, then directive lines are read until the first line that is not one.
    public static func directive(in dockerfile: String) -> String? {
        var bytes = Array(dockerfile.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Split at `\n` only: Swift keeps `\r\n` as one character.
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.first?.starts(with: Array("#!".utf8)) == true { lines.removeFirst() }
        var seen: Set<String> = []
        for var line in lines {
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let (key, value) = ParserDirectives.match(String(decoding: line, as: UTF8.self)) else { return nil }
            let name = key.lowercased()
            // A repeated directive stops the reading; BuildKit keeps what came before it.
            guard ParserDirectives.names.contains(name), seen.insert(name).inserted else { return nil }
            if name == "check" { return String(value.prefix { $0 != " " }) }
        }
        return nil
    }
}

/// Why build-check options cannot be read, in BuildKit's words; the build stops with it.
public enum BuildCheckOptionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A part without `=`, or a key other than skip, experimental and error.
    case invalidOption(String)
    /// `error=` with a value Go's strconv.ParseBool does not take.
    case invalidBoolean(option: String, value: String)

    public var description: String {
        switch self {
        case .invalidOption(let text): "invalid check option \(GoQuote.string(text))"
        case .invalidBoolean(let option, let value): "failed to parse check option \(GoQuote.string(option)): \(GoStrconv.parseBoolError(value))"
        }
    }

    /// As the build reports it, after what was being read: the Dockerfile's directive (convert.go
    /// newRuleLinter) or the build argument (dockerui/config.go).
    public func message(fromBuildArgument: Bool) -> String {
        fromBuildArgument ? "failed to parse build-arg:\(BuildCheckConfiguration.buildArgument): \(description)" : "failed to parse check options: \(description)"
    }
}
