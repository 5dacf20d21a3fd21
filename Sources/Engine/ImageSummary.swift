import Foundation

/// One image of the daemon's image list (`GET /images/json`), as moby's image.Summary: its ID, the
/// names and digests pointing at it (familiar form, filtered as asked), when it was made, its size.
/// Fields the simulation does not count are -1, as moby leaves them when not asked to count.
public struct ImageSummary: Codable, Sendable, Equatable {
    public var id: String
    public var parentID: String
    public var repoTags: [String]
    public var repoDigests: [String]
    /// Seconds since 1970, as the API gives it.
    public var created: Int64
    public var size: Int64
    public var sharedSize: Int64 = -1
    public var labels: [String: String]
    public var containers: Int64 = -1

    enum CodingKeys: String, CodingKey {
        case id = "Id", parentID = "ParentId", repoTags = "RepoTags", repoDigests = "RepoDigests", created = "Created"
        case size = "Size", sharedSize = "SharedSize", labels = "Labels", containers = "Containers"
    }
}

extension Engine {
    /// The image list, newest first (moby v28.2.2 daemon/images/image_list.go): each image with the
    /// references the filter keeps; an image left without any is listed only when no reference or
    /// dangling=false filter asks for names, and dangling=true lists only images without tags. An image
    /// without names that is another's parent (the legacy builder's intermediate images) is listed
    /// only with `all` (`docker images -a`; image_list.go: `opts.All || len(Children(id)) == 0`).
    public func listImages(filter: ImageListFilter, all: Bool = false) throws(EngineError) -> [ImageSummary] {
        var summaries: [ImageSummary] = []
        for record in images.all {
            var repoTags: [String] = []
            var repoDigests: [String] = []
            for tag in images.tags(of: record.id) {
                if try filter.matchesReference(tag.familiarDescription, name: tag.familiarName) { repoTags.append(tag.familiarDescription) }
            }
            for repoDigest in images.repoDigests(of: record.id) {
                let name = repoDigest.split(separator: "@", maxSplits: 1).first.map(String.init) ?? repoDigest
                if try filter.matchesReference(repoDigest, name: name) { repoDigests.append(repoDigest) }
            }
            if repoTags.isEmpty && repoDigests.isEmpty {
                if !all && !images.children(of: record.id).isEmpty { continue }
                if filter.dangling == false || filter.filtersReferences { continue }
            } else if filter.dangling == true && !repoTags.isEmpty {
                continue
            }
            summaries.append(ImageSummary(
                id: record.id.description, parentID: record.parent?.description ?? "", repoTags: repoTags, repoDigests: repoDigests,
                created: Int64(record.configuration.created?.timeIntervalSince1970 ?? 0), size: record.size,
                labels: record.configuration.config.labels ?? [:]
            ))
        }
        return summaries
    }
}
