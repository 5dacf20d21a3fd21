/// A parse failure before it is given its line: what BuildKit's parser says, word for word.
struct DockerfileSyntaxFailure: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
