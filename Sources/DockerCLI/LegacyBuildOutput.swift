import Builder
import Foundation
import ImageModel
import LayerlabBasics
import Shell

/// How the Docker CLI shows a legacy build (`DOCKER_BUILDKIT=0 docker build`): its deprecation warning,
/// the context upload's progress, then the daemon's stream as it arrives (reference engine transcripts,
/// Tests/BuilderTests/LegacyReference; the daemon's lines as Docker 28 words them).
enum LegacyBuildOutput {
    /// docker/cli v28.2.2 cmd/docker/builder.go, buildkitDisabledWarning, printed with "%s\n\n" on
    /// standard error before anything else when DOCKER_BUILDKIT parses as false.
    static let deprecationWarning = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
        + "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
        + "            environment-variable.\n\n"

    /// How the CLI reads DOCKER_BUILDKIT: Go's strconv.ParseBool (builder.go processBuilder); nil for
    /// a value it does not take.
    static func buildKitSetting(_ value: String) -> Bool? {
        switch value {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// `Sending build context to Docker daemon  4.608kB`: the upload's last progress update, the size
    /// as units.HumanSize (four significant digits) padded to 8 (jsonmessage's `%8v`), a CR, then the
    /// CRLF the raw progress formatter ends it with (streamformatter; the transcripts' `\r\r\n`).
    static func sendingContext(_ bytes: Int) -> String {
        let size = DockerFormat.size(Int64(bytes), precision: 4)
        return "Sending build context to Docker daemon " + String(repeating: " ", count: max(0, 8 - size.count)) + size + "\r\r\n"
    }

    /// The daemon's stream: moby v28.2.2 builder/dockerfile (Step lines, ` ---> ` lines, which Docker 25
    /// and later print for the removed container too: moby 5dc44f03f0; dockerd 20.10 printed
    /// `Removing intermediate container …`) and api/server/backend/build (Successfully built/tagged).
    static func render(_ events: [LegacyBuildEvent]) -> String {
        var text = ""
        for event in events {
            switch event {
            case .step(let number, let total, let instruction): text += "Step \(number)/\(total) : \(instruction)\n"
            case .executingBuildTriggers(let count): text += "# Executing \(count) build trigger\(count > 1 ? "s" : "")\n"
            case .usingCache: text += " ---> Using cache\n"
            case .runningIn(let container): text += " ---> Running in \(container.prefix(12))\n"
            // The process's output goes through as it wrote it.
            case .output(let log): text += log
            case .removedIntermediateContainer(let container): text += " ---> Removed intermediate container \(container.prefix(12))\n"
            case .result(let imageID): text += " ---> \(imageID?.shortID ?? "")\n"
            case .unusedBuildArguments(let names): text += "[Warning] One or more build-args [\(names.joined(separator: " "))] were not consumed\n"
            case .built(let imageID): text += "Successfully built \(imageID.shortID)\n"
            case .tagged(let reference): text += "Successfully tagged \(reference.familiarDescription)\n"
            }
        }
        return text
    }

    /// Writes a build's output as the CLI does and returns its exit status. With -q only the image ID
    /// shows, in full; when such a build fails, what it would have shown goes to standard error before
    /// the error (cli/command/image/build.go).
    static func write(_ result: LegacyBuildResult, quiet: Bool, to io: CommandIO) -> Int32 {
        let shown = (result.contextSize > 0 ? sendingContext(result.contextSize) : "") + render(result.events)
        guard let failure = result.failure else {
            if quiet {
                if let image = result.image { io.print(image.id.description) }
            } else {
                io.write(shown)
            }
            return 0
        }
        switch failure.origin {
        case .client:
            io.errorSink.write(failure.message + "\n", to: .standardError)
        case .daemonResponse:
            if quiet { io.errorSink.write(shown, to: .standardError) } else { io.write(shown) }
            io.errorSink.write("Error response from daemon: \(failure.message)\n", to: .standardError)
        case .stream:
            if quiet { io.errorSink.write(shown, to: .standardError) } else { io.write(shown) }
            io.errorSink.write(failure.message + "\n", to: .standardError)
        }
        return failure.exitStatus
    }
}
