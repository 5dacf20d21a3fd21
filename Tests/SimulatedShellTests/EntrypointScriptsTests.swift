import ImageModel
import LayerStore
import SimulatedShell
import Testing

/// The scripts the catalog's images ship as their real text (docker-library's entrypoints, nginx's
/// /docker-entrypoint.d, httpd-foreground) are ones the simulated shell reads whole, each in its
/// interpreter's language: a script it could not read would count as a program it does not simulate.
@Suite struct EntrypointScriptsTests {
    @Test(arguments: [
        ("redis", "/usr/local/bin/docker-entrypoint.sh"),
        ("postgres", "/usr/local/bin/docker-entrypoint.sh"),
        ("postgres", "/usr/local/bin/docker-ensure-initdb.sh"),
        ("mysql", "/usr/local/bin/docker-entrypoint.sh"),
        ("node:20", "/usr/local/bin/docker-entrypoint.sh"),
        ("registry:2", "/entrypoint.sh"),
        ("httpd", "/usr/local/bin/httpd-foreground"),
        ("nginx", "/docker-entrypoint.sh"),
        ("nginx", "/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
        ("nginx", "/docker-entrypoint.d/15-local-resolvers.envsh"),
        ("nginx", "/docker-entrypoint.d/20-envsubst-on-templates.sh"),
        ("nginx", "/docker-entrypoint.d/30-tune-worker-processes.sh"),
    ])
    func theShellReadsTheImagesScripts(_ image: String, _ path: String) throws {
        let layers = try #require(ShellProcessTests.catalog.image(for: ImageReference.parse(image))).layers
        let shell = ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: layers)), environment: [:])
        #expect(shell.shellScript(at: path) != nil)
        #expect(shell.simulates(executableAt: path, arguments: []))
    }

    @Test func theEntrypointsAreTheRealOnesAtTheirRealSizes() throws {
        // The sizes of the files in docker-library's repositories at the commits the images were built from.
        for (image, path, size) in [("redis", "/usr/local/bin/docker-entrypoint.sh", 661), ("postgres", "/usr/local/bin/docker-entrypoint.sh", 12673),
                                    ("postgres", "/usr/local/bin/docker-ensure-initdb.sh", 2289), ("mysql", "/usr/local/bin/docker-entrypoint.sh", 13827)] {
            let layers = try #require(ShellProcessTests.catalog.image(for: ImageReference.parse(image))).layers
            let entry = try #require(UnionView(layers: layers).resolve(path)?.entry)
            #expect(entry.contentSize == Int64(size), "\(image) \(path)")
        }
    }
}
