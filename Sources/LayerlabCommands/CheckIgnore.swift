import ArgumentParser
import Dockerfile
import Foundation

/// `layerlab check-ignore`: which paths a `.dockerignore` keeps out of the build context.
public struct CheckIgnore: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check-ignore",
        abstract: "Say which paths a .dockerignore excludes from the build context.",
        discussion: """
        Prints one line per path: `excluded PATH` or `included PATH`. Paths are relative to the build
        context, separated by /. By default decides as BuildKit does; --classic decides as the legacy
        builder did (they differ when a ! exception follows a pattern that matched a parent folder).
        An invalid ignore file is reported on standard error with exit status 2, as BuildKit refuses it.
        """
    )

    @Flag(help: "Use the legacy (non-BuildKit) builder's rules.")
    public var classic = false

    @Option(name: .customLong("ignore-file"), help: ArgumentHelp("The .dockerignore file to read.", valueName: "FILE"))
    public var ignoreFile: String

    @Argument(help: "Paths to decide, relative to the context.")
    public var paths: [String] = []

    public init() {}

    public func run() throws {
        guard let data = FileManager.default.contents(atPath: ignoreFile) else {
            FileHandle.standardError.write(Data("layerlab: cannot read \(ignoreFile)\n".utf8))
            throw ExitCode(2)
        }
        var output = ""
        do {
            let matcher = try DockerignoreMatcher(patterns: DockerignoreFile.patterns(from: String(decoding: data, as: UTF8.self)))
            for path in paths {
                let excluded = try classic ? matcher.isExcludedClassic(path) : matcher.isExcluded(path)
                output += "\(excluded ? "excluded" : "included") \(path)\n"
            }
        } catch {
            FileHandle.standardError.write(Data("layerlab: \(ignoreFile): \(error)\n".utf8))
            FileHandle.standardError.write(Data("BuildKit refuses to build with this file; fix or remove the pattern.\n".utf8))
            throw ExitCode(2)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
