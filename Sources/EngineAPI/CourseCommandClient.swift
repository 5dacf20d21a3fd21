import Foundation
import GoSemantics
import NIOCore
import NIOHTTP1
import NIOPosix

/// `layerlab check` and `layerlab hint` in another shell, asking the program that holds the world (the
/// prompt or `layerlab daemon`) over its socket: `POST /layerlab/run`.
public enum CourseCommandClient {
    public enum Failure: Error {
        /// Nothing answers on the socket: no program holds the world now.
        case notServed
        case refused(String)
    }

    /// Runs `command` in the serving session: what it printed and its status.
    public static func run(_ command: String, socketPath: String) throws(Failure) -> (output: String, status: Int32) {
        guard FileManager.default.fileExists(atPath: socketPath) else { throw .notServed }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let answer = group.next().makePromise(of: (Int, Data).self)
        let body = Data(GoJSON.marshal(.object([("command", .string(command))])).utf8)
        do {
            let channel = try ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.pipeline.addHTTPClientHandlers().flatMapThrowing {
                        try channel.pipeline.syncOperations.addHandler(AnswerReader(answer: answer))
                    }
                }
                .connect(unixDomainSocketPath: socketPath).wait()
            var headers = HTTPHeaders([("Host", "layerlab"), ("Content-Type", "application/json"), ("Content-Length", String(body.count))])
            headers.add(name: "Connection", value: "close")
            channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/layerlab/run", headers: headers)), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        } catch {
            answer.fail(error)
            throw .notServed
        }
        guard let (status, data) = try? answer.futureResult.wait() else { throw .notServed }
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        guard status == 200, let output = object["output"] as? String, let code = object["status"] as? Int else {
            throw .refused(object["message"] as? String ?? "the server answered \(status)")
        }
        return (output, Int32(code))
    }

    /// Gathers the one answer: its status and body.
    private final class AnswerReader: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        private let answer: EventLoopPromise<(Int, Data)>
        private var status = 0
        private var body = Data()

        init(answer: EventLoopPromise<(Int, Data)>) {
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): status = Int(head.status.code)
            case .body(let chunk): body.append(contentsOf: chunk.readableBytesView)
            case .end:
                answer.succeed((status, body))
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            answer.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            answer.fail(ChannelError.eof)
        }
    }
}
