import LayerlabBasics

/// A pack's `pack.yaml`: who made it, which format it is written in, and its lessons in order.
public struct PackManifest: Equatable, Sendable {
    /// The lesson format this layerlab reads; a pack declares the one it was written for.
    public static let supportedFormatVersion = 1

    /// Stable across versions: progress is kept per pack ID and lesson ID.
    public var id: String
    public var title: String
    public var version: String
    public var formatVersion: Int
    public var author: String
    /// Lesson files, relative to the pack folder, in course order.
    public var lessonFiles: [String]
    /// Exam mode turns hints and solutions off.
    public var examMode: Bool
}
