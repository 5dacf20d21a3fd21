/// Which variables an instruction sees, and the expansion of the instructions BuildKit expands:
/// FROM (with the ARGs declared before it), ENV, LABEL, WORKDIR, USER, STOPSIGNAL, EXPOSE, VOLUME,
/// COPY and ADD (paths, `--from`, `--chown`, `--chmod`), and ARG defaults. RUN, CMD, ENTRYPOINT and
/// HEALTHCHECK are left to the shell at run time, as BuildKit leaves them.
public struct BuildScope: Sendable {
    /// The values given with `--build-arg`.
    public var buildArguments: [String: String]
    /// The predefined platform ARGs for the simulated platform (linux/amd64).
    public static let platformArguments: [String: String] = [
        "TARGETPLATFORM": "linux/amd64", "TARGETOS": "linux", "TARGETARCH": "amd64", "TARGETVARIANT": "",
        "BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
    ]
    /// ARGs Docker defines without a declaration (proxies); they reach RUN but are not expanded elsewhere.
    public static let proxyArguments: Set<String> = [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
        "ALL_PROXY", "all_proxy",
    ]

    let escapeToken: Unicode.Scalar
    /// The values of the ARGs declared before the first FROM.
    public private(set) var globalArguments: [String: String] = [:]
    /// Build args that were used somewhere, for the "unused build-args" warning and cache keys.
    public private(set) var usedBuildArguments: Set<String> = []

    public init(program: DockerfileProgram, buildArguments: [String: String]) throws(DockerfileParseError) {
        self.buildArguments = buildArguments
        escapeToken = program.escapeToken
        var global = Self.platformArguments
        for located in program.metaArgInstructions {
            guard case .arg(let declarations) = located.instruction else { continue }
            for declaration in declarations {
                if let value = buildArguments[declaration.name] {
                    global[declaration.name] = value
                    usedBuildArguments.insert(declaration.name)
                } else if let value = declaration.defaultValue {
                    global[declaration.name] = try expand(value, environment: global, line: located.startLine).word
                }
            }
        }
        globalArguments = global
    }

    /// The stage's base after ARG expansion (`FROM python:${VERSION}-slim`).
    public mutating func resolveBase(of stage: DockerfileProgram.Stage) throws(DockerfileParseError) -> String {
        let result = try expand(stage.from.base, environment: globalArguments, line: stage.fromLocation.startLine)
        recordUse(result.usedVariables)
        return result.word
    }

