@testable import GoSemantics
import Testing

@Suite struct GoTemplateTests {
    let image: JSONValue = .object([
        ("Id", .string("sha256:abc")),
        ("RepoTags", .array([.string("app:1.0"), .string("app:latest")])),
        ("Config", .object([
            ("Env", .array([.string("PATH=/usr/bin"), .string("NAME=World")])),
            ("Cmd", .array([.string("python"), .string("app.py")])),
            ("Labels", .object([("version", .string("1")), ("author", .string("me"))])),
            ("ExposedPorts", .object([("80/tcp", .object([]))])),
        ])),
        ("Size", .number(1234)),
    ])

    /// What the fixture's JSON cannot say about its Go types.
    let types = GoTypes(mapFields: ["Labels", "ExposedPorts", "Volumes"], sliceFields: ["Entrypoint"], zeroValues: ["User": "", "Healthcheck": "<nil>"])

    func render(_ text: String) throws -> String {
        try GoTemplate(text, types: types).render(image)
    }

    @Test func valuesPrintAsGoPrintsThem() throws {
        #expect(try render("{{.Id}} {{.Size}}") == "sha256:abc 1234")
        #expect(try render("{{.Config.Env}}") == "[PATH=/usr/bin NAME=World]")
        #expect(try render("{{.Config.Labels}}") == "map[author:me version:1]", "maps print sorted by key")
        #expect(try render("{{.Config.ExposedPorts}}") == "map[80/tcp:{}]")
        #expect(try render("{{.Config.Entrypoint}}|{{.Config.Volumes}}|{{.Config.User}}|{{.Config.Healthcheck}}") == "[]|map[]||<nil>",
                "fields the JSON leaves out print as the struct's zero values")
    }

    @Test func functionsPipelinesAndVariables() throws {
        #expect(try render("{{index .RepoTags 1}} {{len .RepoTags}} {{.Config.Env | len}}") == "app:latest 2 2")
        #expect(try render(#"{{index .Config.Labels "version"}}"#) == "1")
        #expect(try render(#"{{printf "%s=%d" "size" .Size}}"#) == "size=1234")
        #expect(try render(#"{{printf "%q" "a\tb"}}"#) == #""a\tb""#, "%q is strconv.Quote")
        #expect(try render("{{$tags := .RepoTags}}{{len $tags}} {{(index .RepoTags 0)}}") == "2 app:1.0")
        #expect(try render(#"{{if eq .Size 1234}}big{{else if .Size}}some{{else}}none{{end}}"#) == "big")
        #expect(try render("{{range $i, $e := .RepoTags}}{{$i}}={{$e}} {{end}}") == "0=app:1.0 1=app:latest ")
        #expect(try render("{{range .Config.Entrypoint}}x{{else}}empty{{end}}") == "empty")
        #expect(try render("{{with .Config}}{{.Cmd}}{{end}}") == "[python app.py]")
        #expect(try render("a  {{- .Size -}}  b") == "a1234b", "trim markers eat the spaces beside them")
    }

    @Test func aProgramsFunctionsJoinTheBuiltIns() throws {
        let shout: GoTemplate.Function = { (arguments, types) throws(GoTemplate.TemplateError) -> GoTemplate.Value in
            try GoTemplate.expectArguments(1, of: "shout", arguments)
            return GoTemplate.Value(.string(types.format(arguments[0]).uppercased()))
        }
        #expect(try GoTemplate("{{shout .Id}} {{len .RepoTags}}", functions: ["shout": shout]).render(image) == "SHA256:ABC 2")
        #expect(throws: GoTemplate.TemplateError.self) { try render("{{shout .Id}}") }
    }

    @Test func mistakesGetGosMessages() {
        #expect(throws: GoTemplate.TemplateError.self) { try render("{{.Id") }
        #expect(throws: GoTemplate.TemplateError.self) { try render("{{nosuch .}}") }
        #expect(throws: GoTemplate.TemplateError.self) { try render("{{end}}") }
        do {
            _ = try render("id {{.Config.Nope}}")
            Issue.record("an unknown field rendered")
        } catch {
            // The column is where the field chain starts, as Go's ErrorContext counts it.
            #expect((error as? GoTemplate.TemplateError)?.message == #"template: :1:5: executing "" at <.Config.Nope>: map has no entry for key "Nope""#)
        }
        do {
            _ = try GoTemplate("{{.Nope}}").render(.object([("Names", .string("web"))]), structName: "*formatter.ContainerContext")
            Issue.record("an unknown field rendered")
        } catch {
            #expect(error.message == #"template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext"#)
        }
    }
}
