import ArgumentParser
import Builder
import Course
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LessonPack
import RegistryClient

/// `layerlab bench hub`: the load the class hub must carry (issue 19): learners pushing their images
/// to one real registry at the same moment, every push succeeding and every manifest there afterwards
/// with the digest its push printed, then `class check` over all of it; wall times.
public struct BenchHub: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Time learners pushing to one real registry at once, then 'class check' over what they pushed.",
        discussion: """
        Each learner has a home of their own in a temporary folder, where they first build their images
        (FROM alpine:3.20, a RUN that writes a file of their own, an ENV); then all of them push at once,
        each image after the other, as a class would; then every manifest is read back, and 'class check'
        judges the lot against a pack of one exercise per image. The images stay in the registry, below
        bench-RUN-NN/ (the run's name is printed first). Against the reference registry that
        ../shared/tools/reference-docker up starts: layerlab bench hub --registry 127.0.0.1:5055
        """
    )

    @Option(help: ArgumentHelp("The registry to push to.", valueName: "HOST:PORT")) public var registry: String
    @Option(help: "How many learners push at once.") public var learners = 30
    @Option(help: "How many images each learner pushes.") public var images = 5

    public init() {}

    public func validate() throws {
        _ = try Repl.allowedRegistries([registry])
        guard learners >= 1, learners <= 500 else { throw ValidationError("--learners must be between 1 and 500") }
        guard images >= 1, images <= 50 else { throw ValidationError("--images must be between 1 and 50") }
    }

    public func run() throws {
        guard let entry = try Repl.allowedRegistries([registry]).first else { throw ValidationError("--registry: give HOST:PORT") }
        let load = HubLoad(registry: entry, learners: learners, images: images)
        print("hub load: \(learners) learners pushing \(images) images each at once to \(entry.host), as \(load.names[0]) … \(load.names[load.names.count - 1])")
        let figures: HubLoad.Figures
        do throws(ClassHubError) {
            figures = try load.run()
        } catch {
            throw fail(error)
        }
        print(figures.summary.joined(separator: "\n"))
        if !figures.held { throw ExitCode(1) }
    }
}

/// One run of the load: the learners' homes, their pushes side by side, the manifests read back, the
/// class check. Every failure is counted and named, none stops the run.
struct HubLoad: Sendable {
    var registry: AllowedRegistries.Entry
    var learners: Int
    var images: Int
    /// This run's part of the learners' names, so that a registry kept between runs shows each run apart.
    var runName = String(UUID().uuidString.lowercased().prefix(8))

    var names: [String] { (1...learners).map { "bench-\(runName)-" + String(format: "%02d", $0) } }

    /// What the load came to.
    struct Figures: Sendable {
        var preparedSeconds: Double
        var pushes: Int
        /// What failed: a learner's build or push, a manifest missing or not the one pushed.
        var failures: [String]
        var pushed: Int
        var pushSeconds: Double
        var readBack: Int
        var report: ClassReport
        var checkSeconds: Double

        var passed: Int { report.learners.reduce(0) { $0 + $1.done } }
        var held: Bool { failures.isEmpty && pushed == pushes && readBack == pushes && passed == pushes }

        var summary: [String] {
            let checks = report.exercises.first?.checks
            var lines = [
                String(format: "prepared: every learner's home and images built in %.1f s (not timed below)", preparedSeconds),
                String(format: "push: %d of %d pushes succeeded, all started at once, in %.2f s wall (%.1f images/s)", pushed, pushes, pushSeconds,
                       pushSeconds > 0 ? Double(pushed) / pushSeconds : 0),
                "read back: \(readBack) of \(pushes) manifests in the registry with the digest their push printed",
                String(format: "class check: %d of %d exercises passed, %d learners pulled and judged in %.2f s wall (%d of %d checks an exercise judged from an image)",
                       passed, pushes, report.learners.count, checkSeconds, checks?.judged ?? 0, checks?.total ?? 0),
            ]
            lines += failures.map { "failed: " + $0 }
            return lines
        }
    }

    /// The images' names as the pack's checks give them.
    func imageName(_ image: Int) -> String { "bench-\(image):1.0" }

    func dockerfile(learner: String, image: Int) -> String {
        "FROM alpine:3.20\nRUN mkdir -p /bench && echo '\(learner) image \(image)' > /bench/image-\(image).txt\nENV BENCH_IMAGE=\(image)\n"
    }

    /// A pack of one lesson with an exercise per image: its file from the layer of its RUN, its two
    /// layers, its ENV, and a running container, which no image can show (so it is not judged).
    var packFiles: [String: String] {
        let exercises = (1...images).map { image in
            """
              - id: image-\(image)
                goal: Build \(imageName(image)) and push it to the class's registry.
                hints:
                  - Push it as HOST:PORT/YOUR-NAME/\(imageName(image)).
                solution:
                  - docker build -t \(imageName(image)) .
                checks:
                  - file: {image: "\(imageName(image))", path: /bench/image-\(image).txt, layer: RUN}
                  - layer_count: {image: "\(imageName(image))", equals: 2}
                  - config: {image: "\(imageName(image))", field: Env, contains: BENCH_IMAGE=\(image)}
                  - container_running: {image: "\(imageName(image))"}

            """
        }.joined()
        return [
            "pack.yaml": "id: hub-load\ntitle: The class hub under load\nversion: 1.0.0\nformat_version: 1\nauthor: layerlab bench hub\nexam_mode: false\nlessons:\n  - 01-hub.md\n",
            "01-hub.md": "---\nid: hub\ntitle: Images for the class hub\nexercises:\n" + exercises + "---\n# Images for the class hub\n\nBuild each image and push it.\n",
        ]
    }

