import ArgumentParser
import Builder
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// `layerlab bench build`: the tutorial's sample build in-process (cold, cached, --no-cache), and a
/// COPY of a large context, against `openssl dgst -sha256` over the same bytes.
public struct BenchBuild: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Time the sample build and a large-context build; compare the latter with openssl's SHA-256."
    )

    @Option(help: "How many times to repeat each sample build.")
    public var iterations = 10

    @Option(help: "Megabytes of files in the large context.")
    public var contextMegabytes = 256

    public init() {}

    public func run() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: SystemWallClock())
        let sample = root.appendingPathComponent("sample")
        try write([
            "Dockerfile": "FROM python:3.8-slim-buster\nWORKDIR /app\nCOPY . /app\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 80\nENV NAME World\nCMD [\"python\", \"app.py\"]\n",
            "app.py": "print('Hello World')\n", "requirements.txt": "flask\nredis\n",
        ], to: sample)
        let builder = ImageBuilder(engine: engine, clock: SystemWallClock())
        func build(_ folder: URL, noCache: Bool) throws -> Duration {
            let request = BuildRequest(context: folder, dockerfile: folder.appendingPathComponent("Dockerfile"), dockerfileName: "Dockerfile",
                                       tags: [try ImageReference.parse("bench")], target: nil, buildArguments: [:], noCache: noCache)
            var result: BuildResult?
            let time = ContinuousClock().measure { result = builder.build(request) }
            if let failure = result?.failure { throw ValidationError("the benchmark build failed: \(failure)") }
            return time
        }
        let cold = try build(sample, noCache: false)
        let cached = try (0..<iterations).map { _ in try build(sample, noCache: false) }
        let uncached = try (0..<iterations).map { _ in try build(sample, noCache: true) }
        print("sample build: cold (pulls the base) \(milliseconds(cold)) ms; cached median \(milliseconds(median(cached))) ms; --no-cache median \(milliseconds(median(uncached))) ms")

        let large = root.appendingPathComponent("large")
        let fileCount = max(1, contextMegabytes / 4)
        try FileManager.default.createDirectory(at: large, withIntermediateDirectories: true)
        let files = (0..<fileCount).map { large.appendingPathComponent(String(format: "file%03d.bin", $0)).path }
        for (index, file) in files.enumerated() {
            // The same seeded filler bytes the catalog's large files use.
            try FileContent.synthetic(seed: "bench-\(index)", size: 4 << 20).data.write(to: URL(fileURLWithPath: file))
        }
        try Data("FROM scratch\nCOPY . /data/\n".utf8).write(to: large.appendingPathComponent("Dockerfile"))
        let megabytes = Double(fileCount * 4)
        // Each round: a cold build into an empty store (checksum, diffID, copy into the store), then
        // openssl over the same bytes, so both meet the machine in the same state.
        var buildTimes: [Duration] = []
        var opensslTimes: [Duration] = []
        var checksumTimes: [Duration] = []
        for round in 0..<max(1, min(iterations, 5)) {
            let store = root.appendingPathComponent("large-store-\(round)")
            let largeBuilder = ImageBuilder(engine: Engine(root: store, clock: SystemWallClock()), clock: SystemWallClock())
            var result: BuildResult?
            let request = BuildRequest(context: large, dockerfile: large.appendingPathComponent("Dockerfile"), dockerfileName: "Dockerfile",
                                       tags: [try ImageReference.parse("large")], target: nil, buildArguments: [:], noCache: false)
            buildTimes.append(ContinuousClock().measure { result = largeBuilder.build(request) })
            if let failure = result?.failure { throw ValidationError("the large-context build failed: \(failure)") }
            try? FileManager.default.removeItem(at: store)
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = ["openssl", "dgst", "-sha256"] + files
            openssl.standardOutput = FileHandle.nullDevice
            opensslTimes.append(try ContinuousClock().measure {
                try openssl.run()
                openssl.waitUntilExit()
            })
            // The part of the build that reads and checksums the context, as BuildKit does to key a COPY.
            checksumTimes.append(try ContinuousClock().measure {
                let context = try BuildContext(root: large)
                _ = FileContent.digests(of: context.files.keys.sorted().compactMap { context.files[$0]?.content })
            })
        }
        let buildTime = median(buildTimes), opensslTime = median(opensslTimes), checksumTime = median(checksumTimes)
        let checksumRate = megabytes / checksumTime.seconds
        let buildRate = megabytes / buildTime.seconds
        let opensslRate = megabytes / opensslTime.seconds
        print(String(format: "large context (median of %d): %.0f MB COPY build in %.2f s (%.0f MB/s); openssl dgst -sha256 %.2f s (%.0f MB/s); ratio %.2f",
                     buildTimes.count, megabytes, buildTime.seconds, buildRate, opensslTime.seconds, opensslRate, buildRate / opensslRate))
        print(String(format: "context read + checksum alone: %.2f s (%.0f MB/s); ratio to openssl %.2f",
                     checksumTime.seconds, checksumRate, checksumRate / opensslRate))
    }

    func write(_ files: [String: String], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    }

    func milliseconds(_ duration: Duration) -> String { String(format: "%.1f", duration.seconds * 1000) }

    func median(_ durations: [Duration]) -> Duration { durations.sorted()[durations.count / 2] }
}
