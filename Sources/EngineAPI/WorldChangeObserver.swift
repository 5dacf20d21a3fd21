/// What the program serving the API (the prompt, or `layerlab daemon`) does around requests: a
/// request that may change the world is an undo step and has the exercise checked after it, as a
/// command typed at the prompt; and `layerlab check` / `layerlab hint` from another shell run the
/// course's command in the serving session, which holds the world.
public protocol WorldChangeObserver: Sendable {
    /// Answers `request` by `answer`, the serving session told of it as of a command named `line`.
    func around(_ line: String, _ answer: () -> APIResponse) -> APIResponse
    /// Runs one of the course's commands (`check`, `hint`) in the serving session: what it printed and
    /// its status.
    func runCourseCommand(_ command: String) -> (output: String, status: Int32)
}
