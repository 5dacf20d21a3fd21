import LayerlabBasics

/// One lesson: text to read (a Markdown subset) and the exercises that practise it.
public struct Lesson: Equatable, Sendable {
    public var id: String
    public var title: String
    /// The Markdown body after the front matter.
    public var text: String
    public var exercises: [Exercise]
    public var location: SourceLocation
}
