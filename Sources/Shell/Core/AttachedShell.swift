/// A shell inside a container that the prompt is attached to (`docker run -it`, `docker exec -it`):
/// while it is attached, lines go to it instead of to layerlab's own commands.
public protocol AttachedShell: AnyObject {
    /// The container shell's prompt, e.g. `/ # `.
    var prompt: String { get }
    /// Runs one line; returns false once the shell has exited.
    func handle(_ line: String, io: CommandIO) -> Bool
    /// Ctrl-D or the end of input: the shell exits.
    func endOfInput(io: CommandIO)
}
