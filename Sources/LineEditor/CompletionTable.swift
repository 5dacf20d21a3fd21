/// Works out what Tab inserts, given the line up to the cursor and the candidates for the word being typed.
///
/// Pure, so completion can be tested without a terminal; the editor asks a `CompletionProvider` for the
/// candidates and this type for what to do with them.
public struct CompletionTable: Sendable {
    public init() {}

    public enum Action: Equatable, Sendable {
        /// Insert this text at the cursor.
        case insert(String)
        /// Several candidates share nothing more: list them.
        case list([String])
        /// Nothing completes the word.
        case none
    }

    /// The word being completed: the text after the last unquoted space.
    public static func currentWord(in lineBeforeCursor: String) -> String {
        guard let space = lineBeforeCursor.lastIndex(where: { $0 == " " || $0 == "\t" }) else {
            return lineBeforeCursor
        }
        return String(lineBeforeCursor[lineBeforeCursor.index(after: space)...])
    }

    public func action(word: String, candidates: [String]) -> Action {
        let matches = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
        guard let first = matches.first else { return .none }
        if matches.count == 1 {
            // A directory candidate ends in "/" and keeps going; anything else ends the word.
            let rest = String(first.dropFirst(word.count))
            return .insert(first.hasSuffix("/") ? rest : rest + " ")
        }
        let common = matches.dropFirst().reduce(first) { $0.commonPrefix(with: $1) }
        if common.count > word.count {
            return .insert(String(common.dropFirst(word.count)))
        }
        return .list(matches)
    }
}

extension String {
    func commonPrefix(with other: String) -> String {
        String(zip(self, other).prefix(while: { $0 == $1 }).map(\.0))
    }
}
