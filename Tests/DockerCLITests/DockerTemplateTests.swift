@testable import DockerCLI
import GoSemantics
import Shell
import Testing

/// The Docker CLI's side of `--format`: its functions, its structs' types, its wording of failures.
@Suite struct DockerTemplateTests {
    let image: JSONValue = .object([
        ("Id", .string("sha256:abc")),
        ("Config", .object([
            ("Cmd", .array([.string("python"), .string("app.py")])),
            ("Labels", .object([("version", .string("1")), ("author", .string("me"))])),
        ])),
    ])

    func render(_ text: String) throws -> String {
        try DockerTemplate(text).render(image)
    }

    @Test func theCLIsFunctions() throws {
        #expect(try render("{{json .Config.Cmd}} {{json .Config.Labels}}") == #"["python","app.py"] {"version":"1","author":"me"}"#)
        #expect(try render(#"{{join .Config.Cmd ","}} {{upper "x"}} {{json .Config.User}}"#) == #"python,app.py X """#)
        #expect(try render("{{.Config.Labels}} {{.Config.Entrypoint}}") == "map[author:me version:1] []", "Docker's structs' types")
    }

    @Test func failuresAreWordedAsTheCLIWordsThem() {
        #expect(throws: CommandFailure(#"template parsing error: template: :1: function "nosuch" not defined"#, exitStatus: 64)) {
            try DockerTemplate("{{nosuch .}}")
        }
        do {
            _ = try render("id {{.Config.Nope}}")
            Issue.record("an unknown field rendered")
        } catch {
            #expect((error as? GoTemplate.TemplateError)?.message == #"template parsing error: template: :1:5: executing "" at <.Config.Nope>: map has no entry for key "Nope""#)
        }
    }
}
