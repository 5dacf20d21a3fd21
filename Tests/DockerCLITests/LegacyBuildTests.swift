import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// `DOCKER_BUILDKIT=0 docker build` at the prompt prints what the docker CLI 28.2.2 printed against the
/// reference engine's legacy builder (dockerd 20.10; Tests/BuilderTests/LegacyReference), IDs masked and
/// with the one line Docker 25 and later word differently (` ---> Removed intermediate container`, moby
/// 5dc44f03f0). The reference's base image `refbox:1` is alpine:3.20 under that name.
@Suite struct LegacyBuildTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    /// Runs the reference's command, after giving the session refbox:1 and the reference's context;
    /// returns what the build command showed and what the reference CLI showed, both masked.
    func compare(_ name: String, before: [String] = [], after: [String] = []) throws -> (shown: String, expected: String, transcript: String) {
        let reference = try LegacyReferenceTranscript(named: name)
        try reference.writeFiles(to: home.home.workspaceURL.appendingPathComponent("ctx"))
        let command = reference.command.components(separatedBy: " | ").first ?? reference.command
        let (transcript, _) = try home.run(["docker pull -q alpine:3.20", "docker tag alpine:3.20 refbox:1", "cd ctx"] + before + [command] + after)
        let pieces = transcript.components(separatedBy: "$ " + command + "\n")
        let shown = pieces.count > 1 ? (pieces[1].components(separatedBy: "\n$ ").first ?? pieces[1]) : ""
        // The CLI's warning comes first on standard error, the daemon's error last; stdout in between.
        let warning = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
            + "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
            + "            environment-variable.\n\n"
        let stderr = reference.standardError
        let expected = stderr.hasPrefix(warning)
            ? warning + reference.standardOutput + String(stderr.dropFirst(warning.count))
            : stderr + reference.standardOutput
        return (LegacyReferenceTranscript.masked(shown), LegacyReferenceTranscript.masked(expected), transcript)
    }

    @Test func aFreshLegacyBuildPrintsWhatTheReferenceEnginePrinted() throws {
        let (shown, expected, transcript) = try compare("fresh-multistage")
        #expect(shown.hasPrefix(expected), "\(transcript)")
        // The upload line ends in a CR and the stream's CRLF, as the CLI writes it.
        #expect(shown.contains("Sending build context to Docker daemon  4.608kB\r\r\n"))
    }

    @Test func aFailingRunPrintsItsCommandAndCode() throws {
        let (shown, expected, transcript) = try compare("failing-run")
        #expect(shown.hasPrefix(expected), "\(transcript)")
        #expect(transcript.contains("The command '/bin/sh -c echo \"$GREETING before failing\" && exit 3' returned a non-zero code: 3"))
    }

    @Test func aMissingCopySourceIsTheDaemonsErrorAfterTheStep() throws {
        let (shown, expected, transcript) = try compare("copy-missing")
        #expect(shown.hasPrefix(expected), "\(transcript)")
    }

    @Test func quietPrintsOnlyTheWholeImageID() throws {
        let (shown, expected, transcript) = try compare("quiet")
        #expect(shown.hasPrefix(expected), "\(transcript)")
        #expect(!shown.contains("Step "))
    }

    /// After a rebuild with a changed file, `docker images` shows the two images left without a name
    /// and `-a` every intermediate image (images-after-rebuild, images-all-after-rebuild).
    @Test func imagesHidesIntermediateImagesUnlessAll() throws {
        let reference = try LegacyReferenceTranscript(named: "fresh-multistage")
        try reference.writeFiles(to: home.home.workspaceURL.appendingPathComponent("ctx"))
        let (transcript, _) = try home.run([
            "docker pull -q alpine:3.20", "docker tag alpine:3.20 refbox:1", "cd ctx",
            "DOCKER_BUILDKIT=0 docker build -q -t lab:1 .",
            "echo config=2 > conf.txt",
            "DOCKER_BUILDKIT=0 docker build -q -t lab:1 .",
            "docker images --format '{{.Repository}}:{{.Tag}}'",
            "docker images -a -q",
        ])
        let listing = transcript.components(separatedBy: "$ docker images --format '{{.Repository}}:{{.Tag}}'\n").last?
            .components(separatedBy: "\n$ ").first ?? ""
        #expect(listing.components(separatedBy: "\n").filter { $0 == "<none>:<none>" }.count == 2, "\(transcript)")
        let all = transcript.components(separatedBy: "$ docker images -a -q\n").last ?? ""
        // Eighteen images the builds committed (seventeen of them without a name), and alpine, whose two
        // names make two rows.
        #expect(all.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 20, "\(transcript)")
    }

    @Test func aValueOtherThanABooleanIsRefusedAsTheCLIRefusesIt() throws {
        let (transcript, _) = try home.run(["mkdir app", "echo 'FROM scratch' > app/Dockerfile", "DOCKER_BUILDKIT=maybe docker build app"])
        #expect(transcript.contains("DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing \"maybe\": invalid syntax"))
    }
}
