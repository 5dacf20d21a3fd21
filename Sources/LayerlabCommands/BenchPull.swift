import ArgumentParser
import Engine
import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics

/// `layerlab bench pull`: a cold `docker pull` of every catalog image, each into a fresh home, timed
/// inside layerlab (the engine's work: catalog, manifest, layers written to the store, names).
public struct BenchPull: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Time a cold pull of every catalog image into a fresh home."
    )

    @Option(help: "How many rounds; each image's median is reported.") public var iterations = 5

    public init() {}

    public func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be 1 or more") }
    }

    public func run() throws {
        let catalog = try ImageCatalog.bundled()
        let references = try catalog.images.map { try ImageReference.parse("\($0.repository):\($0.tags[0])") }
        var times: [String: [Double]] = [:]
        for _ in 0..<iterations {
            for reference in references {
                let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-bench-pull-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: home) }
                let began = DispatchTime.now().uptimeNanoseconds
                let engine = Engine(root: home.appendingPathComponent("engine"), clock: SystemWallClock())
                _ = try engine.pull(reference)
                times[reference.familiarDescription, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6)
            }
        }
        var slowest = 0.0
        for reference in references {
            let sorted = times[reference.familiarDescription, default: []].sorted()
            let median = sorted[sorted.count / 2]
            slowest = max(slowest, median)
            let name = reference.familiarDescription
            print(name + String(repeating: " ", count: max(1, 30 - name.count)) + String(format: "%7.1f ms", median))
        }
        print(String(format: "cold pull, fresh home, median of %d: slowest image %.1f ms", iterations, slowest))
    }
}
