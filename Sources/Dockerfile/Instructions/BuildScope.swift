/// Which variables an instruction sees, and the expansion of the instructions BuildKit expands:
/// FROM (with the ARGs declared before it), ENV, LABEL, WORKDIR, USER, STOPSIGNAL, EXPOSE, VOLUME,
/// COPY and ADD (paths, `--from`, `--chown`, `--chmod`), and ARG defaults. RUN, CMD, ENTRYPOINT and
/// HEALTHCHECK are left to the shell at run time, as BuildKit leaves them.
public struct BuildScope: Sendable {
    /// How an ARG and an ENV of the same name meet, where the two builders differ.
    public enum VariableRules: Sendable {
        /// BuildKit: an ARG with a value sets the variable as ENV does, so the later of the two wins,
        /// for RUN and for expansion alike (buildkit v0.22.0 dockerfile2llb/convert.go dispatchArg:
        /// `d.state.AddEnv`); the image config's Env keeps the ENV value.
        case buildKit
        /// The classic builder: ENV wins over an ARG of the same name, wherever each is
        /// (moby v28.2.2 builder/dockerfile/buildargs.go FilterAllowed).
        case classic
    }

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
    public let rules: VariableRules
    /// The values of the ARGs declared before the first FROM.
    public private(set) var globalArguments: [String: String] = [:]
    /// Build args that were used somewhere, for the "unused build-args" warning and cache keys.
    public private(set) var usedBuildArguments: Set<String> = []
    /// The variables each expanded stage ended with, by stage index, for a stage built on it.
    private var stageEnds: [Int: StageVariables] = [:]

    public init(program: DockerfileProgram, buildArguments: [String: String], rules: VariableRules) throws(DockerfileParseError) {
        self.buildArguments = buildArguments
        self.rules = rules
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
        try expand(stage, from: StageVariables(environment: baseEnvironment, rules: rules))
    }

    /// Expands a stage built on an earlier stage of the Dockerfile (`FROM build`), which this scope
    /// expanded before. With BuildKit it goes on from where that stage ended: the values its ARGs set
    /// and the ARGs it declared, its Env set again over them (buildkit v0.22.0 convert.go
    /// dispatchState.init, then the base config's Env added to the state).
    public mutating func expand(_ stage: DockerfileProgram.Stage, continuing parent: Int) throws(DockerfileParseError) -> [ExpandedInstruction] {
        try expand(stage, from: stageEnds[parent]?.inherited ?? StageVariables(environment: [:], rules: rules))
    }

    private mutating func expand(_ stage: DockerfileProgram.Stage, from start: StageVariables) throws(DockerfileParseError) -> [ExpandedInstruction] {
        var state = start
        defer { stageEnds[stage.index] = state }
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
                    let given = buildArguments[declaration.name]
                    if given != nil { usedBuildArguments.insert(declaration.name) }
                    var value: String?
                    // What the instruction keeps for history.
                    var recorded: String?
                    switch rules {
                    case .buildKit:
                        // A given value wins and the default is not even expanded; an ARG with neither
                        // takes the global one. History shows the value in force: `ARG V=2.0` for
                        // --build-arg V=2.0 (buildkit v0.22.0 dispatchArg; BuildKit 0.8 showed the default).
                        if let given {
                            value = given
                        } else if let defaultValue = declaration.defaultValue {
                            // Each default sees the ARGs before it on the line: dispatchArg reads the
                            // state as it goes (`ARG A=1 B=$A` gives B=1).
                            let expansion = try expand(defaultValue, environment: state.visible, line: line)
                            used.formUnion(expansion.usedVariables)
                            value = expansion.word
                        } else {
                            value = globalArguments[declaration.name]
                        }
                        recorded = value
                    case .classic:
                        if let defaultValue = declaration.defaultValue { recorded = try word(defaultValue) }
                        if let given {
                            value = given
                        } else if let recorded {
                            value = recorded
                        } else if let global = globalArguments[declaration.name] {
                            value = global
                            recorded = global
                        }
                    }
                    state.setArgument(declaration.name, value)
                    result.append(ArgDeclaration(name: declaration.name, defaultValue: recorded))
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
                declaredArguments: state.declaredArguments,
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
struct StageVariables: Sendable {
    let rules: BuildScope.VariableRules
    /// The base's environment and the stage's ENV values: the image config's Env.
    private(set) var environment: [String: String]
    /// Declared ARGs with a value; with BuildKit, only those whose value no later ENV replaced.
    private(set) var argumentValues: [String: String] = [:]
    /// Every ARG declared, once each, in the order first declared (BuildKit's `d.buildArgs`).
    private(set) var declaredArguments: [String] = []
    /// What `$NAME` sees: the environment with declared ARGs' values, ENV winning over an ARG
    /// (classic) or the later of the two winning (BuildKit).
    private(set) var visible: [String: String]

    init(environment: [String: String], rules: BuildScope.VariableRules) {
        self.rules = rules
        self.environment = environment
        visible = environment
    }

    mutating func setEnvironment(_ name: String, _ value: String) {
        environment[name] = value
        visible[name] = value
        // BuildKit's one environment holds the newer value: the ARG's no longer shows through.
        if rules == .buildKit { argumentValues[name] = nil }
    }

    /// Declares an ARG, with a value or none.
    mutating func setArgument(_ name: String, _ value: String?) {
        if !declaredArguments.contains(name) { declaredArguments.append(name) }
        switch rules {
        case .buildKit:
            // An ARG without a value sets nothing, so an earlier value stays (dispatchArg adds to the
            // state only when there is one).
            guard let value else { return }
            argumentValues[name] = value
            visible[name] = value
        case .classic:
            // An ARG without one hides nothing and shows nothing.
            argumentValues[name] = value
            if environment[name] == nil { visible[name] = value }
        }
    }

    /// Where a stage built on this one starts, with BuildKit: these values and declarations, with the
    /// Env set again over the ARGs' values, as the base config's Env is added to the inherited state.
    var inherited: StageVariables {
        var next = self
        next.argumentValues = argumentValues.filter { environment[$0.key] == nil }
        next.visible.merge(environment) { _, env in env }
        return next
    }
}

/// An instruction after expansion, with the variables in force when it ran.
public struct ExpandedInstruction: Equatable, Sendable {
    public var located: LocatedInstruction
    /// Declared ARGs with values after this instruction (what RUN sees besides Env). With BuildKit,
    /// only those no later ENV replaced, so they go over Env; with the classic builder all of them,
    /// and Env wins where both name a variable.
    public var arguments: [String: String]
    /// The ARGs declared up to this instruction, once each, in the order first declared, with BuildKit
    /// those of the stage it is built on first: the `|N` list of a RUN's history (convert.go runCommandString).
    public var declaredArguments: [String]
    /// Variables this instruction's expansion read.
    public var usedVariables: Set<String>
}
