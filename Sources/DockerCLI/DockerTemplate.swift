import Foundation
import GoSemantics
import Shell

/// A `--format` template as the Docker CLI runs it: Go's text/template with the CLI's own functions
/// (docker/cli `templates`: `json`, `join`, `split`, `upper`, `lower`, `title`, `pad`, `truncate`),
/// over the JSON of Docker's structs (whose Go types `types` gives), every failure worded
/// `template parsing error: …`.
struct DockerTemplate {
    let template: GoTemplate

    /// A template, or the failure the Docker CLI gives for one it cannot parse (status 64).
    init(_ text: String) throws(CommandFailure) {
        do {
            template = try GoTemplate(text, functions: Self.functions, types: Self.types)
        } catch {
            throw CommandFailure(Self.prefix + error.message, exitStatus: 64)
        }
    }

    /// Runs the template over `value`; `structName` names the Go type a listing's rows are.
    func render(_ value: JSONValue, structName: String? = nil) throws(GoTemplate.TemplateError) -> String {
        do {
            return try template.render(value, structName: structName)
        } catch {
            throw GoTemplate.TemplateError(message: Self.prefix + error.message)
        }
    }

    /// The CLI wraps every failure of a template the same way.
    static let prefix = "template parsing error: "

    /// The Go types of the inspect structs' fields that the JSON cannot tell apart or leaves out.
    static let types = GoTypes(
        mapFields: ["Labels", "ExposedPorts", "Volumes", "Ports", "PortBindings", "Networks", "Options", "Annotations", "DriverOpts", "Data"],
        sliceFields: ["Cmd", "Entrypoint", "Env", "OnBuild", "Shell", "RepoTags", "RepoDigests", "Layers", "Mounts", "Args", "Binds", "Links", "Aliases", "DiffIDs"],
        zeroValues: [
            "User": "", "WorkingDir": "", "StopSignal": "", "Hostname": "", "Domainname": "", "Comment": "", "Author": "",
            "Variant": "", "Image": "", "Parent": "", "DockerVersion": "", "Healthcheck": "<nil>", "ArgsEscaped": "false",
        ]
    )

    /// docker/cli's `basicFunctions`.
    static let functions: [String: GoTemplate.Function] = [
        "json": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(1, of: "json", arguments)
            // Go's encoder without HTML escaping; a string field the JSON left out is "".
            let zeroIsText = arguments[0].field.flatMap { types.zeroValues[$0] } == ""
            return GoTemplate.Value(.string(arguments[0].json.map { GoJSON.marshal($0, escapeHTML: false) } ?? (zeroIsText ? "\"\"" : "null")))
        },
        "join": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(2, of: "join", arguments)
            guard case .array(let items)? = arguments[0].json else { return GoTemplate.Value(.string("")) }
            return GoTemplate.Value(.string(items.map { types.format(GoTemplate.Value($0)) }.joined(separator: types.format(arguments[1]))))
        },
        "split": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(2, of: "split", arguments)
            return GoTemplate.Value(.array(types.format(arguments[0]).components(separatedBy: types.format(arguments[1])).map(JSONValue.string)))
        },
        "upper": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(1, of: "upper", arguments)
            return GoTemplate.Value(.string(types.format(arguments[0]).uppercased()))
        },
        "lower": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(1, of: "lower", arguments)
            return GoTemplate.Value(.string(types.format(arguments[0]).lowercased()))
        },
        "title": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(1, of: "title", arguments)
            return GoTemplate.Value(.string(types.format(arguments[0]).capitalized))
        },
        "pad": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(3, of: "pad", arguments)
            guard case .number(let before)? = arguments[1].json, case .number(let after)? = arguments[2].json else { return arguments[0] }
            let text = types.format(arguments[0])
            return GoTemplate.Value(.string(String(repeating: " ", count: Int(max(0, before))) + text + String(repeating: " ", count: Int(max(0, after)))))
        },
        "truncate": { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(2, of: "truncate", arguments)
            guard case .number(let length)? = arguments[1].json else { return arguments[0] }
            return GoTemplate.Value(.string(String(types.format(arguments[0]).prefix(Int(max(0, length))))))
        },
    ]
}
