import Dockerfile

/// A FROM line's image as hadolint sees it: split by its own Dockerfile parser (language-docker 16,
/// `Language/Docker/Parser/From.hs`), not by BuildKit's reference rules. The rules that judge the base
/// (DL3006, DL3007) and the ones that compare stages (DL3009, DL3060) all read this split.
struct FromImage: Equatable {
    /// Everything up to the first `/` after a `.`: `quay.io`, but also `a/b.c` in `a/b.c/d`.
    var registry: String?
    var name: String
    var tag: String?
    var digest: String?
    /// The stage name as written: hadolint compares it with image names case for case.
    var alias: String?
    var platform: String?

    /// What hadolint pretends a RUN before the first FROM belongs to (DL3009's `emptyImage`).
    static let beforeFirstFrom = FromImage(registry: nil, name: "scratch", tag: nil, digest: nil, alias: nil, platform: nil)

    init(registry: String?, name: String, tag: String?, digest: String?, alias: String?, platform: String?) {
        self.registry = registry
        self.name = name
        self.tag = tag
        self.digest = digest
        self.alias = alias
        self.platform = platform
    }

    /// `original` is the instruction as written, for the stage name's case (BuildKit lowers it).
    init(_ from: FromInstruction, original: String) {
        var rest = Substring(from.base)
        // A registry is a domain with a dot, then a `/`; without both there is none.
        if let dot = Self.firstIndex(of: ".", in: rest), dot > rest.startIndex,
           let slash = Self.firstIndex(of: "/", in: rest[rest.index(after: dot)...]), slash > rest.index(after: dot)
        {
            registry = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        let nameEnd = Self.firstIndex(in: rest) { $0 == ":" || $0 == "@" } ?? rest.endIndex
        name = String(rest[..<nameEnd])
        rest = rest[nameEnd...]
        if rest.first == ":" {
            rest = rest.dropFirst()
            let tagEnd = Self.firstIndex(in: rest) { $0 == ":" || $0 == "@" } ?? rest.endIndex
            tag = String(rest[..<tagEnd])
            rest = rest[tagEnd...]
        }
        if rest.first == "@" { digest = String(rest.dropFirst()) }
        alias = from.stageName.map { _ in
            original.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).last.map(String.init) ?? ""
        }
        platform = from.platform
    }

    static func firstIndex(of character: Character, in text: Substring) -> Substring.Index? {
        firstIndex(in: text) { $0 == character }
    }

    /// The first character that matches outside `${…}`: language-docker reads a parameter expansion
    /// whole, so the `:` of `${TAG:-1}` is not the tag's.
    static func firstIndex(in text: Substring, where matches: (Character) -> Bool) -> Substring.Index? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "$", next < text.endIndex, text[next] == "{" {
                depth += 1
                index = text.index(after: next)
                continue
            }
            if depth > 0 {
                if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            } else if matches(character) {
                return index
            }
            index = next
        }
        return nil
    }
}