    func run() throws(ClassHubError) -> Figures {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-bench-hub-\(runName)")
        defer { try? FileManager.default.removeItem(at: root) }
        let names = self.names
        let plan = names.map { name in (1...images).compactMap { ClassHub.pushedName(of: imageName($0), learner: name, registry: registry.host) } }
        guard plan.allSatisfy({ $0.count == images }) else {
            throw ClassHubError("\(registry.host) cannot begin an image name", hint: "give the registry as HOST:PORT")
        }
        let pack: LessonPack
        do {
            let folder = root.appendingPathComponent("pack")
            for (path, text) in packFiles {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: folder.appendingPathComponent(path))
            }
            pack = try CourseLocator.load(folder)
        } catch {
            throw ClassHubError("the benchmark's pack cannot be written or read: \(error)")
        }

        var began = DispatchTime.now().uptimeNanoseconds
        let prepared = Parallel.map(names.count) { index in
            prepare(names[index], references: plan[index], home: root.appendingPathComponent(names[index]))
        }
        let preparedSeconds = Self.seconds(since: began)
        var failures = prepared.flatMap { $0 }

        let pushers = Pushers(count: names.count)
        // Every pusher waits at the gate, so that all start at the same moment once it opens.
        pushers.gate.enter()
        for (index, name) in names.enumerated() {
            pushers.finished.enter()
            let home = root.appendingPathComponent(name)
            let references = plan[index]
            let thread = Thread { [self] in
                pushers.gate.wait()
                pushers.set(index, push(references, home: home))
                pushers.finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        began = DispatchTime.now().uptimeNanoseconds
        pushers.gate.leave()
        pushers.finished.wait()
        let pushSeconds = Self.seconds(since: began)

        let remote = RemoteRegistry(base: registry.baseURL, login: nil, scratch: root.appendingPathComponent("read-back"))
        var pushed = 0
        var readBack = 0
        for outcome in pushers.outcomes.flatMap({ $0 }) {
            switch outcome {
            case .failed(let reference, let message):
                failures.append("push of \(reference): \(message)")
            case .pushed(let reference, let digest):
                pushed += 1
                do {
                    let manifest = try remote.manifest(reference.tag ?? ImageReference.defaultTag, in: reference.path)
                    if manifest.digest == digest {
                        readBack += 1
                    } else {
                        failures.append("\(reference.familiarDescription) is \(manifest.digest) in the registry, not the \(digest) its push printed")
                    }
                } catch {
                    failures.append("\(reference.familiarDescription) cannot be read back: \((error as? RemoteRegistryError)?.message ?? "\(error)")")
                }
            }
        }

        began = DispatchTime.now().uptimeNanoseconds
        let report = try ClassHub(registry: registry, pack: pack, roster: names).check()
        let checkSeconds = Self.seconds(since: began)
        for learner in report.learners {
            failures += learner.notes.map { "\(learner.name): \($0)" }
            failures += learner.records.values.flatMap(\.failures).map { "\(learner.name): \($0)" }
        }
        return Figures(preparedSeconds: preparedSeconds, pushes: names.count * images, failures: failures, pushed: pushed, pushSeconds: pushSeconds,
                       readBack: readBack, report: report, checkSeconds: checkSeconds)
    }

    /// A learner's home with their images built and named for the registry; what failed, if anything.
    func prepare(_ learner: String, references: [ImageReference], home: URL) -> [String] {
        let engine = Engine(root: home.appendingPathComponent("engine"), clock: SystemWallClock())
        return zip(1...images, references).compactMap { image, reference in
            let context = home.appendingPathComponent("image-\(image)")
            let local = (try? ImageReference.parse(imageName(image))).map { [$0] } ?? []
            return Self.build(dockerfile(learner: learner, image: image), tags: local + [reference], engine: engine, context: context)
                .map { "\(learner)'s \(imageName(image)): \($0)" }
        }
    }

    /// Builds a Dockerfile's text in `context` (written there) as `tags`; the build's failure, if it failed.
    static func build(_ dockerfile: String, tags: [ImageReference], engine: Engine, context: URL) -> String? {
        let file = context.appendingPathComponent("Dockerfile")
        do {
            try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
            try Data(dockerfile.utf8).write(to: file)
        } catch {
            return "cannot write \(file.path): \(error.localizedDescription)"
        }
        let request = BuildRequest(context: context, dockerfile: file, dockerfileName: "Dockerfile", tags: tags, target: nil, buildArguments: [:], noCache: false)
        return ImageBuilder(engine: engine, clock: SystemWallClock()).build(request).failure
    }

    /// What became of one push.
    enum PushOutcome: Sendable {
        case pushed(ImageReference, Digest)
        case failed(String, String)
    }

    /// A learner's pushes, one image after the other, from their own home's engine.
    func push(_ references: [ImageReference], home: URL) -> [PushOutcome] {
        let engine = Engine(root: home.appendingPathComponent("engine"), clock: SystemWallClock())
        engine.allowedRegistries.entries = [registry]
        return references.map { reference in
            do throws(EngineError) {
                let report = try engine.push(engine.pushPlan(reference), credentials: nil)
                return .pushed(reference, report.manifestDigest)
            } catch {
                return .failed(reference.familiarDescription, error.message)
            }
        }
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The pushers' gate, which holds them until all are ready, and their outcomes, each written by
    /// its own thread and read once all are done.
    final class Pushers: @unchecked Sendable {
        let gate = DispatchGroup()
        let finished = DispatchGroup()
        private let lock = NSLock()
        private var values: [[PushOutcome]]

        init(count: Int) {
            values = Array(repeating: [], count: count)
        }

        func set(_ index: Int, _ outcomes: [PushOutcome]) {
            lock.withLock { values[index] = outcomes }
        }

        var outcomes: [[PushOutcome]] { lock.withLock { values } }
    }
}
