import Foundation
import LayerlabBasics
import LessonPack
import Testing

@Suite struct LessonPackLoaderTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pack-\(UUID().uuidString)")

    func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static let manifest = "id: demo\ntitle: Demo\nversion: 1.0.0\nformat_version: 1\nauthor: Tester\nlessons:\n  - one.md\n"

    /// A lesson with one exercise; without `start` its first check is on line 10.
    static func lesson(start: String? = nil, checks: [String]) -> String {
        (["---", "id: one", "title: One", "exercises:", "  - id: a", "    goal: Do it."] + (start.map { ["    start: \($0)"] } ?? [])
            + ["    hints: [h]", "    solution: [ls]", "    checks:"] + checks.map { "      - " + $0 } + ["---"]).joined(separator: "\n") + "\n"
    }

    @Test func aGoodPackLoadsWithItsExercisesAndChecks() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest,
            "Sandbox/app/Dockerfile": "FROM alpine:3.20\n",
            "one.md": """
            ---
            id: one
            title: One
            exercises:
              - id: build
                goal: Build it.
                start: {workspace: app, images: [alpine:3.20]}
                hints: [Use docker build.]
                solution: [docker build -t app app]
                checks:
                  - image_exists: app
                  - layer_count: {image: app, max: 3}
                  - image_size: {image: app, max: 1.5MB}
            ---
            # One

            Text.
            """,
        ])
        let pack = try LessonPack.load(from: root)
        let exercise = try #require(pack.lessons.first?.exercises.first)
        #expect(exercise.start.commands == ["docker pull alpine:3.20"])
        #expect(exercise.checks.map(\.kind) == [
            .imageExists(image: "app"),
            .layerCount(image: "app", bound: .init(minimum: nil, maximum: 3)),
            .imageSize(image: "app", bound: .init(minimum: nil, maximum: 1_500_000)),
        ])
        #expect(exercise.checks[1].location == SourceLocation(file: "one.md", line: 12))
        #expect(pack.lessons[0].text == "# One\n\nText.")
    }

    /// `pack test` names the line of a start or solution command that failed: an `images:` entry, a
    /// plain command, or the first line of a block scalar's text (below its `|`).
    @Test func startAndSolutionCommandsKeepTheLineTheyAreWrittenOn() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest,
            "one.md": """
            ---
            id: one
            title: One
            exercises:
              - id: a
                goal: Do it.
                start:
                  images: [alpine:3.20, "busybox:1.36"]
                  commands:
                    - mkdir app
                    - |
                      cat > app/Dockerfile <<'EOF'
                      FROM alpine:3.20
                      EOF
                hints: [h]
                solution: docker build -t app app
                checks: [{image_exists: app}]
            ---
            """,
        ])
        let exercise = try #require(try LessonPack.load(from: root).lessons.first?.exercises.first)
        #expect(exercise.start.commands.count == 4)
        #expect(exercise.start.commandLocations.map(\.line) == [8, 8, 10, 12])
        #expect(exercise.start.commandLocations.allSatisfy { $0.file == "one.md" })
        #expect(exercise.solution == ["docker build -t app app"] && exercise.solutionLocations.map(\.line) == [16])
    }

    @Test func everyProblemIsReportedWithItsFileAndLine() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest.replacingOccurrences(of: "format_version: 1", with: "format_version: 9") + "  - ../outside.md\n  - missing.md\ncolour: blue\n",
            "one.md": """
            ---
            id: One
            title: One
            exercises:
              - id: a
                goal: Do it.
                start: {workspace: nosuch}
                solution: [ls]
                checks:
                  - image_exist: app
                  - layer_count: {image: app}
              - id: a
                goal: Again.
                hints: [h]
                quiz: {question: Q, choices: [x, y], answer: 3}
            ---
            """,
        ])
        #expect {
            _ = try LessonPack.load(from: root)
        } throws: { error in
            guard let error = error as? LessonPackError else { return false }
            let lines = error.problems.map { "\($0.location.map(\.description) ?? "-") \($0.message)" }
            let expected = [
                "pack.yaml:4 format_version 9 is not supported (this layerlab reads 1)",
                "pack.yaml:8 '../outside.md' points outside the pack",
                "pack.yaml:9 'missing.md' does not exist",
                "pack.yaml:10 unknown key 'colour' in pack.yaml",
                "one.md:2 the ID 'One' must be lower-case letters, digits and dashes",
                "one.md:5 the exercise has no hints",
                "one.md:7 the starter folder 'nosuch' is not in Sandbox/",
                "one.md:10 unknown check kind 'image_exist'",
                "one.md:11 give 'max', 'min' or 'equals'",
                "one.md:12 the exercise ID 'a' is used twice in this lesson",
                "one.md:15 a multiple-choice quiz needs 'answer:' with the number of the right choice (1 to 2)",
            ]
            #expect(lines == expected)
            #expect(error.problems[0].hint == "the pack is newer than this layerlab: update layerlab")
            #expect(error.problems.first { $0.message.contains("image_exist") }?.hint?.hasPrefix("did you mean 'image_exists'?") == true)
            return true
        }
    }

    /// `9999999999GB` used to trap converting to Int64 in `pack validate`, `pack add` and `--pack`.
    @Test func sizesPastWhatAnImageCanBeAreProblemsNotTraps() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest,
            "one.md": Self.lesson(checks: ["image_size: {image: app, max: 9999999999GB}", "image_size: {image: app, min: -5MB}", "efficiency: {image: app, max_wasted: 1e400B}"]),
        ])
        #expect {
            _ = try LessonPack.load(from: root)
        } throws: { error in
            guard let error = error as? LessonPackError else { return false }
            #expect(error.problems.map { "\($0.location.map(\.description) ?? "-") \($0.message)" } == [
                "one.md:10 'max' must be a size like 150MB, at most 1000000GB",
                "one.md:11 'min' must be a size like 150MB, at most 1000000GB",
                "one.md:12 'max_wasted' must be a size like 5MB, at most 1000000GB",
            ])
            return true
        }
    }

    @Test func theNewCheckKindsAndWrongAnswersAreReadWithTheirArguments() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let checks = [
            "runs_as: {image: app, user: app}",
            "container_running: {name: web, port: 8080, container_port: 80}",
            "step_cached: {dockerfile: app/Dockerfile, step: RUN pip install, after_change: true}",
            "file_matches: {image: app, path: /app/app.py, workspace_file: app/app.py}",
            "image_built_from: {image: app, dockerfile: app/Dockerfile}",
            "instruction_order: {dockerfile: app/Dockerfile, first: COPY requirements.txt, then: COPY .}",
            "container_output: {image: app, contains: hello}",
            "http_response: {port: 8080, contains: Welcome}",
        ]
        let text = Self.lesson(checks: checks).replacingOccurrences(of: "\n---\n", with: "\n    wrong_answers:\n      - docker pull app\n      - {why: no build, commands: [ls, pwd]}\n---\n")
        try write(["pack.yaml": Self.manifest, "one.md": text])
        let exercise = try #require(try LessonPack.load(from: root).exercises.first?.exercise)
        #expect(exercise.checks.map(\.kind) == [
            .runsAs(image: "app", user: "app"),
            .containerRunning(.init(image: nil, name: "web", port: 8080, containerPort: 80)),
            .stepCached(dockerfile: "app/Dockerfile", step: "RUN pip install", afterChange: true),
            .fileMatches(image: "app", path: "/app/app.py", workspaceFile: "app/app.py"),
            .builtFrom(image: "app", dockerfile: "app/Dockerfile"),
            .instructionOrder(dockerfile: "app/Dockerfile", first: "COPY requirements.txt", then: "COPY ."),
            .containerOutput(container: .init(image: "app", name: nil, running: false), contains: "hello"),
            .httpResponse(port: 8080, path: "/", status: nil, contains: "Welcome"),
        ])
        #expect(exercise.wrongAnswers.map(\.commands) == [["docker pull app"], ["ls", "pwd"]])
        #expect(exercise.wrongAnswers.map(\.why) == [nil, "no build"])
        #expect(exercise.wrongAnswers.map(\.location.line) == [19, 20])
    }

    @Test func badArgumentsOfTheNewKindsAreProblemsAtTheirLine() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest,
            "one.md": Self.lesson(checks: [
                "container_running: {port: 80}", "container_running: {image: a, container_port: 70000}",
                "http_response: {port: 80}", "step_cached: {step: RUN x, after_change: maybe}", "file_matches: {image: a, path: /x, workspace_file: ../x}",
            ]),
        ])
        #expect {
            _ = try LessonPack.load(from: root)
        } throws: { error in
            guard let error = error as? LessonPackError else { return false }
            #expect(error.problems.map { "\($0.location.map(\.description) ?? "-") \($0.message)" } == [
                "one.md:10 the container_running check needs 'image' or 'name'",
                "one.md:11 'container_port' must be a port number from 1 to 65535",
                "one.md:12 the http_response check needs 'status' or 'contains'",
                "one.md:13 'after_change' is true or false",
                "one.md:14 'workspace_file' is relative to the workspace and stays inside it",
            ])
            return true
        }
    }

    /// A dangling link out of a starter folder passed (the file it names does not exist yet), and so did a
    /// Sandbox that is itself a link to any host folder.
    @Test(arguments: ["/nonexistent-\(UUID().uuidString)", "../../elsewhere-\(UUID().uuidString)"])
    func startersWithLinksOutAreRefusedDanglingOrNot(_ destination: String) throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let lesson = Self.lesson(start: "{workspace: app}", checks: ["image_exists: app"])
        try write(["pack.yaml": Self.manifest, "one.md": lesson, "Sandbox/app/Dockerfile": "FROM alpine:3.20\n"])
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Sandbox/app/notes").path, withDestinationPath: destination)
        let problems = LessonPack.validate(root).problems.map(\.message)
        #expect(problems.contains { $0.contains("has a link that leads outside it: notes") }, "\(problems)")
    }

    @Test func aSandboxThatIsALinkIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("app"), withIntermediateDirectories: true)
        try write(["pack.yaml": Self.manifest, "one.md": Self.lesson(start: "{workspace: app}", checks: ["image_exists: app"])])
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Sandbox"), withDestinationURL: elsewhere)
        let problems = LessonPack.validate(root).problems.map(\.message)
        #expect(problems.contains { $0.contains("is a link (Sandbox)") }, "\(problems)")
    }

    /// Checks read the learner's files, and their verdicts reach the instructor: a path out of the
    /// workspace would leak a bit of the learner's computer per check.
    @Test func checkPathsStayInTheWorkspace() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest,
            "one.md": Self.lesson(checks: [
                "lint_clean: {dockerfile: /etc/passwd}", "official_pinned_base: {dockerfile: ../../secret/Dockerfile}",
                "step_cached: {step: RUN, dockerfile: ~/Dockerfile}", "dockerignore_excludes: {path: x, context: ../..}",
                "workspace_file: {path: a/../../b}",
            ]),
        ])
        let problems = LessonPack.validate(root).problems.map { "\($0.location.map(\.description) ?? "-") \($0.message)" }
        #expect(problems == [
            "one.md:10 'dockerfile' is relative to the workspace and stays inside it",
            "one.md:11 'dockerfile' is relative to the workspace and stays inside it",
            "one.md:12 'dockerfile' is relative to the workspace and stays inside it",
            "one.md:13 'context' is relative to the workspace and stays inside it",
            "one.md:14 'path' is relative to the workspace and stays inside it",
        ])
    }
}
