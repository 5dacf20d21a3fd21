import Engine
import Foundation
import NIOCore
import NIOHTTP1

/// The connections left open by streamed answers (attached clients, `logs -f`, pending waits, shells),
/// told of what happens to containers whoever made it happen: a request on another connection or the
/// learner at the prompt. Lives on the server's event loop; only touched there.
final class StreamHub {
    /// Answers one thing that happened to the container; true once the stream is complete.
    typealias Listener = (ContainerActivity) -> Bool

    private struct Subscription {
        /// nil: told of every container.
        let containerID: String?
        let listener: Listener
    }

    /// The events kept for a later `docker events --since`: the last ones, as moby keeps 256.
    private var journal: [EngineEvent] = []
    /// The open `docker events` streams, each told of new events.
    private var eventListeners: [ObjectIdentifier: ([EngineEvent]) -> Void] = [:]
    static let journalLength = 256

    private let eventLoop: any EventLoop
    /// By the order they were made in, which is the order they hear of things.
    private var subscriptions: [Int: Subscription] = [:]
    private var made = 0

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Keeps `channel` open, told of what happens to the container, until `listener` says it is
    /// complete or the client goes away.
    func subscribe(_ channel: any Channel, containerID: String?, _ listener: @escaping Listener) {
        eventLoop.preconditionInEventLoop()
        made += 1
        let key = made
        subscriptions[key] = Subscription(containerID: containerID, listener: listener)
        channel.closeFuture.assumeIsolated().whenComplete { [weak self] _ in self?.subscriptions[key] = nil }
    }

    /// An answer's stream: written on `channel` as the container prints, ends and goes.
    func subscribe(_ channel: any Channel, to stream: APIStream, hijacked: Bool) {
        let output = StreamOutput(channel: channel, hijacked: hijacked)
        if case .events(let filter) = stream { return followEvents(on: output, filter: filter) }
        subscribe(channel, containerID: stream.containerID) { event in Self.respond(to: event, on: stream, output: output) }
    }

    /// `docker events`: the kept events the filter takes, then each new one, until `until` passes or
    /// the client goes away.
    private func followEvents(on output: StreamOutput, filter: EventFilter) {
        // moby replays kept events only for a stream that names a time (daemon/events, loadBufferedEvents).
        if filter.since != nil || filter.until != nil {
            output.send(Data(journal.filter(filter.accepts).map(\.json).joined().utf8))
        }
        if let until = filter.until, until <= Date() { return output.finish() }
        eventListeners[ObjectIdentifier(output.channel)] = { events in output.send(Data(events.filter(filter.accepts).map(\.json).joined().utf8)) }
        output.channel.closeFuture.assumeIsolated().whenComplete { [weak self] _ in self?.eventListeners[ObjectIdentifier(output.channel)] = nil }
        // An `until` further than a day away is left to the client, which closes the stream when it likes.
        if let until = filter.until, until.timeIntervalSinceNow < 86_400 {
            let channel = ObjectIdentifier(output.channel)
            eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(until.timeIntervalSinceNow * 1000))) { [weak self] in
                self?.eventListeners[channel] = nil
                output.finish()
            }
        }
    }

    /// Passes what happened on to every open stream it concerns.
    func deliver(_ activity: [ContainerActivity]) {
        eventLoop.preconditionInEventLoop()
        let now = Date()
        let events = activity.flatMap { EngineEvent.events(of: $0, at: now) }
        journal = Array((journal + events).suffix(Self.journalLength))
        if !events.isEmpty { for listener in eventListeners.values { listener(events) } }
        for (key, subscription) in subscriptions.sorted(by: { $0.key < $1.key }) {
            for event in activity where subscription.containerID == nil || event.containerID == subscription.containerID {
                // A listener may end other streams (a shell's exit stops its container): look again.
                guard subscriptions[key] != nil else { break }
                if subscription.listener(event) {
                    subscriptions[key] = nil
                    break
                }
            }
        }
    }

    private static func respond(to event: ContainerActivity, on stream: APIStream, output: StreamOutput) -> Bool {
        switch (stream, event) {
        case (.containerOutput(_, let streams, let multiplexed), .output(_, let chunks)):
            output.send(ContainerOutputFrames.encode(chunks, streams: streams, multiplexed: multiplexed))
            return false
        case (.containerOutput, .exited), (.containerOutput, .removed):
            output.finish()
            return true
        case (.containerWait(_, .notRunning), .exited(_, let code)), (.containerWait(_, .nextExit), .exited(_, let code)):
            output.send(ContainerRoutes.waitAnswer(code) + Data("\n".utf8))
            output.finish()
            return true
        case (.containerWait(_, .removed), .removed(let record)):
            let code: Int32 = if case .exited(let code, _) = record.state { code } else { 0 }
            output.send(ContainerRoutes.waitAnswer(code) + Data("\n".utf8))
            output.finish()
            return true
        default:
            return false
        }
    }
}

/// Writing on a connection left open: bytes on a hijacked one, an HTTP answer's body on the others.
struct StreamOutput {
    let channel: any Channel
    let hijacked: Bool

    func send(_ bytes: Data) {
        guard !bytes.isEmpty else { return }
        let buffer = channel.allocator.buffer(bytes: bytes)
        if hijacked {
            channel.writeAndFlush(buffer, promise: nil)
        } else {
            channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }
    }

    /// A hijacked stream ends by closing the connection, as moby closes it; an HTTP answer by its end.
    func finish() {
        if hijacked {
            let channel = channel
            channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }
}
