/// An error the shell may show to a learner as it is: what is wrong, where, and what to do.
///
/// The shell renders only errors that conform; anything else is an internal error and is shown with a
/// request to report it, so a raw Swift error never reaches a learner disguised as advice.
public protocol UserFacingError: Error {
    /// What is wrong, in one line, in the words the real tool would use where there is one.
    var message: String { get }
    /// The file and line the problem is in, when it comes from a file.
    var location: SourceLocation? { get }
    /// What to do about it.
    var hint: String? { get }
    /// The exit status a script sees; 1 unless the real tool uses another.
    var exitStatus: Int32 { get }
}

extension UserFacingError {
    public var location: SourceLocation? { nil }
    public var hint: String? { nil }
    public var exitStatus: Int32 { 1 }
}
