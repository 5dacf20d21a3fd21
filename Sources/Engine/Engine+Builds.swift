import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

extension Engine {
    /// The ID of a container the legacy builder runs a step in. moby creates a real container per step
    /// and removes it once the step is committed (builder/dockerfile/containerbackend.go); its ID goes
    /// into the committed image's config, so each must differ, as a random one would: it is counted
    /// with the engine's containers.
    public func newBuildContainerID(from image: Digest?) throws(EngineError) -> String {
        let serial = try containers.countNew()
        return Digest.sha256(of: "build-step \(serial) \(image?.description ?? "scratch") \(clock.now.timeIntervalSince1970)").hex
    }
}
