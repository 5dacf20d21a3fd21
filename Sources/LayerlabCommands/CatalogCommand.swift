import ArgumentParser
import Foundation
import ImageCatalog

/// `layerlab catalog [CATALOG.json]`: works out the catalog layers' digests from their
/// bytes, for contributors who change the catalog (`Scripts/regenerate-catalog` writes them beside it).
public struct CatalogCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "For contributors: work out the image catalog's layer digests.",
        discussion: """
        Prints, as JSON, each catalog layer's diffID, tar size, gzip blob digest and blob size: the file
        Sources/ImageCatalog/Catalog/catalog-layers.json, which pulls read instead of hashing. Run
        Scripts/regenerate-catalog after changing catalog.json (a test fails until you do).
        """
    )

    @Argument(help: "A catalog.json to read instead of the one built in.")
    public var catalog: String?

    public init() {}

    public func run() throws {
        let json = try catalog.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? ImageCatalog.bundledCatalogJSON()
        FileHandle.standardOutput.write(try ImageCatalog.layerDigestsJSON(ImageCatalog.computeLayerDigests(json: json)))
    }
}
