import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore
import Registry

/// The simulated Docker engine, kept under `$LAYERLAB_HOME/engine` so it survives a restart. Its
/// parts each keep their own state and files: the image store, the containers, the volumes, the build
/// cache, and what it remembers of registries. The engine's operations (pull, push, run, commit, save…) work
/// across them, as the daemon does.
public final class Engine {
    let storage: StoreFolder
    /// The time the engine stamps what it makes with (a build through the Engine API takes it too).
    public let clock: any WallClock
    public let images: ImageStore
    let containers: ContainerStore
    let volumes: VolumeStore
    public let buildCache: BuildCache
    let distribution: DistributionState
    /// The real registries the learner allowed (none: offline).
    public var allowedRegistries = AllowedRegistries.offline
    /// The host's ports while registry containers listen on them for real (the Engine API served).
    public var realPorts: (any RealPorts)?

    public init(root: URL, clock: any WallClock, catalog: @escaping () throws(CatalogError) -> ImageCatalog = ImageCatalog.bundled) {
        storage = StoreFolder(root: root)
        self.clock = clock
        // The parts that once shared repositories.json take their fields from it before the image store rewrites it.
        distribution = DistributionState(storage: storage)
        containers = ContainerStore(storage: storage)
        volumes = VolumeStore(storage: storage)
        images = ImageStore(storage: storage, clock: clock, catalog: catalog)
        buildCache = BuildCache(storage: storage, images: images, clock: clock)
        // Each registry's half-written files and stale uploads; cleaned here, once, without reading its index.
        for name in storage.list("registries") { Registry.removeAbandonedFiles(root: storage.url("registries/\(name)")) }
        for volume in volumes.all { Registry.removeAbandonedFiles(root: RegistryServer.root(in: volumes.folder(volume.name))) }
        // Blobs on their way to or from a real registry that a killed layerlab left.
        storage.remove(Self.transfersFolder)
    }

    /// Where blobs to or from a real registry are kept while they travel.
    static let transfersFolder = "transfers"

    /// Told of what happens to containers as it happens (see `ContainerActivity`).
    public var onContainerActivity: ([ContainerActivity]) -> Void {
        get { containers.onActivity }
        set { containers.onActivity = newValue }
    }

    /// Deletes an image with no names left; returns the layers no other image and no build cache
    /// record uses.
    func deleteImage(_ id: Digest) throws(EngineError) -> [Digest] {
        try images.deleteImage(id, keeping: buildCache.layers)
    }
}
