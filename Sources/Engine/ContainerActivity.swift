import Foundation
import SimulatedShell

/// Something that happened to a container, as the daemon tells an attached client, a `wait` that
/// is pending and `docker events`. The container store reports it whenever a record it keeps changes,
/// so no operation has to remember to.
public enum ContainerActivity: Sendable, Equatable {
    case created(ContainerRecord)
    case started(ContainerRecord)
    /// What the main process printed since the last report.
    case output(containerID: String, chunks: [OutputChunk])
    case exited(ContainerRecord, code: Int32)
    case removed(ContainerRecord)

    public var containerID: String {
        switch self {
        case .created(let record), .started(let record), .exited(let record, _), .removed(let record): record.id
        case .output(let id, _): id
        }
    }

    /// What changed between a record as it was (nil: new) and as it is now (nil: removed), in the order
    /// it happened: a start that ran `echo hi` to its end is a start, its output and an exit.
    public static func between(_ old: ContainerRecord?, _ new: ContainerRecord?) -> [ContainerActivity] {
        guard let new else { return old.map { [.removed($0)] } ?? [] }
        var activity: [ContainerActivity] = old == nil ? [.created(new)] : []
        let startedAgain = new.started != nil && new.started != old?.started
        if startedAgain { activity.append(.started(new)) }
        let printed = old.map { new.logs.chunks.count >= $0.logs.chunks.count ? Array(new.logs.chunks.dropFirst($0.logs.chunks.count)) : new.logs.chunks } ?? new.logs.chunks
        if !printed.isEmpty { activity.append(.output(containerID: new.id, chunks: printed)) }
        if case .exited(let code, let at) = new.state {
            var endedNow = startedAgain
            if let old {
                switch old.state {
                case .running: endedNow = true
                case .exited(_, let before): endedNow = endedNow || before != at
                case .created: break
                }
            }
            if endedNow { activity.append(.exited(new, code: code)) }
        }
        return activity
    }
}
