import Engine
import SimulatedShell

/// What an answer leaves open after its head: moby answers these as things happen, not at once.
enum APIStream: Sendable, Equatable {
    /// `POST /containers/{id}/wait`: the JSON status once the condition holds (the head goes at once:
    /// `docker run` waits for it before it starts the container).
    case containerWait(containerID: String, condition: WaitCondition)
    /// A container's output as it is printed, until its main process ends: an attached client's
    /// hijacked connection, or the body of `logs?follow=1`.
    case containerOutput(containerID: String, streams: Set<OutputChunk.Stream>, multiplexed: Bool)
    /// A started exec instance: its command's output, or the shell the client types into.
    case exec(execID: String, containerID: String)
    /// `GET /events`: the daemon's events as they happen (those kept from before first).
    case events(EventFilter)

    /// moby's `container.WaitCondition`.
    enum WaitCondition: String, Sendable {
        case notRunning = "not-running"
        case nextExit = "next-exit"
        case removed
    }

    /// The container the stream follows; nil for every container.
    var containerID: String? {
        switch self {
        case .containerWait(let id, _), .containerOutput(let id, _, _), .exec(_, let id): id
        case .events: nil
        }
    }
}
