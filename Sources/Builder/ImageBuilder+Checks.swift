import Dockerfile
import Engine
import Foundation
import ImageModel

/// The Dockerfile as the builder reads it, with BuildKit's build checks run at the points BuildKit's
/// frontend runs them (buildkit v0.22.0 frontend/dockerfile/dockerfile2llb/convert.go toDispatchState).
struct LoadedDockerfile {
    var syntax: DockerfileSyntax
    var program: DockerfileProgram
    var scope: BuildScope
}

/// Why a build stopped before its steps: BuildKit's message and, when it names one, its place.
struct StoppedBuild: Error {
    var message: String
    var lines: ClosedRange<Int>?

    init(message: String, lines: ClosedRange<Int>? = nil) {
        self.message = message
        self.lines = lines
    }

    init(_ error: DockerfileParseError) {
        self.init(message: error.message, lines: error.excerptLines)
    }
}

extension ImageBuilder {
    /// Reads the check options (`checkOptions` from the build argument, else the Dockerfile's
    /// `# check=` directive), parses the Dockerfile and its global ARGs, and runs the checks BuildKit runs
    /// before it loads any base image. The warnings go on the Dockerfile's vertex.
    func load(_ text: String, checkOptions: BuildCheckConfiguration?, request: BuildRequest, output: BuildEventRecorder,
              vertex: Int) throws(StoppedBuild) -> LoadedDockerfile {
        var configuration = BuildCheckConfiguration()
        if let checkOptions {
            configuration = checkOptions
        } else {
            do {
                configuration = try BuildCheckConfiguration(parsing: BuildCheckConfiguration.directive(in: text) ?? "")
            } catch {
                throw StoppedBuild(message: error.message(fromBuildArgument: false))
            }
        }
        checks = BuildCheckRun(configuration: configuration)
        defer { publishChecks(output, vertex: vertex) }
        let syntax: DockerfileSyntax
        do {
            syntax = try DockerfileParser().parse(text, file: request.dockerfileName)
        } catch {
            throw StoppedBuild(error)
        }
        let program: DockerfileProgram
        do {
            program = try DockerfileProgram.make(from: syntax, file: request.dockerfileName)
        } catch {
            checks.inspect(syntax, upTo: error.line)
            throw StoppedBuild(error)
        }
        checks.inspect(syntax)
        checks.inspectStages(of: program, syntax: syntax)
        let scope: BuildScope
        do {
            scope = try BuildScope(program: program, buildArguments: request.buildArguments, rules: .buildKit)
        } catch {
            throw StoppedBuild(error)
        }
        checks.inspectBases(
            of: program, globalArguments: scope.globalArguments,
            defaultArguments: (try? BuildScope(program: program, buildArguments: [:], rules: .buildKit))?.globalArguments,
            isImageReference: { (try? ImageReference.parse($0)) != nil }
        )
        return LoadedDockerfile(syntax: syntax, program: program, scope: scope)
    }

    /// The checks BuildKit makes as it dispatches the stages it builds, once their base images and the
    /// context's `.dockerignore` are loaded.
    func dispatchChecks(_ loaded: LoadedDockerfile, stages: Set<Int>, resolvedNames: [Int: String], images: [Int: ImageRecord],
                        request: BuildRequest, output: BuildEventRecorder, vertex: Int) throws(BuildError) {
        let program = loaded.program
        var bases: [Int: BuildCheckRun.StageBase] = [:]
        for stage in program.stages where stages.contains(stage.index) {
            if let image = images[stage.index] {
                bases[stage.index] = .image(environment: image.configuration.config.environment, shell: image.configuration.config.shell)
            } else if let name = resolvedNames[stage.index], let parent = program.stage(named: name), parent.index < stage.index {
                bases[stage.index] = .stage(parent.index)
            } else {
                bases[stage.index] = .scratch
            }
        }
        let ignoreMatcher = try BuildContext.ignoreMatcher(inside: request.context)
        checks.dispatch(program, syntax: loaded.syntax, stages: stages, bases: bases, globalArguments: loaded.scope.globalArguments,
                        buildArguments: request.buildArguments, ignoreMatcher: ignoreMatcher)
        publishChecks(output, vertex: vertex)
    }

    /// Puts the warnings found so far on the vertex that loaded the Dockerfile, as BuildKit's frontend
    /// sends them (dockerui/config.go, the source's Warn). Under `--check` they go to the results instead
    /// (convert.go DockerfileLint), and the progress shows none.
    func publishChecks(_ output: BuildEventRecorder, vertex: Int) {
        guard checkedDockerfile == nil else { return }
        output.warn(vertex, checks.warnings)
    }

    /// A build that stopped before its steps: BuildKit's error for a build; under `--check`, the error the
    /// results carry after the warnings found so far.
    func stopped(_ message: String, at lines: ClosedRange<Int>? = nil, output: BuildEventRecorder,
                 steps: [BuildResult.StepReport] = []) -> BuildResult {
        guard let checkedDockerfile else {
            return BuildResult(events: output.events, image: nil,
                               failure: Self.failureText(message, lines: lines, dockerfile: dockerfile.text, name: dockerfile.name), steps: steps)
        }
        let report = BuildCheckReport(warnings: checks.warnings, dockerfile: checkedDockerfile,
                                      error: BuildCheckReport.Failure(message: message, lines: lines))
        return BuildResult(events: output.events, image: nil, failure: nil, steps: steps, checkReport: report)
    }
}
