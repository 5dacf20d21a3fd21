import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LessonPack
import RegistryClient
import SimulatedWorld

/// `layerlab class check`: a class judged by what its learners pushed to one real registry, the class
/// hub, rather than by what they report. A learner pushes an exercise's image under their own name
/// (`pushedName`: `HOST/LEARNER/` and the name the exercise's checks give it). The registry's
/// catalog says who the learners are (or a roster does); each learner's images are pulled into a
/// throwaway world of their own through the engine's pull from a real registry (every manifest,
/// config and layer held to its digest), and every check of the pack that an image can show is
/// evaluated there as the course evaluates it (`CheckEvaluator`). Checks that need more than an
/// image (`LessonCheck.Kind.judgedImage`) are counted as not judged, never as passed.
public struct ClassHub: Sendable {
    public var registry: AllowedRegistries.Entry
    /// The registry's login, when it wants one.
    public var login: RegistryCredentials?
    public var pack: LessonPack
    /// The learners to judge, whether they pushed or not; nil: every learner's name the registry lists.
    public var roster: [String]?

    public init(registry: AllowedRegistries.Entry, login: RegistryCredentials? = nil, pack: LessonPack, roster: [String]? = nil) {
        self.registry = registry
        self.login = login
        self.pack = pack
        self.roster = roster
    }

    /// The throwaway worlds' folder in the temporary folder; one a killed check left goes at the next.
    static let scratchPrefix = "layerlab-class-check-"

    /// Where a learner pushes the image an exercise's checks name: `HOST/LEARNER/`, then that name
    /// without any registry host, with its tag (`latest` when it has none). `notes:1.0` goes to
    /// `HOST/ada/notes:1.0`, `learner1/friendlyhello:1.0` to `HOST/ada/learner1/friendlyhello:1.0`,
    /// `localhost:5000/my-alpine:3.20` to `HOST/ada/my-alpine:3.20`. Nil where no push can give that
    /// name: an image ID, a digest, a learner's name that cannot be part of an image name.
    public static func pushedName(of image: String, learner: String, registry host: String) -> ImageReference? {
        guard let hub = hubPath(of: image), !learner.contains("/"),
              let pushed = try? ImageReference.parse("\(host)/\(learner)/\(hub.path):\(hub.tag)"),
              pushed.domain == host, pushed.path == "\(learner)/\(hub.path)"
        else { return nil }
        return pushed
    }

    /// The path below a learner's name and the tag an image is pushed under, with the name checks read
    /// it by locally; nil for an image ID or a digest.
    static func hubPath(of image: String) -> (local: ImageReference, path: String, tag: String)? {
        guard let named = try? ImageReference.parse(image), named.digest == nil else { return nil }
        let path = named.domain == ImageReference.defaultDomain ? named.familiarName : named.path
        return (local: named.withDefaultTag, path: path, tag: named.tag ?? ImageReference.defaultTag)
    }

    /// Whether a name can be a learner's in image names: one path component as distribution allows it
    /// (lower-case letters and digits, with `.`, `_`, `__` or dashes between them).
    public static func isLearnerName(_ name: String, registry host: String) -> Bool {
        !name.isEmpty && pushedName(of: "probe", learner: name, registry: host) != nil
    }

    /// An exercise as the class check sees it: the checks an image can show, each with the image it
    /// reads, out of how many checks it has.
    struct JudgedExercise: Sendable {
        var key: ClassReport.ExerciseKey
        var checks: [(check: LessonCheck, image: String)]
        var total: Int

        /// The images its judged checks read, each once, in order.
        var images: [String] {
            var images: [String] = []
            for (_, image) in checks where !images.contains(image) { images.append(image) }
            return images
        }
    }

    static func judgedExercises(of pack: LessonPack) -> [JudgedExercise] {
        pack.exercises.map { item in
            let checks = item.exercise.checks.compactMap { check -> (check: LessonCheck, image: String)? in
                guard let image = check.kind.judgedImage, hubPath(of: image) != nil else { return nil }
                return (check: check, image: image)
            }
            return JudgedExercise(key: ClassReport.ExerciseKey(lesson: item.lesson.id, exercise: item.exercise.id), checks: checks,
                                  total: item.exercise.checks.count)
        }
    }

    /// What the registry lists: each learner's tagged images (`ada/notes:1.0`); what is left out.
    struct Listing: Sendable {
        var tagged: [String: Set<String>] = [:]
        /// Learners whose tags could not all be listed: their images are looked for by name only.
        var incomplete: Set<String> = []
        /// False when the registry does not list its repositories (judging a roster then).
        var listed = true
        var learnerNotes: [String: [String]] = [:]
        var skipped: [(file: String, reason: String)] = []
        var notes: [String] = []
    }

    /// A learner's image as the check found it.
    enum ImageOutcome: Equatable {
        case pulled
        case notPushed
        case unreadable(String)
    }

