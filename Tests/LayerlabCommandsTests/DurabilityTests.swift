import Foundation
import LayerlabSession
import LayerlabTestSupport
import ProgressStore
import Testing

/// Killing layerlab mid-session must leave a database that opens and keeps every committed row.
@Suite(.waitsOnOtherPrograms) struct DurabilityTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    @Test func sigkillKeepsEverythingCommittedBeforeIt() throws {
        let process = Process()
        process.executableURL = BuiltBinary.url
        process.arguments = ["--home", home.url.path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        for index in 1...20 {
            stdin.fileHandleForWriting.write(Data("echo line-\(index)\n".utf8))
        }
        // The log row of a command is written before the next line is read, so once line-20 is printed,
        // lines 1 to 19 are committed.
        var seen = ""
        while !seen.contains("line-20\n") {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let database = try ProgressDatabase(path: home.url.appendingPathComponent("layerlab.sqlite").path)
        let lines = try database.commandLog().map(\.line)
        #expect(Array(lines.prefix(19)) == (1...19).map { "echo line-\($0)" })
        #expect(try database.sessions().count == 1)
    }
}
