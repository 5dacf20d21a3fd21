import Builder
import Dockerfile
import DockerCLI
import Engine
import Foundation
import GoSemantics
import SimulatedWorld
import ImageModel
import LayerlabBasics
import LayerStore
import LessonPack
import Linter
import SimulatedShell

/// Evaluates lesson checks against the simulated world: state, never the commands typed.
enum CheckEvaluator {
    static func evaluate(_ check: LessonCheck, in world: WorldView) -> CheckResult {
        switch check.kind {
        case .imageExists(let name):
            return world.engine.images.image(name) != nil ? pass("\(name) exists") : fail("there is no image \(name) yet")
        case .layerCount(let name, let bound):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            let count = Int64(image.layers.count)
            return bound.admits(count)
                ? pass("\(name) has \(count) layer\(count == 1 ? "" : "s")")
                : fail("\(name) has \(count) layer\(count == 1 ? "" : "s"); the goal is \(describe(bound, sizes: false))")
        case .imageSize(let name, let bound):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            let size = DockerFormat.size(image.size)
            return bound.admits(image.size) ? pass("\(name) is \(size)") : fail("\(name) is \(size); the goal is \(describe(bound, sizes: true))")
        case .efficiency(let name, let minimumScore, let maximumWasted):
            guard let image = world.engine.images.image(name), let layers = try? world.engine.images.layers(of: image) else { return missingImage(name) }
            let efficiency = ImageEfficiency(layers: layers)
            let score = String(format: "%.1f%%", efficiency.score * 100)
            let wasted = DockerFormat.size(efficiency.wastedBytes)
            if let minimumScore, efficiency.score * 100 < minimumScore {
                return fail("\(name)'s efficiency is \(score) (\(wasted) in files written more than once); the goal is at least \(minimumScore)%")
            }
            if let maximumWasted, efficiency.wastedBytes > maximumWasted {
                return fail("\(name) wastes \(wasted) on files a later layer replaced or deleted; the goal is at most \(DockerFormat.size(maximumWasted))")
            }
            return pass("\(name)'s efficiency is \(score), \(wasted) wasted")
        case .config(let name, let field, let expectation):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            return config(image.configuration.config, field: field, expectation: expectation, image: name)
        case .file(let name, let path, let present, let layerText):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            return file(image, name: name, path: path, present: present, layerText: layerText, engine: world.engine)
        case .officialPinnedBase(let dockerfile):
            return officialPinnedBase(read(dockerfile, in: world.workspace), name: dockerfile)
        case .lintClean(let dockerfile, let rules):
            guard let text = read(dockerfile, in: world.workspace) else { return fail("there is no \(dockerfile) in the workspace") }
            let findings = DockerfileLinter().lint(text, file: dockerfile).filter { rules.isEmpty || rules.contains($0.code) }
            guard let first = findings.first else { return pass("\(dockerfile) is clean for \(rules.isEmpty ? "every rule" : rules.joined(separator: ", "))") }
            return fail("\(dockerfile):\(first.line) \(first.code): \(first.message)" + (findings.count > 1 ? " (and \(findings.count - 1) more)" : ""))
        case .ignores(let context, let path):
            guard let text = read(context + "/.dockerignore", in: world.workspace) else { return fail("there is no .dockerignore in \(context == "." ? "the workspace" : context)") }
            guard let matcher = try? DockerignoreMatcher(patterns: DockerignoreFile.patterns(from: text)),
                  let excluded = try? matcher.isExcluded(path)
            else { return fail(".dockerignore has a pattern Docker cannot read") }
            return excluded ? pass(".dockerignore leaves out \(path)") : fail(".dockerignore does not leave out \(path) yet")
        case .stepCached(let dockerfile, let step, let afterChange):
            // Found by the file's text, so a build by any builder (the prompt's, or the real CLI's
            // through the socket, which sends the text) counts, and only of the Dockerfile as it is now.
            guard let text = readData(dockerfile, in: world.workspace) else { return fail("there is no \(dockerfile) in the workspace") }
            guard let outcome = world.engine.buildCache.outcome(ofDockerfile: text) else { return fail("\(dockerfile), as it is now, has not been built yet") }
            guard let index = outcome.steps.lastIndex(where: { $0.instruction.contains(step) }) else {
                return fail("the last build of \(dockerfile) had no step `\(step)`")
            }
            guard outcome.steps[index].cached else { return fail("in the last build, `\(step)` ran instead of coming from the cache") }
            guard afterChange else { return pass("`\(step)` came from the cache") }
            return outcome.steps[(index + 1)...].contains(where: \.changed)
                ? pass("`\(step)` came from the cache in a build after a change of the files a later step copies")
                : fail("`\(step)` came from the cache, but nothing a later step copies changed since the build before: change such a file and build again")
        case .registryHas(let registry, let name, let sameAs):
            return registryHas(registry, name: name, sameAs: sameAs, engine: world.engine)
        case .loggedIn(let registry):
            let host = CredentialStore.host(typed: registry)
            return world.credentials.credentials(for: host) != nil
                ? pass("logged in to \(registry)") : fail("not logged in to \(registry) (docker login\(host == ImageReference.defaultDomain ? "" : " \(host)"))")
        case .containerRunning(let expected):
            return ContainerCheckEvaluator.running(expected, engine: world.engine)
        case .containerOutput(let expected, let contains):
            return ContainerCheckEvaluator.output(expected, contains: contains, engine: world.engine)
        case .httpResponse(let port, let path, let status, let contains):
            return ContainerCheckEvaluator.http(port: port, path: path, status: status, contains: contains, engine: world.engine)
        case .runsAs(let name, let user):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            return runsAs(image, name: name, user: user, engine: world.engine)
        case .builtFrom(let name, let dockerfile):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            guard let text = readData(dockerfile, in: world.workspace) else { return fail("there is no \(dockerfile) in the workspace") }
            guard let outcome = world.engine.buildCache.outcome(ofDockerfile: text) else {
                return fail("\(dockerfile), as it is now, has not been built yet")
            }
            guard let built = outcome.image else { return fail("the last build of \(dockerfile), as it is now, failed") }
            return built == image.id.description
                ? pass("\(name) is what \(dockerfile) builds now")
                : fail("\(name) is not what \(dockerfile), as it is now, last built: build it again with -t \(name)")
        case .fileMatches(let name, let path, let workspaceFile):
            guard let image = world.engine.images.image(name) else { return missingImage(name) }
            guard let wanted = readData(workspaceFile, in: world.workspace) else { return fail("there is no \(workspaceFile) in the workspace") }
            guard let view = try? world.engine.images.view(of: image) else { return fail("the layers of \(name) cannot be read") }
            guard let resolved = view.resolve(path), case .file(let content) = resolved.entry.kind else {
                return fail("\(name) has no file \(path)")
            }
            return content.size == Int64(wanted.count) && content.data == wanted
                ? pass("\(name)'s \(path) is \(workspaceFile) as it is now")
                : fail("\(name)'s \(path) is not \(workspaceFile) as it is now: build the image again after changing it")
        case .instructionOrder(let dockerfile, let first, let then):
            return instructionOrder(read(dockerfile, in: world.workspace), name: dockerfile, first: first, then: then)
        case .workspaceFile(let path, let contains):
            guard let text = read(path, in: world.workspace) else { return fail("there is no \(path) in the workspace") }
            guard let contains else { return pass("\(path) exists") }
            return text.contains(contains) ? pass("\(path) has `\(contains)`") : fail("\(path) does not have `\(contains)` yet")
        }
    }

