import Engine
import Foundation
import GoSemantics

/// A daemon's progress stream as moby writes it (pkg/streamformatter, pkg/jsonmessage): one JSON
/// message per line, each followed by `\r\n`, in the order the work reports them. An error once the
/// stream has started is its last message, and the answer stays a 200.
struct JSONMessageStream {
    private(set) var messages: [JSONValue] = []

    /// `progress.Message`: a line of status, with the ID it is about when it has one.
    mutating func status(_ message: ProgressMessage) {
        messages.append(.object([("status", .string(message.status))] + (message.id.map { [("id", .string($0))] } ?? [])))
    }

    /// `progress.Update`: an ID's new status, with the empty progress detail moby sends alongside.
    mutating func update(_ message: ProgressMessage) {
        messages.append(.object(
            [("status", .string(message.status)), ("progressDetail", .object([]))] + (message.id.map { [("id", .string($0))] } ?? [])
        ))
    }

    /// Text for the client to print as it is (`docker load`'s `Loaded image: …` lines).
    mutating func stream(_ text: String) {
        messages.append(.object([("stream", .string(text))]))
    }

    /// `progress.Aux`: data for the client rather than for the screen.
    mutating func aux(_ value: JSONValue) {
        messages.append(.object([("progressDetail", .object([])), ("aux", value)]))
    }

    /// `AuxFormatter.Emit`: data for the client alone, without a progress detail (a build's image ID).
    mutating func emit(aux value: JSONValue) {
        messages.append(.object([("aux", value)]))
    }

    /// `streamformatter.FormatError`: the failure that ended the work.
    mutating func error(_ error: EngineError) {
        failure(error.streamedMessage)
    }

    /// `streamformatter.FormatError` of a `jsonmessage.JSONError`: its code too when it has one (a
    /// build's failed RUN: the CLI exits with it).
    mutating func failure(_ text: String, code: Int32? = nil) {
        var detail: [(String, JSONValue)] = []
        if let code { detail.append(("code", .number(Int64(code)))) }
        detail.append(("message", .string(text)))
        messages.append(.object([("errorDetail", .object(detail)), ("error", .string(text))]))
    }

    var response: APIResponse {
        let body = messages.map { GoJSON.marshal($0) + "\r\n" }.joined()
        return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
    }
}
