import Foundation

/// The filters of the daemon's volume list (`docker volume ls --filter KEY=VALUE`, moby v28.2.2
/// daemon/volume/service/convert.go, filtersToBy): `dangling=true|false` (mounted by no container, or
/// by some), `name=` (the name, or a regular expression found in it) and `driver=` (only `local`
/// here); labels are refused as not simulated.
public struct VolumeListFilter: Sendable {
    public static let acceptedKeys = ["dangling", "name", "driver"]
    static let mobyKeys = ["dangling", "name", "driver", "label"]

    private var dangling: Bool?
    private var names: [String] = []
    private var drivers: [String] = []

    public init(_ filters: [(key: String, value: String)]) throws(EngineError) {
        var danglingValues: [String] = []
        for (key, value) in filters {
            guard Self.mobyKeys.contains(key) else {
                throw .invalidFilter(key: key, value: nil, reason: nil, objects: .volumes, accepted: Self.acceptedKeys)
            }
            switch key {
            case "dangling": danglingValues.append(value)
            case "name": names.append(value)
            case "driver": drivers.append(value)
            default: throw .unsupported("docker volume ls --filter \(key)")
            }
        }
        if !danglingValues.isEmpty {
            // moby's GetBoolOrDefault: every value must say yes, or every one no.
            let saysYes = danglingValues.contains("true") || danglingValues.contains("1")
            let saysNo = danglingValues.contains("false") || danglingValues.contains("0")
            guard saysYes != saysNo else {
                throw .invalidFilter(key: "dangling", value: "[\(danglingValues.joined(separator: " "))]", reason: nil, objects: .volumes, accepted: Self.acceptedKeys)
            }
            dangling = saysYes
        }
    }

    func keeps(_ volume: VolumeRecord, isMounted: Bool) -> Bool {
        if let dangling, dangling == isMounted { return false }
        if !drivers.isEmpty && !drivers.contains("local") { return false }
        // filters.Args.Match: the value itself, or as a regular expression found in the name.
        return names.isEmpty || names.contains { $0 == volume.name || volume.name.range(of: $0, options: .regularExpression) != nil }
    }
}
