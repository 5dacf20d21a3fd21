@testable import DockerCLI
import Builder
import Dockerfile
import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// `docker build` shows BuildKit's build checks as buildx v0.24.0 (Docker 28.2's `docker build`) prints
/// them: commands/build.go printWarnings after a build, printResult for `--check`, with the source
/// excerpts of buildkit v0.22.0 solver/errdefs/source.go. hadolint's findings stay under `lint`.
@Suite struct BuildCheckOutputTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    /// Puts the tutorial's python-app (Sandbox/python-app) in the workspace.
    func tutorialApp() throws {
        let sandbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sandbox/python-app")
        let workspace = try Workspace(root: home.home.workspaceURL)
        let app = workspace.root.appendingPathComponent("python-app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        for name in ["Dockerfile", "app.py", "requirements.txt"] {
            try FileManager.default.copyItem(at: sandbox.appendingPathComponent(name), to: app.appendingPathComponent(name))
        }
    }

    func write(_ text: String, to path: String) throws {
        let url = try Workspace(root: home.home.workspaceURL).root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static let legacyENV = "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 17)"

    /// The tutorial's Dockerfile gets exactly one warning, on the Dockerfile's vertex before its DONE
    /// (progressui/printer.go:140) and in the summary after the build (commands/build.go printWarnings:
    /// `"\n "`, then `1 warning found (use docker --debug to expand):`, then ` - ` and the warning).
    @Test func theTutorialBuildWarnsOnceAboutItsENV() throws {
        try tutorialApp()
        let (transcript, status) = try home.run(["cd python-app", "docker build -t friendlyhello ."])
        #expect(status == 0, "\(transcript)")
        let lines = transcript.components(separatedBy: "\n")
        let warned = lines.indices.filter { lines[$0] == "#1 WARN: " + Self.legacyENV }
        #expect(warned.count == 1, "\(transcript)")
        if let line = warned.first {
            #expect(lines[line - 1].hasPrefix("#1 transferring dockerfile: "))
            #expect(lines[line + 1] == "#1 DONE 0.0s")
        }
        #expect(transcript.hasSuffix(" DONE 0.0s\n\n 1 warning found (use docker --debug to expand):\n - \(Self.legacyENV)\n"), "\(transcript)")
        #expect(!transcript.contains("hadolint"), "hadolint's findings are lint's, not the build's")
    }

    /// `docker build --check`: the count, then each warning with its rule's URL, its message and the lines
    /// around it (subrequests/lint/lint.go Warning.PrintTo; errdefs/source.go Print: two lines either side,
    /// the empty line after the last newline included); exit status 1 (lint.go ToResult statuscode).
    @Test func checkPrintsTheWarningWithItsLines() throws {
        try tutorialApp()
        let (transcript, status) = try home.run(["docker build --check python-app"])
        #expect(status == 1)
        let expected = "Check complete, 1 warning has been found!\n"
            + "\n"
            + "WARNING: LegacyKeyValueFormat - https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/\n"
            + "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format\n"
            + "python-app/Dockerfile:17\n"
            + "--------------------\n"
            + "  15 |     \n"
            + "  16 |     # Define environment variable\n"
            + "  17 | >>> ENV NAME World\n"
            + "  18 |     \n"
            + "  19 |     # Run app.py when the container launches\n"
            + "--------------------\n"
        #expect(transcript.hasSuffix(expected), "\(transcript)")
        #expect(!transcript.contains("WARN:"), "--check sends its warnings to the results, not the progress")
        #expect(!transcript.contains("exporting to image"))
    }

    /// Nothing found: buildx's own line and status 0 (commands/build.go printResult).
    @Test func checkWithNothingFound() throws {
        try write("FROM alpine:3.20\nCMD [\"sh\"]\n", to: "clean/Dockerfile")
        let (transcript, status) = try home.run(["cd clean", "docker build --check ."])
        #expect(status == 0)
        #expect(transcript.hasSuffix("\nCheck complete, no warnings found.\n"), "\(transcript)")
    }

    /// `error=true` under `--check`: the warnings, a blank line, then the error on standard error as
    /// buildx's main prints it (`ERROR: %v\n` of the message and its excerpt; this one has no place).
    @Test func checkWithErrorTrue() throws {
        try write("# check=error=true\nFROM alpine:3.20\nCMD run\n", to: "strict/Dockerfile")
        let (transcript, status) = try home.run(["cd strict", "docker build --check -f Dockerfile ."])
        #expect(status == 1)
        let expected = "Check complete, 1 warning has been found!\n"
            + "\n"
            + "WARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\n"
            + "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals\n"
            + "Dockerfile:3\n"
            + "--------------------\n"
            + "   1 |     # check=error=true\n"
            + "   2 |     FROM alpine:3.20\n"
            + "   3 | >>> CMD run\n"
            + "   4 |     \n"
            + "--------------------\n"
            + "\n"
            + "ERROR: lint violation found for rules: JSONArgsRecommended\n"
            + "\n"
        #expect(transcript.hasSuffix(expected), "\(transcript)")
    }

    /// A build with `error=true` fails before any step, after the summary (printWarnings runs as the
    /// progress closes, before the command's error).
    @Test func errorTrueFailsTheBuildAfterTheSummary() throws {
        try write("# check=error=true\nFROM alpine:3.20\nCMD run\n", to: "strict/Dockerfile")
        let (transcript, status) = try home.run(["cd strict", "docker build ."])
        #expect(status == 1)
        let expected = "#3 DONE 0.0s\n"
            + "\n"
            + " 1 warning found (use docker --debug to expand):\n"
            + " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 3)\n"
            + "ERROR: failed to solve: lint violation found for rules: JSONArgsRecommended\n"
        #expect(transcript.hasSuffix(expected), "\(transcript)")
    }

    /// The summary lists a warning once however often it came (util/progress/printer.go dedupWarnings) and
    /// is yellow on a terminal; the terminal display shows each warning as a row under its vertex
    /// (progressui/display.go, `WARN: ` and the vertex's time).
    @Test func summaryAndTerminalRows() {
        let warning = BuildCheckWarning(check: .maintainerDeprecated, lines: 2...2)
        let other = BuildCheckWarning(check: .jsonArgsRecommended(instruction: "CMD"), lines: 3...3)
        let events: [BuildEvent] = [
            .started(vertex: 1, name: "[internal] load build definition from Dockerfile"),
            .status(vertex: 1, text: "transferring dockerfile: 60B done"),
            .warning(vertex: 1, warning: warning), .warning(vertex: 1, warning: other), .warning(vertex: 1, warning: warning),
            .completed(vertex: 1, seconds: "0.0"),
        ]
        let color = TerminalStyle(usesColor: true, usesUnicode: false, isTerminal: true, width: 80)
        #expect(BuildCheckOutput.summary(events, style: color) == "\n \u{1B}[33m2 warnings found (use docker --debug to expand):\n\u{1B}[0m"
            + " - MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)\n"
            + " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 3)\n")
        #expect(BuildCheckOutput.summary(Array(events.prefix(2)), style: color).isEmpty)
        let frame = BuildProgressDisplay.ttyFrame(events, width: 80)
        #expect(frame.contains("\n => WARN: MaintainerDeprecated: Maintainer instruction is deprecated in fa… 0.0s\n"), "\(frame)")
    }

    /// The classic builder has no `--check` (docker/cli's own build command), and buildx's is a bool flag.
    @Test func checkIsBuildKitsAndABool() throws {
        try write("FROM alpine:3.20\n", to: "app/Dockerfile")
        let (legacy, _) = try home.run(["DOCKER_BUILDKIT=0 docker build --check app"])
        #expect(legacy.contains("unknown flag: --check"))
        let (maybe, status) = try home.run(["docker build --check=maybe app"])
        #expect(status == 125)
        #expect(maybe.contains("invalid argument \"maybe\" for \"--check\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"))
    }
}
