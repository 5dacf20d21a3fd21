import Engine
import ImageModel
import LayerlabBasics

/// One thing the legacy builder reports as a build goes, in the order dockerd's classic builder
/// streams it (moby v28.2.2 builder/dockerfile). What the daemon writes for each is LegacyBuildMessage's,
/// which the prompt prints and the Engine API streams.
public enum LegacyBuildEvent: Sendable, Equatable {
    /// A Dockerfile line starts: its number among all of them (ARGs before the first FROM, each FROM and
    /// each instruction of the stages built) and its text as written.
    case step(number: Int, total: Int, instruction: String)
    /// A base image's ONBUILD triggers run before the stage's own instructions (dispatchers.go,
    /// dispatchTriggeredOnBuild).
    case executingBuildTriggers(count: Int)
    /// The step's image was in the cache: a child of the same parent made with the same config.
    case usingCache
    /// The step runs in a new container (metadata instructions too; COPY and ADD make none).
    case runningIn(containerID: String)
    /// What a RUN's process printed, both streams in order, as it printed it.
    case output(String)
    /// The step's container was removed once its image was committed.
    case removedIntermediateContainer(containerID: String)
    /// The image the stage is at after FROM or a step (nil: FROM scratch, which has none).
    case result(imageID: Digest?)
    /// A stage is done: the image it ended at, which the daemon sends the client as aux data rather
    /// than text (builder.go, emitImageID, after each stage's last step; none for a stage with no image).
    case stageImage(Digest)
    /// Build args given with --build-arg that no ARG declared (builder/dockerfile/buildargs.go,
    /// WarnOnUnusedBuildArgs), sorted.
    case unusedBuildArguments([String])
    /// The build's image (api/server/backend/build/backend.go).
    case built(imageID: Digest)
    /// A name put on it, `latest` added when the name had no tag (backend/build/tag.go).
    case tagged(ImageReference)
}

/// Why a legacy build stopped, in the words of whoever stopped it.
public struct LegacyBuildFailure: Error, Sendable, Equatable {
    /// Where the failure came from, which decides how the CLI shows it.
    public enum Origin: Sendable, Equatable {
        /// The CLI itself, before it sent anything (no Dockerfile to send).
        case client
        /// The daemon refused the build before streaming a step (a Dockerfile it cannot parse, a target
        /// it cannot find): `Error response from daemon: …` after the upload's progress.
        case daemonResponse
        /// The daemon stopped the build during a step: the error ends its stream.
        case stream
    }

    public var message: String
    /// The code of the daemon's error: a failed RUN's exit status (dispatchers.go dispatchRun returns a
    /// jsonmessage.JSONError with it, the `code` of the stream's `errorDetail`); nil for every other
    /// failure, whose error has no code.
    public var code: Int32?
    public var origin: Origin

    public init(_ message: String, code: Int32? = nil, origin: Origin = .stream) {
        self.message = message
        self.code = code
        self.origin = origin
    }

    /// How the CLI exits: the error's code, 1 when it has none or it is 0 (docker/cli v28.2.2
    /// cli/command/image/build.go turns the streamed error's code into the status, 0 becoming 1).
    public var exitStatus: Int32 {
        guard let code, code != 0 else { return 1 }
        return code
    }
}

/// What a legacy build printed and made.
public struct LegacyBuildResult: Sendable {
    /// Bytes of the context as the CLI sends it, a tar (`Sending build context to Docker daemon  4.608kB`):
    /// worked out from the folder at the prompt, the body's own size through the Engine API.
    public var contextSize: Int
    public var events: [LegacyBuildEvent]
    public var image: ImageRecord?
    public var failure: LegacyBuildFailure?
}
