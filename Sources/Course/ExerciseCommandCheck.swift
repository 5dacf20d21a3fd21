import DockerCLI
import Dockerfile
import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LessonPack
import Shell
import ShellSyntax

/// Follows one exercise's commands (its start, then its reference solution) and its checks, as `pack
/// validate` does: a command a pack may not run, and an image name that fails for every learner
/// because layerlab's catalog does not have it and no earlier command of the exercise makes it (a pull
/// from a registry it pushed to, a build, a tag, a commit).
struct ExerciseCommandCheck {
    /// The images layerlab's Docker Hub serves; nil when the catalog cannot be read (names are then not checked).
    let catalog: ImageCatalog?

    /// Commands that act on the learner's computer (`edit` opens their editor), which a pack's commands
    /// may not run: the session that runs them refuses them, so the start or the solution fails.
    static let hostCommands: Set<String> = Set(BuiltinCommands.all.filter { $0.reachesHost }.flatMap { [$0.help.name] + $0.help.aliases })

    /// A command of the exercise, read as the prompt reads it.
    struct Command {
        var text: String
        var location: SourceLocation
        var inStart: Bool
        /// Nil when the prompt cannot read the line (running it says why).
        var line: SimpleCommandLine?
        /// The words after any `NAME=value` ones.
        var words: [String] = []
        var docker: DockerImageUse?

        init(_ text: String, at location: SourceLocation, inStart: Bool) {
            self.text = text
            self.location = location
            self.inStart = inStart
            if case .success(let tokens) = ShellLexer().tokenize(text), let parsed = try? SimpleCommandLine.from(tokens) {
                line = parsed
                words = parsed.words.drop(while: { $0.assignment != nil }).map { $0.text }
            }
            docker = words.first == "docker" ? DockerCommand.imageUse(Array(words.dropFirst())) : nil
        }
    }

    func problems(in exercise: Exercise) -> [LessonPackProblem] {
        func at(_ locations: [SourceLocation], _ index: Int) -> SourceLocation {
            locations.indices.contains(index) ? locations[index] : exercise.location
        }
        let commands = exercise.start.commands.enumerated().map { Command($0.element, at: at(exercise.start.commandLocations, $0.offset), inStart: true) }
            + exercise.solution.enumerated().map { Command($0.element, at: at(exercise.solutionLocations, $0.offset), inStart: false) }
        var problems: [LessonPackProblem] = []
        var made: Set<ImageReference> = []
        var anyName = false
        func require(_ name: String, at location: SourceLocation, severity: LessonPackProblem.Severity = .error, _ message: (String) -> String) {
            guard let catalog, !anyName, let reference = Self.reference(name), !made.contains(reference), catalog.image(for: reference) == nil else { return }
            // Said once per name.
            made.insert(reference)
            problems.append(LessonPackProblem(message(name), at: location, hint: hint(for: reference), severity: severity))
        }
        for (index, command) in commands.enumerated() {
            let part = command.inStart ? "a start command" : "the reference solution"
            if let name = command.words.first, Self.hostCommands.contains(name) {
                problems.append(LessonPackProblem("\(part) runs `\(name)`, which acts on the learner's computer (it opens their editor): a lesson pack may not, so it fails",
                                                  at: command.location, hint: "write a file with `cat > FILE <<'EOF'`, its lines, then `EOF`, as the built-in course does"))
            }
            if command.inStart {
                // A Dockerfile the start writes and also builds must build; one it only writes may be the learner's to fix.
                let built = commands[(index + 1)...].contains { $0.inStart && $0.docker?.buildsDockerfile == true }
                for base in Self.baseImages(of: command) {
                    require(base.name, at: base.location, severity: built ? .error : .warning) { name in
                        built ? "FROM \(name): layerlab's image catalog does not have it and no earlier start command makes it, so the start's build fails for every learner"
                            : "FROM \(name): layerlab's image catalog does not have it, so a learner who builds this Dockerfile as it is gets an error a real Docker would not give"
                    }
                }
                for name in command.docker?.needs ?? [] {
                    require(name, at: command.location) { name in
                        "`\(command.text.split(separator: "\n").first ?? "")` needs the image '\(name)': layerlab's image catalog does not have it and no earlier start command makes it, so the start fails for every learner"
                    }
                }
            }
            made.formUnion((command.docker?.makes ?? []).compactMap(Self.reference))
            anyName = anyName || command.docker?.makesAnyName == true
        }
        for check in exercise.checks {
            for name in Self.images(in: check.kind) {
                require(name, at: check.location) { name in
                    "the check names the image '\(name)': layerlab's image catalog does not have it and no start or solution command makes it, so the check can never pass"
                }
            }
        }
        return problems
    }