    /// Expands one stage's instructions in order, given the base image's environment.
    public mutating func expand(_ stage: DockerfileProgram.Stage, baseEnvironment: [String: String]) throws(DockerfileParseError) -> [ExpandedInstruction] {
        var state = StageVariables(environment: baseEnvironment)
        var expanded: [ExpandedInstruction] = []
        for located in stage.instructions {
            let line = located.startLine
            let visible = state.visible
            var used: Set<String> = []
            func word(_ text: String) throws(DockerfileParseError) -> String {
                let result = try expand(text, environment: visible, line: line)
                used.formUnion(result.usedVariables)
                return result.word
            }
            func optionalWord(_ text: String?) throws(DockerfileParseError) -> String? {
                guard let text else { return nil }
                return try word(text)
            }
            var instruction = located.instruction
            switch located.instruction {
            case .env(let pairs):
                var result: [KeyValue] = []
                for pair in pairs {
                    let key = try word(pair.key)
                    let value = try word(pair.value)
                    result.append(KeyValue(key: key, value: value))
                    state.setEnvironment(key, value)
                }
                instruction = .env(result)
            case .label(let pairs):
                var result: [KeyValue] = []
                for pair in pairs { result.append(KeyValue(key: try word(pair.key), value: try word(pair.value))) }
                instruction = .label(result)
            case .arg(let declarations):
                var result: [ArgDeclaration] = []
                for declaration in declarations {
                    var value: String?
                    // The instruction keeps its declared default: BuildKit's history shows `ARG V=1.0`
                    // even when --build-arg V=2.0 gives the value (buildkit v0.22.0 dispatchArg).
                    var declared: String?
                    if let defaultValue = declaration.defaultValue { declared = try word(defaultValue) }
                    if let given = buildArguments[declaration.name] {
                        value = given
                        usedBuildArguments.insert(declaration.name)
                    } else if let declared {
                        value = declared
                    } else if let global = globalArguments[declaration.name] {
                        value = global
                        declared = global
                    }
                    state.setArgument(declaration.name, value)
                    result.append(ArgDeclaration(name: declaration.name, defaultValue: declared))
                }
                instruction = .arg(result)
            case .workdir(let path):
                instruction = .workdir(try word(path))
            case .user(let user):
                instruction = .user(try word(user))
            case .stopSignal(let signal):
                instruction = .stopSignal(try word(signal))
            case .expose(let ports):
                var result: [String] = []
                for port in ports {
                    let expansion = try expand(port, environment: visible, line: line)
                    used.formUnion(expansion.usedVariables)
                    result += expansion.words
                }
                instruction = .expose(result)
            case .volume(let volumes):
                var result: [String] = []
                for volume in volumes { result.append(try word(volume)) }
                instruction = .volume(result)
            case .copy(var copy):
                copy.paths = try expandPaths(copy.paths, word)
                copy.from = try optionalWord(copy.from)
                copy.chown = try optionalWord(copy.chown)
                copy.chmod = try optionalWord(copy.chmod)
                instruction = .copy(copy)
            case .add(var add):
                add.paths = try expandPaths(add.paths, word)
                add.chown = try optionalWord(add.chown)
                add.chmod = try optionalWord(add.chmod)
                instruction = .add(add)
            default:
                break
            }
            recordUse(used)
            expanded.append(ExpandedInstruction(
                located: LocatedInstruction(instruction: instruction, original: located.original, startLine: located.startLine, endLine: located.endLine),
                arguments: state.argumentValues,
                usedVariables: used
            ))
        }
        return expanded
    }

    private func expandPaths(_ paths: SourcesAndDestination, _ word: (String) throws(DockerfileParseError) -> String) throws(DockerfileParseError) -> SourcesAndDestination {
        var result = paths
        result.sources = []
        for source in paths.sources { result.sources.append(try word(source)) }
        result.destination = try word(paths.destination)
        return result
    }

    private mutating func recordUse(_ names: Set<String>) {
        usedBuildArguments.formUnion(names.filter { buildArguments[$0] != nil })
    }

    private func expand(_ text: String, environment: [String: String], line: Int) throws(DockerfileParseError) -> ShellWordExpander.Result {
        do {
            return try ShellWordExpander(escapeToken: escapeToken).process(text, environment: environment)
        } catch {
            throw DockerfileParseError(reason: error.message, line: line)
        }
    }
}

/// The variables of a stage as its instructions go by. What `$NAME` sees is kept up to date as each
/// ENV or ARG changes it, not merged again per instruction: a Dockerfile of 10,000 ENV lines took
/// 10,000 merges of a growing table, and kept a copy of the environment for every instruction.
struct StageVariables {
    private(set) var environment: [String: String]
    /// Declared ARGs with a value.
    private(set) var argumentValues: [String: String] = [:]
    /// What `$NAME` sees: declared ARGs with a value, then ENV, which wins over an ARG of the same name.
    private(set) var visible: [String: String]

    init(environment: [String: String]) {
        self.environment = environment
        visible = environment
    }

    mutating func setEnvironment(_ name: String, _ value: String) {
        environment[name] = value
        visible[name] = value
    }

    /// Declares an ARG, with a value or none (an ARG without one hides nothing and shows nothing).
    mutating func setArgument(_ name: String, _ value: String?) {
        argumentValues[name] = value
        if environment[name] == nil { visible[name] = value }
    }
}

/// An instruction after expansion, with the variables in force when it ran.
public struct ExpandedInstruction: Equatable, Sendable {
    public var located: LocatedInstruction
    /// Declared ARGs with values after this instruction (what RUN sees besides Env).
    public var arguments: [String: String]
    /// Variables this instruction's expansion read.
    public var usedVariables: Set<String>
}
