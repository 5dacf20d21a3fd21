import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell
import Testing

/// Shells in the catalog's images for the everyday tools' tests: Alpine runs BusyBox's applets,
/// Debian GNU's programs; both at the transcripts' fixed time (2026-01-01 00:00:00 UTC).
enum ImageShell {
    static let catalog = try! ImageCatalog.bundled()
    static let busybox = "alpine:3.20"
    static let gnu = "debian:bookworm-slim"

    /// A root shell in `image`. Debian's base image has no procps (the real one neither): an empty
    /// executable stands in for `ps`, as GNU's (not BusyBox's), for the tools' tests.
    static func make(_ image: String) throws -> ShellProcess {
        let layers = try #require(catalog.image(for: ImageReference.parse(image))).layers
        let shell = ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: layers)), environment: [:],
                                 clock: FixedWallClock(FixedWallClock.transcriptEpoch))
        for name in ["ps"] where shell.lookup(name) == nil {
            shell.fileSystem.write(.file("/usr/bin/\(name)", .text(""), mode: 0o755))
        }
        return shell
    }

    /// Runs `script` in a fresh shell of `image`.
    static func run(_ script: String, in image: String) throws -> ShellProcess.Result {
        try make(image).run(script: script)
    }
}