    static func pass(_ detail: String) -> CheckResult { CheckResult(passed: true, detail: detail) }
    static func fail(_ detail: String) -> CheckResult { CheckResult(passed: false, detail: detail) }
    static func missingImage(_ name: String) -> CheckResult { fail("there is no image \(name) yet") }

    /// A workspace file's text, read only when the path really stays in the workspace (links followed
    /// one by one): what a check reads goes back to the instructor in the export.
    static func read(_ relative: String, in workspace: URL) -> String? {
        readData(relative, in: workspace).map { String(decoding: $0, as: UTF8.self) }
    }

    static func readData(_ relative: String, in workspace: URL) -> Data? {
        guard let path = ContainedPath.resolve(relative.split(separator: "/").map(String.init), inside: workspace) else { return nil }
        return FileManager.default.contents(atPath: path)
    }

    static func describe(_ bound: LessonCheck.Bound, sizes: Bool) -> String {
        func value(_ number: Int64) -> String { sizes ? DockerFormat.size(number) : String(number) }
        switch (bound.minimum, bound.maximum) {
        case let (low?, high?) where low == high: return "exactly \(value(low))"
        case let (low?, high?): return "between \(value(low)) and \(value(high))"
        case let (low?, nil): return "at least \(value(low))"
        case let (nil, high?): return "at most \(value(high))"
        default: return "any"
        }
    }

