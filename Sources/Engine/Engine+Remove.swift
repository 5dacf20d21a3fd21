import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// One line of `docker rmi` output.
public enum RemovalLine: Equatable, Sendable {
    case untagged(String)
    case deleted(Digest)
}

extension Engine {
    /// Puts a second name on an image (`docker tag`).
    public func tag(source: String, target: ImageReference) throws(EngineError) {
        guard let record = image(source) else { throw .noSuchImage(Self.displayName(source)) }
        try setTag(target, to: record.id)
    }

    /// `docker rmi`: removes a name, and the image with its unused layers once no name is left.
    public func remove(_ nameOrID: String, force: Bool) throws(EngineError) -> [RemovalLine] {
        guard let record = image(nameOrID) else { throw .noSuchImage(Self.displayName(nameOrID)) }
        let tags = self.tags(of: record.id)
        var lines: [RemovalLine] = []
        if let reference = try? ImageReference.parse(nameOrID), state.tags[reference.withDefaultTag.description] == record.id {
            // Removing by name: only the name goes while other names remain.
            try removeTag(reference.withDefaultTag.description)
            lines.append(.untagged(reference.withDefaultTag.familiarDescription))
            if tags.count > 1 { return lines }
        } else {
            let repositories = Set(tags.map(\.name))
            if repositories.count > 1 && !force {
                throw .conflict("unable to delete \(record.id.shortID) (must be forced) - image is referenced in multiple repositories")
            }
            for tag in tags {
                try removeTag(tag.description)
                lines.append(.untagged(tag.familiarDescription))
            }
        }
        for repoDigest in repoDigests(of: record.id) { lines.append(.untagged(repoDigest)) }
        lines.append(.deleted(record.id))
        let freed = try deleteImage(record.id)
        let chains = Self.chainIDs(record.layers.map(\.diffID))
        for diffID in freed {
            if let index = record.layers.firstIndex(where: { $0.diffID == diffID }) { lines.append(.deleted(chains[index])) }
        }
        return lines
    }

    /// Removes images no name points at (`docker image prune`); returns their removal lines and the bytes freed.
    public func pruneDangling() throws(EngineError) -> (lines: [RemovalLine], reclaimed: Int64) {
        var lines: [RemovalLine] = []
        var reclaimed: Int64 = 0
        for record in allImages where tags(of: record.id).isEmpty {
            let before = Set(record.layers.map(\.diffID))
            let freed = try deleteImage(record.id)
            lines.append(.deleted(record.id))
            let chains = Self.chainIDs(record.layers.map(\.diffID))
            for diffID in freed where before.contains(diffID) {
                if let index = record.layers.firstIndex(where: { $0.diffID == diffID }) {
                    lines.append(.deleted(chains[index]))
                    reclaimed += record.layerSizes[index]
                }
            }
        }
        return (lines, reclaimed)
    }

    /// Layer chain IDs (OCI image-spec): the first is the diffID, each next one the digest of
    /// "previous-chain-ID diffID".
    public static func chainIDs(_ diffIDs: [Digest]) -> [Digest] {
        var chains: [Digest] = []
        for diffID in diffIDs {
            chains.append(chains.last.map { Digest.sha256(of: "\($0) \(diffID)") } ?? diffID)
        }
        return chains
    }

    /// How Docker names what it could not find: `foo:latest` for a name without a tag.
    public static func displayName(_ nameOrID: String) -> String {
        guard let reference = try? ImageReference.parse(nameOrID), reference.digest == nil else { return nameOrID }
        return reference.withDefaultTag.familiarDescription
    }
}
