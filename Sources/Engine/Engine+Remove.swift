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
        guard let record = images.image(source) else { throw .noSuchImage(Self.displayName(source)) }
        try images.setTag(target, to: record.id)
    }

    /// `docker rmi`: removes a name, and the image with its unused layers once no name is left.
    public func remove(_ nameOrID: String, force: Bool) throws(EngineError) -> [RemovalLine] {
        guard let record = images.image(nameOrID) else { throw .noSuchImage(Self.displayName(nameOrID)) }
        let tags = images.tags(of: record.id)
        var lines: [RemovalLine] = []
        let users = allContainers.filter { $0.image == record.id }
        let byName = (try? ImageReference.parse(nameOrID)).flatMap { images.id(taggedAs: $0.withDefaultTag.description) == record.id ? $0 : nil }
        if let user = users.first {
            if let byName, tags.count == 1 {
                if !force {
                    throw .conflict("unable to remove repository reference \"\(nameOrID)\" (must force) - container \(user.shortID) is using its referenced image \(record.id.shortID)")
                }
                // Forced: the name goes, the image stays for the container, as <none>.
                try images.removeTag(byName.withDefaultTag.description)
                return [.untagged(byName.withDefaultTag.familiarDescription)]
            }
            if byName == nil {
                if user.isRunning {
                    throw .conflict("unable to delete \(record.id.shortID) (cannot be forced) - image is being used by running container \(user.shortID)")
                }
                if !force {
                    throw .conflict("unable to delete \(record.id.shortID) (must be forced) - image is being used by stopped container \(user.shortID)")
                }
            }
        }
        if let reference = byName {
            // Removing by name: only the name goes while other names remain.
            try images.removeTag(reference.withDefaultTag.description)
            lines.append(.untagged(reference.withDefaultTag.familiarDescription))
            // With the repository's last tag go its digest references (moby v28.2.2
            // daemon/images/image_delete.go: "clean up those digest references").
            if !images.tags(of: record.id).contains(where: { $0.name == reference.name }) {
                let prefix = reference.familiarName + "@"
                lines += try images.removeRepoDigests(of: record.id, withPrefix: prefix).map { .untagged($0) }
            }
            if tags.count > 1 { return lines }
        } else {
            // An intermediate image of a legacy build is needed by the next step's image (moby v28.2.2
            // daemon/images/image_delete.go, checkImageDeleteConflict: conflictDependentChild).
            if !images.children(of: record.id).isEmpty {
                throw .conflict("unable to delete \(record.id.shortID) (cannot be forced) - image has dependent child images")
            }
            let repositories = Set(tags.map(\.name))
            if repositories.count > 1 && !force {
                throw .conflict("unable to delete \(record.id.shortID) (must be forced) - image is referenced in multiple repositories")
            }
            for tag in tags {
                try images.removeTag(tag.description)
                lines.append(.untagged(tag.familiarDescription))
            }
        }
        for repoDigest in images.repoDigests(of: record.id) { lines.append(.untagged(repoDigest)) }
        lines += try deleteReporting(record).lines
        // Then each parent a legacy build left without a name, while nothing else needs it: no other
        // child, no container (image_delete.go, imageDeleteHelper with prune; the reference engine
        // prints one `Deleted:` per intermediate image).
        var parentID = record.parent
        while let id = parentID, let parent = images.record(id), images.tags(of: id).isEmpty, images.repoDigests(of: id).isEmpty,
              images.children(of: id).isEmpty, !allContainers.contains(where: { $0.image == id }) {
            lines += try deleteReporting(parent).lines
            parentID = parent.parent
        }
        return lines
    }

    /// Deletes an image with no name left: its `Deleted:` line, one per layer no other image uses
    /// (by chain ID, as Docker prints them), and the bytes those layers held.
    func deleteReporting(_ record: ImageRecord) throws(EngineError) -> (lines: [RemovalLine], freedBytes: Int64) {
        var lines: [RemovalLine] = [.deleted(record.id)]
        var bytes: Int64 = 0
        let chains = Self.chainIDs(record.layers.map(\.diffID))
        for diffID in try deleteImage(record.id) {
            guard let index = record.layers.firstIndex(where: { $0.diffID == diffID }) else { continue }
            lines.append(.deleted(chains[index]))
            bytes += record.layerSizes[index]
        }
        return (lines, bytes)
    }

    /// `docker image prune`: removes the images no container uses that have no tag (a digest alone does
    /// not keep one), or with `all` every image no container uses; returns the removal lines and the
    /// bytes freed.
    public func pruneImages(all: Bool) throws(EngineError) -> PruneReport<RemovalLine> {
        var lines: [RemovalLine] = []
        var reclaimed: Int64 = 0
        let inUse = Set(allContainers.map(\.image))
        for record in images.all where !inUse.contains(record.id) {
            let tags = images.tags(of: record.id)
            guard all || tags.isEmpty else { continue }
            for tag in tags {
                try images.removeTag(tag.description)
                lines.append(.untagged(tag.familiarDescription))
            }
            for repoDigest in images.repoDigests(of: record.id) { lines.append(.untagged(repoDigest)) }
            let deleted = try deleteReporting(record)
            lines += deleted.lines
            reclaimed += deleted.freedBytes
        }
        return PruneReport(deleted: lines, spaceReclaimed: reclaimed)
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
