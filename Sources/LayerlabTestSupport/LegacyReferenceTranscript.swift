import Foundation

/// A transcript of the legacy builder recorded on the reference engine (Tests/BuilderTests/LegacyReference):
/// the context's files, the command, its standard output and error byte for byte, its exit status.
public struct LegacyReferenceTranscript {
    public var files: [(path: String, content: String)] = []
    public var command = ""
    public var standardOutput = ""
    public var standardError = ""
    public var exitStatus: Int32 = 0

    /// The folder of the transcripts, from a test file's `#filePath` in any test target.
    public static func folder(from testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BuilderTests/LegacyReference")
    }

    public init(named name: String, testFile: String = #filePath) throws {
        let data = try Data(contentsOf: Self.folder(from: testFile).appendingPathComponent(name + ".txt"))
        // Split on newline bytes: "\r\n" is one Character to Swift, and the upload line ends in "\r\r\n".
        var sections: [(name: String, body: [String])] = []
        for line in Self.lines(String(decoding: data, as: UTF8.self)).dropLast() {
            if line.hasPrefix("== ") {
                sections.append((String(line.dropFirst(3)), []))
            } else if !sections.isEmpty {
                sections[sections.count - 1].body.append(line)
            }
        }
        for (section, body) in sections {
            let text = body.isEmpty ? "" : body.joined(separator: "\n") + "\n"
            if section.hasPrefix("file ") {
                files.append((String(section.dropFirst(5)), text))
            } else if section == "command" {
                command = String(text.dropLast())
            } else if section == "stdout" {
                standardOutput = text
            } else if section == "stderr" {
                standardError = text
            } else if section == "exit status" {
                exitStatus = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            }
        }
    }

    /// Writes the context's files under `folder`.
    public func writeFiles(to folder: URL) throws {
        for (path, content) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
    }

    /// The text split at each newline scalar (the last piece is what follows the last newline).
    public static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// The text with every image and container ID as `<id>`, and dockerd 20.10's
    /// `Removing intermediate container X` as Docker 25 and later print it (` ---> Removed intermediate
    /// container X`, moby 5dc44f03f0), the one wording the simulated Docker 28 daemon changes.
    public static func masked(_ text: String) -> String {
        lines(text).map(maskedLine).joined(separator: "\n")
    }

    static func maskedLine(_ line: String) -> String {
        let prefixes = [" ---> Running in ", " ---> Removed intermediate container ", "Removing intermediate container ", "Successfully built ", " ---> "]
        for prefix in prefixes where line.hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count)
            if rest.count == 12, rest.allSatisfy(\.isHexDigit) {
                return (prefix == "Removing intermediate container " ? " ---> Removed intermediate container " : prefix) + "<id>"
            }
        }
        if line.hasPrefix("sha256:"), line.count == 71 { return "sha256:<id>" }
        return line
    }
}
