/// What a `RUN --mount=…` reads, as far as it decides which stages and which part of the context a build
/// needs (buildkit v0.22.0 frontend/dockerfile/instructions/commands_runmount.go, parseMount): its type
/// (`bind` unless given), the stage or image it mounts from, and the path it mounts. layerlab runs the
/// command without the mount.
struct RunMount: Equatable {
    var type = "bind"
    var from: String?
    var source = ""

    /// One `--mount` value: comma-separated `key=value` fields, keys and the type in any case. (BuildKit
    /// reads the fields as a CSV record; a quoted comma inside a value is not taken apart here.)
    init(_ text: String) {
        for field in text.split(separator: ",") {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let value = String(field[field.index(after: equals)...])
            switch field[..<equals].lowercased() {
            case "type": type = value.lowercased()
            case "from": from = value
            case "source", "src": source = value
            default: break
            }
        }
    }

    /// The context path BuildKit marks as used (`ctxPaths` in dockerfile2llb/convert_runmount.go,
    /// dispatchRunMounts): a bind or tmpfs mount without `from` (a tmpfs mount too, marked before its
    /// type is looked at; a cache mount mounts from scratch; secret and ssh mounts are left before).
    var contextPath: String? {
        from == nil && (type == "bind" || type == "tmpfs") ? source : nil
    }

    /// Whether the mount is of the context itself, so that BuildKit loads it: a bind mount without `from`.
    var readsContext: Bool { from == nil && type == "bind" }
}
