/// The part of Go's text/template that Docker's `--format` uses: field chains (`.Config.Env`),
/// variables, pipelines, parentheses, `if`/`else`/`range`/`with` and Go's built-in functions (`index`,
/// `len`, `eq`, `ne`, `not`, `and`, `or`, `print`, `printf`, `println`). A program adds its own
/// functions (Go's `Funcs`) and says which Go types hold the JSON the template runs over (`GoTypes`),
/// which decides how values print. Errors are worded as Go words them (`template: :1: …`).
public struct GoTemplate {
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

    /// A value as templates see it: JSON, or nothing (a field the JSON leaves out), with the name of
    /// the field it came from, which decides its Go type (`GoTypes`).
    public struct Value: Sendable {
        public var json: JSONValue?
        public var field: String?

        public init(_ json: JSONValue?, field: String? = nil) {
            self.json = json
            self.field = field
        }
    }

    /// Why a template cannot be parsed or run.
    public struct TemplateError: Error, Sendable {
        public var message: String

        public init(message: String) {
            self.message = message
        }
    }

    /// A function a program adds (an entry of Go's `template.FuncMap`); it shadows a built-in of the
    /// same name, as in Go. It gets its arguments and the types that say how they print.
    public typealias Function = @Sendable (_ arguments: [Value], _ types: GoTypes) throws(TemplateError) -> Value

    let nodes: [Node]
    let functions: [String: Function]
    let types: GoTypes

    /// Parses `text`. Function names are checked here, before anything runs, as Go checks them.
    public init(_ text: String, functions: [String: Function] = [:], types: GoTypes = GoTypes()) throws(TemplateError) {
        var parser = Parser(text: text, functionNames: GoTemplate.builtIns.union(functions.keys))
        nodes = try parser.parseNodes(until: [])
        if let stray = parser.stray {
            throw TemplateError(message: "template: :1: unexpected {{\(stray)}}")
        }
        self.functions = functions
        self.types = types
    }

    /// Runs the template over `value`; `structName` names the Go type of `value` (its unknown fields
    /// fail as fields of that type, not as missing map keys).
    public func render(_ value: JSONValue, structName: String? = nil) throws(TemplateError) -> String {
        var evaluator = Evaluator(root: Value(value), structName: structName, functions: functions, types: types)
        return try evaluator.run(nodes, dot: Value(value))
    }
}
