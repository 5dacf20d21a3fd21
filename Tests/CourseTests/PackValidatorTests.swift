import Course
import Foundation
import LayerlabBasics
import LessonPack
import Testing

/// What `pack validate` finds beyond a pack's syntax, before any learner trips on it.
@Suite struct PackValidatorTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")

    func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static func manifest(_ lessons: [String]) -> String {
        "id: demo\ntitle: Demo\nversion: 1.0.0\nformat_version: 1\nauthor: Tester\nlessons:\n" + lessons.map { "  - \($0)\n" }.joined()
    }

    /// Each problem as `file:line severity message`.
    func problems() -> [String] {
        CourseLocator.validate(root).problems.map { "\($0.location.map(\.description) ?? "-") \($0.severity == .warning ? "warning" : "error") \($0.message)" }
    }

    /// A name that is neither in the catalog nor made earlier fails for every learner, in real Docker's
    /// words ("pull access denied", "manifest unknown"); names made by a tag, a run's pull, the
    /// solution's build are fine. A Dockerfile the start only writes may be the learner's to fix: a warning.
    @Test func imagesNobodyCanPullAreFoundAtTheirLines() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try write([
            "pack.yaml": Self.manifest(["one.md"]),
            "one.md": """
            ---
            id: one
            title: One
            exercises:
              - id: pulls
                goal: G
                start:
                  images: [alpine:3.02, alpine:3.20]
                  commands:
                    - docker tag alpine:3.20 mine:1.0
                    - docker run -d --name box mine:1.0
                    - docker run -d -p 8080:80 nginx:9.9
                    - edit notes.txt
                    - |
                      cat > app/Dockerfile <<'EOF'
                      FROM alpine:3.20 AS base
                      FROM pythn:3.12-slim
                      COPY --from=base /etc/os-release /
                      EOF
                    - docker build -t app:1.0 app
                    - |
                      cat > later/Dockerfile <<'EOF'
                      FROM python:2.7
                      EOF
                hints: [h]
                solution:
                  - docker build -t made:1.0 app
                checks:
                  - image_exists: made:1.0
                  - image_exists: helo:1.0
                  - registry_has: {registry: "localhost:5000", image: "x:1", same_as: "mine:1.0"}
            ---
            """,
        ])
        let found = CourseLocator.validate(root).problems
        #expect(problems() == [
            "one.md:8 error `docker pull alpine:3.02` needs the image 'alpine:3.02': layerlab's image catalog does not have it and no earlier start command makes it, so the start fails for every learner",
            "one.md:12 error `docker run -d -p 8080:80 nginx:9.9` needs the image 'nginx:9.9': layerlab's image catalog does not have it and no earlier start command makes it, so the start fails for every learner",
            "one.md:13 error a start command runs `edit`, which acts on the learner's computer (it opens their editor): a lesson pack may not, so it fails",
            "one.md:17 error FROM pythn:3.12-slim: layerlab's image catalog does not have it and no earlier start command makes it, so the start's build fails for every learner",
            "one.md:23 warning FROM python:2.7: layerlab's image catalog does not have it, so a learner who builds this Dockerfile as it is gets an error a real Docker would not give",
            "one.md:30 error the check names the image 'helo:1.0': layerlab's image catalog does not have it and no start or solution command makes it, so the check can never pass",
        ])
        #expect(found[0].hint?.hasPrefix("the catalog has alpine as 'alpine:3.20', ") == true, "\(found[0].hint ?? "")")
        #expect(found[3].hint?.hasPrefix("did you mean 'python:3.12-slim'? ") == true, "\(found[3].hint ?? "")")
    }

    @Test func lessonsNoLearnerCanOpenAreFound() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let exercise = "---\nid: one\ntitle: One\nexercises:\n  - id: a\n    goal: G\n    hints: [h]\n    solution: [docker pull alpine:3.20]\n    checks: [{image_exists: alpine:3.20}]\n---\n"
        try write([
            "pack.yaml": Self.manifest(["one.md", "more/two.md"]),
            "one.md": exercise,
            "more/two.md": "---\nid: two\ntitle: Two, only text\n---\n# Two\n",
            "more/draft.md": exercise.replacingOccurrences(of: "id: one", with: "id: draft"),
            "README.md": "# Notes for the pack's authors\n",
            "Sandbox/site/index.md": exercise,
        ])
        #expect(Set(problems()) == [
            "more/two.md:1 error the lesson 'two' has no exercises, so learners can never open it: a lesson opens at one of its exercises",
            "more/draft.md:1 error 'more/draft.md' is a lesson (it starts with front matter) that pack.yaml does not list, so learners can never open it",
        ])
    }

    /// The built-in course and the example pack must stay free of errors (warnings name what may be meant).
    @Test(arguments: ["Lessons", "Examples/alpine-basics"])
    func theShippedPacksHaveNoErrors(_ folder: String) {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (pack, problems) = CourseLocator.validate(repository.appendingPathComponent(folder))
        #expect(pack != nil)
        #expect(problems.filter { $0.severity == .error }.map(\.message) == [])
    }
}
