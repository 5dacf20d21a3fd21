import Foundation
import ImageModel
import LayerlabBasics
import Testing

@Suite struct ImageConfigurationTests {
    let created = Date(timeIntervalSince1970: 1_767_225_600.25)

    func configuration() -> ImageConfiguration {
        var config = ImageConfig()
        config.env = ["PATH=/usr/local/bin:/usr/bin:/bin", "NAME=World"]
        config.cmd = ["python", "app.py"]
        config.workingDir = "/app"
        config.exposedPorts = ["80/tcp": EmptyObject()]
        return ImageConfiguration(
            created: created, config: config,
            rootfs: RootFS(diffIDs: [Digest.sha256(of: "layer")]),
            history: [
                HistoryEntry(created: created, createdBy: "WORKDIR /app", comment: "buildkit.dockerfile.v0", emptyLayer: false),
                HistoryEntry(created: created, createdBy: "EXPOSE map[80/tcp:{}]", comment: "buildkit.dockerfile.v0", emptyLayer: true),
            ]
        )
    }

    @Test func idIsTheDigestOfTheConfigurationBytes() {
        let config = configuration()
        #expect(config.id == Digest.sha256(of: config.canonicalJSON()))
        #expect(configuration().id == config.id)
        var changed = config
        changed.config.user = "app"
        #expect(changed.id != config.id)
    }

    @Test func jsonUsesDockersKeys() throws {
        let json = String(decoding: configuration().canonicalJSON(), as: UTF8.self)
        #expect(json.contains("\"Cmd\":[\"python\",\"app.py\"]"))
        #expect(json.contains("\"ExposedPorts\":{\"80/tcp\":{}}"))
        #expect(json.contains("\"rootfs\":{\"diff_ids\":[\"sha256:"))
        #expect(json.contains("\"empty_layer\":true"))
        #expect(json.contains("\"created\":\"2026-01-01T00:00:00.25Z\""))
        #expect(!json.contains("\"User\""), "unset fields are left out")
        let decoded = try SortedKeysJSON.decoder.decode(ImageConfiguration.self, from: configuration().canonicalJSON())
        #expect(decoded == configuration())
    }

    @Test func environmentHelpers() {
        var config = ImageConfig()
        config.setEnvironment("A", "1")
        config.setEnvironment("B", "2")
        config.setEnvironment("A", "3")
        #expect(config.env == ["A=3", "B=2"])
        #expect(config.environmentValue("A") == "3")
        #expect(config.environment == ["A": "3", "B": "2"])
    }

    @Test func manifestDigestCoversItsBytes() {
        let layer = Descriptor(mediaType: MediaType.dockerLayerGzip, digest: Digest.sha256(of: "blob"), size: 100)
        let config = Descriptor(mediaType: MediaType.dockerConfig, digest: configuration().id, size: Int64(configuration().canonicalJSON().count))
        let manifest = Manifest(config: config, layers: [layer])
        #expect(manifest.digest == Digest.sha256(of: manifest.canonicalJSON()))
        #expect(String(decoding: manifest.canonicalJSON(), as: UTF8.self).hasPrefix("{\"config\":{\"digest\":\"sha256:"))
    }
}
