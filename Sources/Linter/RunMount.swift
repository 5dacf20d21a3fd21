/// One `RUN --mount=…` as hadolint's parser reads it (language-docker 16, `Parser/Run.hs`): a type
/// (bind unless given) and options whose order and spelling do not matter, so `target=/x,type=cache`
/// is the same mount as `type=cache,dst=/x`.
struct RunMount: Hashable {
    var type: String
    var options: [String: String]

    init(_ flag: String) {
        var type = "bind"
        var options: [String: String] = [:]
        for part in flag.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            var key = String(pair[0]).lowercased()
            var value = pair.count == 2 ? String(pair[1]) : ""
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            switch key {
            case "type":
                type = value
                continue
            case "dst", "destination": key = "target"
            case "src": key = "source"
            case "ro", "readonly", "rw", "readwrite":
                // `ro`, `readonly=true` and `rw=false` all say read-only.
                let readOnly = key == "ro" || key == "readonly"
                let setting = value.isEmpty || value.lowercased() == "true"
                (key, value) = ("readonly", readOnly == setting ? "true" : "false")
            default: break
            }
            options[key] = value
        }
        self.type = type
        self.options = options
    }

    var target: String? { options["target"] }

    /// hadolint's `hasCacheOrTmpfsMountWith` (`Hadolint/Utils.hs`): a cache or tmpfs mount whose target
    /// contains `fragment` keeps what a command leaves there out of the layer.
    static func keepsOut(_ fragment: String, _ mounts: Set<RunMount>) -> Bool {
        mounts.contains { ($0.type == "cache" || $0.type == "tmpfs") && ($0.target?.contains(fragment) ?? false) }
    }
}
