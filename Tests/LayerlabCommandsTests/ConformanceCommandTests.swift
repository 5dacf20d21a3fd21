import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// `layerlab parse --json` and `layerlab check-ignore`, as instructors and the conformance checks run them.
@Suite(.waitsOnOtherPrograms) struct ConformanceCommandTests {
    let folder = TemporaryHome(equip: LayerlabCommandSet.standard)

    func write(_ text: String, name: String) throws -> String {
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let url = folder.url.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func parsePrintsOneObjectPerInstruction() throws {
        let file = try write("FROM alpine\nRUN echo \\\n  hi\nENV A=1 B=\"two words\"\n", name: "Dockerfile")
        let result = try BuiltBinary.run(["parse", "--json", file], input: "")
        #expect(result.status == 0)
        #expect(result.output == """
        [
        {"cmd": "FROM", "sub_cmd": null, "json": false, "original": "FROM alpine", "start_line": 1, "end_line": 1, "flags": [], "value": ["alpine"], "heredocs": []},
        {"cmd": "RUN", "sub_cmd": null, "json": false, "original": "RUN echo   hi", "start_line": 2, "end_line": 3, "flags": [], "value": ["echo   hi"], "heredocs": []},
        {"cmd": "ENV", "sub_cmd": null, "json": false, "original": "ENV A=1 B=\\"two words\\"", "start_line": 4, "end_line": 4, "flags": [], "value": ["A", "1", "B", "\\"two words\\""], "heredocs": []}
        ]

        """)
    }

    @Test func parseReportsBuildKitsErrorAndFails() throws {
        let file = try write("# just a comment\n", name: "Empty")
        let result = try BuiltBinary.run(["parse", "--json", file], input: "")
        #expect(result.status == 1)
        #expect(result.output == "{\"error\": \"file with no instructions\"}\n")
        #expect(result.error.contains("dockerfile parse error on line 1: file with no instructions"))
    }

    @Test func checkIgnoreDecidesEachPath() throws {
        let ignore = try write("node_modules\n*.log\n!keep.log\n", name: "ignore")
        let result = try BuiltBinary.run(["check-ignore", "--ignore-file", ignore, "--", "node_modules/x", "a.log", "keep.log", "app.py"], input: "")
        #expect(result.status == 0)
        #expect(result.output == "excluded node_modules/x\nexcluded a.log\nincluded keep.log\nincluded app.py\n")
    }

    @Test func checkIgnoreClassicFollowsTheLegacyBuilder() throws {
        let ignore = try write("a/b/c\n!a\n", name: "ignore-classic")
        let buildKit = try BuiltBinary.run(["check-ignore", "--ignore-file", ignore, "a/b/c"], input: "")
        let classic = try BuiltBinary.run(["check-ignore", "--classic", "--ignore-file", ignore, "a/b/c"], input: "")
        #expect(buildKit.output == "excluded a/b/c\n")
        #expect(classic.output == "included a/b/c\n")
    }

    @Test func checkIgnoreRefusesABadFileWithStatusTwo() throws {
        let ignore = try write("ok\n[\n", name: "bad-ignore")
        let result = try BuiltBinary.run(["check-ignore", "--ignore-file", ignore, "ok"], input: "")
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("syntax error in pattern"))
    }
}
