@testable import Engine
import Testing

/// The Engine API answers each failure with the status moby gives its class (moby v28.2.2
/// api/server/httpstatus/status.go; a denied pull or an unknown manifest is "not found" by
/// distribution/errors.go, translatePullError; a refused connection stays unclassified, a 500).
@Suite struct EngineErrorKindTests {
    @Test(arguments: [
        (EngineError.noSuchImage("x:latest"), 404),
        (.noSuchContainer("c"), 404),
        (.notInCatalog("nosuch"), 404),
        (.manifestUnknown("alpine:9.9"), 404),
        (.pathNotFound(path: "/x", container: "c"), 404),
        (.conflict("unable to delete"), 409),
        (.noSuchVolume("regdata"), 404),
        (.volumeInUse("regdata", containers: ["c"]), 409),
        (.invalidFilter(key: "nope", value: nil, reason: nil, objects: .containers, accepted: []), 400),
        (.registryAuth("no basic auth credentials"), 401),
        (.unsupported("docker images --filter label"), 501),
        (.registryUnreachable("localhost:5000"), 500),
        (.storage("disk full"), 500),
    ])
    func statusFollowsMobysClass(_ error: EngineError, _ status: Int) {
        #expect(error.kind.httpStatus == status, "\(error)")
    }

    /// The daemon's own words carry no client prefix; layerlab's limits are marked as layerlab's
    /// wherever a stream of the daemon shows them.
    @Test func messagesAreTheDaemonsOwn() {
        #expect(EngineError.noSuchImage("x:latest").message == "No such image: x:latest")
        #expect(EngineError.noSuchImage("x:latest").streamedMessage == "No such image: x:latest")
        #expect(EngineError.unsupported("pulling for platform linux/arm64").streamedMessage == "layerlab: pulling for platform linux/arm64 is not simulated")
    }
}
