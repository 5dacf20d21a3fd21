import Foundation
import LayerlabBasics
import Yams

/// Reads one entry of `checks:`: a mapping with a single key naming the kind, whose value is a
/// scalar (`image_exists: alpine:3.20`) or a mapping of its arguments.
struct LessonCheckReader {
    let reader: YAMLReader

    /// The kinds and the arguments each takes (the first is the one a scalar value stands for).
    static let kinds: [String: [String]] = [
        "image_exists": ["image"],
        "layer_count": ["image", "max", "min", "equals"],
        "config": ["image", "field", "equals", "contains", "absent"],
        "file": ["image", "path", "layer"],
        "no_file": ["image", "path"],
        "image_size": ["image", "max", "min"],
        "efficiency": ["image", "min_score", "max_wasted"],
        "official_pinned_base": ["dockerfile"],
        "lint_clean": ["dockerfile", "rules"],
        "dockerignore_excludes": ["path", "context"],
        "step_cached": ["step", "dockerfile"],
        "registry_has": ["image", "registry", "same_as"],
        "logged_in": ["registry"],
        "container_running": ["image", "port"],
        "workspace_file": ["path", "contains"],
    ]

    static let configFields = ["User", "Cmd", "Entrypoint", "Env", "ExposedPorts", "WorkingDir", "Labels", "Volumes", "StopSignal", "Healthcheck"]

    func read(_ node: Node) -> LessonCheck? {
        guard let mapping = node.mapping, mapping.count == 1, let (keyNode, value) = mapping.first, let kind = keyNode.string else {
            reader.problem("a check is a mapping with one key naming its kind", at: node, hint: "e.g. '- image_exists: myapp:1.0'")
            return nil
        }
        guard let arguments = Self.kinds[kind] else {
            let suggestion = Suggestion.closest(to: kind, in: Self.kinds.keys).map { "did you mean '\($0)'? " } ?? ""
            reader.problem("unknown check kind '\(kind)'", at: keyNode, hint: suggestion + "known kinds: " + Self.kinds.keys.sorted().joined(separator: ", "))
            return nil
        }
        var entries: [String: Node]
        if value.scalar != nil {
            entries = [arguments[0]: value]
        } else {
            guard let mapped = reader.mapping(value, known: arguments, what: "the \(kind) check") else { return nil }
            entries = mapped
        }
        func required(_ key: String) -> String? { reader.string(entries, key, in: "the \(kind) check", at: value) }
        func optional(_ key: String) -> String? { reader.optionalString(entries, key) }
        /// A path in the learner's workspace: a pack is untrusted, and a check that read `/etc/…` or
        /// `../…` would tell the instructor a bit about the learner's computer through the export.
        func inWorkspace(_ path: String?, _ key: String) -> String?? {
            guard let path else { return .some(nil) }
            guard !path.hasPrefix("/"), !path.hasPrefix("~"), !path.split(separator: "/").contains("..") else {
                reader.problem("'\(key)' is relative to the workspace and stays inside it", at: entries[key])
                return nil
            }
            return .some(path)
        }
        let location = reader.location(node)
        func made(_ kind: LessonCheck.Kind?) -> LessonCheck? { kind.map { LessonCheck(kind: $0, location: location) } }
        switch kind {
        case "image_exists":
            return made(required("image").map { .imageExists(image: $0) })
        case "layer_count":
            guard let image = required("image"), let bound = bound(entries, at: value, sizes: false) else { return nil }
            return made(.layerCount(image: image, bound: bound))
        case "image_size":
            guard let image = required("image"), let bound = bound(entries, at: value, sizes: true) else { return nil }
            return made(.imageSize(image: image, bound: bound))
        case "efficiency":
            guard let image = required("image") else { return nil }
            let score = entries["min_score"].flatMap { node -> Double? in
                guard let value = node.float, (0...100).contains(value) else {
                    reader.problem("'min_score' is a percentage from 0 to 100", at: node)
                    return nil
                }
                return value
            }
            let wasted = entries["max_wasted"].flatMap { node -> Int64? in
                guard let text = node.string, let bytes = Self.bytes(text) else {
                    reader.problem("'max_wasted' must be a size like 5MB, at most 1000000GB", at: node)
                    return nil
                }
                return bytes
            }
            guard score != nil || wasted != nil else {
                if entries["min_score"] == nil && entries["max_wasted"] == nil {
                    reader.problem("the efficiency check needs 'min_score' or 'max_wasted'", at: value)
                }
                return nil
            }
            return made(.efficiency(image: image, minimumScore: score, maximumWasted: wasted))
        case "config":
            guard let image = required("image"), let field = required("field") else { return nil }
            guard Self.configFields.contains(field) else {
                reader.problem("'\(field)' is not a config field a check can read", at: entries["field"], hint: "use one of " + Self.configFields.joined(separator: ", "))
                return nil
            }
            let expectation: LessonCheck.Expectation
            if let equals = optional("equals") {
                expectation = .equals(equals)
            } else if let contains = optional("contains") {
                expectation = .contains(contains)
            } else if entries["absent"]?.bool == true {
                expectation = .absent
            } else {
                reader.problem("the config check needs 'equals', 'contains' or 'absent: true'", at: value)
                return nil
            }
            return made(.config(image: image, field: field, expectation: expectation))
        case "file", "no_file":
            guard let image = required("image"), let path = required("path") else { return nil }
            guard path.hasPrefix("/") else {
                reader.problem("'path' must be absolute inside the image, like /app/app.py", at: entries["path"])
                return nil
            }
            return made(.file(image: image, path: path, present: kind == "file", layer: optional("layer")))
        case "official_pinned_base":
            guard let dockerfile = inWorkspace(optional("dockerfile"), "dockerfile") else { return nil }
            return made(.officialPinnedBase(dockerfile: dockerfile ?? "Dockerfile"))
        case "lint_clean":
            let rules = reader.strings(entries["rules"], key: "rules")
            for rule in rules where rule.range(of: "^DL[34][0-9]{3}$", options: .regularExpression) == nil {
                reader.problem("'\(rule)' is not a hadolint DL rule ID", at: entries["rules"], hint: "rule IDs look like DL3008")
            }
            guard let dockerfile = inWorkspace(optional("dockerfile"), "dockerfile") else { return nil }
            return made(.lintClean(dockerfile: dockerfile ?? "Dockerfile", rules: rules))
        case "dockerignore_excludes":
            guard let context = inWorkspace(optional("context"), "context"), let path = inWorkspace(required("path"), "path"), let path else { return nil }
            return made(.ignores(context: context ?? ".", path: path))
        case "step_cached":
            guard let dockerfile = inWorkspace(optional("dockerfile"), "dockerfile") else { return nil }
            return made(required("step").map { .stepCached(dockerfile: dockerfile ?? "Dockerfile", step: $0) })
        case "registry_has":
            guard let image = required("image") else { return nil }
            return made(.registryHas(registry: optional("registry") ?? "docker.io", image: image, sameAs: optional("same_as")))
        case "logged_in":
            return made(required("registry").map { .loggedIn(registry: $0) })
        case "container_running":
            guard let image = required("image") else { return nil }
            return made(.containerRunning(image: image, port: reader.int(entries["port"], key: "port")))
        case "workspace_file":
            guard let path = inWorkspace(required("path"), "path"), let path else { return nil }
            return made(.workspaceFile(path: path, contains: optional("contains")))
        default:
            return nil
        }
    }

