import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// An internal error names what was under way and never becomes a crash loop; two processes never
/// share one home's world.
@Suite(.waitsOnOtherPrograms) struct CrashAndLockTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    @Test func aFaultInsideACommandIsNamedAndTheNextStartSaysSo() throws {
        // Without Swift's backtracer, which takes seconds of CPU to symbolicate a debug build.
        let running = try LayerlabProcess(["--home", home.url.path], environment: ["SWIFT_BACKTRACE": "enable=no"])
        running.send("echo ready")
        #expect(running.waitFor("ready"))
        // `docker login` waits for its username on standard input: the process is inside the command.
        running.send("docker login")
        #expect(running.waitFor("Log in with your Docker ID"))
        kill(running.process.processIdentifier, SIGSEGV)
        running.wait()
        #expect(running.terminatingSignal == SIGSEGV)
        #expect(running.standardError.contains("layerlab: internal error (SIGSEGV) while running 'docker login'."))
        #expect(running.standardError.contains("Your progress up to the last command is saved."))

        let next = try BuiltBinary.run(["--home", home.url.path], input: "echo again\n")
        #expect(next.error.contains("layerlab stopped on an internal error last time, while running 'docker login'."))
        #expect(next.output.contains("again"))
        // The note is read once.
        let third = try BuiltBinary.run(["--home", home.url.path], input: "echo third\n")
        #expect(!third.error.contains("internal error"))
    }

    /// A check that crashes after every command used to end every restart at the first command.
    @Test func aCrashWhileCheckingPausesAutomaticChecksForTheNextSession() throws {
        try FileManager.default.createDirectory(at: home.url, withIntermediateDirectories: true)
        try Data("checking exercise 1.1 after a command".utf8).write(to: home.url.appendingPathComponent("crashed"))
        let next = try BuiltBinary.run(["--home", home.url.path], input: "lesson 1\ndocker pull alpine:3.20\necho marker\ncheck\n")
        #expect(next.error.contains("while checking exercise 1.1 after a command"))
        #expect(next.error.contains("Goals are not checked after each command in this session; type 'check' to check the exercise."))
        let beforeCheck = try #require(next.output.components(separatedBy: "marker").first)
        #expect(!beforeCheck.contains("Goal reached"), "the pull reaches the goal, but nothing checks after it")
        #expect(next.output.contains("pull-alpine"), "check still checks: \(next.output)")
    }

    @Test func aSecondProcessOnTheSameHomeIsRefusedUntilTheFirstIsGoneEvenByKill() throws {
        let first = try LayerlabProcess(["--home", home.url.path])
        first.send("echo first-ready")
        #expect(first.waitFor("first-ready"))
        let second = try BuiltBinary.run(["--home", home.url.path], input: "docker images\n")
        #expect(second.status == 1)
        #expect(second.error.contains("the layerlab home \(home.url.path) is in use by another layerlab (process \(first.process.processIdentifier))"))
        #expect(second.error.contains("give this one a home of its own with --home DIR"))
        kill(first.process.processIdentifier, SIGKILL)
        first.wait()
        let third = try BuiltBinary.run(["--home", home.url.path], input: "echo mine\n")
        #expect(third.status == 0)
        #expect(third.output.contains("mine"))
    }

    /// Three terminals started at once on one home, each building and tagging: before, each rewrote the
    /// engine's files from its own stale copy and images were lost silently. Now one owns the home, the
    /// others say so, and what the owner made is all there afterwards.
    @Test func threeSessionsStartedTogetherNeverShareTheWorld() throws {
        let workspace = home.url.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        try Data("FROM alpine:3.20\nRUN echo made > /made\n".utf8).write(to: workspace.appendingPathComponent("Dockerfile"))
        // One name: a home is one learner's (a session started after the owner ended is an owner too).
        let sessions = try (1...3).map { _ in
            try LayerlabProcess(["--home", home.url.path, "--name", "t"])
        }
        for (index, session) in sessions.enumerated() {
            session.send("docker build -q -t app:\(index + 1) .")
            session.send("echo done-\(index + 1)")
            session.closeInput()
        }
        for session in sessions { session.wait() }
        let owners = sessions.enumerated().filter { $0.element.exitStatus == 0 }
        let refused = sessions.filter { $0.exitStatus == 1 && $0.standardError.contains("is in use by another layerlab") }
        #expect(owners.count + refused.count == 3)
        #expect(owners.count >= 1)
        let listing = try BuiltBinary.run(["--home", home.url.path], input: "docker images --format '{{.Repository}}:{{.Tag}}'\n")
        for (index, owner) in owners {
            #expect(owner.standardOutput.contains("done-\(index + 1)"))
            #expect(listing.output.contains("app:\(index + 1)"), "the image session \(index + 1) built is kept")
        }
    }

    /// Output to a full disk (here /dev/full, where every write fails with ENOSPC) is lost, but layerlab
    /// goes on to the end of the script; the write used to raise an exception and stop it.
    @Test func aFullDiskUnderTheOutputDoesNotStopLayerlab() throws {
        let process = Process()
        process.executableURL = BuiltBinary.url
        process.arguments = ["--home", home.url.path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("echo one\nls\nmkdir made\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent("workspace/made").path), "the commands after the lost output ran")
    }
}
