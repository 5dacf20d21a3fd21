import Course
import Engine
import Foundation
import ImageModel
@testable import LayerlabCommands
import LayerlabBasics
import LayerlabTestSupport
import LessonPack
import Registry
import RegistryHTTP
import Testing

/// `class check` against a registry on a real port: layerlab's own registry server, a registry as far
/// as HTTP goes (distribution 2.8's routes, catalog paging and errors, docs/spec/api.md), holding
/// images that learners built and pushed from homes of their own through the engine's push to a real
/// registry. What each check says is the course's own (`CheckEvaluator`).
@Suite(.waitsOnOtherPrograms) struct ClassCheckTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("class-check-\(UUID())")

    static let manifest = """
        id: hub-test
        title: The class hub in a test
        version: 1.0.0
        format_version: 1
        author: layerlab tests
        exam_mode: false
        lessons:
          - 01-hub.md

        """

    /// Three exercises: one judged by four checks of its image, one by one of two, one not at all.
    static let lesson = """
        ---
        id: hub
        title: The class hub
        exercises:
          - id: notes
            goal: Build notes:1.0 with a greeting.
            hints:
              - Build it.
            solution:
              - docker build -t notes:1.0 .
            checks:
              - file: {image: "notes:1.0", path: /hello.txt, layer: RUN}
              - layer_count: {image: "notes:1.0", equals: 2}
              - config: {image: "notes:1.0", field: Env, contains: GREETING=hi}
              - runs_as: {image: "notes:1.0", user: root}
          - id: tools
            goal: Build tools:1.0 and run it.
            hints:
              - Build it.
            solution:
              - docker build -t tools:1.0 .
            checks:
              - image_size: {image: "tools:1.0", max: 20MB}
              - container_running: {image: "tools:1.0"}
          - id: login
            goal: Log in to Docker Hub.
            hints:
              - Log in.
            solution:
              - docker login
            checks:
              - logged_in: docker.io
        ---
        # The class hub

        Push your images.

        """

    static let notes = "FROM alpine:3.20\nRUN echo hello > /hello.txt\nENV GREETING=hi\n"
    /// The greeting forgotten.
    static let wrongNotes = "FROM alpine:3.20\nRUN echo hello > /hello.txt\n"
    static let tools = "FROM alpine:3.20\nRUN touch /tools\n"

    static let notesKey = ClassReport.ExerciseKey(lesson: "hub", exercise: "notes")
    static let toolsKey = ClassReport.ExerciseKey(lesson: "hub", exercise: "tools")

    var packFolder: URL { folder.appendingPathComponent("pack") }

    func writePack() throws -> LessonPack {
        try FileManager.default.createDirectory(at: packFolder, withIntermediateDirectories: true)
        try Data(Self.manifest.utf8).write(to: packFolder.appendingPathComponent("pack.yaml"))
        try Data(Self.lesson.utf8).write(to: packFolder.appendingPathComponent("01-hub.md"))
        return try CourseLocator.load(packFolder)
    }

    func serve() throws -> RegistryHTTPServer {
        try RegistryHTTPServer(settings: .init(root: folder.appendingPathComponent("served"), deletionEnabled: false) { _ in .granted }, host: "127.0.0.1", port: 0)
    }

    /// Builds a Dockerfile in a home of its own and pushes the image under each name, as a learner does.
    func push(_ dockerfile: String, as names: [String], to host: String) throws {
        let home = folder.appendingPathComponent("homes/\(UUID().uuidString)")
        let engine = Engine(root: home.appendingPathComponent("engine"), clock: SystemWallClock())
        engine.allowedRegistries.entries = [try AllowedRegistries.Entry(parsing: host)]
        let tags = try names.map { try ImageReference.parse($0) }
        let failure = HubLoad.build(dockerfile, tags: tags, engine: engine, context: home.appendingPathComponent("context"))
        #expect(failure == nil)
        for tag in tags { _ = try engine.push(engine.pushPlan(tag), credentials: nil) }
    }

    @Test func eachLearnerIsJudgedByWhatTheyPushed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try serve()
        defer { server.shutDown() }
        let host = "127.0.0.1:\(server.port)"
        try push(Self.notes, as: ["\(host)/ada/notes:1.0"], to: host)
        try push(Self.tools, as: ["\(host)/ada/tools:1.0"], to: host)
        try push(Self.wrongNotes, as: ["\(host)/bob/notes:1.0", "\(host)/bob/notes:2.0"], to: host)
        try push("FROM alpine:3.20\nRUN touch /loose\n", as: ["\(host)/loose:1"], to: host)
        let pack = try writePack()
        let entry = try AllowedRegistries.Entry(parsing: host)

        // Without a roster, the learners are the names the catalog lists images below.
        let report = try ClassHub(registry: entry, pack: pack).check()
        #expect(report.source == .registry(host))
        #expect(report.learners.map(\.name) == ["ada", "bob"])
        #expect(report.exercises.map(\.checks) == [ClassReport.CheckCount(judged: 4, total: 4), ClassReport.CheckCount(judged: 1, total: 2),
                                                   ClassReport.CheckCount(judged: 0, total: 1)])
        let ada = report.learners[0]
        #expect(ada.records[Self.notesKey]?.finished == true && ada.records[Self.toolsKey]?.finished == true, "\(ada.records)")
        #expect(ada.done == 2 && ada.notes.isEmpty)
        // A wrong image: pushed, and the check that fails says why in its own words.
        let bob = report.learners[1]
        #expect(bob.records[Self.notesKey]?.opened == true && bob.records[Self.notesKey]?.finished == false)
        #expect(bob.records[Self.notesKey]?.failures.count == 1)
        #expect(bob.records[Self.notesKey]?.failures.first?.hasSuffix("it should have GREETING=hi") == true, "\(bob.records)")
        #expect(bob.records[Self.toolsKey]?.opened == false)
        #expect(bob.notes == ["pushed \(host)/bob/notes:2.0, which no check names (an exercise's image NAME:TAG goes to \(host)/bob/NAME:TAG)"])
        #expect(report.skipped.map(\.file) == ["\(host)/loose"])
        #expect(report.needsAttention)

        // With a roster: a learner who pushed nothing is there, and who is not on it is left out.
        let rostered = try ClassHub(registry: entry, pack: pack, roster: ["ada", "cy"]).check()
        #expect(rostered.learners.map(\.name) == ["ada", "cy"])
        #expect(rostered.learners[1].opened == 0 && rostered.learners[1].notes == ["nothing pushed under \(host)/cy/"])
        #expect(rostered.skipped.map(\.file) == ["\(host)/bob/", "\(host)/loose"])
        #expect(rostered.table(unicode: false).contains("cy       -     0       0       0        nothing pushed, see below"))
    }

    /// An image whose layer does not hash to its digest is not judged: what failed is said, with the
    /// engine's words for a download that does not match (moby's distribution/pull_v2.go).
    @Test func aDamagedImageIsNotJudgedAndSaysWhy() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try serve()
        defer { server.shutDown() }
        let host = "127.0.0.1:\(server.port)"
        try push(Self.notes, as: ["\(host)/ada/notes:1.0"], to: host)
        try push(Self.tools, as: ["\(host)/ada/tools:1.0"], to: host)
        let served = Registry(root: folder.appendingPathComponent("served"))
        let manifest = try served.manifest("1.0", in: "ada/tools").decoded()
        let blob = try #require(served.blobFile(manifest.layers[1].digest))
        var bytes = try Data(contentsOf: blob)
        bytes[bytes.count - 20] ^= 0x01
        try bytes.write(to: blob)

        let report = try ClassHub(registry: AllowedRegistries.Entry(parsing: host), pack: writePack()).check()
        let ada = try #require(report.learners.first)
        let said = "\(host)/ada/tools:1.0 could not be pulled: filesystem layer verification failed for digest \(manifest.layers[1].digest)"
        #expect(ada.records[Self.toolsKey]?.finished == false && ada.records[Self.toolsKey]?.failures == [said])
        #expect(ada.notes == [said] && report.needsAttention)
        #expect(ada.records[Self.notesKey]?.finished == true, "the other image is judged as usual")
    }

    /// A registry that does not answer: what (the class registry), where (its address and the
    /// request), what to do.
    @Test func aRegistryThatDoesNotAnswerIsAnErrorThatSaysWhereAndWhatToDo() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let pack = try writePack()
        let server = try serve()
        let port = server.port
        server.shutDown()
        let entry = try AllowedRegistries.Entry(parsing: "127.0.0.1:\(port)")
        let error = #expect(throws: ClassHubError.self) { try ClassHub(registry: entry, pack: pack).check() }
        #expect(error?.message.hasPrefix("cannot reach the class registry at 127.0.0.1:\(port): Get \"http://127.0.0.1:\(port)/v2/_catalog?n=100\": ") == true,
                "\(error?.message ?? "")")
        #expect(error?.hint == "start it, or check its address (curl http://127.0.0.1:\(port)/v2/ answers {} when it runs); "
            + "a registry on another machine is spoken to over HTTPS unless given as http://HOST:PORT")
        // A host Docker would read as a Docker Hub namespace, and a roster name no image name can hold.
        #expect(throws: ClassHubError.self) { try ClassHub(registry: AllowedRegistries.Entry(parsing: "classhub"), pack: pack).check() }
        let named = #expect(throws: ClassHubError.self) { try ClassHub(registry: entry, pack: pack, roster: ["Ada Lovelace"]).check() }
        #expect(named?.message == "'Ada Lovelace' cannot be a learner's name in image names (127.0.0.1:\(port)/Ada Lovelace/IMAGE:TAG)")
    }

    @Test func theCommandPrintsAndWritesTheReportAndSaysWhatNeedsALook() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try serve()
        defer { server.shutDown() }
        let host = "127.0.0.1:\(server.port)"
        try push(Self.notes, as: ["\(host)/ada/notes:1.0"], to: host)
        _ = try writePack()
        let roster = folder.appendingPathComponent("roster.txt")
        try Data("# the class\nada\n\ncy   # away today\n".utf8).write(to: roster)
        let output = folder.appendingPathComponent("report")
        let home = folder.appendingPathComponent("home").path
        let run = try BuiltBinary.run(["class", "check", "--home", home, "--registry", host, "--pack", packFolder.path, "--roster", roster.path, "-o", output.path],
                                      input: "")
        #expect(run.status == 2, "cy pushed nothing: \(run.error)")
        #expect(run.output.contains("Judged from the images the learners pushed to \(host), pulled and checked here"), "\(run.output)")
        #expect(run.output.contains("1.1 hub/notes  1       0        1           4 of 4"), "\(run.output)")
        #expect(run.output.contains("cy: nothing pushed under \(host)/cy/"))
        #expect(try String(contentsOf: output.appendingPathComponent("class-report.csv"), encoding: .utf8)
            .hasPrefix("learner,images,hub,passed,pushed,failing,judged_from\nada,\(host)/ada/,1/2,1,1,0,registry \(host)\n"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("class-report.html").path))

        // The program-wide options before the subcommand, as for the other commands.
        let before = try BuiltBinary.run(["--registry", host, "--pack", packFolder.path, "class", "check", "--home", home, "--roster", roster.path, "-o", output.path],
                                         input: "")
        #expect(before.status == 2 && before.output.contains("cy: nothing pushed"), "\(before.error)")
        let wrong = try BuiltBinary.run(["class", "check", "--registry", "not a host", "--pack", packFolder.path], input: "")
        #expect(wrong.status == 64 && wrong.error.contains("--registry: 'not a host' is not a registry address"), "\(wrong.error)")
        let half = try BuiltBinary.run(["class", "check", "--registry", host, "--pack", packFolder.path, "--username", "ada"], input: "")
        #expect(half.status == 64 && half.error.contains("--username needs --password-stdin"), "\(half.error)")
    }

    /// The bench's load, small: learners pushing at once lose nothing, and the check passes them all.
    @Test func learnersPushingAtOnceLoseNothingAndAllPass() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try serve()
        defer { server.shutDown() }
        let load = HubLoad(registry: try AllowedRegistries.Entry(parsing: "127.0.0.1:\(server.port)"), learners: 3, images: 2)
        let figures = try load.run()
        #expect(figures.failures.isEmpty, "\(figures.failures)")
        #expect(figures.pushes == 6 && figures.pushed == 6 && figures.readBack == 6 && figures.passed == 6 && figures.held)
        #expect(figures.report.learners.map(\.name) == load.names)
        #expect(figures.report.exercises.allSatisfy { $0.checks == ClassReport.CheckCount(judged: 3, total: 4) })
    }
}

/// The same load against the real distribution registry (2.8) that `../shared/tools/reference-docker
/// up` starts: every push lands, every manifest is read back with its digest, every exercise passes.
@Suite(.enabled(if: ReferenceRegistry.shouldRun, "the reference registry does not answer on 127.0.0.1:$REFDOCKER_REGISTRY_PORT (../shared/tools/reference-docker up starts it)"), .waitsOnOtherPrograms,
       .serialized)
struct ClassCheckReferenceRegistryTests {
    @Test func learnersPushingAtOnceToDistributionLoseNothing() throws {
        let load = HubLoad(registry: try AllowedRegistries.Entry(parsing: ReferenceRegistry.host), learners: 4, images: 2)
        let figures = try load.run()
        #expect(figures.held, "\(figures.summary.joined(separator: "\n"))")
        #expect(figures.report.learners.map(\.name) == load.names)
    }
}
