import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
@testable import EngineAPI
import SimulatedWorld
import Testing

/// `POST /build` runs the classic builder on the tar in the body and answers as moby v28.2.2 does: the
/// steps as the daemon's stream (each write a message), each stage's image as aux data, with q=1 the
/// image ID alone, a failed RUN's code in the error's detail, and an error before anything was
/// streamed as the answer's status.
@Suite struct BuildRouteTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("engine-api-build-\(UUID())")

    /// A world with alpine:3.20.
    func router() throws -> EngineAPIRouter {
        let router = EngineAPIRouter(world: SimulatedWorld(home: home, clock: FixedWallClock(FixedWallClock.transcriptEpoch)))
        let alpine = try ImageReference.parse("alpine:3.20")
        try router.world.perform { engine throws(EngineError) in
            _ = try engine.pull(alpine)
        }
        return router
    }

    /// A context as the CLI sends it: a tar of the files, each folder before what is in it.
    static func context(_ files: [(path: String, content: String)]) -> Data {
        var data = Data()
        let writer = TarWriter { chunk in data.append(contentsOf: chunk) }
        var folders: Set<String> = []
        for file in files {
            var folder = ""
            for part in file.path.split(separator: "/").dropLast() {
                folder = folder.isEmpty ? String(part) : folder + "/" + String(part)
                if folders.insert(folder).inserted {
                    writer.writeHeader(.init(name: folder + "/", mode: 0o755, size: 0, modificationTime: 0, type: .directory))
                }
            }
            let content = FileContent.text(file.content)
            writer.writeHeader(.init(name: file.path, mode: 0o644, size: content.size, modificationTime: 0, type: .file))
            writer.writeContent(content)
        }
        writer.finish()
        return data
    }

    func build(_ router: EngineAPIRouter, query: String, files: [(path: String, content: String)]) -> APIResponse {
        router.respond(to: APIRequest(method: "POST", target: "/v1.50/build?" + query, headers: ["Content-Type": "application/x-tar"],
                                      body: Self.context(files)))
    }

    /// The answer's JSON messages, in order (each ends with `\r\n`, as streamformatter writes them).
    static func messages(_ response: APIResponse) throws -> [[String: Any]] {
        var messages: [[String: Any]] = []
        for line in String(decoding: response.body, as: UTF8.self).components(separatedBy: "\r\n") where !line.isEmpty {
            messages.append(try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)"))
        }
        return messages
    }

    /// What the CLI prints of the messages: their `stream` text, short IDs as `<id>`.
    static func printed(_ messages: [[String: Any]]) -> String {
        messages.compactMap { $0["stream"] as? String }.joined()
            .replacingOccurrences(of: "[0-9a-f]{12}", with: "<id>", options: .regularExpression)
    }

    func imageID(_ name: String, in router: EngineAPIRouter) -> Digest? {
        router.world.perform { engine in engine.images.image(name)?.id }
    }

    static let greeting: [(path: String, content: String)] = [
        ("Dockerfile", "FROM alpine:3.20\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt\n"), ("hello.txt", "hi\n"),
    ]

    @Test func aBuildStreamsItsStepsAndItsImageAsAux() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try router()
        let response = build(router, query: "dockerfile=Dockerfile&t=greet&version=1", files: Self.greeting)
        #expect(response.status == 200)
        #expect(response.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        let messages = try Self.messages(response)
        #expect(Self.printed(messages) == """
            Step 1/3 : FROM alpine:3.20
             ---> <id>
            Step 2/3 : COPY hello.txt /hello.txt
             ---> <id>
            Step 3/3 : RUN cat /hello.txt
             ---> Running in <id>
            hi
             ---> Removed intermediate container <id>
             ---> <id>
            Successfully built <id>
            Successfully tagged greet:latest

            """)
        // printCommand writes the step and its newline apart: two messages.
        #expect(messages.prefix(2).map { $0["stream"] as? String } == ["Step 1/3 : FROM alpine:3.20", "\n"])
        // The stage's image, once, as AuxFormatter emits it (no progress detail), before `Successfully built`.
        let image = try #require(imageID("greet:latest", in: router))
        let auxIndex = try #require(messages.firstIndex { $0["aux"] != nil })
        #expect(messages.filter { $0["aux"] != nil }.count == 1)
        #expect(Array(messages[auxIndex].keys) == ["aux"])
        #expect((messages[auxIndex]["aux"] as? [String: Any])?["ID"] as? String == image.description)
        #expect((messages[auxIndex + 1]["stream"] as? String)?.hasPrefix("Successfully built ") == true)

        // Built again, every step comes from the cache: the same image.
        let again = try Self.messages(build(router, query: "t=greet", files: Self.greeting))
        #expect(Self.printed(again).components(separatedBy: " ---> Using cache\n").count == 3)
        #expect(imageID("greet:latest", in: router) == image)
    }

    @Test func quietStreamsTheImageIDAlone() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try router()
        let messages = try Self.messages(build(router, query: "q=1&t=greet&version=1", files: Self.greeting))
        let image = try #require(imageID("greet:latest", in: router))
        #expect(messages.count == 1)
        #expect(messages.first?["stream"] as? String == image.description + "\n")
    }

    @Test func aFailingRunEndsTheStreamWithItsCode() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try router()
        let files: [(path: String, content: String)] = [("Dockerfile", "FROM alpine:3.20\nRUN echo about to fail && exit 3\n")]
        for query in ["t=fail&version=1", "q=1&t=fail&version=1"] {
            let response = build(router, query: query, files: files)
            #expect(response.status == 200, "\(query)")
            let messages = try Self.messages(response)
            let text = "The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3"
            let last = try #require(messages.last)
            #expect(Array(last.keys).sorted() == ["error", "errorDetail"])
            #expect(last["error"] as? String == text)
            let detail = try #require(last["errorDetail"] as? [String: Any])
            #expect(detail["code"] as? Int == 3)
            #expect(detail["message"] as? String == text)
            // With q=1 too, what the daemon held back goes first.
            #expect(Self.printed(messages).hasPrefix("Step 1/2 : FROM alpine:3.20\n ---> <id>\nStep 2/2 : RUN echo about to fail && exit 3\n ---> Running in <id>\nabout to fail\n"), "\(query)")
            #expect(imageID("fail:latest", in: router) == nil)
        }
        // Any other failure in a step has no code.
        let missing = try Self.messages(build(router, query: "t=copy", files: [("Dockerfile", "FROM alpine:3.20\nCOPY missing.txt /\n")]))
        let detail = try #require(missing.last?["errorDetail"] as? [String: Any])
        #expect(!detail.keys.contains("code"))
        #expect(detail["message"] as? String == "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist")
    }

    @Test func theDaemonTakesOutAnIgnoredDockerfileAndFindsItLowerCase() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try router()
        // The CLI always sends the Dockerfile and .dockerignore; the daemon reads the Dockerfile, then
        // removes both when .dockerignore names them.
        let files: [(path: String, content: String)] = [
            ("Dockerfile", "FROM alpine:3.20\nCOPY . /ctx/\n"), (".dockerignore", "Dockerfile\n.dockerignore\n"), ("keep.txt", "kept\n"),
        ]
        #expect(build(router, query: "t=ctx", files: files).status == 200)
        let found = try router.world.perform { engine throws(EngineError) -> [Bool] in
            guard let image = engine.images.image("ctx:latest") else { throw EngineError.noSuchImage("ctx:latest") }
            let view = UnionView(layers: try engine.images.layers(of: image))
            return ["/ctx/keep.txt", "/ctx/Dockerfile", "/ctx/.dockerignore"].map { view.resolve($0) != nil }
        }
        #expect(found == [true, false, false])
        // `Dockerfile` not there, `dockerfile` is.
        let lower = build(router, query: "t=lower", files: [("dockerfile", "FROM alpine:3.20\nENV A=1\n")])
        #expect(try Self.printed(Self.messages(lower)).hasSuffix("Successfully tagged lower:latest\n"))
    }

    @Test func failuresBeforeTheStreamAreTheAnswersStatus() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try router()
        /// The status and the message of the answer: `400 target stage …`.
        func answer(_ query: String, _ files: [(path: String, content: String)] = Self.greeting) -> String {
            let response = build(router, query: query, files: files)
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            return "\(response.status) " + (object?["message"] as? String ?? String(decoding: response.body, as: UTF8.self))
        }
        // The Dockerfile is looked for before anything is streamed (moby answers a plain error: a 500 there).
        #expect(answer("t=x", [("hello.txt", "hi\n")]).hasSuffix(" Cannot locate specified Dockerfile: Dockerfile"))
        #expect(answer("t=x&dockerfile=sub%2FDockerfile.dev").hasSuffix(" Cannot locate specified Dockerfile: sub/Dockerfile.dev"))
        #expect(answer("t=x&target=nosuch") == "400 target stage \"nosuch\" could not be found")
        #expect(answer("t=Bad").hasPrefix("400 "))
        #expect(answer("t=x&version=3") == "400 invalid version \"3\"")
        #expect(answer("t=x&squash=1") == "400 squash is only supported with experimental mode")
        // What the simulated builder does not do is refused, plainly, as not simulated.
        #expect(answer("t=x&version=2").hasPrefix("501 layerlab: BuildKit through the Engine API"))
        #expect(answer("t=x&platform=linux%2Farm64") == "501 layerlab: building for linux/arm64 (layerlab's images and builds are linux/amd64) is not simulated")
        #expect(answer("t=x&remote=https%3A%2F%2Fexample.com%2Fctx.tar").hasPrefix("501 layerlab: a build context the daemon fetches"))
        #expect(answer("t=x&labels=%7B%22a%22%3A%22b%22%7D") == "501 layerlab: docker build --label is not simulated")
        #expect(answer("t=x&pull=1") == "501 layerlab: docker build --pull with the classic builder is not simulated")
        #expect(answer("t=x&rm=0").hasPrefix("501 layerlab: docker build --rm=false"))
        #expect(answer("t=x&memory=1000000").hasPrefix("501 layerlab: docker build --memory"))
        #expect(answer("t=x&platform=linux%2Famd64&labels=%7B%7D&rm=1").hasPrefix("200 "))
        // A body that is no tar.
        let garbage = router.respond(to: APIRequest(method: "POST", target: "/v1.50/build?t=x", body: Data(repeating: UInt8(ascii: "x"), count: 1024)))
        #expect(garbage.status == 400)
        #expect(String(decoding: garbage.body, as: UTF8.self).contains("the build context is not a tar archive"))
        #expect(imageID("x:latest", in: router) != nil, "only the build that asked for nothing refused was made")
    }

    @Test func aBuildsContextMayBeLarge() {
        #expect(APIRequestHandler.routeLimit(method: "POST", uri: "/v1.50/build?t=x&version=1") == APIRequestHandler.buildContextLimit)
        #expect(APIRequestHandler.buildContextLimit == 512 << 20)
    }
}
