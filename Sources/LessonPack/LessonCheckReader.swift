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
        "step_cached": ["step", "dockerfile", "after_change"],
        "registry_has": ["image", "registry", "same_as"],
        "logged_in": ["registry"],
        "container_running": ["image", "port", "container_port", "name"],
        "workspace_file": ["path", "contains"],
        "runs_as": ["user", "image"],
        "image_built_from": ["image", "dockerfile"],
        "file_matches": ["image", "path", "workspace_file"],
        "instruction_order": ["dockerfile", "first", "then"],
        "container_output": ["contains", "image", "name"],
        "http_response": ["port", "path", "status", "contains"],
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
            let afterChange = entries["after_change"].map { node -> Bool in
                guard let value = node.bool else {
                    reader.problem("'after_change' is true or false", at: node)
                    return false
                }
                return value
            } ?? false
            return made(required("step").map { .stepCached(dockerfile: dockerfile ?? "Dockerfile", step: $0, afterChange: afterChange) })
        case "registry_has":
            guard let image = required("image") else { return nil }
            return made(.registryHas(registry: optional("registry") ?? "docker.io", image: image, sameAs: optional("same_as")))
        case "logged_in":
            return made(required("registry").map { .loggedIn(registry: $0) })
        case "container_running":
            guard let container = container(entries, at: value, what: "the \(kind) check") else { return nil }
            return made(.containerRunning(container))
        case "workspace_file":
            guard let path = inWorkspace(required("path"), "path"), let path else { return nil }
            return made(.workspaceFile(path: path, contains: optional("contains")))
        case "runs_as":
            guard let image = required("image"), let user = required("user") else { return nil }
            return made(.runsAs(image: image, user: user))
        case "image_built_from":
            guard let image = required("image"), let dockerfile = inWorkspace(optional("dockerfile"), "dockerfile") else { return nil }
            return made(.builtFrom(image: image, dockerfile: dockerfile ?? "Dockerfile"))
        case "file_matches":
            guard let image = required("image"), let path = required("path"),
                  let workspaceFile = inWorkspace(required("workspace_file"), "workspace_file"), let workspaceFile else { return nil }
            guard path.hasPrefix("/") else {
                reader.problem("'path' must be absolute inside the image, like /app/app.py", at: entries["path"])
                return nil
            }
            return made(.fileMatches(image: image, path: path, workspaceFile: workspaceFile))
        case "instruction_order":
            guard let dockerfile = inWorkspace(optional("dockerfile"), "dockerfile"), let first = required("first"), let then = required("then") else { return nil }
            return made(.instructionOrder(dockerfile: dockerfile ?? "Dockerfile", first: first, then: then))
        case "container_output":
            guard let contains = required("contains"), var container = container(entries, at: value, what: "the \(kind) check") else { return nil }
            container.running = false
            return made(.containerOutput(container: container, contains: contains))
        case "http_response":
            guard let port = reader.int(entries["port"], key: "port") else {
                if entries["port"] == nil { reader.problem("the \(kind) check needs 'port' (the host port curl asks, as in curl localhost:PORT)", at: value) }
                return nil
            }
            let path = optional("path") ?? "/"
            guard path.hasPrefix("/") else {
                reader.problem("'path' is the URL's path, beginning with /", at: entries["path"])
                return nil
            }
            let status = reader.int(entries["status"], key: "status")
            let contains = optional("contains")
            if status == nil && contains == nil && entries["status"] == nil && entries["contains"] == nil {
                reader.problem("the \(kind) check needs 'status' or 'contains'", at: value)
                return nil
            }
            return made(.httpResponse(port: port, path: path, status: status, contains: contains))
        default:
            return nil
        }
    }

    /// A container named by `image`, `name` or both, with the ports it must publish.
    func container(_ entries: [String: Node], at node: Node, what: String) -> LessonCheck.ContainerExpectation? {
        let image = entries["image"].flatMap { reader.text($0, key: "image") }
        let name = entries["name"].flatMap { reader.text($0, key: "name") }
        guard image != nil || name != nil else {
            if entries["image"] == nil && entries["name"] == nil { reader.problem("\(what) needs 'image' or 'name'", at: node) }
            return nil
        }
        func port(_ key: String) -> Int? {
            guard let value = reader.int(entries[key], key: key) else { return nil }
            guard (1...65535).contains(value) else {
                reader.problem("'\(key)' must be a port number from 1 to 65535", at: entries[key])
                return nil
            }
            return value
        }
        return LessonCheck.ContainerExpectation(image: image, name: name, port: port("port"), containerPort: port("container_port"))
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