    /// What to do about an unknown name: the catalog's nearest name, or the tags it has of that repository.
    func hint(for reference: ImageReference) -> String {
        let images = catalog?.images ?? []
        let tags = images.filter { $0.repository == reference.path && reference.domain == ImageReference.defaultDomain }.flatMap { $0.tags }
        let names = images.flatMap { image in image.tags.map { ImageReference(domain: ImageReference.defaultDomain, path: image.repository, tag: $0).familiarDescription } }
        let nearest = tags.isEmpty
            ? Suggestion.closest(to: reference.familiarDescription, in: names).map { "did you mean '\($0)'? " } ?? ""
            : "the catalog has \(reference.familiarName) as " + tags.prefix(6).map { "'\(reference.familiarName):\($0)'" }.joined(separator: ", ") + ". "
        return nearest + "layerlab's Docker Hub serves only its catalog ('docker search' at the prompt lists it); any other name must be built, tagged or committed by an earlier command of the exercise"
    }

    /// A name as the image store keys it (`docker.io/library/alpine:latest`); nil for an image ID, a
    /// digest (the catalog is keyed by tag) or a word that is no name (its command says so when run).
    static func reference(_ name: String) -> ImageReference? {
        guard !name.hasPrefix("sha256:"), !(name.count >= 12 && name.allSatisfy { $0.isHexDigit }),
              let reference = try? ImageReference.parse(name), reference.digest == nil
        else { return nil }
        return reference.withDefaultTag
    }

    /// The local images a check reads: it can pass only if they exist.
    static func images(in kind: LessonCheck.Kind) -> [String] {
        switch kind {
        case .imageExists(let image), .layerCount(let image, _), .config(let image, _, _), .file(let image, _, _, _),
             .imageSize(let image, _), .efficiency(let image, _, _), .runsAs(let image, _), .builtFrom(let image, _), .fileMatches(let image, _, _):
            return [image]
        case .containerRunning(let container), .containerOutput(let container, _):
            return container.image.map { [$0] } ?? []
        case .registryHas(_, _, let sameAs):
            return sameAs.map { [$0] } ?? []
        default:
            return []
        }
    }

    /// The base images of a Dockerfile a command writes from a heredoc (`cat > app/Dockerfile <<'EOF'`),
    /// each at its line in the lesson file. Stage names, `scratch` and names made from ARGs are no images.
    static func baseImages(of command: Command) -> [(name: String, location: SourceLocation)] {
        guard let line = command.line, writesDockerfile(line) else { return [] }
        var bases: [(name: String, location: SourceLocation)] = []
        for case .heredoc(let heredoc) in line.redirections {
            guard let program = try? DockerfileProgram.parse(heredoc.body) else { continue }
            // The lines of the command text before the body (the `<<` line at least).
            let before = command.text.range(of: heredoc.body).map { body in command.text[..<body.lowerBound].filter(\.isNewline).count } ?? 1
            var stages: Set<String> = []
            for stage in program.stages {
                defer { if let name = stage.from.stageName { stages.insert(name) } }
                let base = stage.from.base
                guard base != "scratch", !base.contains("$"), !stages.contains(base.lowercased()) else { continue }
                bases.append((name: base, location: SourceLocation(file: command.location.file, line: command.location.line + before + stage.fromLocation.startLine - 1)))
            }
        }
        return bases
    }

    /// Whether a command line writes a Dockerfile: a redirection to one, or one among its words (`tee`).
    static func writesDockerfile(_ line: SimpleCommandLine) -> Bool {
        var paths = Array(line.arguments.dropFirst())
        for case .output(_, let target, _) in line.redirections { paths.append(target.text) }
        return paths.contains { path in
            let name = (path.split(separator: "/").last.map { String($0) } ?? "").lowercased()
            return name.contains("dockerfile") || name == "containerfile"
        }
    }
}
