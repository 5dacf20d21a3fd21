extension BuildCheckRun {
    /// What a stage is built on, for the checks that need the variables and SHELL it starts with.
    public enum StageBase: Sendable {
        case scratch
        /// An image, with its config's environment and SHELL.
        case image(environment: [String: String], shell: [String]?)
        /// An earlier stage of the Dockerfile, by index.
        case stage(Int)
    }

    /// The checks BuildKit makes as it turns the instructions of the stages it builds into LLB, in file
    /// order (convert.go dispatch and the dispatch functions): variables used before they are defined,
    /// ENV and LABEL in the legacy form, secret-looking ARG and ENV names, a relative first WORKDIR,
    /// shell-form CMD and ENTRYPOINT, a CMD, ENTRYPOINT or HEALTHCHECK given twice, and (when asked for)
    /// COPY and ADD of what `.dockerignore` leaves out. `stages` are the stages built; `globalArguments`
    /// the ARGs before the first FROM with the build's values. An instruction BuildKit would fail on ends
    /// the checks, as it ends BuildKit's dispatch.
    public mutating func dispatch(_ program: DockerfileProgram, syntax: DockerfileSyntax, stages: Set<Int>, bases: [Int: StageBase],
                                  globalArguments: [String: String], buildArguments: [String: String], ignoreMatcher: DockerignoreMatcher?) {
        let nodes = Dictionary(syntax.nodes.map { ($0.startLine, $0) }, uniquingKeysWith: { first, _ in first })
        let context = DispatchContext(
            lexer: ShellWordExpander(escapeToken: program.escapeToken), globalArguments: globalArguments, buildArguments: buildArguments,
            ignoreMatcher: ignoreMatcher
        )
        var finished: [Int: StageDispatch] = [:]
        for stage in program.stages where stages.contains(stage.index) {
            var state = switch bases[stage.index] ?? .scratch {
            case .scratch: StageDispatch(environment: [:], shell: nil)
            case .image(let environment, let shell): StageDispatch(environment: environment, shell: shell)
            case .stage(let parent): finished[parent]?.inherited ?? StageDispatch(environment: [:], shell: nil)
            }
            for located in stage.instructions {
                let node = nodes[located.startLine]
                let keyword = node?.keyword ?? located.instruction.keyword
                guard dispatchInstruction(located, keyword: keyword, legacy: node?.usesLegacyKeyValueFormat ?? false, in: &state, context: context) else { return }
            }
            finished[stage.index] = state
        }
    }

    /// One instruction; false when BuildKit would fail on it.
    private mutating func dispatchInstruction(_ located: LocatedInstruction, keyword: String, legacy: Bool, in state: inout StageDispatch,
                                   context: DispatchContext) -> Bool {
        let lines = located.lines
        switch located.instruction {
        case .env(let pairs):
            // Every word is expanded before any of the new values is set: `ENV A=1 B=$A` reads the old A.
            guard let words = expand(pairs.flatMap { [$0.key, $0.value] }, in: state, context: context, lines: lines) else { return false }
            for index in pairs.indices {
                let key = words[2 * index]
                if legacy { report(.legacyKeyValueFormat(instruction: keyword), lines: lines) }
                reportSecret(instruction: "ENV", key: key, lines: lines)
                state.environment[key] = words[2 * index + 1]
            }
        case .label(let pairs):
            guard expand(pairs.flatMap { [$0.key, $0.value] }, in: state, context: context, lines: lines) != nil else { return false }
            if legacy { report(.legacyKeyValueFormat(instruction: keyword), lines: lines) }
        case .arg(let declarations):
            for declaration in declarations {
                reportSecret(instruction: "ARG", key: declaration.name, lines: lines)
                var value: String?
                if let given = context.buildArguments[declaration.name] {
                    value = given
                } else if let defaultValue = declaration.defaultValue {
                    guard let expanded = expand([defaultValue], in: state, context: context, lines: lines) else { return false }
                    value = expanded[0]
                } else {
                    value = context.globalArguments[declaration.name]
                }
                if let value, !StageDispatch.nonEnvironmentArguments.contains(declaration.name) { state.environment[declaration.name] = value }
                state.declaredArguments.insert(declaration.name)
            }
        case .workdir(let path):
            guard let expanded = expand([path], in: state, context: context, lines: lines) else { return false }
            // Only the first WORKDIR of the build counts: the ones after it are relative to a path it set.
            if !state.setsWorkdir, !expanded[0].hasPrefix("/") { report(.workdirRelativePath(expanded[0]), lines: lines) }
            state.setsWorkdir = true
        case .user(let word), .stopSignal(let word):
            guard expand([word], in: state, context: context, lines: lines) != nil else { return false }
        case .volume(let volumes):
            guard expand(volumes, in: state, context: context, lines: lines) != nil else { return false }
        case .run(let run):
            // `--mount` values are expanded field by field (instructions/commands_runmount.go parseMount).
            let values = run.mounts.flatMap { mount -> [String] in
                mount.split(separator: ",").compactMap { field -> String? in
                    field.firstIndex(of: "=").map { String(field[field.index(after: $0)...]) }
                }
            }
            guard expand(values, in: state, context: context, lines: lines) != nil else { return false }
        case .copy(let copy):
            let flags = [copy.chown, copy.chmod].compactMap { $0 }
            guard expand(flags, in: state, context: context, lines: lines) != nil,
                  let paths = expand(copy.paths.sources + [copy.paths.destination], in: state, context: context, lines: lines),
                  expandInlineFiles(copy.paths.inlineFiles, in: state, context: context, lines: lines) else { return false }
            // A COPY --from reads a stage or an image, not the context .dockerignore filters.
            if copy.from == nil { reportIgnored(paths.dropLast(), command: "Copy", context: context, lines: lines) }
        case .add(let add):
            let flags = [add.chown, add.chmod, add.checksum].compactMap { $0 }
            guard expand(flags, in: state, context: context, lines: lines) != nil,
                  let paths = expand(add.paths.sources + [add.paths.destination], in: state, context: context, lines: lines),
                  expandInlineFiles(add.paths.inlineFiles, in: state, context: context, lines: lines) else { return false }
            reportIgnored(paths.dropLast(), command: "Add", context: context, lines: lines)
        case .cmd(let command):
            use(&state.cmd, keyword: keyword, lines: lines)
            if command.prependsShell, state.shell?.isEmpty ?? true { report(.jsonArgsRecommended(instruction: keyword), lines: lines) }
        case .entrypoint(let command):
            use(&state.entrypoint, keyword: keyword, lines: lines)
            if command.prependsShell, state.shell?.isEmpty ?? true { report(.jsonArgsRecommended(instruction: keyword), lines: lines) }
        case .healthcheck:
            use(&state.healthcheck, keyword: keyword, lines: lines)
        case .shell(let shell):
            state.shell = shell
        case .from, .expose, .maintainer, .onbuild:
            break
        }
        return true
    }

    /// Expands words as BuildKit's dispatch does, each on its own, and reports the variables a word finds
    /// unset that the stage has not declared as ARGs (convert.go reportUnmatchedVariables); nil when
    /// BuildKit fails on one.
    private mutating func expand(_ words: [String], in state: StageDispatch, context: DispatchContext, lines: ClosedRange<Int>,
                                 lexer: ShellWordExpander? = nil) -> [String]? {
        var expanded: [String] = []
        for word in words {
            guard let result = try? (lexer ?? context.lexer).process(word, environment: state.environment) else { return nil }
            let undefined = result.unsetVariables.filter {
                !state.declaredArguments.contains($0) && !StageDispatch.nonEnvironmentArguments.contains($0)
            }
            if !undefined.isEmpty {
                let options = state.environment.keys.sorted()
                for name in undefined {
                    report(.undefinedVar(name: name, suggestion: BuildKitSuggestion.search(name, in: options, caseSensitive: true)), lines: lines)
                }
            }
            expanded.append(result.word)
        }
        return expanded
    }

    /// Heredoc sources that expand are expanded with `\` as the escape and quotes left alone
    /// (instructions/commands.go SourcesAndDest.ExpandRaw, convert.go dispatch).
    private mutating func expandInlineFiles(_ files: [HeredocBody], in state: StageDispatch, context: DispatchContext, lines: ClosedRange<Int>) -> Bool {
        var lexer = ShellWordExpander()
        lexer.ignoresQuotes = true
        return expand(files.filter(\.expands).map(\.content), in: state, context: context, lines: lines, lexer: lexer) != nil
    }

    /// `(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)`
    /// unless `(?i)(?:_|^)public(?:_|$)` also matches (convert.go getSecretsRegex): one of the words between
    /// underscores, in any case.
    private mutating func reportSecret(instruction: String, key: String, lines: ClosedRange<Int>) {
        let words = key.lowercased().split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        if words.contains(where: { StageDispatch.secretWords.contains($0) }), !words.contains(where: { $0 == "public" }) {
            report(.secretsUsedInArgOrEnv(instruction: instruction, key: key), lines: lines)
        }
    }

    /// Context sources `.dockerignore` excludes, by the path as written, checked with its parents
    /// (convert.go validateCopySourcePath, patternmatcher's MatchesOrParentMatches). URLs and Git sources are
    /// not from the context.
    private mutating func reportIgnored(_ sources: ArraySlice<String>, command: String, context: DispatchContext, lines: ClosedRange<Int>) {
        guard let matcher = context.ignoreMatcher else { return }
        for source in sources where !["http://", "https://", "git@", "git://"].contains(where: { source.hasPrefix($0) }) {
            if (try? matcher.isExcludedClassic(source)) == true { report(.copyIgnoredFile(command: command, file: source), lines: lines) }
        }
    }

    /// CMD, ENTRYPOINT and HEALTHCHECK count once per stage: a second one is reported at the first, the
    /// one that has no effect (convert.go validateUsedOnce).
    private mutating func use(_ tracker: inout ClosedRange<Int>?, keyword: String, lines: ClosedRange<Int>) {
        if let earlier = tracker { report(.multipleInstructionsDisallowed(instruction: keyword), lines: earlier) }
        tracker = lines
    }
}

