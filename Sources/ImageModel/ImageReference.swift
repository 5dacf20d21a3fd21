import LayerlabBasics

/// An image name as Docker reads it (distribution/reference): `[host[:port]/]path[:tag][@digest]`,
/// normalized so `alpine` is `docker.io/library/alpine`. Every command that takes an image name parses
/// it here, so a learner gets Docker's exact messages for the same mistakes.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    public static let defaultDomain = "docker.io"
    public static let defaultTag = "latest"

    /// The registry host, `docker.io` for Docker Hub.
    public var domain: String
    /// The repository path on that registry, e.g. `library/alpine` or `alice/app`.
    public var path: String
    public var tag: String?
    /// The digest as written (`sha256:…`).
    public var digest: String?

    public init(domain: String, path: String, tag: String? = nil, digest: String? = nil) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// Parses and normalizes what a learner typed (`ParseNormalizedNamed`).
    public static func parse(_ text: String) throws(ImageReferenceError) -> ImageReference {
        if text.count == 64, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw .hexadecimalName(text)
        }
        let (domain, remainder) = splitDomain(text)
        let remoteName = remainder.firstIndex(of: ":").map { String(remainder[..<$0]) } ?? remainder
        if remoteName.lowercased() != remoteName {
            throw .uppercaseRepository(remoteName)
        }
        return try parseFull(domain + "/" + remainder)
    }

    /// `docker.io/library/alpine:latest`, with `:latest` added when neither tag nor digest was given.
    public var withDefaultTag: ImageReference {
        var copy = self
        if tag == nil && digest == nil { copy.tag = Self.defaultTag }
        return copy
    }

    /// `docker.io/library/alpine`
    public var name: String { "\(domain)/\(path)" }

    /// The name as Docker shows it: `alpine`, `alice/app`, `localhost:5000/app`.
    public var familiarName: String {
        guard domain == Self.defaultDomain else { return name }
        return path.hasPrefix("library/") && path.filter({ $0 == "/" }).count == 1 ? String(path.dropFirst(8)) : path
    }

    /// `docker.io/library/alpine:3.20@sha256:…`
    public var description: String { name + suffix }

    /// `alpine:3.20`, as `docker images` and messages show it.
    public var familiarDescription: String { familiarName + suffix }

    private var suffix: String {
        (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
    }

    /// True for Docker Hub's official images (`library/…`).
    public var isOfficial: Bool { domain == Self.defaultDomain && path.hasPrefix("library/") }

    static func splitDomain(_ name: String) -> (String, String) {
        var domain = defaultDomain
        var remainder = name
        if let slash = name.firstIndex(of: "/") {
            let first = String(name[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = first
                remainder = String(name[name.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = defaultDomain }
        if domain == defaultDomain && !remainder.contains("/") { remainder = "library/" + remainder }
        return (domain, remainder)
    }

    /// `reference.Parse` on a name that starts with its domain.
    static func parseFull(_ text: String) throws(ImageReferenceError) -> ImageReference {
        guard let reference = match(text) else {
            if text.isEmpty { throw .emptyName }
            if match(text.lowercased()) != nil { throw .uppercaseName }
            throw .invalidFormat
        }
        guard reference.path.count <= 255 else { throw .nameTooLong }
        if let digest = reference.digest {
            try validateDigest(digest)
        }
        return reference
    }

    /// The reference grammar; nil when the text does not match it.
    static func match(_ text: String) -> ImageReference? {
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            guard isDigestSyntax(digest!) else { return nil }
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard isTag(tag!) else { return nil }
        }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let domain = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        guard isDomain(domain), !path.isEmpty,
              path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isPathComponent)
        else { return nil }
        return ImageReference(domain: String(domain), path: String(path), tag: tag, digest: digest)
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
    static func isPathComponent(_ component: Substring) -> Bool {
        let chars = Array(component.unicodeScalars)
        func isAlphanumeric(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
        var index = 0
        func alphanumericRun() -> Bool {
            let start = index
            while index < chars.count, isAlphanumeric(chars[index]) { index += 1 }
            return index > start
        }
        guard alphanumericRun() else { return false }
        while index < chars.count {
            if chars[index] == "." {
                index += 1
            } else if chars[index] == "_" {
                index += 1
                if index < chars.count, chars[index] == "_" { index += 1 }
            } else if chars[index] == "-" {
                while index < chars.count, chars[index] == "-" { index += 1 }
            } else {
                return false
            }
            guard alphanumericRun() else { return false }
        }
        return true
    }

    /// A host name, IPv4 address or `[IPv6]`, with an optional `:port`.
    static func isDomain(_ domain: Substring) -> Bool {
        var host = domain
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return false }
            host = host[host.index(after: close)...]
            return host.isEmpty || isPort(host)
        }
        if let colon = host.firstIndex(of: ":") {
            guard isPort(host[colon...]) else { return false }
            host = host[..<colon]
        }
        return !host.isEmpty && host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return first != "-" && last != "-" && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func isPort(_ text: Substring) -> Bool {
        text.count > 1 && text.hasPrefix(":") && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ tag: String) -> Bool {
        func isWord(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        guard let first = tag.first, isWord(first), tag.count <= 128 else { return false }
        return tag.allSatisfy { isWord($0) || $0 == "." || $0 == "-" }
    }

    /// `algorithm:hex` with at least 32 hex digits.
    static func isDigestSyntax(_ digest: String) -> Bool {
        guard let colon = digest.firstIndex(of: ":") else { return false }
        let algorithm = digest[..<colon]
        let hex = digest[digest.index(after: colon)...]
        guard let first = algorithm.first, first.isASCII, first.isLetter else { return false }
        guard algorithm.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_+.".contains($0)) }) else { return false }
        return hex.count >= 32 && hex.allSatisfy(\.isHexDigit)
    }

    static func validateDigest(_ digest: String) throws(ImageReferenceError) {
        guard digest.hasPrefix("sha256:") || digest.hasPrefix("sha384:") || digest.hasPrefix("sha512:") else {
            throw .unsupportedDigestAlgorithm
        }
        do {
            if digest.hasPrefix("sha256:") { _ = try Digest(parsing: digest) }
        } catch {
            throw .invalidDigestLength
        }
    }
}

/// Docker's messages for names it cannot use.
public enum ImageReferenceError: Error, Equatable, Sendable, UserFacingError {
    case invalidFormat
    case uppercaseRepository(String)
    case uppercaseName
    case emptyName
    case nameTooLong
    case hexadecimalName(String)
    case unsupportedDigestAlgorithm
    case invalidDigestLength

    public var message: String {
        switch self {
        case .invalidFormat: "invalid reference format"
        case .uppercaseRepository(let name): "invalid reference format: repository name (\(name)) must be lowercase"
        case .uppercaseName: "repository name must be lowercase"
        case .emptyName: "repository name must have at least one component"
        case .nameTooLong: "repository name must not be more than 255 characters"
        case .hexadecimalName(let name): "invalid repository name (\(name)), cannot specify 64-byte hexadecimal strings"
        case .unsupportedDigestAlgorithm: "unsupported digest algorithm"
        case .invalidDigestLength: "invalid checksum digest length"
        }
    }

    public var hint: String? {
        switch self {
        case .uppercaseRepository, .uppercaseName: "image names are lower case; tags may use upper case"
        case .invalidFormat: "a name looks like [host[:port]/]path[:tag]; tags are letters, digits, _ . - and at most 128 long"
        default: nil
        }
    }
}
