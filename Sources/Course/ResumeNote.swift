import Foundation
import LayerlabBasics

/// The greeting a returning learner sees, written when they open an exercise: a start-up can show it
/// without loading the lesson pack or waiting for SQLite. One note per learner name in the home.
struct ResumeNote {
    let home: URL

    func url(for learner: String) -> URL {
        home.appendingPathComponent("resume-\(Digest.sha256(of: learner).hex.prefix(16)).txt")
    }

    func read(for learner: String) -> String? {
        FileManager.default.contents(atPath: url(for: learner).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func write(_ text: String, for learner: String) {
        try? Data(text.utf8).write(to: url(for: learner), options: .atomic)
    }
}
