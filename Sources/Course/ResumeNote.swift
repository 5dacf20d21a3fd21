import Foundation
import LayerlabBasics

/// The greeting a returning learner sees, written when they open an exercise: a start-up can show it
/// without loading the lesson pack or waiting for SQLite. One note per learner name in the home.
struct ResumeNote {
    let home: URL

    func url(for learner: String) -> URL {
        home.appendingPathComponent("resume-\(Digest.sha256(of: learner).hex.prefix(16)).txt")
    }

    /// The exercise's label (for the prompt) and the greeting.
    func read(for learner: String) -> (label: String, greeting: String)? {
        guard let data = FileManager.default.contents(atPath: url(for: learner).path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n") else { return nil }
        return (String(text[..<newline]), String(text[text.index(after: newline)...]))
    }

    func write(label: String, greeting: String, for learner: String) {
        try? Data((label + "\n" + greeting).utf8).write(to: url(for: learner), options: .atomic)
    }
}
