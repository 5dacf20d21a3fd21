import ImageModel
import LayerlabBasics

/// What dockerd's classic builder writes to a build's stream for its events, in the daemon's words: the
/// one place both the prompt (`DOCKER_BUILDKIT=0 docker build`, which prints the text) and the Engine
/// API (`POST /build`, which sends each message as JSON) take them from. Each `stream` message is one
/// write of the builder's StdoutFormatter, which the API sends as one `{"stream": …}` message: moby
/// v28.2.2 builder/dockerfile (builder.go printCommand writes a step's line and its newline apart,
/// internals.go, containerbackend.go, dispatchers.go, buildargs.go) and api/server/backend/build
/// (backend.go `Successfully built`, tag.go `Successfully tagged`). Docker 25 and later say
/// ` ---> Removed intermediate container` (moby 5dc44f03f0); dockerd 20.10 said
/// `Removing intermediate container`.
public enum LegacyBuildMessage: Sendable, Equatable {
    /// Text the client prints as it is.
    case stream(String)
    /// The image a stage ended at, for the client rather than the screen: `{"aux":{"ID":"sha256:…"}}`
    /// (builder.go emitImageID; the CLI keeps it for `--iidfile` and prints nothing).
    case imageID(Digest)

    /// What the daemon writes for one event.
    public static func messages(of event: LegacyBuildEvent) -> [LegacyBuildMessage] {
        switch event {
        case .step(let number, let total, let instruction):
            return [.stream("Step \(number)/\(total) : \(instruction)"), .stream("\n")]
        case .executingBuildTriggers(let count):
            return [.stream("# Executing \(count) build trigger")] + (count > 1 ? [.stream("s")] : []) + [.stream("\n")]
        case .usingCache:
            return [.stream(" ---> Using cache\n")]
        case .runningIn(let container):
            return [.stream(" ---> Running in \(container.prefix(12))\n")]
        case .output(let log):
            // The process's output goes through as it wrote it.
            return log.isEmpty ? [] : [.stream(log)]
        case .removedIntermediateContainer(let container):
            return [.stream(" ---> Removed intermediate container \(container.prefix(12))\n")]
        case .result(let imageID):
            return [.stream(" ---> \(imageID?.shortID ?? "")\n")]
        case .stageImage(let imageID):
            return [.imageID(imageID)]
        case .unusedBuildArguments(let names):
            return [.stream("[Warning] One or more build-args [\(names.joined(separator: " "))] were not consumed\n")]
        case .built(let imageID):
            return [.stream("Successfully built \(imageID.shortID)\n")]
        case .tagged(let reference):
            return [.stream("Successfully tagged \(reference.familiarDescription)\n")]
        }
    }

    /// What the daemon streams for a build, the failure's error aside. With -q (`q=1`) it holds its
    /// messages back: a build that succeeds streams nothing but its image's whole ID, one that fails
    /// streams what it held back, then its error (api/server/router/build/build_routes.go postBuild:
    /// the notVerboseBuffer, then the ID written with the StdoutFormatter).
    public static func messages(of result: LegacyBuildResult, quiet: Bool) -> [LegacyBuildMessage] {
        if quiet, result.failure == nil, let image = result.image {
            return [.stream(image.id.description + "\n")]
        }
        return result.events.flatMap { Self.messages(of: $0) }
    }

    /// What a client prints of messages: their text, the aux data left out.
    public static func text(of messages: [LegacyBuildMessage]) -> String {
        var text = ""
        for message in messages {
            if case .stream(let piece) = message { text += piece }
        }
        return text
    }
}
