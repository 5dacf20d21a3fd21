import Foundation
import LayerlabBasics
import Shell

/// A layerlab home in a fresh temporary folder, removed when the value is released.
public final class TemporaryHome {
    public let url: URL
    /// Gives each session here its commands and observers (the shell's built-in commands alone when
    /// nothing more is given).
    let equip: (inout SessionConfiguration) -> Void

    public init(equip: @escaping (inout SessionConfiguration) -> Void = { _ in }) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-test-\(UUID().uuidString)")
        self.equip = equip
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public var home: LayerlabHome { LayerlabHome(url: url) }

    /// A session like a script gets: no terminal, plain style, the fixed transcript clock.
    public func configuration(
        clock: FixedWallClock = FixedWallClock(FixedWallClock.transcriptEpoch),
        environment: [String: String] = [:],
        isInteractive: Bool = false,
        style: TerminalStyle = .plain,
        learnerName: String = "learner"
    ) -> SessionConfiguration {
        var configuration = SessionConfiguration(
            home: home, environment: environment, clock: clock, style: style, isInteractive: isInteractive, learnerName: learnerName
        )
        equip(&configuration)
        return configuration
    }

    /// Runs `lines` through a fresh session and returns everything shown, with input echoed and the
    /// home folder's path written as `$LAYERLAB_HOME`, so transcripts do not depend on where it is.
    public func run(_ lines: [String], configuration: SessionConfiguration? = nil) throws -> (transcript: String, status: Int32) {
        let sink = BufferOutputSink()
        let session = try (configuration ?? self.configuration()).openSession(output: sink)
        let status = session.run(reader: ScriptedLineReader(lines: lines, echoingTo: sink))
        return (sink.combined.replacingOccurrences(of: url.path, with: "$LAYERLAB_HOME"), status)
    }
}
