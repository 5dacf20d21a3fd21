import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Registry

/// One connection's requests to a simulated `registry:2` (what it answers: `RegistryExchange`). The
/// event loop only moves bytes: every step that touches the registry's files (deciding where a body
/// goes, writing each chunk of an upload, the answer, reading a blob) runs on the server's thread
/// pool, one after the other through `work`. Both directions hold back: while upload chunks wait for
/// the disk the client is not read from, and a blob is read from its file a chunk at a time as the
/// client takes it, so neither a fast sender nor a slow reader makes a blob sit in memory, and one
/// connection's transfer never stops another's requests. A request cut short drops the upload it
/// was feeding, so stored content only ever comes from whole, verified uploads.
final class RegistryRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Body {
        /// Kept up to a limit (a manifest); `overflowed` once more came.
        case collect(ByteBuffer, limit: Int, overflowed: Bool)
        case upload(BlobUpload, UploadWriter)
        /// The answer is decided already, or the request has no body to keep.
        case ignore
    }

    /// Upload chunks that may wait for the disk before the client is read from again.
    static let queuedChunkLimit = 4
    /// How much of a blob is read from its file at a time.
    static let blobChunkSize = 128 * 1024

    private let exchange: RegistryExchange
    private let threadPool: NIOThreadPool
    private let fileIO: NonBlockingFileIO
    private var head: HTTPRequestHead?
    private var body: Body = .ignore
    private var decided: HTTPResponse?
    /// The current request's steps so far; each starts once the one before has ended.
    private var work: EventLoopFuture<Void>?
    /// Body chunks received whose step has not ended yet.
    private var queuedChunks = 0
    /// Whether the channel asked to read while too many chunks were queued.
    private var readHeld = false
    /// Requests that have all arrived and whose answers are not all sent yet.
    private var answersUnderWay = 0

    init(exchange: RegistryExchange, threadPool: NIOThreadPool) {
        self.exchange = exchange
        self.threadPool = threadPool
        fileIO = NonBlockingFileIO(threadPool: threadPool)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            decided = nil
            body = .ignore
            // The request before has been answered (HTTPServerPipelineHandler holds a request until then).
            work = nil
            let exchange = self.exchange
            then(context) {
                self.threadPool.runIfActive(eventLoop: context.eventLoop) { exchange.open(requestHead) }
                    .assumeIsolated().map { opening in self.begin(opening) }.nonisolated()
            }
        case .body(let chunk):
            queuedChunks += 1
            then(context) { self.store(chunk, context: context) }
            work?.assumeIsolated().whenComplete { _ in
                self.queuedChunks -= 1
                if self.readHeld, self.queuedChunks < Self.queuedChunkLimit {
                    self.readHeld = false
                    context.read()
                }
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            answersUnderWay += 1
            then(context) { self.answer(requestHead, context: context) }
            work?.assumeIsolated().whenComplete { result in
                self.answersUnderWay -= 1
                // A step that could not run (the server stopping) leaves no answer to wait for.
                if case .failure = result { context.close(promise: nil) }
            }
        }
    }

    /// Reads wait while the disk is behind (back-pressure for uploads).
    func read(context: ChannelHandlerContext) {
        if queuedChunks >= Self.queuedChunkLimit {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// What a client that goes away mid-request leaves: an upload it was feeding is dropped, once the
    /// steps under way have ended.
    func channelInactive(context: ChannelHandlerContext) {
        let exchange = self.exchange
        (work ?? context.eventLoop.makeSucceededVoidFuture()).assumeIsolated().whenComplete { _ in
            guard case .upload(let upload, let writer) = self.body else { return }
            self.body = .ignore
            _ = self.threadPool.runIfActive(eventLoop: context.eventLoop) { exchange.drop(upload, writer) }
        }
        context.fireChannelInactive()
    }

    /// A client that sends nothing for the idle time loses its connection (distribution's
    /// `http.ReadTimeout` role), and with it any upload it was feeding; not one that waits for its
    /// answer (a large blob to a slow reader) or whose chunks wait for the disk.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            if answersUnderWay == 0 && !readHeld { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Adds a step to the request's work, run on the event loop once the steps before it have ended.
    private func then(_ context: ChannelHandlerContext, _ step: @escaping () -> EventLoopFuture<Void>) {
        let before = work ?? context.eventLoop.makeSucceededVoidFuture()
        work = before.assumeIsolated().flatMap { _ in step() }.nonisolated()
    }

    private func begin(_ opening: RegistryExchange.Opening) {
        switch opening {
        case .answer(let response): decided = response
        case .collect(let limit): body = .collect(ByteBuffer(), limit: limit, overflowed: false)
        case .upload(let upload, let writer): body = .upload(upload, writer)
        case .ignore: body = .ignore
        }
    }

    /// Keeps a chunk of the body where it goes: a manifest's in memory, an upload's on disk.
    private func store(_ chunk: ByteBuffer, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        switch body {
        case .collect(var buffer, let limit, let overflowed):
            // Released first, so the buffer below grows in place rather than copied per chunk.
            body = .ignore
            if overflowed || buffer.readableBytes + chunk.readableBytes > limit {
                body = .collect(ByteBuffer(), limit: limit, overflowed: true)
            } else {
                var chunk = chunk
                buffer.writeBuffer(&chunk)
                body = .collect(buffer, limit: limit, overflowed: false)
            }
        case .upload(let upload, let writer):
            let exchange = self.exchange
            return threadPool.runIfActive(eventLoop: context.eventLoop) { exchange.write(chunk, to: upload, through: writer) }
                .assumeIsolated().map { failure in
                    guard let failure else { return }
                    self.body = .ignore
                    self.decided = failure
                }.nonisolated()
        case .ignore:
            break
        }
        return context.eventLoop.makeSucceededVoidFuture()
    }

    /// Answers the request once its body has all arrived, and sends the answer.
    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        let received: RegistryExchange.Received
        switch body {
        case .collect(let buffer, _, let overflowed): received = .collected(Data(buffer.readableBytesView), overflowed: overflowed)
        case .upload(let upload, let writer): received = .uploaded(upload, writer)
        case .ignore: received = .nothing
        }
        body = .ignore
        let early = decided
        decided = nil
        if let early {
            return send(RegistryExchange.Answer(early), for: head, context: context)
        }
        let exchange = self.exchange
        return threadPool.runIfActive(eventLoop: context.eventLoop) { exchange.finish(head, received) }
            .assumeIsolated().flatMap { answer in self.send(answer, for: head, context: context) }.nonisolated()
    }

    /// The file ended before the bytes its response's headers promised.
    private struct BlobEndedEarly: Error {}

    /// Writes the response; a blob's bytes go a chunk at a time, each read once the one before has
    /// gone to the client.
    private func send(_ answer: RegistryExchange.Answer, for request: HTTPRequestHead, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        let response = answer.response
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Docker-Distribution-Api-Version", value: "registry/2.0")
        if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(response.body.count)) }
        if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = response.reason.isEmpty ? HTTPResponseStatus(statusCode: response.status)
            : HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        guard let file = answer.file else {
            if !response.body.isEmpty && request.method != .HEAD {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            }
            return end(request, context: context)
        }
        let eventLoop = context.eventLoop
        let boundContext = context.loopBound
        let streamed = fileIO.readChunked(fileHandle: file.handle, byteCount: file.count, chunkSize: Self.blobChunkSize,
                                          allocator: context.channel.allocator, eventLoop: eventLoop) { chunk in
            // An empty chunk is the end of the file.
            guard chunk.readableBytes > 0 else { return eventLoop.makeFailedFuture(BlobEndedEarly()) }
            return boundContext.value.writeAndFlush(RegistryRequestHandler.wrapOutboundOut(.body(.byteBuffer(chunk))))
        }
        return streamed.assumeIsolated().always { _ in
            try? file.handle.close()
        }.flatMap { _ in
            self.end(request, context: context)
        }.flatMapError { (error: any Error) -> EventLoopFuture<Void> in
            // Part of the body may have gone: the connection cannot carry another response.
            context.close(promise: nil)
            return eventLoop.makeFailedFuture(error)
        }.nonisolated()
    }

    private func end(_ request: HTTPRequestHead, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
        return written
    }
}
