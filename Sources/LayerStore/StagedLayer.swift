/// A layer whose large files are copied into the store under a temporary folder, waiting for its key.
public struct StagedLayer: Sendable {
    /// The layer's changes, large files named by their file in the staging folder.
    let changes: [Layer.Change]
    /// Nil when the layer had no large file to copy.
    let folder: String?
}
