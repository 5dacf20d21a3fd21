import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
@testable import EngineAPI
import SimulatedWorld
import Testing

/// The routes that move images and files (push, login, commit, save and load, prunes, diff, cp,
/// resize, top, system df) answer with moby's shapes, statuses and words.
@Suite struct TransferRoutesTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("engine-api-transfer-\(UUID())")

    func router() -> EngineAPIRouter {
        EngineAPIRouter(world: SimulatedWorld(home: home, clock: FixedWallClock(FixedWallClock.transcriptEpoch)))
    }

    /// A world with alpine:3.20, a container `box` that wrote /hello.txt and ended, and a container
    /// `keep` that wrote /kept.txt and is still running.
    func routerWithContainers() throws -> EngineAPIRouter {
        let router = router()
        let alpine = try ImageReference.parse("alpine:3.20")
        try router.world.perform { engine throws(EngineError) in
            _ = try engine.pull(alpine)
            _ = try engine.createContainer(ContainerRequest(image: "alpine:3.20", name: "box", command: ["sh", "-c", "echo hi > /hello.txt"]))
            try engine.startContainer("box")
            _ = try engine.createContainer(ContainerRequest(image: "alpine:3.20", name: "keep", command: ["sh", "-c", "echo kept > /kept.txt; sleep 1000"]))
            try engine.startContainer("keep")
        }
        return router
    }

    func text(_ response: APIResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

    func json(_ response: APIResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
    }

    func header(_ name: String, of response: APIResponse) -> String? {
        response.headers.first { $0.name == name }?.value
    }

    /// The path stat a HEAD or GET of an archive carries in its header.
    func pathStat(_ response: APIResponse) throws -> [String: Any] {
        let encoded = try #require(header("X-Docker-Container-Path-Stat", of: response))
        let data = try #require(Data(base64Encoded: encoded))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func containerID(_ name: String, in router: EngineAPIRouter) throws -> String {
        let id: String? = router.world.perform { engine in engine.container(name)?.id }
        return try #require(id)
    }

    @Test func queriesAreReadAsGoReadsThem() {
        let request = APIRequest(method: "GET", target: "/v1.50/images/get?names=alpine%3A3.20&names=busybox&comment=added+a+file")
        #expect(request.queryValues["names"] == ["alpine:3.20", "busybox"])
        #expect(request.query["names"] == "alpine:3.20")
        #expect(request.query["comment"] == "added a file")
    }

    @Test func onlyImageArchivesAndCopiesTakeLargeBodies() {
        #expect(APIRequestHandler.routeLimit(method: "POST", uri: "/v1.50/images/load?quiet=1") == APIRequestHandler.archiveLoadLimit)
        #expect(APIRequestHandler.routeLimit(method: "PUT", uri: "/v1.50/containers/web/archive?path=%2Ftmp") == APIRequestHandler.copyInLimit)
        #expect(APIRequestHandler.routeLimit(method: "POST", uri: "/v1.50/containers/create") == APIRequestHandler.bodyLimit)
    }

    @Test func anUnknownContainerIsMobys404() {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        let requests = [
            APIRequest(method: "GET", target: "/v1.50/containers/nosuch/changes"),
            APIRequest(method: "GET", target: "/v1.50/containers/nosuch/archive?path=%2Fetc"),
            APIRequest(method: "PUT", target: "/v1.50/containers/nosuch/archive?path=%2Ftmp", body: ContainerFileRoutes.tar([.file("", .text("hi\n"))], top: "note.txt")),
            APIRequest(method: "POST", target: "/v1.50/commit?container=nosuch&repo=&tag=&comment=&author="),
            APIRequest(method: "POST", target: "/v1.50/containers/nosuch/resize?h=24&w=80"),
            APIRequest(method: "GET", target: "/v1.50/containers/nosuch/top"),
        ]
        for request in requests {
            let response = router.respond(to: request)
            #expect(response.status == 404, "\(request.method) \(request.path)")
            #expect(text(response) == "{\"message\":\"No such container: nosuch\"}\n", "\(request.method) \(request.path)")
        }
        let head = router.respond(to: APIRequest(method: "HEAD", target: "/v1.50/containers/nosuch/archive?path=%2Fetc"))
        #expect(head.status == 404 && head.body.isEmpty)
    }

    @Test func diffAndCommitAnswerAsMoby() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try routerWithContainers()
        let changes = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/box/changes"))
        #expect(changes.status == 200)
        #expect(text(changes) == "[{\"Path\":\"/hello.txt\",\"Kind\":1}]\n")
        let commit = router.respond(to: APIRequest(method: "POST", target: "/v1.50/commit?container=box&repo=docker.io%2Flibrary%2Fmybox&tag=1&comment=added+hello&author=Ada"))
        #expect(commit.status == 201)
        let id = try #require((try json(commit) as? [String: Any])?["Id"] as? String)
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        let inspected = router.respond(to: APIRequest(method: "GET", target: "/v1.50/images/mybox:1/json"))
        #expect(text(inspected).contains("\"Author\":\"Ada\""))
        let changing = router.respond(to: APIRequest(method: "POST", target: "/v1.50/commit?container=box&changes=CMD+ls"))
        #expect(changing.status == 501 && text(changing).contains("docker commit --change is not simulated"))
    }

    @Test func copyingOutStatsThePathAndSendsATar() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try routerWithContainers()
        let head = router.respond(to: APIRequest(method: "HEAD", target: "/v1.50/containers/keep/archive?path=%2Fkept.txt"))
        #expect(head.status == 200 && head.body.isEmpty)
        let stat = try pathStat(head)
        #expect(stat["name"] as? String == "kept.txt")
        #expect(stat["size"] as? Int == 5)
        #expect(stat["mode"] as? Int == 0o644)
        #expect(stat["linkTarget"] as? String == "")
        let folder = router.respond(to: APIRequest(method: "HEAD", target: "/v1.50/containers/keep/archive?path=%2Fetc"))
        let folderStat = try pathStat(folder)
        #expect((folderStat["mode"] as? Int).map { $0 & (1 << 31) != 0 } == true, "a folder's mode has Go's ModeDir")

        let archive = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/keep/archive?path=%2Fkept.txt"))
        #expect(archive.status == 200)
        #expect(header("Content-Type", of: archive) == "application/x-tar")
        #expect(try pathStat(archive)["name"] as? String == "kept.txt")
        let entries = try ContainerFileRoutes.entries(ofArchive: archive.body)
        #expect(entries.map(\.path) == ["kept.txt"])
        let kept = try #require(entries.first)
        guard case .file(let content) = kept.kind else {
            Issue.record("kept.txt came as \(kept.kind)")
            return
        }
        #expect(content.data == Data("kept\n".utf8))

        let missing = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/keep/archive?path=%2Fnope"))
        #expect(missing.status == 404 && text(missing) == "{\"message\":\"Could not find the file /nope in container keep\"}\n")
        let noPath = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/keep/archive"))
        #expect(noPath.status == 400 && text(noPath) == "{\"message\":\"bad parameter: pathcannot be empty\"}\n")
    }

    @Test func copyingInExtractsTheTarIntoAFolder() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try routerWithContainers()
        let note = ContainerFileRoutes.tar([.file("", .text("hello\n"))], top: "note.txt")
        let put = router.respond(to: APIRequest(method: "PUT", target: "/v1.50/containers/keep/archive?path=%2Ftmp&noOverwriteDirNonDir=true", body: note))
        #expect(put.status == 200, "\(text(put))")
        let changes = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/keep/changes"))
        #expect(text(changes).contains("{\"Path\":\"/tmp/note.txt\",\"Kind\":1}"))

        let intoFile = router.respond(to: APIRequest(method: "PUT", target: "/v1.50/containers/keep/archive?path=%2Fkept.txt&noOverwriteDirNonDir=true", body: note))
        #expect(intoFile.status == 400 && text(intoFile) == "{\"message\":\"extraction point is not a directory\"}\n")
        let overFolder = router.respond(to: APIRequest(method: "PUT", target: "/v1.50/containers/keep/archive?path=%2F&noOverwriteDirNonDir=true",
                                                       body: ContainerFileRoutes.tar([.file("", .text("x"))], top: "tmp")))
        #expect(overFolder.status == 500 && text(overFolder) == "{\"message\":\"cannot overwrite directory \\\"/tmp\\\" with non-directory \\\"/\\\"\"}\n")
    }

    @Test func resizeAndTopNeedARunningContainerAndTopSaysItIsNotSimulated() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try routerWithContainers()
        #expect(router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/keep/resize?h=24&w=80")).status == 200)
        let badHeight = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/keep/resize?h=tall&w=80"))
        #expect(badHeight.status == 400 && text(badHeight) == "{\"message\":\"invalid resize height \\\"tall\\\": invalid syntax\"}\n")
        let stopped = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/box/resize?h=24&w=80"))
        let boxID = try containerID("box", in: router)
        #expect(stopped.status == 409 && text(stopped) == "{\"message\":\"container \(boxID) is not running\"}\n")
        let top = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/keep/top?ps_args=-ef"))
        #expect(top.status == 501 && text(top).contains("layerlab: docker top"))
    }

    @Test func prunesReportWhatWentAndCheckTheirFilters() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try routerWithContainers()
        let boxID = try containerID("box", in: router)
        let containers = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/prune?filters=%7B%7D"))
        #expect(containers.status == 200)
        #expect(text(containers) == "{\"ContainersDeleted\":[\"\(boxID)\"],\"SpaceReclaimed\":3}\n")
        let again = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/prune"))
        #expect(text(again) == "{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}\n")
        let dangling = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D"))
        #expect(text(dangling) == "{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}\n")
        let unknown = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/prune?filters=%7B%22nope%22%3A%7B%221%22%3Atrue%7D%7D"))
        #expect(unknown.status == 400 && text(unknown) == "{\"message\":\"invalid filter 'nope'\"}\n")
        let until = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/prune?filters=%7B%22until%22%3A%7B%2224h%22%3Atrue%7D%7D"))
        #expect(until.status == 501 && text(until).contains("docker container prune --filter until=24h is not simulated"))
        let both = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%2C%22false%22%3Atrue%7D%7D"))
        #expect(both.status == 400 && text(both) == "{\"message\":\"invalid filter 'dangling=[false true]'\"}\n")
    }

    @Test func systemDFCountsImagesAndContainers() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = try routerWithContainers()
        let response = router.respond(to: APIRequest(method: "GET", target: "/v1.50/system/df"))
        #expect(response.status == 200)
        let usage = try #require(try json(response) as? [String: Any])
        #expect((usage["LayersSize"] as? Int ?? 0) > 0)
        let images = try #require(usage["Images"] as? [[String: Any]])
        #expect(images.count == 1 && images[0]["Containers"] as? Int == 2 && images[0]["SharedSize"] as? Int == 0)
        #expect((usage["Containers"] as? [Any])?.count == 2)
        #expect((usage["Volumes"] as? [Any])?.isEmpty == true && (usage["BuildCache"] as? [Any])?.isEmpty == true)
        let onlyImages = try #require(try json(router.respond(to: APIRequest(method: "GET", target: "/v1.50/system/df?type=image"))) as? [String: Any])
        #expect((onlyImages["Containers"] as? NSNull) != nil && (onlyImages["Images"] as? [Any]) != nil)
        let bogus = router.respond(to: APIRequest(method: "GET", target: "/v1.50/system/df?type=bogus"))
        #expect(bogus.status == 400 && text(bogus) == "{\"message\":\"unknown object type: bogus\"}\n")
    }

    @Test func loginAnswersLoginSucceededOrMobys401() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        func login(_ password: String) -> APIResponse {
            let body = "{\"username\":\"alice\",\"password\":\"\(password)\",\"serveraddress\":\"https://index.docker.io/v1/\"}"
            return router.respond(to: APIRequest(method: "POST", target: "/v1.50/auth", body: Data(body.utf8)))
        }
        let first = login("secret123")
        #expect(first.status == 200 && text(first) == "{\"IdentityToken\":\"\",\"Status\":\"Login Succeeded\"}\n")
        #expect(login("secret123").status == 200)
        let wrong = login("nope")
        #expect(wrong.status == 401)
        #expect(text(wrong) == "{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": unauthorized: incorrect username or password\"}\n")
    }

    @Test func pushStreamsProgressAndTheTagsDigestAsAux() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        let alpine = try ImageReference.parse("alpine:3.20")
        let mine = try ImageReference.parse("alice/alpine:1")
        let alice = RegistryCredentials(username: "alice", password: "secret123")
        try router.world.perform { engine throws(EngineError) in
            _ = try engine.pull(alpine)
            try engine.tag(source: "alpine:3.20", target: mine)
            _ = try engine.login(to: "docker.io", credentials: alice)
        }
        let auth = Data("{\"username\":\"alice\",\"password\":\"secret123\",\"serveraddress\":\"https://index.docker.io/v1/\"}".utf8).base64EncodedString()
        let push = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/alice/alpine/push?tag=1", headers: ["X-Registry-Auth": auth]))
        #expect(push.status == 200)
        let lines = text(push).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "{\"status\":\"The push refers to repository [docker.io/alice/alpine]\"}")
        #expect(lines.contains { $0.contains("\"status\":\"Preparing\",\"progressDetail\":{}") })
        #expect(lines.contains { $0.hasPrefix("{\"status\":\"1: digest: sha256:") })
        #expect(lines.last?.hasPrefix("{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:") == true)
        #expect(!lines.contains { $0.contains("errorDetail") })

        let missing = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/nosuch/push?tag=latest"))
        #expect(missing.status == 200)
        #expect(text(missing) == "{\"status\":\"The push refers to repository [docker.io/library/nosuch]\"}\r\n"
            + "{\"errorDetail\":{\"message\":\"An image does not exist locally with the tag: nosuch\"},\"error\":\"An image does not exist locally with the tag: nosuch\"}\r\n")
    }

    @Test func saveAndLoadMoveAnImageThroughATar() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        let alpine = try ImageReference.parse("alpine:3.20")
        _ = try router.world.perform { engine throws(EngineError) in try engine.pull(alpine) }
        let saved = router.respond(to: APIRequest(method: "GET", target: "/v1.50/images/get?names=alpine%3A3.20"))
        #expect(saved.status == 200 && header("Content-Type", of: saved) == "application/x-tar" && saved.body.count > 1024)
        let missing = router.respond(to: APIRequest(method: "GET", target: "/v1.50/images/get?names=nosuch"))
        #expect(missing.status == 404 && text(missing) == "{\"message\":\"No such image: nosuch:latest\"}\n")
        _ = try router.world.perform { engine throws(EngineError) in try engine.remove("alpine:3.20", force: false) }
        let loaded = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/load?quiet=1", body: saved.body))
        #expect(loaded.status == 200)
        #expect(text(loaded) == "{\"stream\":\"Loaded image: alpine:3.20\\n\"}\r\n")
        let bad = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/load?quiet=1", body: Data("not a tar".utf8)))
        #expect(bad.status == 200 && text(bad).hasPrefix("{\"errorDetail\":{\"message\":"))
    }
}