    /// A string list as `docker inspect -f '{{json .Config.Cmd}}'` prints it.
    static func inspectJSON(_ list: [String]) -> String {
        GoJSON.marshal(.array(list.map(JSONValue.string)), escapeHTML: false)
    }

    /// A config field as `docker inspect` shows it, compared with what the lesson expects.
    static func config(_ config: ImageConfig, field: String, expectation: LessonCheck.Expectation, image: String) -> CheckResult {
        let values: [String]
        switch field {
        case "User": values = config.user.map { [$0] } ?? []
        case "Cmd": values = config.cmd.map { [inspectJSON($0)] } ?? []
        case "Entrypoint": values = config.entrypoint.map { [inspectJSON($0)] } ?? []
        case "Env": values = config.env ?? []
        case "ExposedPorts": values = config.exposedPorts?.keys.sorted() ?? []
        case "WorkingDir": values = config.workingDir.map { [$0] } ?? []
        case "Labels": values = config.labels?.map { "\($0.key)=\($0.value)" }.sorted() ?? []
        case "Volumes": values = config.volumes?.keys.sorted() ?? []
        case "StopSignal": values = config.stopSignal.map { [$0] } ?? []
        default: values = config.healthcheck.map { [inspectJSON($0.test)] } ?? []
        }
        let shown = values.isEmpty ? "not set" : values.joined(separator: ", ")
        switch expectation {
        case .equals(let wanted):
            let actual = values.joined(separator: ", ")
            return actual == wanted ? pass("\(image) has \(field) \(wanted)") : fail("\(image) has \(field) \(shown); the goal is \(wanted)")
        case .contains(let wanted):
            return values.contains(where: { $0 == wanted || $0.hasPrefix(wanted + "=") || $0.contains(wanted) && field != "Env" })
                ? pass("\(image)'s \(field) has \(wanted)") : fail("\(image)'s \(field) is \(shown); it should have \(wanted)")
        case .absent:
            return values.isEmpty ? pass("\(image) sets no \(field)") : fail("\(image) sets \(field) to \(shown); the goal is not to set it")
        }
    }

    static func file(_ image: ImageRecord, name: String, path: String, present: Bool, layerText: String?, engine: Engine) -> CheckResult {
        guard let view = try? engine.images.view(of: image) else { return fail("the layers of \(name) cannot be read") }
        guard let resolved = view.resolve(path) else {
            return present ? fail("\(name) has no \(path)") : pass("\(name) has no \(path)")
        }
        guard present else { return fail("\(name) still has \(path) (layer \(resolved.layer + 1))") }
        guard let layerText else { return pass("\(name) has \(path)") }
        let steps = image.configuration.history.filter { $0.emptyLayer != true }
        let createdBy = resolved.layer < steps.count ? steps[resolved.layer].createdBy ?? "" : ""
        return createdBy.contains(layerText)
            ? pass("\(path) comes from the layer of `\(layerText)`")
            : fail("\(path) comes from layer \(resolved.layer + 1) (\(createdBy.prefix(60))), not from a `\(layerText)` layer")
    }

