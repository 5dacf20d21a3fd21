import Engine
import Foundation
import NIOCore
import NIOHTTP1

/// The connections left open by streamed answers (attached clients, `logs -f`, pending waits), told
/// of what happens to containers whoever made it happen: a request on another connection or the
/// learner at the prompt. Lives on the server's event loop; only touched there.
final class StreamHub {
    private struct Subscription {
        let channel: any Channel
        let stream: APIStream
        /// Hijacked connections carry bytes; the others are an HTTP answer's body, ended with `.end`.
        let hijacked: Bool
    }

    private let eventLoop: any EventLoop
    private var subscriptions: [ObjectIdentifier: Subscription] = [:]

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Keeps `channel` open for `stream` until it ends or the client goes away.
    func subscribe(_ channel: any Channel, to stream: APIStream, hijacked: Bool) {
        eventLoop.preconditionInEventLoop()
        let key = ObjectIdentifier(channel)
        subscriptions[key] = Subscription(channel: channel, stream: stream, hijacked: hijacked)
        channel.closeFuture.assumeIsolated().whenComplete { [weak self] _ in self?.subscriptions[key] = nil }
    }

    /// Passes what happened on to every open stream it concerns; ends those it completes.
    func deliver(_ activity: [ContainerActivity]) {
        eventLoop.preconditionInEventLoop()
        for (key, subscription) in subscriptions {
            for event in activity where event.containerID == subscription.stream.containerID {
                if respond(to: event, on: subscription) {
                    subscriptions[key] = nil
                    break
                }
            }
        }
    }

    /// Writes what `event` means for the stream; true when the stream is complete.
    private func respond(to event: ContainerActivity, on subscription: Subscription) -> Bool {
        switch (subscription.stream, event) {
        case (.containerOutput(_, let streams, let multiplexed), .output(_, let chunks)):
            send(ContainerOutputFrames.encode(chunks, streams: streams, multiplexed: multiplexed), on: subscription)
            return false
        case (.containerOutput, .exited), (.containerOutput, .removed):
            finish(subscription)
            return true
        case (.containerWait(_, .notRunning), .exited(_, let code)), (.containerWait(_, .nextExit), .exited(_, let code)):
            send(ContainerRoutes.waitAnswer(code) + Data("\n".utf8), on: subscription)
            finish(subscription)
            return true
        case (.containerWait(_, .removed), .removed(let record)):
            let code: Int32 = if case .exited(let code, _) = record.state { code } else { 0 }
            send(ContainerRoutes.waitAnswer(code) + Data("\n".utf8), on: subscription)
            finish(subscription)
            return true
        default:
            return false
        }
    }

    private func send(_ bytes: Data, on subscription: Subscription) {
        guard !bytes.isEmpty else { return }
        let buffer = subscription.channel.allocator.buffer(bytes: bytes)
        if subscription.hijacked {
            subscription.channel.writeAndFlush(buffer, promise: nil)
        } else {
            subscription.channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }
    }

    /// A hijacked stream ends by closing the connection, as moby closes it; an HTTP answer by its end.
    private func finish(_ subscription: Subscription) {
        if subscription.hijacked {
            let channel = subscription.channel
            channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in channel.close(promise: nil) }
        } else {
            subscription.channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }
}