/// What stays the same while one build's instructions are dispatched.
struct DispatchContext {
    var lexer: ShellWordExpander
    var globalArguments: [String: String]
    var buildArguments: [String: String]
    var ignoreMatcher: DockerignoreMatcher?
}

/// A stage as BuildKit's dispatch sees it, as far as the checks need (convert.go dispatchState).
struct StageDispatch {
    /// BuildKit's `system.DefaultPathEnv("linux")`, which a stage gets when its base sets no PATH.
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    /// ARGs BuildKit keeps out of the environment (convert.go nonEnvArgs).
    static let nonEnvironmentArguments: Set<String> = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"]
    static let secretWords: Set<String> = ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"]

    /// What `$NAME` sees: the base's environment, then ENV and ARG values in order.
    var environment: [String: String]
    /// The image config's SHELL, from the base or a SHELL instruction.
    var shell: [String]?
    /// Every ARG the stage (or the stage it is built on) declared, with a value or without.
    var declaredArguments: Set<String> = []
    /// Whether a WORKDIR of this Dockerfile has set the directory (inherited from a parent stage).
    var setsWorkdir = false
    var cmd: ClosedRange<Int>?
    var entrypoint: ClosedRange<Int>?
    var healthcheck: ClosedRange<Int>?

    init(environment: [String: String], shell: [String]?) {
        self.environment = environment
        self.shell = shell
        if self.environment["PATH"] == nil { self.environment["PATH"] = Self.defaultPath }
    }

    /// The state a stage built on this one starts from: everything but which of CMD, ENTRYPOINT and
    /// HEALTHCHECK it set (convert.go dispatchState.init).
    var inherited: StageDispatch {
        var next = self
        next.cmd = nil
        next.entrypoint = nil
        next.healthcheck = nil
        return next
    }
}
