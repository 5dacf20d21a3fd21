import Dockerfile
import Testing

@Suite struct InstructionParserTests {
    func error(_ text: String) -> String? {
        do {
            _ = try DockerfileProgram.parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let dockerfile: String
        let message: String
        var testDescription: String { message }
    }

    @Test(arguments: [
        ErrorCase(dockerfile: "FROM alpine\nRNU echo hi\n", message: "dockerfile parse error on line 2: unknown instruction: RNU (did you mean RUN?)"),
        ErrorCase(dockerfile: "FROM alpine\nrnu echo hi\n", message: "dockerfile parse error on line 2: unknown instruction: rnu (did you mean run?)"),
        ErrorCase(dockerfile: "FROM alpine\nFOO bar\n", message: "dockerfile parse error on line 2: unknown instruction: FOO (did you mean FROM?)"),
        ErrorCase(dockerfile: "FROM alpine\nINSTALL x\n", message: "dockerfile parse error on line 2: unknown instruction: INSTALL"),
        ErrorCase(dockerfile: "RUN echo hi\nFROM alpine\n", message: "no build stage in current context"),
        ErrorCase(dockerfile: "FROM alpine\nENV\n", message: "dockerfile parse error on line 2: ENV requires at least one argument"),
        ErrorCase(dockerfile: "FROM alpine\nENV A\n", message: "dockerfile parse error on line 2: ENV must have two arguments"),
        ErrorCase(dockerfile: "FROM a b\n", message: "dockerfile parse error on line 1: FROM requires either one or three arguments"),
        ErrorCase(dockerfile: "FROM a AS 1st\n", message: "dockerfile parse error on line 1: invalid name for build stage: \"1st\", name can't start with a number or contain symbols"),
        ErrorCase(dockerfile: "FROM a\nCOPY app.py\n", message: "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
        ErrorCase(dockerfile: "FROM a\nCOPY --form=b x y\n", message: "dockerfile parse error on line 2: unknown flag: --form (did you mean from?)"),
        ErrorCase(dockerfile: "FROM a\nCOPY --chown x y\n", message: "dockerfile parse error on line 2: missing a value on flag: --chown"),
        ErrorCase(dockerfile: "FROM a\nCOPY --link=maybe x y\n", message: "dockerfile parse error on line 2: expecting boolean value for flag --link, not: maybe"),
        ErrorCase(dockerfile: "FROM a\nUSER\n", message: "dockerfile parse error on line 2: USER requires exactly one argument"),
        ErrorCase(dockerfile: "FROM a\nONBUILD ONBUILD RUN x\n", message: "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        ErrorCase(dockerfile: "FROM a\nONBUILD FROM b\n", message: "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger"),
        ErrorCase(dockerfile: "FROM a\nSHELL /bin/bash -c\n", message: "dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form"),
        ErrorCase(dockerfile: "FROM a\nHEALTHCHECK CMD\n", message: "dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD"),
        ErrorCase(dockerfile: "FROM a\nHEALTHCHECK NONE x\n", message: "dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments"),
        ErrorCase(dockerfile: "FROM a\nHEALTHCHECK RUN x\n", message: "dockerfile parse error on line 2: Unknown type \"RUN\" in HEALTHCHECK (try CMD)"),
        ErrorCase(dockerfile: "FROM a\nHEALTHCHECK --retries=-1 CMD x\n", message: "dockerfile parse error on line 2: --retries cannot be negative (-1)"),
        ErrorCase(dockerfile: "FROM a\nARG =x\n", message: "dockerfile parse error on line 2: ARG names can not be blank"),
        ErrorCase(dockerfile: "FROM a\nCOPY x <<EOF\nhi\nEOF\n", message: "dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination"),
    ])
    func reportsBuildKitsErrors(_ testCase: ErrorCase) {
        #expect(error(testCase.dockerfile) == testCase.message)
    }

    @Test func buildsStagesWithTypedInstructions() throws {
        let program = try DockerfileProgram.parse("""
        ARG PY=3.12
        FROM python:${PY}-slim AS Build
        WORKDIR /app
        COPY --chown=app:app requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        CMD ["python", "app.py"]
        FROM scratch
        COPY --from=build /app /app
        HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
        """)
        #expect(program.metaArgs == [ArgDeclaration(name: "PY", defaultValue: "3.12")])
        #expect(program.stages.count == 2)
        #expect(program.stages[0].from == FromInstruction(base: "python:${PY}-slim", stageName: "build", platform: nil))
        #expect(program.stages[0].displayName == "build")
        #expect(program.stages[1].displayName == "stage-1")
        #expect(program.stage(named: "BUILD")?.index == 0)
        #expect(program.stage(named: "1")?.index == 1)
        let instructions = program.stages[0].instructions.map(\.instruction)
        #expect(instructions[0] == .workdir("/app"))
        guard case .copy(let copy) = instructions[1], case .run(let run) = instructions[2], case .cmd(let cmd) = instructions[3],
              case .healthcheck(let check) = program.stages[1].instructions[1].instruction
        else {
            Issue.record("unexpected instructions \(instructions)")
            return
        }
        #expect(copy.chown == "app:app" && copy.paths.sources == ["requirements.txt"] && copy.paths.destination == ".")
        #expect(run.command == CommandLine(arguments: ["pip install --no-cache-dir -r requirements.txt"], prependsShell: true))
        #expect(cmd == CommandLine(arguments: ["python", "app.py"], prependsShell: false))
        #expect(check == .check(test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], interval: "30s", timeout: nil, startPeriod: nil, startInterval: nil, retries: nil))
    }

    @Test func heredocSourcesBecomeInlineFiles() throws {
        let program = try DockerfileProgram.parse("FROM a\nCOPY <<-EOT /etc/motd\n\thello\n\tEOT\n")
        guard case .copy(let copy) = program.stages[0].instructions[0].instruction else {
            Issue.record("not a COPY")
            return
        }
        #expect(copy.paths.sources.isEmpty)
        #expect(copy.paths.inlineFiles.map(\.content) == ["hello\n"])
    }

    @Test func onbuildKeepsTheTriggerText() throws {
        let program = try DockerfileProgram.parse("FROM a\n  onbuild   RUN echo hi\n")
        #expect(program.stages[0].instructions[0].instruction == .onbuild("RUN echo hi"))
    }
}

@Suite struct BuildScopeTests {
    func expand(_ text: String, buildArguments: [String: String] = [:], base: [String: String] = [:],
                rules: BuildScope.VariableRules = .buildKit) throws -> (String, [ExpandedInstruction], BuildScope) {
        let program = try DockerfileProgram.parse(text)
        var scope = try BuildScope(program: program, buildArguments: buildArguments, rules: rules)
        let resolved = try scope.resolveBase(of: program.stages[0])
        let expanded = try scope.expand(program.stages[0], baseEnvironment: base)
        return (resolved, expanded, scope)
    }

    @Test func metaArgsReachFromButNotTheStage() throws {
        let (base, expanded, _) = try expand("ARG TAG=3.20\nFROM alpine:$TAG\nWORKDIR /v$TAG\nARG TAG\nWORKDIR /w$TAG\n")
        #expect(base == "alpine:3.20")
        #expect(expanded[0].located.instruction == .workdir("/v"))
        #expect(expanded[2].located.instruction == .workdir("/w3.20"))
    }

    @Test func buildArgsOverrideDefaultsAndAreRecordedWhenUsed() throws {
        let (base, expanded, scope) = try expand("ARG TAG=3.20\nFROM alpine:${TAG}\nARG USER=app\nUSER $USER\n", buildArguments: ["TAG": "3.19", "USER": "root", "UNUSED": "x"])
        #expect(base == "alpine:3.19")
        #expect(expanded[1].located.instruction == .user("root"))
        #expect(scope.usedBuildArguments == ["TAG", "USER"])
    }

    @Test(arguments: [BuildScope.VariableRules.buildKit, .classic])
    func envAfterArgWinsAndIsSeenByLaterInstructions(rules: BuildScope.VariableRules) throws {
        let (_, expanded, _) = try expand("FROM a\nARG NAME=arg\nENV NAME=env OTHER=\"two words\" THIRD=$NAME\nLABEL who=$NAME\n", rules: rules)
        #expect(expanded[1].located.instruction == .env([KeyValue(key: "NAME", value: "env"), KeyValue(key: "OTHER", value: "two words"), KeyValue(key: "THIRD", value: "arg")]))
        #expect(expanded[2].located.instruction == .label([KeyValue(key: "who", value: "env")]))
    }

    /// An ARG with a value after an ENV of the same name: BuildKit adds it to the one environment its
    /// state keeps, so it wins (buildkit v0.22.0 convert.go dispatchArg, `d.state.AddEnv`); the classic
    /// builder lets ENV win wherever it is (moby v28.2.2 builder/dockerfile/buildargs.go FilterAllowed).
    @Test func argAfterEnvWinsWithBuildKitButNotWithTheClassicBuilder() throws {
        let text = "FROM a\nENV N=env\nARG N=arg\nLABEL x=$N\nENV N=again\nLABEL y=$N\n"
        let (_, buildKit, _) = try expand(text)
        #expect(buildKit[2].located.instruction == .label([KeyValue(key: "x", value: "arg")]))
        #expect(buildKit[2].arguments == ["N": "arg"], "RUN would see the ARG's value")
        // A later ENV takes the variable back.
        #expect(buildKit[4].located.instruction == .label([KeyValue(key: "y", value: "again")]))
        #expect(buildKit[4].arguments.isEmpty && buildKit[4].declaredArguments == ["N"])
        let (_, classic, _) = try expand(text, rules: .classic)
        #expect(classic[2].located.instruction == .label([KeyValue(key: "x", value: "env")]))
    }

    /// BuildKit's `d.buildArgs`: every ARG once, where first declared, with a value or none; an ARG
    /// declared again without a value keeps the one it had (dispatchArg adds to the state only a value).
    @Test func declaredArgumentsKeepTheirFirstPlaceAndTheirValue() throws {
        let (_, expanded, _) = try expand("FROM a\nARG B\nARG A=1\nARG B=2\nARG A\nRUN true\n")
        #expect(expanded[4].declaredArguments == ["B", "A"])
        #expect(expanded[4].arguments == ["A": "1", "B": "2"])
        #expect(expanded[0].declaredArguments == ["B"] && expanded[0].arguments.isEmpty)
    }

    /// buildkit v0.22.0 dispatchArg records the value in force: the build arg's, else the default
    /// expanded with the ARGs before it on the line, else the global ARG's (BuildKit 0.8 kept the
    /// default as written).
    @Test func buildKitRecordsTheValueInForceInTheArgInstruction() throws {
        let text = "ARG G=global\nFROM a\nARG V=1.0 W=${V}-x\nARG G\n"
        let (_, buildKit, _) = try expand(text, buildArguments: ["V": "2.0"])
        #expect(buildKit[0].located.instruction == .arg([ArgDeclaration(name: "V", defaultValue: "2.0"), ArgDeclaration(name: "W", defaultValue: "2.0-x")]))
        #expect(buildKit[1].located.instruction == .arg([ArgDeclaration(name: "G", defaultValue: "global")]))
        let (_, classic, _) = try expand(text, buildArguments: ["V": "2.0"], rules: .classic)
        #expect(classic[0].located.instruction == .arg([ArgDeclaration(name: "V", defaultValue: "1.0"), ArgDeclaration(name: "W", defaultValue: "-x")]))
    }

    /// A stage built on another goes on from its ARGs and their values, the Env set again over them
    /// (buildkit v0.22.0 convert.go dispatchState.init, then the base config's Env added to the state).
    @Test func aStageBuiltOnAStageInheritsItsArgsWithBuildKit() throws {
        let program = try DockerfileProgram.parse("FROM a AS one\nARG V=1\nENV E=env\nARG E=arg\nFROM one\nARG W=2\nRUN true\n")
        var scope = try BuildScope(program: program, buildArguments: [:], rules: .buildKit)
        let parent = try scope.expand(program.stages[0], baseEnvironment: [:])
        #expect(parent[2].arguments == ["V": "1", "E": "arg"])
        let child = try scope.expand(program.stages[1], continuing: 0)
        #expect(child[1].declaredArguments == ["V", "E", "W"])
        #expect(child[1].arguments == ["V": "1", "W": "2"])
    }

    @Test func baseImageEnvironmentIsVisible() throws {
        let (_, expanded, _) = try expand("FROM python\nWORKDIR $PYTHON_HOME/x\nRUN echo $PATH\n", base: ["PYTHON_HOME": "/usr/local"])
        #expect(expanded[0].located.instruction == .workdir("/usr/local/x"))
        guard case .run(let run) = expanded[1].located.instruction else { return }
        #expect(run.command.arguments == ["echo $PATH"], "RUN is expanded by the shell, not by BuildKit")
    }

    @Test func exposeSplitsWordsAndCopyExpandsPathsAndFlags() throws {
        let (_, expanded, _) = try expand("FROM a\nENV PORTS=\"80 443\" U=app\nEXPOSE $PORTS\nCOPY --chown=$U:$U ${U}.py /srv/$U/\n")
        #expect(expanded[1].located.instruction == .expose(["80", "443"]))
        guard case .copy(let copy) = expanded[2].located.instruction else { return }
        #expect(copy.chown == "app:app" && copy.paths.sources == ["app.py"] && copy.paths.destination == "/srv/app/")
    }

    @Test func platformArgsAreGlobalAndModifiersWork() throws {
        let (base, expanded, _) = try expand("FROM img:$TARGETARCH\nARG TARGETOS\nARG X\nWORKDIR /${TARGETOS}/${X:-dflt}/${TARGETOS:+set}\n")
        #expect(base == "img:amd64")
        #expect(expanded[2].located.instruction == .workdir("/linux/dflt/set"))
    }

    @Test func requiredVariableFailsWithItsMessage() throws {
        #expect {
            _ = try expand("FROM a\nWORKDIR ${DIR:?set DIR with --build-arg}\n")
        } throws: { error in
            (error as? DockerfileParseError)?.reason == "failed to process \"${DIR:?set DIR with --build-arg}\": DIR: set DIR with --build-arg"
        }
    }
}
