import Builder
import Foundation
import ImageModel
import LayerlabBasics
import Shell

/// How the Docker CLI shows a legacy build (`DOCKER_BUILDKIT=0 docker build`): its deprecation warning,
/// the context upload's progress, then the daemon's stream as it arrives (reference engine transcripts,
/// Tests/BuilderTests/LegacyReference). Only the CLI's own wording is here; the daemon's lines are
/// LegacyBuildMessage's, which `layerlab daemon` streams to the real CLI for `POST /build`.
enum LegacyBuildOutput {
    /// docker/cli v28.2.2 cmd/docker/builder.go, buildkitDisabledWarning, printed with "%s\n\n" on
    /// standard error before anything else when DOCKER_BUILDKIT parses as false.
    static let deprecationWarning = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
        + "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
        + "            environment-variable.\n\n"

    /// `Sending build context to Docker daemon  4.608kB`: the upload's last progress update, the size
    /// as units.HumanSize (four significant digits) padded to 8 (jsonmessage's `%8v`), a CR, then the
    /// CRLF the raw progress formatter ends it with (streamformatter; the transcripts' `\r\r\n`).
    static func sendingContext(_ bytes: Int) -> String {
        let size = DockerFormat.size(Int64(bytes), precision: 4)
        return "Sending build context to Docker daemon " + String(repeating: " ", count: max(0, 8 - size.count)) + size + "\r\r\n"
    }

    /// Writes a build's output as the CLI does and returns its exit status: the upload's progress, then
    /// what the daemon streamed (LegacyBuildMessage, the daemon's words). With -q the daemon streams
    /// nothing but the image ID, in full, and the CLI holds its progress back; when such a build fails,
    /// what was held back goes to standard error before the error (cli/command/image/build.go).
    static func write(_ result: LegacyBuildResult, quiet: Bool, to io: CommandIO) -> Int32 {
        let progress = result.contextSize > 0 ? sendingContext(result.contextSize) : ""
        let streamed = LegacyBuildMessage.text(of: LegacyBuildMessage.messages(of: result, quiet: quiet))
        guard let failure = result.failure else {
            io.write(quiet ? streamed : progress + streamed)
            return 0
        }
        switch failure.origin {
        case .client:
            io.errorSink.write(failure.message + "\n", to: .standardError)
        case .daemonResponse:
            // The daemon answered with an error before it streamed anything.
            if quiet { io.errorSink.write(progress, to: .standardError) } else { io.write(progress) }
            io.errorSink.write("Error response from daemon: \(failure.message)\n", to: .standardError)
        case .stream:
            if quiet { io.errorSink.write(progress + streamed, to: .standardError) } else { io.write(progress + streamed) }
            io.errorSink.write(failure.message + "\n", to: .standardError)
        }
        return failure.exitStatus
    }
}
