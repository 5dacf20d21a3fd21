import Foundation
import GoSemantics

/// A volume, as moby's local driver keeps one: a folder whose content outlives the containers that
/// mount it. Named by the learner (`docker volume create NAME`, `-v NAME:/path`), or anonymous: made
/// for a container's `-v /path` or for each VOLUME of its image that nothing is mounted on, named by
/// 64 hex digits, and removed with the container only by `docker rm -v` or `--rm`.
///
/// layerlab keeps a volume's content in its store (`volumes/NAME/_data`, as moby keeps
/// `/var/lib/docker/volumes/NAME/_data`); of the simulated programs only registry:2 writes there.
public struct VolumeRecord: Codable, Equatable, Sendable {
    public var name: String
    public var created: Date
    public var isAnonymous: Bool

    /// The label moby puts on anonymous volumes, which `docker volume prune` looks for.
    public static let anonymousLabel = "com.docker.volume.anonymous"

    /// Where the daemon says the volume's content is.
    public var mountpoint: String { "/var/lib/docker/volumes/\(name)/_data" }

    /// `GET /volumes/NAME` as moby v28.2.2 answers it for a local volume (api/types/volume.Volume);
    /// its `CreatedAt` is Go's `time.RFC3339`, to the second.
    public var document: JSONValue { .object(members) }

    var members: [(String, JSONValue)] {
        [
            ("CreatedAt", .string(GoTime.rfc3339Nano(Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down))))),
            ("Driver", .string("local")),
            ("Labels", isAnonymous ? .object([(Self.anonymousLabel, .string(""))]) : .null),
            ("Mountpoint", .string(mountpoint)),
            ("Name", .string(name)),
            ("Options", .null),
            ("Scope", .string("local")),
        ]
    }
}
