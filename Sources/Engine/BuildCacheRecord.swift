import Foundation
import GoSemantics

/// One record of BuildKit's cache as `docker system df` and `docker buildx du` list it (moby's
/// build.CacheRecord): a layer a step made or a base brought (`regular`), or a build context as
/// it was last sent (`source.local`). A record whose layer an image also has is shared; what the
/// cache holds on its own is the rest.
public struct BuildCacheRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case regular
        case sourceLocal = "source.local"
    }

    /// BuildKit's record IDs are 25 characters.
    public var id: String
    public var kind: Kind
    public var size: Int64
    public var shared: Bool
    public var description: String
    public var created: Date
    public var lastUsed: Date

    /// As `GET /system/df` lists it.
    public var document: JSONValue {
        .object([
            ("ID", .string(id)), ("Parents", .null), ("Type", .string(kind.rawValue)), ("Description", .string(description)),
            ("InUse", .bool(false)), ("Shared", .bool(shared)), ("Size", .number(size)),
            ("CreatedAt", .string(GoTime.rfc3339Nano(created))), ("LastUsedAt", .string(GoTime.rfc3339Nano(lastUsed))), ("UsageCount", .number(1)),
        ])
    }

    /// What the cache holds on its own, which `docker system df` counts (moby's BuilderSize).
    public static func size(of records: [BuildCacheRecord]) -> Int64 {
        records.filter { !$0.shared }.reduce(0) { $0 + $1.size }
    }
}
