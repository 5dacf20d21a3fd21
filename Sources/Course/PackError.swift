import LayerlabBasics

/// A pack could not be created, installed or found.
public struct PackError: Error, UserFacingError {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
