import Course
import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// Right answers that are not the reference solution reach the goal: checks judge the world, so any
/// answer that works on Docker must pass (the wrong ones are the packs' `wrong_answers`).
@Suite struct OtherRightAnswersTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)
    var configuration: SessionConfiguration { home.configuration(environment: ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path]) }

    func reaches(_ label: String, opening lesson: String, with lines: [String]) throws -> String {
        let (transcript, _) = try home.run(["lesson \(lesson)"] + lines + ["check"], configuration: configuration)
        #expect(transcript.contains("Goal reached: exercise \(label)"), "\(transcript.suffix(1500))")
        return transcript
    }

    static func pythonApp(_ middle: String) -> String {
        "cat > python-app/Dockerfile <<'EOF'\nFROM python:3.8-slim-buster\nWORKDIR /app\nCOPY . /app\n"
            + "RUN pip install --no-cache-dir -r requirements.txt\n\(middle)\nCMD [\"python\", \"app.py\"]\nEOF"
    }

    /// A system user has no home folder; it is still a user the image can start as: on the reference
    /// engine, refbox's nobody has the home /nonexistent and `docker run -u nobody refbox:1 id` prints
    /// uid=65534(nobody), while `-u ghost` (no passwd entry) fails with 125, `unable to find user ghost:
    /// no matching entries in passwd file`.
    @Test func aSystemUserWithoutAHomeIsARightAnswer() throws {
        _ = try reaches("8.1", opening: "8", with: [Self.pythonApp("RUN useradd --system app\nUSER app"), "docker build -q -t friendlyhello:user python-app"])
    }

    /// `-u 1000` on the reference engine prints uid=1000(app): the number names the same user.
    @Test func aUserNamedByItsNumberIsTheSameUser() throws {
        _ = try reaches("8.1", opening: "8", with: [Self.pythonApp("RUN useradd --uid 1500 app\nUSER 1500"), "docker build -q -t friendlyhello:user python-app"])
    }

    /// Any change of app.py does, not the reference solution's text.
    @Test func anyChangeOfTheAppCountsForTheCache() throws {
        let ordered = "cat > python-app/Dockerfile <<'EOF'\nFROM python:3.8-slim-buster\nWORKDIR /app\nCOPY requirements.txt ./\n"
            + "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\nEOF"
        let transcript = try reaches("7.1", opening: "7", with: [
            ordered, "docker build -q -t cached:1.0 python-app", "echo 'print(42)' >> python-app/app.py", "docker build -q -t cached:1.0 python-app",
            // Building again with nothing changed keeps the goal.
            "docker build -q -t cached:1.0 python-app",
        ])
        #expect(transcript.contains("[x] `RUN pip install` came from the cache in a build after a change"))
    }

    /// The static site: the learner first runs an image without the page, rebuilds, and replaces the
    /// container, which then serves the new image.
    @Test func replacingTheContainerAfterARebuildServesTheNewPage() throws {
        _ = try reaches("3.4", opening: "3", with: [
            "next", "next", "next",
            "echo 'FROM nginx:1.27' > static-site/Dockerfile", "docker build -q -t mysite:1.0 static-site", "docker run -d --name site -p 8081:80 mysite:1.0",
            "echo 'COPY index.html /usr/share/nginx/html/' >> static-site/Dockerfile", "docker build -q -t mysite:1.0 static-site",
            "docker rm -f site", "docker run -d --name site -p 8081:80 mysite:1.0",
        ])
    }
}
