/// The shape of `Catalog/catalog.json`: reusable layer contents, and images built from them
/// (`Catalog/README.md` describes it for contributors, and where each figure comes from).
///
/// A layer is a list of entry specs. Small files carry their text; large ones a size (their bytes are
/// generated from a seed); `bulk` stands for many files that together reach a size, as a library
/// folder does; `links` makes symlinks; `files` makes same-size files at given paths.
struct CatalogFile: Decodable {
    var formatVersion: Int
    var layers: [String: [EntrySpec]]
    var images: [ImageSpec]
    /// What Docker Hub's search shows for each repository.
    var listings: [String: Listing]

    struct Listing: Decodable {
        var description: String
        var stars: Int
        /// The platforms the Hub's index of each tag names (`linux/arm64/v8`), linux/amd64 first.
        var platforms: [String]?
    }

    struct EntrySpec: Decodable {
        var dir: String?
        var file: String?
        var text: String?
        var size: Int64?
        var mode: String?
        var uid: Int?
        var gid: Int?
        var link: String?
        var links: [String]?
        var to: String?
        var files: [String]?
        var bulk: String?
        var count: Int?
        var ext: String?
        var prefix: String?
    }

    struct ImageSpec: Decodable {
        var repository: String
        var tags: [String]
        var base: String?
        var created: String
        var config: ConfigSpec
        var steps: [StepSpec]
    }

    /// The config keys an image sets or overrides over its base.
    struct ConfigSpec: Decodable {
        var Env: [String]?
        var Cmd: [String]?
        var Entrypoint: [String]?
        var WorkingDir: String?
        var User: String?
        var ExposedPorts: [String: [String: String]]?
        var Volumes: [String: [String: String]]?
        var Labels: [String: String]?
        var StopSignal: String?
    }

    /// One history row: its `created_by` exactly as the real image has it (BuildKit's `RUN /bin/sh -c …
    /// # buildkit`, the legacy builder's `/bin/sh -c #(nop)  ENV …`), the layer it made if any, and its
    /// own time when it is not the image's (a legacy build stamps each step as it ends).
    struct StepSpec: Decodable {
        var createdBy: String
        var layer: String?
        var created: String?
    }
}
