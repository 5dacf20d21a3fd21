import Foundation
import LayerlabBasics
import Shell

/// The part of Go's text/template that `--format` uses in Docker's CLI: field chains (`.Config.Env`),
/// variables, pipelines, parentheses, `if`/`else`/`range`/`with`, Go's built-in functions (`index`,
/// `len`, `eq`, `not`, `and`, `or`, `print`, `printf`, `println`) and Docker's own (`json`, `join`,
/// `split`, `upper`, `lower`, `title`, `pad`, `truncate`). Values print as Go's `%v` prints the
/// inspect structs: lists as `[a b]`, maps as `map[k:v]`, structs as `{v1 v2}`, and a missing list,
/// map or pointer as `[]`, `map[]` or `<nil>`.
struct GoTemplate {
    indirect enum Node {
        case text(String)
        case action(Pipeline)
        case conditional(Pipeline, then: [Node], otherwise: [Node])
        case loop(Pipeline, keyVariable: String?, elementVariable: String?, body: [Node], otherwise: [Node])
        case with(Pipeline, body: [Node], otherwise: [Node])
    }

    struct Pipeline {
        var declaration: String?
        var commands: [[Operand]]
    }

    indirect enum Operand {
        /// A field chain from dot, and where it starts in the template (Go's error column).
        case dot([String], at: Int)
        case variable(String, [String])
        case string(String)
        case number(Int64)
        case bool(Bool)
        case function(String)
        case parenthesized(Pipeline, [String])
    }

    /// A value as templates see it: the JSON of an inspect object, or nothing (a field the JSON leaves
    /// out), with the name of the field it came from, which decides how nothing prints.
    struct Value {
        var json: JSONValue?
        var field: String?

        init(_ json: JSONValue?, field: String? = nil) {
            self.json = json
            self.field = field
        }
    }

    /// Why a template cannot run, in the words of Docker's CLI.
    struct TemplateError: Error {
        var message: String
    }

    let nodes: [Node]

    init(_ text: String) throws(TemplateError) {
        var parser = Parser(text: text)
        nodes = try parser.parseNodes(until: [])
        if let stray = parser.stray {
            throw TemplateError(message: "template parsing error: template: :1: unexpected {{\(stray)}}")
        }
    }

    /// A `--format` template, or the failure the Docker CLI gives for one it cannot parse (status 64).
    static func forCommand(_ text: String) throws(CommandFailure) -> GoTemplate {
        do {
            return try GoTemplate(text)
        } catch {
            throw CommandFailure(error.message, exitStatus: 64)
        }
    }

    /// Runs the template over `value`; `structName` names the Go type a listing's rows are (its
    /// unknown fields fail as fields of that type, not as missing map keys).
    func render(_ value: JSONValue, structName: String? = nil) throws(TemplateError) -> String {
        var evaluator = Evaluator(root: Value(value), structName: structName)
        do {
            return try evaluator.run(nodes, dot: Value(value))
        } catch {
            // The CLI wraps every failure of a template the same way.
            let prefix = "template parsing error: "
            throw error.message.hasPrefix(prefix) ? error : TemplateError(message: prefix + error.message)
        }
    }
}

/// How values print: Go's `%v` of Docker's structs, and Docker's `json` function.
extension GoTemplate {
    /// Fields that are Go maps in Docker's structs (printed `map[k:v]`, sorted by key); other objects are structs.
    static let mapFields: Set<String> = ["Labels", "ExposedPorts", "Volumes", "Ports", "PortBindings", "Networks", "Options", "Annotations", "DriverOpts", "Data"]
    /// Fields that are Go slices, printed `[]` when absent.
    static let sliceFields: Set<String> = ["Cmd", "Entrypoint", "Env", "OnBuild", "Shell", "RepoTags", "RepoDigests", "Layers", "Mounts", "Args", "Binds", "Links", "Aliases", "DiffIDs"]

    /// Fields of Docker's structs that the inspect JSON leaves out when they are empty, with how
    /// their empty value prints.
    static let zeroValues: [String: String] = [
        "User": "", "WorkingDir": "", "StopSignal": "", "Hostname": "", "Domainname": "", "Comment": "", "Author": "",
        "Variant": "", "Image": "", "Parent": "", "DockerVersion": "", "Healthcheck": "<nil>", "ArgsEscaped": "false",
    ]

    /// Go's `%v`.
    static func format(_ value: Value) -> String {
        switch value.json {
        case nil, .null?:
            if let field = value.field, sliceFields.contains(field) { return "[]" }
            if let field = value.field, mapFields.contains(field) { return "map[]" }
            if let field = value.field, let zero = zeroValues[field] { return zero }
            return value.field == nil ? "<no value>" : "<nil>"
        case .string(let text)?: return text
        case .number(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case .array(let items)?: return "[" + items.map { format(Value($0)) }.joined(separator: " ") + "]"
        case .object(let members)?:
            if mapFields.contains(value.field ?? "") {
                return "map[" + members.sorted { $0.0 < $1.0 }.map { "\($0.0):\(format(Value($0.1, field: $0.0)))" }.joined(separator: " ") + "]"
            }
            return "{" + members.map { format(Value($0.1, field: $0.0)) }.joined(separator: " ") + "}"
        }
    }

    /// Docker's `json` function: Go's encoder without HTML escaping, on one line.
    static func compactJSON(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): JSONText.quoted(text)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map(compactJSON).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { JSONText.quoted($0.0) + ":" + compactJSON($0.1) }.joined(separator: ",") + "}"
        }
    }
}
