import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import SimulatedWorld

/// Images moved whole through the Engine API, as moby v28.2.2 answers it (api/server/router/image/
/// image_routes.go): `docker push` as the daemon's progress stream, its last message for each tag the
/// manifest's digest and size as aux data; `docker save` as a tar stream; `docker load` from a tar in
/// the body, what was loaded as a stream of messages.
struct ImageTransferRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("POST", let path) where path.count >= 3 && path[0] == "images" && path.last == "push":
            return try push(EngineAPIRouter.imageName(in: path), tag: request.query["tag"] ?? "", auth: request.headers["x-registry-auth"])
        case ("GET", ["images", "get"]):
            return try save(request.queryValues["names"] ?? [])
        case ("GET", let path) where path.count >= 3 && path[0] == "images" && path.last == "get":
            return try save([EngineAPIRouter.imageName(in: path)])
        case ("POST", ["images", "load"]):
            return load(request.body)
        default:
            return nil
        }
    }

    /// `POST /images/{name}/push?tag=`: without a tag, every local tag of the repository. The stream
    /// starts before the image is looked for, so every failure after a valid name is its last message.
    private func push(_ name: String, tag: String, auth: String?) throws(EngineError) -> APIResponse {
        let typed = tag.isEmpty ? name : name + ":" + tag
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(typed)
        } catch {
            throw .invalidReference(typed, error.message)
        }
        let credentials = auth.flatMap(EngineAPIRouter.registryAuth)
        var stream = JSONMessageStream()
        stream.status(.pushStarted(reference))
        do throws(EngineError) {
            try world.perform { engine throws(EngineError) in
                let tags = tag.isEmpty ? engine.localTags(of: reference) : [reference]
                if tags.isEmpty { throw EngineError.noLocalImage("An image does not exist locally with the tag: \(reference.familiarName)") }
                let endpoint = try engine.endpoint(for: reference.domain, credentials: credentials)
                for tagged in tags {
                    let plan = try engine.pushPlan(tagged)
                    for message in plan.preparingMessages { stream.update(message) }
                    let report = try engine.push(plan, to: endpoint, credentials: credentials)
                    // The layers' outcomes are updates of their lines; the digest line is a message.
                    for message in report.messages {
                        if message.id == nil { stream.status(message) } else { stream.update(message) }
                    }
                    stream.aux(.object([
                        ("Tag", .string(report.tag)), ("Digest", .string(report.manifestDigest.description)), ("Size", .number(Int64(report.manifestSize))),
                    ]))
                }
            }
        } catch {
            stream.error(error)
        }
        return stream.response
    }

    /// `GET /images/get?names=…` and `GET /images/{name}/get`: the images as `docker save` writes
    /// them; a name that is not there fails before anything is written.
    private func save(_ names: [String]) throws(EngineError) -> APIResponse {
        var archive = Data()
        try world.perform { engine throws(EngineError) in
            try engine.save(names) { chunk in archive.append(contentsOf: chunk) }
        }
        return APIResponse(status: 200, headers: [("Content-Type", "application/x-tar")], body: archive)
    }

    /// `POST /images/load`: what was loaded, line by line, as the daemon streams it; a failure is the
    /// stream's message too, as moby always answers this route with a 200. The archive is the whole
    /// body, up to the size the server reads for this route (APIRequestHandler.archiveLoadLimit).
    private func load(_ archive: Data) -> APIResponse {
        var stream = JSONMessageStream()
        do throws(EngineError) {
            let lines = try world.perform { engine throws(EngineError) in try engine.load(archive) }
            for line in lines { stream.stream(line + "\n") }
        } catch {
            stream.error(error)
        }
        return stream.response
    }
}
