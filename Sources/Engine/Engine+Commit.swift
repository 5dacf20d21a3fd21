import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

extension Engine {
    /// `docker commit`: the container's writable layer becomes one new layer on its image.
    public func commitContainer(_ nameOrID: String, as reference: ImageReference?, message: String?, author: String?) throws(EngineError) -> ImageRecord {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        guard let base = images.record(container.image) else { throw .storage("the image of container \(container.shortID) is missing") }
        var layers = try images.layers(of: base)
        let layer = ContainerFileSystem(lower: try images.view(of: base), changes: container.changes).committedLayer
        let digests = LayerArchive.uncompressedDigests(of: layer)
        var configuration = base.configuration
        configuration.created = clock.now
        configuration.author = author
        // The image's config as the container has it, and a Linux container's never says its command
        // is escaped (moby v28.2.2 daemon/create.go copies ArgsEscaped from the image on Windows only).
        configuration.config.argsEscaped = nil
        configuration.config.env = container.environment
        configuration.config.workingDir = container.workingDirectory == "/" ? configuration.config.workingDir : container.workingDirectory
        configuration.rootfs.diffIDs.append(digests.diffID)
        configuration.history.append(HistoryEntry(
            created: clock.now, createdBy: container.command.joined(separator: " "), author: author, comment: message, emptyLayer: false
        ))
        layers.append(layer)
        let record = ImageRecord(configuration: configuration, layers: base.layers + [digests], layerSizes: base.layerSizes + [layer.contentSize], parent: base.id)
        try images.store(record, layers: layers)
        if let reference { try images.setTag(reference, to: record.id) }
        return record
    }
}
