import ArgumentParser
import Dockerfile
import Foundation

/// `layerlab bench`: the speed figures the project reports, measured in one process.
public struct Bench: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Measure layerlab's speed.",
        subcommands: [BenchParse.self, BenchBuild.self, BenchLint.self, BenchClass.self, BenchPull.self, BenchAPI.self, BenchHub.self]
    )

    public init() {}
}

/// `layerlab bench parse`: Dockerfile parse throughput over a folder of Dockerfiles.
public struct BenchParse: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse every Dockerfile under the given folders and report files/s and MB/s."
    )

    @Option(help: "How many times to parse the whole set.")
    public var iterations = 20

    @Argument(help: "Folders to search for files named Dockerfile (default: ../shared/corpus/dockerfiles).")
    public var folders: [String] = []

    public init() {}

    public func run() throws {
        let roots = folders.isEmpty ? ["../shared/corpus/dockerfiles"] : folders
        var files: [[UInt8]] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else {
                throw ValidationError("cannot read the folder \(root)")
            }
            for case let path as String in walker where (path as NSString).lastPathComponent == "Dockerfile" {
                if let data = FileManager.default.contents(atPath: root + "/" + path) { files.append(Array(data)) }
            }
        }
        guard !files.isEmpty else { throw ValidationError("no files named Dockerfile under \(roots.joined(separator: ", "))") }
        let bytes = files.reduce(0) { $0 + $1.count }
        var parsed = 0
        var programs = 0
        let clock = ContinuousClock()
        let syntaxTime = clock.measure {
            for _ in 0..<iterations {
                for file in files where (try? DockerfileParser().parse(file)) != nil { parsed += 1 }
            }
        }
        let programTime = clock.measure {
            for _ in 0..<iterations {
                for file in files where (try? DockerfileProgram.make(from: DockerfileParser().parse(file))) != nil { programs += 1 }
            }
        }
        func report(_ label: String, _ duration: Duration, _ succeeded: Int) -> String {
            let seconds = duration.seconds
            let total = Double(files.count * iterations)
            let megabytes = Double(bytes * iterations) / 1_000_000
            return String(format: "%@: %d files (%.2f MB) x %d in %.3f s: %.0f files/s, %.1f MB/s (%d accepted per pass)",
                          label, files.count, Double(bytes) / 1_000_000, iterations, seconds, total / seconds, megabytes / seconds,
                          succeeded / iterations)
        }
        print(report("parse", syntaxTime, parsed))
        print(report("parse+instructions", programTime, programs))
    }
}
