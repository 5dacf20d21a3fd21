import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

@Suite struct DockerTranscriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")

    @Test(arguments: TranscriptTest.files(in: folder).map(\.lastPathComponent))
    func transcriptMatches(_ name: String) throws {
        try TranscriptTest.check(Self.folder.appendingPathComponent(name), equip: LayerlabCommandSet.standard)
    }

    @Test func transcriptsExist() {
        #expect(!TranscriptTest.files(in: Self.folder).isEmpty)
    }
}
