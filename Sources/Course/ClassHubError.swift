import LayerlabBasics

/// Why `class check` cannot judge a class at all: what went wrong, where, and what to do. What goes
/// wrong for one learner (an image that cannot be pulled) is a note in the report instead.
public struct ClassHubError: Error, Equatable, UserFacingError {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
