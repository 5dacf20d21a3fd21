import Foundation
import ImageModel

/// One row of an image's history (`GET /images/{name}/history`, moby's image.HistoryResponseItem):
/// the image the step made while the chain of local parents reaches it, else `<missing>`.
public struct HistoryItem: Codable, Sendable, Equatable {
    public var id: String
    /// Seconds since 1970, as the API gives it.
    public var created: Int64
    public var createdBy: String
    public var tags: [String]?
    public var size: Int64
    public var comment: String

    enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", createdBy = "CreatedBy", tags = "Tags", size = "Size", comment = "Comment"
    }
}

extension Engine {
    /// An image's history, newest step first (moby v28.2.2 daemon/images/image_history.go): each
    /// entry with the size of the layer it made; from the top down, each row names the next image up
    /// the parent chain while there is one, the rest are `<missing>`.
    public func history(of nameOrID: String) throws(EngineError) -> [HistoryItem] {
        guard let record = images.image(nameOrID) else { throw .noSuchImage(Self.displayName(nameOrID)) }
        let entries = record.configuration.history
        var chain: [ImageRecord] = [record]
        while chain.count < entries.count, let parent = chain[chain.count - 1].parent, let image = images.record(parent) {
            chain.append(image)
        }
        var layerIndex = 0
        let sizes: [Int64] = entries.map { entry in
            guard !entry.isEmptyLayer, layerIndex < record.layerSizes.count else { return 0 }
            defer { layerIndex += 1 }
            return record.layerSizes[layerIndex]
        }
        return entries.indices.reversed().map { index in
            let fromTop = entries.count - 1 - index
            let image = fromTop < chain.count ? chain[fromTop] : nil
            let tags = image.map { images.tags(of: $0.id).map(\.familiarDescription) } ?? []
            return HistoryItem(
                id: image?.id.description ?? "<missing>", created: Int64(entries[index].created?.timeIntervalSince1970 ?? 0),
                createdBy: entries[index].createdBy ?? "", tags: tags.isEmpty ? nil : tags, size: sizes[index], comment: entries[index].comment ?? ""
            )
        }
    }
}
