import ArgumentParser
import Dockerfile
import Foundation

/// `layerlab parse --json FILE`: the parse BuildKit would make of a Dockerfile.
public struct Parse: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Print how BuildKit's parser reads a Dockerfile.",
        discussion: """
        With --json, prints a JSON array with one object per instruction (cmd, sub_cmd, json, original,
        start_line, end_line, flags, value, heredocs), or {"error": "…"} and exit status 1 when BuildKit
        would reject the file.
        """
    )

    @Flag(help: "Print JSON (the only format for now).")
    public var json = false

    @Argument(help: "The Dockerfile to read.")
    public var file: String

    public init() {}

    public func run() throws {
        guard json else {
            throw ValidationError("give --json: it is the only output format for now")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            let syntax = try DockerfileParser().parse(Array(data), file: file)
            FileHandle.standardOutput.write(Data(ParseJSONRenderer.render(syntax).utf8))
        } catch {
            FileHandle.standardOutput.write(Data(ParseJSONRenderer.render(error).utf8))
            FileHandle.standardError.write(Data("\(file): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