    func bound(_ entries: [String: Node], at node: Node, sizes: Bool) -> LessonCheck.Bound? {
        func number(_ key: String) -> Int64? {
            guard let value = entries[key] else { return nil }
            if sizes, let text = value.string, let bytes = Self.bytes(text) { return bytes }
            if !sizes, let int = value.int, int >= 0 { return Int64(int) }
            reader.problem("'\(key)' must be \(sizes ? "a size like 150MB, at most 1000000GB" : "a whole number of zero or more")", at: value)
            return nil
        }
        if let equals = number("equals") { return LessonCheck.Bound(minimum: equals, maximum: equals) }
        let bound = LessonCheck.Bound(minimum: number("min"), maximum: number("max"))
        if bound.minimum == nil && bound.maximum == nil {
            // A bound that was given but is wrong has been reported already.
            if !["equals", "min", "max"].contains(where: { entries[$0] != nil }) { reader.problem("give 'max', 'min' or 'equals'", at: node) }
            return nil
        }
        return bound
    }

    /// The largest size a check may name: far past any image, and well inside Int64.
    static let largestSize: Int64 = 1_000_000_000_000_000

    /// `150MB`, `1.5GB`, `800kB`, `512B` or plain bytes, in Docker's decimal units, from 0 to
    /// `largestSize`; nil for anything else (pack files are untrusted, and a conversion past Int64 traps).
    static func bytes(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("KB", 1e3), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
            let bytes = value * factor
            guard bytes >= 0, bytes <= Double(largestSize) else { return nil }
            return Int64(bytes)
        }
        guard let bytes = Int64(text), (0...largestSize).contains(bytes) else { return nil }
        return bytes
    }
}
