import Foundation
import ImageModel
import LayerlabBasics
import Testing

@Suite struct ManifestTests {
    @Test func distributionJSONIsGoMarshalIndentWithThreeSpaces() throws {
        let config = try Digest(parsing: "sha256:" + String(repeating: "a", count: 64))
        let layer = try Digest(parsing: "sha256:" + String(repeating: "b", count: 64))
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.dockerConfig, digest: config, size: 1469),
            layers: [Descriptor(mediaType: MediaType.dockerLayerGzip, digest: layer, size: 2811478)]
        )
        let expected = """
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1469,
              "digest": "\(config)"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 2811478,
                 "digest": "\(layer)"
              }
           ]
        }
        """
        #expect(String(decoding: manifest.distributionJSON(), as: UTF8.self) == expected)
        #expect(try JSONDecoder().decode(Manifest.self, from: manifest.distributionJSON()) == manifest)
    }
}