    /// The image's config `User` is the account wanted and the image's passwd has it, so a container
    /// starts as that user (the runtime resolves the name when the container starts).
    static func runsAs(_ image: ImageRecord, name: String, user wanted: String, engine: Engine) -> CheckResult {
        let spec = image.configuration.config.user ?? ""
        let user: ShellProcess.User
        do {
            user = try engine.startingUser(of: image)
        } catch {
            return fail("\(name) says USER \(spec), but its /etc/passwd has no such user: docker run fails with `\(error.message)`; create the user in a RUN before USER")
        }
        guard user.name == wanted || String(user.uid) == wanted else {
            return fail(spec.isEmpty ? "\(name) starts as root (it sets no USER)" : "\(name) starts as \(user.name) (USER \(spec)); the goal is \(wanted)")
        }
        return pass("\(name) starts as \(user.name) (uid \(user.uid)), a user of its /etc/passwd")
    }

    /// The first instruction beginning with `first` comes before the first beginning with `then`.
    static func instructionOrder(_ text: String?, name: String, first: String, then: String) -> CheckResult {
        guard let text else { return fail("there is no \(name) in the workspace") }
        guard let program = try? DockerfileProgram.parse(text, file: name) else { return fail("\(name) does not parse; run 'lint \(name)' to see why") }
        func normalized(_ text: String) -> String { text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let instructions = program.stages.flatMap { [$0.fromLocation] + $0.instructions }
        func line(of wanted: String) -> Int? {
            let prefix = normalized(wanted)
            return instructions.first { normalized($0.original).hasPrefix(prefix) }?.startLine
        }
        guard let firstLine = line(of: first) else { return fail("\(name) has no `\(first)` instruction") }
        guard let thenLine = line(of: then) else { return fail("\(name) has no `\(then)` instruction") }
        return firstLine < thenLine
            ? pass("in \(name), `\(first)` (line \(firstLine)) comes before `\(then)` (line \(thenLine))")
            : fail("in \(name), `\(then)` (line \(thenLine)) comes before `\(first)` (line \(firstLine)); the goal is the other way round")
    }

    static func officialPinnedBase(_ text: String?, name: String) -> CheckResult {
        guard let text else { return fail("there is no \(name) in the workspace") }
        guard let program = try? DockerfileProgram.parse(text, file: name) else { return fail("\(name) does not parse; run 'lint \(name)' to see why") }
        var stageNames: Set<String> = []
        for stage in program.stages {
            defer { if let name = stage.from.stageName { stageNames.insert(name) } }
            let base = stage.from.base
            if base == "scratch" || stageNames.contains(base.lowercased()) { continue }
            guard let reference = try? ImageReference.parse(base) else { return fail("FROM \(base) is not an image name") }
            guard reference.isOfficial else { return fail("FROM \(base) is not an official image (official images have no namespace, like python)") }
            guard let tag = reference.tag, tag != "latest" || reference.digest != nil else {
                return fail("FROM \(base) does not pin a version: add one, like \(reference.familiarName):VERSION ('docker search' and the image's Hub page list them)")
            }
        }
        return pass("every FROM is an official image with a pinned tag")
    }

    static func registryHas(_ registry: String, name: String, sameAs: String?, engine: Engine) -> CheckResult {
        let host = CredentialStore.host(typed: registry)
        guard let reference = try? ImageReference.parse(host == ImageReference.defaultDomain ? name : "\(host)/\(name)") else {
            return fail("\(name) is not an image name")
        }
        let tagged = reference.withDefaultTag
        guard let endpoint = try? engine.endpoint(for: host) else { return fail("the registry \(registry) is not reachable") }
        // A check runs after every command: it reads layerlab's own registries, never the network.
        guard let local = endpoint.registry else { return fail("\(registry) is a real registry, which checks do not read") }
        guard let stored = try? local.manifest(tagged.tag ?? "latest", in: tagged.path), let manifest = try? stored.decoded() else {
            return fail("\(registry) has no \(tagged.path):\(tagged.tag ?? "latest") yet")
        }
        guard let sameAs else { return pass("\(registry) has \(tagged.path):\(tagged.tag ?? "latest")") }
        guard let local = engine.images.image(sameAs) else { return missingImage(sameAs) }
        return manifest.config.digest == local.id
            ? pass("\(registry) has \(tagged.path):\(tagged.tag ?? "latest"), the same image as \(sameAs)")
            : fail("\(registry) has \(tagged.path):\(tagged.tag ?? "latest"), but it is not the image \(sameAs) is now (push it again)")
    }
}
