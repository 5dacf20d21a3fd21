import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// A `docker save` archive read back by a real tool: skopeo (Debian's package), when it is installed.
@Suite(.waitsOnOtherPrograms) struct ArchiveReaderTests {
    static let skopeo = ["/usr/bin/skopeo", "/usr/local/bin/skopeo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: skopeo != nil, "skopeo is not installed"))
    func skopeoReadsAndVerifiesTheSavedArchive() throws {
        let home = TemporaryHome(equip: LayerlabCommandSet.standard)
        let (transcript, status) = try home.run(["docker pull alpine:3.20", "docker save -o alpine.tar alpine:3.20", "docker image inspect alpine:3.20"])
        #expect(status == 0)
        let archive = home.url.appendingPathComponent("workspace/alpine.tar").path
        let inspect = try run(Self.skopeo!, ["inspect", "docker-archive:\(archive)"])
        // The creation time layerlab's own inspect shows, as skopeo reads it from the archive's config.
        let created = try #require(transcript.split(separator: "\n").first { $0.contains("\"Created\": ") }).trimmingCharacters(in: .whitespaces)
        #expect(inspect.contains(created.hasSuffix(",") ? String(created.dropLast()) : created))
        let diffID = try #require(transcript.split(separator: "\n").first { $0.contains("\"sha256:") && $0.hasPrefix("                \"") })
        #expect(inspect.contains(diffID.trimmingCharacters(in: .whitespaces)), "skopeo sees the same layer digest")
        // Copying checks every blob against its digest.
        let copy = home.url.appendingPathComponent("copy")
        _ = try run(Self.skopeo!, ["copy", "docker-archive:\(archive)", "dir:\(copy.path)"])
        #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("manifest.json").path))
    }

    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed: \(errorText)")
        return String(decoding: data, as: UTF8.self)
    }
}
