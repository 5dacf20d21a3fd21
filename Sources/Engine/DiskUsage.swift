import Foundation
import GoSemantics
import LayerlabBasics

/// What `docker system df` counts, as the daemon answers `GET /system/df` (moby's types.DiskUsage):
/// the bytes of the images' layers, each layer once; every image with how many containers use it
/// and the bytes of its layers other images share; every container with the bytes of its own
/// changes; every volume with how many containers mount it and the bytes of its files. The client
/// works out what is active and reclaimable from these; and the build cache's records.
public struct DiskUsage: Sendable, Equatable {
    public var layersSize: Int64
    public var images: [ImageSummary]
    public var containers: [ContainerSummary]
    public var volumes: [VolumeUsage]
    public var buildCache: [BuildCacheRecord]
}

/// A volume in `docker system df` (moby's volume.UsageData): how many containers mount it, and the
/// bytes its files take.
public struct VolumeUsage: Sendable, Equatable {
    public var volume: VolumeRecord
    public var containers: Int
    public var size: Int64

    /// As `GET /system/df` lists it: the volume with its UsageData.
    public var document: JSONValue {
        .object(volume.members + [("UsageData", .object([("RefCount", .number(Int64(containers))), ("Size", .number(size))]))])
    }
}

extension Engine {
    /// moby v28.2.2 daemon/disk_usage.go and daemon/images/image_list.go (SharedSize and
    /// ContainerCount asked): layers are counted by chain ID, as the layer store keeps them, and a
    /// layer is shared when more than one image has it.
    public func diskUsage() throws(EngineError) -> DiskUsage {
        let records = images.all
        let containers = allContainers
        var layerSizes: [Digest: Int64] = [:]
        var references: [Digest: Int] = [:]
        for record in records {
            for (chain, size) in zip(Self.chainIDs(record.layers.map(\.diffID)), record.layerSizes) {
                layerSizes[chain] = size
                references[chain, default: 0] += 1
            }
        }
        var summaries = try listImages(filter: ImageListFilter([]))
        for index in summaries.indices {
            guard let record = records.first(where: { $0.id.description == summaries[index].id }) else { continue }
            let chains = Self.chainIDs(record.layers.map(\.diffID))
            summaries[index].containers = Int64(containers.filter { $0.image == record.id }.count)
            summaries[index].sharedSize = zip(chains, record.layerSizes).filter { references[$0.0, default: 0] > 1 }.reduce(Int64(0)) { $0 + $1.1 }
        }
        return DiskUsage(
            layersSize: layerSizes.values.reduce(0, +), images: summaries,
            containers: containers.map { ContainerSummary($0, now: clock.now) },
            volumes: volumes.all.map { VolumeUsage(volume: $0, containers: containerIDs(mounting: $0.name).count, size: volumes.size(of: $0.name)) },
            buildCache: buildCache.records
        )
    }
}
