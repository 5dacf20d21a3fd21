import GoSemantics

/// The filters of the daemon's image list (`docker images --filter KEY=VALUE`, moby v28.2.2
/// daemon/images/images.go): `dangling=true|false` and `reference=PATTERN` are simulated; moby's
/// other keys are refused as not simulated, and keys moby does not know as moby refuses them.
public struct ImageListFilter: Sendable {
    static let simulatedKeys = ["dangling", "reference"]
    static let mobyKeys = ["dangling", "label", "before", "since", "reference", "until"]

    /// nil when not filtered; true keeps only untagged images, false only tagged ones.
    public private(set) var dangling: Bool?
    private var referencePatterns: [String] = []

    public var filtersReferences: Bool { !referencePatterns.isEmpty }

    public init(_ filters: [(key: String, value: String)]) throws(EngineError) {
        var danglingValues: [String] = []
        for (key, value) in filters {
            guard Self.mobyKeys.contains(key) else { throw .invalidFilter(key: key, value: nil, reason: nil, objects: .images, accepted: Self.simulatedKeys) }
            switch key {
            case "dangling":
                danglingValues.append(value)
            case "reference":
                referencePatterns.append(value)
            default:
                throw .unsupported("docker images --filter \(key)")
            }
        }
        if !danglingValues.isEmpty {
            // moby's GetBoolOrDefault: the values must all say yes or all say no; its error prints
            // them as a Go slice ('dangling=[maybe]').
            let saysYes = danglingValues.contains("true") || danglingValues.contains("1")
            let saysNo = danglingValues.contains("false") || danglingValues.contains("0")
            guard saysYes != saysNo else {
                throw .invalidFilter(key: "dangling", value: "[\(danglingValues.joined(separator: " "))]", reason: nil, objects: .images, accepted: Self.simulatedKeys)
            }
            dangling = saysYes
        }
    }

    /// Adds a reference pattern: `docker images NAME[:TAG]` asks for its operand so (docker/cli
    /// v28.2.2 cli/command/image/list.go).
    public mutating func addReferencePattern(_ pattern: String) {
        referencePatterns.append(pattern)
    }

    /// As moby's image list: each pattern in turn against the reference in its familiar form
    /// (`alpine:3.20`, `alpine@sha256:…`), then its name (distribution's FamiliarMatch, Go's
    /// `path.Match`); a malformed pattern fails the listing, as on the daemon.
    func matchesReference(_ familiar: String, name: String) throws(EngineError) -> Bool {
        if referencePatterns.isEmpty { return true }
        for pattern in referencePatterns {
            do {
                if try GoFilepath.match(pattern, familiar) { return true }
                if try GoFilepath.match(pattern, name) { return true }
            } catch {
                throw .daemon(error.description)
            }
        }
        return false
    }
}
