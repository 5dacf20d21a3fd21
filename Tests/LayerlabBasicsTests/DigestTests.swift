import Foundation
import LayerlabBasics
import Testing

@Suite struct DigestTests {
    @Test func hashesKnownVectors() {
        #expect(Digest.sha256(of: "").description == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256(of: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func streamingHashEqualsOneShotHash() {
        let bytes = Data((0..<100_000).map { UInt8($0 % 251) })
        var hasher = DigestHasher()
        for start in stride(from: 0, to: bytes.count, by: 4096) {
            hasher.update(bytes[start..<min(start + 4096, bytes.count)])
        }
        #expect(hasher.finalize() == Digest.sha256(of: bytes))
        #expect(hasher.byteCount == bytes.count)
    }

    @Test func parsesAndShortens() throws {
        let text = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let digest = try Digest(parsing: text)
        #expect(digest.description == text)
        #expect(digest.shortID == "ba7816bf8f01")
    }

    struct BadDigest: Sendable, CustomTestStringConvertible {
        let text: String
        let error: DigestError
        var testDescription: String { text }
    }

    @Test(arguments: [
        BadDigest(text: "ba7816bf", error: .missingAlgorithm("ba7816bf")),
        BadDigest(text: "sha512:abcd", error: .unsupportedAlgorithm("sha512")),
        BadDigest(text: "sha256:abc", error: .invalidHex("sha256:abc")),
        BadDigest(text: "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", error: .invalidHex("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")),
    ])
    func rejectsMalformedDigests(_ bad: BadDigest) {
        #expect(throws: bad.error) { try Digest(parsing: bad.text) }
    }

    @Test func roundTripsThroughJSONAsAString() throws {
        let digest = Digest.sha256(of: "layer")
        let json = try JSONEncoder().encode([digest])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(digest)\"]")
        #expect(try JSONDecoder().decode([Digest].self, from: json) == [digest])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Digest].self, from: Data("[\"sha256:xyz\"]".utf8)) }
    }
}
