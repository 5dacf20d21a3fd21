import Foundation
import LayerlabBasics
import LayerlabTestSupport
import ProgressStore
import SessionLog
import Shell
import Testing

@Suite struct SessionTests {
    /// The shell's own commands, and the command log keeping each line in the progress database.
    let home = TemporaryHome { configuration in
        let progress = ProgressConnection(path: configuration.home.databasePath, learnerName: configuration.learnerName, clock: configuration.clock)
        configuration.observers = [CommandLog(progress: progress)]
    }

    /// `cat` reads a megabyte at a time (a 2 GB file used to be held several times over); a character
    /// cut at a chunk's edge still comes out whole.
    @Test func catStreamsLargeFilesAndRedirectionsAreBounded() throws {
        let workspace = home.url.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let text = String(repeating: "héllo wörld ✓ 𝄞 ", count: 150_000)
        try Data(text.utf8).write(to: workspace.appendingPathComponent("u.txt"))
        _ = try home.run(["cat u.txt > copy.txt"])
        #expect(try Data(contentsOf: workspace.appendingPathComponent("copy.txt")) == Data(text.utf8))
        let big = workspace.appendingPathComponent("big")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(Session.redirectionLimit + 1))
        try handle.close()
        let (transcript, status) = try home.run(["cat big > big.copy"])
        #expect(status == 1)
        #expect(transcript.contains("layerlab: /workspace/big.copy: the output is over 64 MiB, more than layerlab keeps for a redirection; nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("big.copy").path))
    }

    @Test func logsEveryCommandWithItsOutcome() throws {
        let clock = FixedWallClock(FixedWallClock.transcriptEpoch)
        _ = try home.run(["ls", "cat nothing", "nope", "echo 'open", "more'"], configuration: home.configuration(clock: clock))
        let database = try ProgressDatabase(path: home.home.databasePath)
        let log = try database.commandLog()
        #expect(log.map(\.line) == ["ls", "cat nothing", "nope", "echo 'open\nmore'"])
        #expect(log.map(\.outcome) == [.succeeded, .failed, .unknownCommand, .succeeded])
        #expect(log.map(\.exitStatus) == [0, 1, 127, 0])
        #expect(log.allSatisfy { $0.at == FixedWallClock.transcriptEpoch })
        let sessions = try database.sessions()
        #expect(sessions.count == 1 && sessions[0].endedAt != nil)
    }

    /// One set-up serves sessions one after the other (a restart): each records a session of its own.
    @Test func eachSessionOfOneSetUpIsRecordedOnItsOwn() throws {
        let configuration = home.configuration()
        _ = try home.run(["echo one"], configuration: configuration)
        _ = try home.run(["echo two"], configuration: configuration)
        let database = try ProgressDatabase(path: home.home.databasePath)
        let sessions = try database.sessions()
        #expect(sessions.count == 2 && sessions.allSatisfy { $0.endedAt != nil })
        let log = try database.commandLog()
        #expect(log.map(\.line) == ["echo one", "echo two"])
        #expect(Set(log.map(\.sessionID)).count == 2, "each line is in its own session")
    }

    @Test func aCommandSubstitutionIsLoggedAsTypedOnce() throws {
        _ = try home.run(["echo hi > a.txt", "cat $(ls)"])
        let database = try ProgressDatabase(path: home.home.databasePath)
        #expect(try database.commandLog().map(\.line) == ["echo hi > a.txt", "cat $(ls)"], "the inner ls is part of the command, not a command of its own")
    }

    @Test func exitStatusIsTheLastCommandsOrExits() throws {
        #expect(try home.run(["ls", "cat nothing"]).status == 1)
        #expect(try home.run(["cat nothing", "ls"]).status == 0)
        #expect(try home.run(["exit 7", "ls"]).status == 7)
    }

    @Test func anOpenQuoteAtEndOfInputIsReported() throws {
        let (transcript, status) = try home.run(["echo 'never closed"])
        #expect(transcript.contains("unexpected end of input while looking for matching"))
        #expect(status == 2)
    }

    @Test func interruptDiscardsThePartialCommand() throws {
        final class InterruptingReader: LineReader {
            var results: [LineReadResult] = [.line("echo 'half"), .interrupted, .line("echo whole")]
            func readLine(prompt: LinePrompt) -> LineReadResult {
                results.isEmpty ? .endOfInput : results.removeFirst()
            }
        }
        let sink = BufferOutputSink()
        let session = try home.configuration().openSession(output: sink)
        _ = session.run(reader: InterruptingReader())
        #expect(sink.combined == "whole\n")
    }

    @Test func completesCommandWordsThenPaths() throws {
        let session = try home.configuration().openSession(output: BufferOutputSink())
        session.execute("mkdir app")
        #expect(session.completionCandidates(lineBeforeCursor: "he").contains("help"))
        #expect(session.completionCandidates(lineBeforeCursor: "").contains("ls"))
        #expect(session.completionCandidates(lineBeforeCursor: "cd ") == ["app/"])
        #expect(session.completionCandidates(lineBeforeCursor: "help ").contains("tree"))
        #expect(session.completionCandidates(lineBeforeCursor: "nosuch ").isEmpty)
    }

    @Test func editRunsTheConfiguredEditorOnTheFile() throws {
        let configuration = home.configuration(environment: ["EDITOR": "printf 'FROM alpine\\n' >"], isInteractive: true)
        let (transcript, status) = try home.run(["edit Dockerfile", "cat Dockerfile"], configuration: configuration)
        #expect(status == 0)
        #expect(transcript.hasSuffix("$ cat Dockerfile\nFROM alpine\n"))
    }

    @Test func anUnusableDatabaseIsReportedOnceAndTheShellGoesOn() throws {
        try FileManager.default.createDirectory(atPath: home.home.databasePath, withIntermediateDirectories: true)
        let (transcript, status) = try home.run(["echo one", "echo two"])
        #expect(status == 0)
        #expect(transcript.components(separatedBy: "progress is not being saved").count == 2)
        #expect(transcript.contains("one\n") && transcript.contains("two\n"))
    }

    @Test func promptShowsTheCurrentFolder() throws {
        let session = try home.configuration().openSession(output: BufferOutputSink())
        session.execute("mkdir app")
        session.execute("cd app")
        #expect(session.prompt == "layerlab:/workspace/app> ")
    }
}