    /// Judges every learner (the roster, or each name the registry lists), each in a world of their
    /// own, side by side; fails only when the registry cannot be reached or read at all.
    public func check() throws(ClassHubError) -> ClassReport {
        let host = registry.host
        guard Self.isLearnerName("probe", registry: host) else {
            throw ClassHubError("\(host) cannot begin an image name: Docker reads a first part without '.' or ':' as a name on Docker Hub",
                                hint: "give the registry with its port (HOST:PORT) or its full host name")
        }
        if let wrong = roster?.first(where: { !Self.isLearnerName($0, registry: host) }) {
            throw ClassHubError("'\(wrong)' cannot be a learner's name in image names (\(host)/\(wrong)/IMAGE:TAG)",
                                hint: "write the roster's names as the learners push under them: lower-case letters and digits, with '.', '_' or '-' between them")
        }
        let temporary = FileManager.default.temporaryDirectory
        Leftovers.remove(in: temporary, prefix: Self.scratchPrefix, olderThan: 3600)
        let scratch = temporary.appendingPathComponent(Self.scratchPrefix + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let listing = try list(scratch: scratch.appendingPathComponent("listing"))
        let names = roster ?? listing.tagged.keys.sorted()
        let exercises = Self.judgedExercises(of: pack)
        let version = ClassReport.PackVersion(id: pack.manifest.id, version: pack.manifest.version)
        let learners = Parallel.map(names.count) { index in
            let name = names[index]
            let pushed: Set<String>? = listing.listed && !listing.incomplete.contains(name) ? listing.tagged[name] ?? [] : nil
            return judge(name, pushed: pushed, notes: listing.learnerNotes[name] ?? [], exercises: exercises, version: version,
                         home: scratch.appendingPathComponent("learner-\(index)"))
        }
        let checks = Dictionary(exercises.map { ($0.key, ClassReport.CheckCount(judged: $0.checks.count, total: $0.total)) }, uniquingKeysWith: { first, _ in first })
        return ClassReport(registry: host, pack: version, order: exercises.map(\.key), checks: checks, learners: learners,
                           skipped: listing.skipped, notes: listing.notes)
    }

    /// The learners' names and tagged images, from the catalog and each repository's tags.
    func list(scratch: URL) throws(ClassHubError) -> Listing {
        let host = registry.host
        let remote = RemoteRegistry(base: registry.baseURL, login: login.map { (username: $0.username, password: $0.password) }, scratch: scratch)
        var listing = Listing()
        let repositories: [String]
        do throws(RemoteRegistryError) {
            repositories = try remote.repositories()
        } catch {
            if case .transport = error { throw unreachable(error) }
            guard roster != nil else { throw unlisted(error) }
            listing.listed = false
            listing.notes.append("\(host) does not list its repositories (\(error.message)): the roster's images were looked for by the names "
                + "the exercises give, and images pushed under other names were not seen")
            return listing
        }
        let rostered = roster.map { Set($0) }
        var leftOut: Set<String> = []
        for repository in repositories {
            // Names come from the network: one that is no image name is shown quoted, its control characters escaped.
            guard (try? ImageReference.parse("\(host)/\(repository)")) != nil else {
                listing.skipped.append(("\(host)/\(repository.debugDescription)", "not an image name"))
                continue
            }
            let parts = repository.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, Self.isLearnerName(parts[0], registry: host) else {
                listing.skipped.append(("\(host)/\(repository)", "not below a learner's name (\(host)/LEARNER/IMAGE:TAG)"))
                continue
            }
            let learner = parts[0]
            guard rostered?.contains(learner) ?? true else {
                if leftOut.insert(learner).inserted { listing.skipped.append(("\(host)/\(learner)/", "not on the roster")) }
                continue
            }
            do throws(RemoteRegistryError) {
                let tags = try remote.tags(of: repository).filter { (try? ImageReference.parse("\(host)/\(repository):\($0)")) != nil }
                listing.tagged[learner, default: []].formUnion(tags.map { "\(repository):\($0)" })
            } catch {
                if case .transport = error { throw unreachable(error) }
                // Still a learner of the class: their images are then looked for by name.
                if listing.tagged[learner] == nil { listing.tagged[learner] = [] }
                listing.incomplete.insert(learner)
                listing.learnerNotes[learner, default: []].append("the tags of \(host)/\(repository) could not be listed: \(error.message)")
            }
        }
        return listing
    }

    func unreachable(_ error: RemoteRegistryError) -> ClassHubError {
        ClassHubError("cannot reach the class registry at \(registry.host): \(error.message)",
                      hint: "start it, or check its address (curl \(registry.baseURL.absoluteString)/v2/ answers {} when it runs); "
                          + "a registry on another machine is spoken to over HTTPS unless given as http://HOST:PORT")
    }

    func unlisted(_ error: RemoteRegistryError) -> ClassHubError {
        if case .unauthorized = error {
            return ClassHubError("\(registry.host) does not let this login list its repositories: \(error.message)",
                                 hint: "give the registry's login with --username USER --password-stdin (a token service must grant it registry:catalog:*), "
                                     + "or the class's learners with --roster FILE")
        }
        return ClassHubError("\(registry.host) does not list its repositories: \(error.message)",
                             hint: "give the class's learners with --roster FILE (a name a line): their images are then looked for by the names the exercises give")
    }

    /// One learner, judged in a world of their own under `home` (removed after): their images pulled
    /// and named as the checks name them, then each exercise's judged checks evaluated. `pushed` is
    /// what the registry lists of theirs (nil when it does not list): an image it lacks is not asked for.
    func judge(_ learner: String, pushed: Set<String>?, notes listed: [String], exercises: [JudgedExercise], version: ClassReport.PackVersion,
               home: URL) -> ClassReport.Learner {
        defer { try? FileManager.default.removeItem(at: home) }
        let host = registry.host
        let world = SimulatedWorld(home: home, clock: SystemWallClock())
        world.allowRegistries([registry])
        var notes = listed
        var images: [String] = []
        for image in exercises.flatMap({ $0.images }) where !images.contains(image) { images.append(image) }
        var outcomes: [String: ImageOutcome] = [:]
        var expected: Set<String> = []
        for image in images {
            guard let hub = Self.hubPath(of: image), let name = Self.pushedName(of: image, learner: learner, registry: host) else { continue }
            expected.insert("\(name.path):\(hub.tag)")
            if let pushed, !pushed.contains("\(name.path):\(hub.tag)") {
                outcomes[image] = .notPushed
                continue
            }
            do throws(EngineError) {
                try world.perform { engine throws(EngineError) in
                    let pulled = try engine.pull(name, credentials: login)
                    try engine.images.setTag(hub.local, to: pulled.imageID)
                }
                outcomes[image] = .pulled
            } catch .manifestUnknown {
                outcomes[image] = .notPushed
            } catch {
                outcomes[image] = .unreadable(error.message)
                notes.append("\(name.familiarDescription) could not be pulled: \(error.message)")
            }
        }
        var judged = ClassReport.Learner(name: learner, file: "\(host)/\(learner)/", pack: version, cells: [:], checksumMatches: true)
        for exercise in exercises {
            let record = verdict(on: exercise, learner: learner, outcomes: outcomes, world: world, workspace: home.appendingPathComponent("workspace"))
            judged.order.append(exercise.key)
            judged.records[exercise.key] = record
            guard !exercise.checks.isEmpty else { continue }
            judged.cells[exercise.key.lesson, default: ClassReport.Cell()].total += 1
            if record.finished {
                judged.cells[exercise.key.lesson, default: ClassReport.Cell()].done += 1
                judged.done += 1
            }
        }
        let extra = (pushed ?? []).subtracting(expected).sorted()
        if !extra.isEmpty {
            let shown = extra.prefix(5).map { "\(host)/\($0)" }.joined(separator: ", ") + (extra.count > 5 ? " and \(extra.count - 5) more" : "")
            notes.append("pushed \(shown), which no check names (an exercise's image NAME:TAG goes to \(host)/\(learner)/NAME:TAG)")
        }
        if judged.opened == 0 && !exercises.allSatisfy({ $0.checks.isEmpty }) { notes.append("nothing pushed under \(host)/\(learner)/") }
        judged.notes = notes
        return judged
    }

    /// An exercise's record: not opened when none of its images was pushed; else finished when each of
    /// its images is there and every judged check holds, with what fails otherwise.
    func verdict(on exercise: JudgedExercise, learner: String, outcomes: [String: ImageOutcome], world: SimulatedWorld, workspace: URL) -> ClassReport.Record {
        var record = ClassReport.Record(opened: false, finished: false, attempts: 0, seconds: 0, solutionViewed: false)
        let states = exercise.images.map { outcomes[$0] ?? .notPushed }
        guard states.contains(where: { $0 != .notPushed }) else { return record }
        record.opened = true
        for (image, state) in zip(exercise.images, states) {
            let name = Self.pushedName(of: image, learner: learner, registry: registry.host)?.familiarDescription ?? image
            switch state {
            case .pulled: break
            case .notPushed: record.failures.append("\(name) is not in the registry")
            case .unreadable(let reason): record.failures.append("\(name) could not be pulled: \(reason)")
            }
        }
        let readable = exercise.checks.filter { outcomes[$0.image] == .pulled }
        let results = world.perform { engine in
            let view = WorldView(engine: engine, workspace: workspace, credentials: world.credentials)
            return readable.map { CheckEvaluator.evaluate($0.check, in: view) }
        }
        record.failures += results.filter { !$0.passed }.map(\.detail)
        record.finished = record.failures.isEmpty
        return record
    }
}
