import Engine
import Foundation
import LayerStore
import LayerlabBasics
@testable import EngineAPI
import SimulatedWorld
import Testing

/// What a client sends is untrusted: a request the API cannot take is answered with an error, never a
/// crash of the learner's prompt, which serves the socket.
@Suite struct UntrustedInputTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("engine-api-input-\(UUID())")

    @Test func eventTimesAreMobysSecondsOrRefused() throws {
        #expect(try EventFilter.time("1700000000.5")?.timeIntervalSince1970 == 1_700_000_000.5)
        for bad in ["2400-01-01", "1e30", "inf", "nan", "1.1234567891", "99999999999999999999"] {
            #expect(throws: EngineError.self, "\(bad)") { _ = try EventFilter.time(bad) }
        }
        #expect(throws: EngineError.self) { _ = try EventFilter(pairs: [], since: "20", until: "10") }
    }

    @Test func aLineIsBoundedAsATerminalBoundsIt() {
        var terminal = LineDiscipline(terminal: true)
        let actions = terminal.feed(Array(repeating: UInt8(ascii: "a"), count: 10_000) + [0x0D])
        #expect(actions.last == .line(String(repeating: "a", count: LineDiscipline.lineLimit)))
    }

    @Test func aTarWithANegativeSizeIsDamagedNotACrash() {
        var header = [UInt8](repeating: 0, count: 512)
        for (index, byte) in "f".utf8.enumerated() { header[index] = byte }
        for (index, byte) in "-0000000001\0".utf8.enumerated() { header[124 + index] = byte }
        for (index, byte) in "0000644\0".utf8.enumerated() { header[100 + index] = byte }
        header[156] = UInt8(ascii: "0")
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        for (index, byte) in String(format: "%06o\0 ", sum).utf8.enumerated() { header[148 + index] = byte }
        #expect(throws: TarReadError.self) { _ = try TarReader.entries(Data(header + [UInt8](repeating: 0, count: 1024))) }
    }

    @Test func malformedContainerConfigurationsAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = EngineAPIRouter(world: SimulatedWorld(home: home, clock: FixedWallClock(FixedWallClock.transcriptEpoch)))
        for body in [#"{"Image":"alpine","HostConfig":{"PortBindings":{"":[{}]}}}"#, #"{"Image":"alpine","HostConfig":{"Binds":[":"]}}"#,
                     #"{"Image":"alpine","HostConfig":{"Binds":[""]}}"#, "not json"] {
            let response = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/create", body: Data(body.utf8)))
            #expect(response.status == 400, "\(body): \(String(decoding: response.body, as: UTF8.self))")
        }
    }
}
