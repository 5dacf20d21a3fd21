/// A shell's standard input as its commands share it. It is a class because it is one open file:
/// each `read` takes the next record, and the next `read` (in a `while read` loop's next round,
/// or in a function it calls) goes on from there. Programs are handed what is left; layerlab does
/// not know how much of it a program would read, so only `read` consumes it.
final class ShellInput {
    private var rest: Substring

    init(_ text: String) {
        rest = Substring(text)
    }

    /// What has not been read yet.
    var remaining: String { String(rest) }

    /// The next record up to `delimiter` (a newline for `read`, none for `read -d ''`, which reads to
    /// the end), without it; and whether the delimiter ended it. Nil at the end of the input.
    func readRecord(delimiter: Character?) -> (text: String, terminated: Bool)? {
        guard !rest.isEmpty else { return nil }
        guard let delimiter, let end = rest.firstIndex(of: delimiter) else {
            let text = String(rest)
            rest = rest[rest.endIndex...]
            return (text, false)
        }
        let text = String(rest[..<end])
        rest = rest[rest.index(after: end)...]
        return (text, true)
    }
}
