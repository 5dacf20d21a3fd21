import Foundation
import GoSemantics
import LayerlabBasics

extension Engine {
    /// Volumes, by name.
    public var allVolumes: [VolumeRecord] { volumes.all }

    /// The IDs of the containers that mount the volume (running or not), newest first.
    func containerIDs(mounting name: String) -> [String] {
        allContainers.filter { ($0.volumes ?? []).contains { $0.name == name } }.map(\.id)
    }

    /// `docker volume ls`: by name, those the filter keeps.
    public func listVolumes(filter: VolumeListFilter) -> [VolumeRecord] {
        volumes.all.filter { filter.keeps($0, isMounted: !containerIDs(mounting: $0.name).isEmpty) }
    }

    /// `docker volume create [NAME]`: the volume of that name, made when it is not there (moby gives
    /// back the one there); without a name, an anonymous volume, as moby's create makes one.
    public func createVolume(named name: String?) throws(EngineError) -> VolumeRecord {
        guard let name, !name.isEmpty else {
            return try makeVolume(newVolumeName("\(volumes.all.count) \(clock.now.timeIntervalSince1970)"), isAnonymous: true)
        }
        if let existing = volumes.record(name) { return existing }
        try Self.checkVolumeName(name)
        return try makeVolume(name, isAnonymous: false)
    }

    public func inspectVolume(_ name: String) throws(EngineError) -> VolumeRecord {
        guard let volume = volumes.record(name) else { throw .noSuchVolume(name) }
        return volume
    }

    /// `docker volume rm [-f]`: never while a container mounts it (even with `force`, which only
    /// makes a volume that is not there no error: moby's PurgeOnError).
    public func removeVolume(_ name: String, force: Bool) throws(EngineError) {
        guard volumes.record(name) != nil else {
            if force { return }
            throw .noSuchVolume(name)
        }
        let users = containerIDs(mounting: name)
        guard users.isEmpty else { throw .volumeInUse(name, containers: users) }
        try volumes.remove(name)
    }

    /// `docker volume prune`: the volumes no container mounts, only anonymous ones unless `all`
    /// (moby v28.2.2 daemon/volume/service/service.go, Prune); their names and the bytes they took.
    public func pruneVolumes(all: Bool) throws(EngineError) -> PruneReport<String> {
        var deleted: [String] = []
        var reclaimed: Int64 = 0
        for volume in volumes.all where (all || volume.isAnonymous) && containerIDs(mounting: volume.name).isEmpty {
            reclaimed += volumes.size(of: volume.name)
            try volumes.remove(volume.name)
            deleted.append(volume.name)
        }
        return PruneReport(deleted: deleted, spaceReclaimed: reclaimed)
    }

    // MARK: Containers' volumes

    /// What a container's mounts must be before anything is made for it: a volume name moby's local
    /// driver takes, and no path mounted twice.
    func checkMounts(_ request: ContainerRequest) throws(EngineError) {
        var targets = Set<String>()
        for target in request.mounts.map(\.target) + request.volumes.map(\.target) {
            // moby's error (daemon/volumes.go, registerMountPoints).
            guard targets.insert(target).inserted else { throw .invalidRequest("Duplicate mount point: \(target)") }
        }
        for mount in request.volumes where !mount.name.isEmpty && volumes.record(mount.name) == nil {
            try Self.checkVolumeName(mount.name)
        }
    }

    /// The volumes a new container mounts, as moby's create gives it them: those the request names
    /// (made when missing), an anonymous one for each `-v /path`, and one for each VOLUME of its image
    /// that nothing else is mounted on.
    func mountVolumes(_ request: ContainerRequest, imageVolumes: [String], containerID: String) throws(EngineError) -> [ContainerRecord.VolumeMount] {
        var mounted: [ContainerRecord.VolumeMount] = []
        for var mount in request.volumes {
            if mount.name.isEmpty {
                mount.name = try makeVolume(newVolumeName("\(containerID) \(mount.target)"), isAnonymous: true).name
            } else if volumes.record(mount.name) == nil {
                _ = try makeVolume(mount.name, isAnonymous: false)
            }
            mounted.append(mount)
        }
        let taken = Set(request.mounts.map(\.target) + mounted.map(\.target))
        for path in imageVolumes.sorted() where !taken.contains(path) {
            let name = try makeVolume(newVolumeName("\(containerID) \(path)"), isAnonymous: true).name
            mounted.append(.init(name: name, target: path, readOnly: false))
        }
        return mounted
    }

    /// A removed container's anonymous volumes that no other container mounts, when they go with it:
    /// `docker rm -v`, or a container started with `--rm`. Named volumes always stay.
    func removeAnonymousVolumes(of container: ContainerRecord) throws(EngineError) {
        for mount in container.volumes ?? [] where volumes.record(mount.name)?.isAnonymous == true && containerIDs(mounting: mount.name).isEmpty {
            try volumes.remove(mount.name)
        }
    }

    /// The host file or folder a path inside the container comes from through one of its mounts (a
    /// bind mount's source or a volume's folder), the deepest mount first; nil when none covers it.
    func hostPath(of containerPath: String, in container: ContainerRecord) -> String? {
        let sources = (container.mounts ?? []).map { ($0.target, $0.source) } + (container.volumes ?? []).map { ($0.target, volumes.folder($0.name).path) }
        for (target, source) in sources.sorted(by: { $0.0.count > $1.0.count }) {
            if containerPath == target { return source }
            if containerPath.hasPrefix(target + "/") { return source + containerPath.dropFirst(target.count) }
        }
        return nil
    }

    // MARK: Names

    /// moby's local driver's check, the name being a folder's (daemon/volume/local/local.go,
    /// validateName), worded as its volume store reports a failed create.
    static func checkVolumeName(_ name: String) throws(EngineError) {
        if name.count == 1 {
            throw .invalidRequest("create \(name): volume name is too short, names should be at least two alphanumeric characters")
        }
        guard name.range(of: "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", options: .regularExpression) != nil else {
            throw .invalidRequest("create \(name): \(GoQuote.string(name)) includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")
        }
    }

    /// 64 hex digits, as moby's random IDs, worked out from `seed` so that transcripts repeat.
    private func newVolumeName(_ seed: String) -> String {
        var attempt = 0
        var name: String
        repeat {
            name = Digest.sha256(of: "volume \(seed) \(attempt)").hex
            attempt += 1
        } while volumes.record(name) != nil
        return name
    }

    private func makeVolume(_ name: String, isAnonymous: Bool) throws(EngineError) -> VolumeRecord {
        let volume = VolumeRecord(name: name, created: clock.now, isAnonymous: isAnonymous)
        try volumes.add(volume)
        return volume
    }
}
