import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import ProgressStore
import Shell
import Testing

@Suite struct RegistryCommandTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    @Test func passwordsNeverReachTheCommandLog() throws {
        _ = try home.run([
            "docker login -u alice -p hunter2pw",
            "docker login -u alice --password=hunter2pw",
            "docker login -u alice", "hunter2pw",
        ])
        let log = try ProgressDatabase(path: home.home.databasePath).commandLog().map(\.line)
        #expect(log == ["docker login -u alice -p ********", "docker login -u alice --password=********", "docker login -u alice"])
    }

    /// However the password is spelled, it never reaches the log, undo's labels or what undo prints:
    /// a command named by a substitution, a typo, a heredoc read as the password, htpasswd -b, curl -u,
    /// and a line with an open quote (which takes in the lines after it).
    @Test func passwordsAreHiddenByWhatTheCommandMeansNotHowItIsSpelled() throws {
        let (transcript, _) = try home.run([
            "$(echo docker) login -u alice -p s3cret-one",
            "dokcer login -u alice -p s3cret-two",
            "docker login -u alice --password-stdin <<EOF", "s3cret-three", "EOF",
            "htpasswd -Bbn bob s3cret-four > htpasswd",
            "curl -u bob:s3cret-five http://localhost:5000/v2/",
            "undo",
            "docker $(echo login) -u alice -p s3cret-eight",
            "API_TOKEN=s3cret-nine docker images",
            "curl http://bob:s3cret-ten@localhost:5000/v2/ -H 'Authorization: Basic s3cret-eleven'",
            "htpasswd -Bbn bob -s3cret-twelve",
            "echo 'unterminated s3cret-six", "more s3cret-seven",
        ])
        let log = try ProgressDatabase(path: home.home.databasePath).commandLog().map(\.line)
        #expect(log.prefix(10) == [
            "docker login -u alice -p ********",
            "dokcer login -u alice -p ********",
            "docker login -u alice --password-stdin <<EOF (input not kept)",
            "htpasswd -Bbn bob ******** > htpasswd",
            "curl -u bob:******** http://localhost:5000/v2/",
            "undo",
            "docker login -u alice -p ********",
            "API_TOKEN=******** docker images",
            "curl http://bob:********@localhost:5000/v2/ -H Authorization: ********",
            "htpasswd -Bbn bob ********",
        ])
        #expect(log.last == "(a line that did not parse; not kept)")
        #expect(!log.joined().contains("s3cret"))
        #expect(transcript.contains("htpasswd -Bbn bob ******** > htpasswd"), "undo names the step it reverts without its password")
        let snapshots = (try? FileManager.default.contentsOfDirectory(atPath: home.url.appendingPathComponent("snapshots").path)) ?? []
        for name in snapshots {
            let label = (try? String(contentsOf: home.url.appendingPathComponent("snapshots/\(name)/label"), encoding: .utf8)) ?? ""
            #expect(!label.contains("s3cret"), "\(name): \(label)")
        }
    }

    /// The history file keeps what the session passes the reader: secrets hidden, the rest as typed.
    @Test func historyKeepsCommandsWithTheirSecretsHidden() throws {
        let reader = ScriptedLineReader(lines: ["docker login -u alice -p s3cret", "dokcer images", "echo 'open", "x"])
        let session = try home.configuration().openSession(output: BufferOutputSink())
        _ = session.run(reader: reader)
        #expect(reader.remembered == ["docker login -u alice -p ********", "dokcer images"])
    }

    @Test func loginsAreSavedAsDockersConfigFile() throws {
        let (transcript, _) = try home.run(["docker login -u alice -p pw123456", "docker login localhost:5000 -u bob -p x"])
        #expect(transcript.contains("Error response from daemon: Get \"http://localhost:5000/v2/\""), "no registry runs there yet")
        let config = try String(contentsOf: home.url.appendingPathComponent("docker/config.json"), encoding: .utf8)
        #expect(config == "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"YWxpY2U6cHcxMjM0NTY=\"\n\t\t}\n\t}\n}")
        _ = try home.run(["docker logout"])
        let emptied = try String(contentsOf: home.url.appendingPathComponent("docker/config.json"), encoding: .utf8)
        #expect(emptied == "{\n\t\"auths\": {}\n}")
    }

    @Test func onATerminalPushAndPullShowOnlyTheFinalStateOfEachLayer() throws {
        let terminal = TerminalStyle(usesColor: false, usesUnicode: true, isTerminal: true, width: 120)
        let (transcript, _) = try home.run([
            "docker run -d -p 5000:5000 --name registry registry:2",
            "docker tag registry:2 localhost:5000/copy",
            "docker push localhost:5000/copy",
            "docker pull alpine:3.18",
        ], configuration: home.configuration(style: terminal))
        #expect(!transcript.contains("Preparing") && !transcript.contains("Pulling fs layer") && !transcript.contains("Verifying"))
        #expect(transcript.components(separatedBy: ": Pushed\n").count - 1 == 5)
        #expect(transcript.contains(": Already exists\nDigest: "), "alpine 3.18 is registry:2's base")
    }
}
