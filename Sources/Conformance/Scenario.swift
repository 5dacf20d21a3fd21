import Foundation

/// A conformance scenario: a short list of commands typed the same way at layerlab's prompt and in a
/// shell talking to a real Docker engine, whose outputs are then compared.
///
/// The file format is a transcript without outputs:
///
///     # A title: what this scenario shows
///     $ cat > Dockerfile <<'EOF'
///     FROM busybox
///     EOF
///     $ docker build -t t .
///     layerlab$ docker run -d -p 5000:5000 --name registry registry:2
///
/// `$ ` starts a step run on both sides; `layerlab$ ` and `reference$ ` steps run on one side only (set-up
/// that only one side needs) and are not compared; `host$ ` steps run in bash on this machine, in each
/// side's workspace folder, to look at what the sides wrote there (a `docker save` archive), and are
/// compared. Lines that start no step continue the one before
/// (heredoc bodies). `#` lines before the first step are the title and notes.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var title: String
    public var steps: [ScenarioStep]

    public init(name: String, title: String, steps: [ScenarioStep]) {
        self.name = name
        self.title = title
        self.steps = steps
    }

    /// Which steps produce compared output.
    public var comparedSteps: [ScenarioStep] { steps.filter { $0.side == .both || $0.side == .host } }

    /// Whether the scenario talks to a registry at this address (the reference side then starts it
    /// empty).
    public func uses(registry address: String) -> Bool { steps.contains { $0.command.contains(address) } }
}

public struct ScenarioStep: Sendable, Equatable {
    public enum Side: String, Sendable, Equatable { case both, layerlab, reference, host }

    /// The registry addresses scenarios use; the reference side maps them to its real registries. The
    /// one at 5001 wants a login (user `alice`, password `secret`, from an htpasswd file).
    public static let registryAddress = "localhost:5000"
    public static let authenticatedRegistryAddress = "localhost:5001"

    public var command: String
    public var side: Side
    /// The step's first line in the scenario file (1-based).
    public var line: Int

    public init(command: String, side: Side, line: Int) {
        self.command = command
        self.side = side
        self.line = line
    }

    /// The command's first line, for tables and messages.
    public var summary: String { String(command.prefix { $0 != "\n" }) }

    /// The command's first word after `NAME=value` assignments and `docker` (`build`, `history`, `cat`…),
    /// which chooses how its output is normalised.
    public var verb: String {
        let words = summary.split(separator: " ").map(String.init).drop { $0.contains("=") && !$0.hasPrefix("-") }
        guard let first = words.first else { return "" }
        if first == "docker" {
            return words.dropFirst().first { !$0.hasPrefix("-") } ?? "docker"
        }
        return first
    }
}

public struct ScenarioError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

extension Scenario {
    /// Reads a scenario file's text; `name` is the file's name without its extension.
    public static func parse(name: String, text: String) throws(ScenarioError) -> Scenario {
        var title = ""
        var steps: [ScenarioStep] = []
        var heredocEnd: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            let number = index + 1
            if let end = heredocEnd {
                steps[steps.count - 1].command += "\n" + line
                if line == end { heredocEnd = nil }
                continue
            }
            if let (side, command) = stepStart(line) {
                guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ScenarioError(file: name, line: number, message: "a step with no command")
                }
                steps.append(ScenarioStep(command: command, side: side, line: number))
                heredocEnd = heredocTerminator(command)
            } else if line.hasPrefix("#") {
                if steps.isEmpty, title.isEmpty {
                    title = line.drop { $0 == "#" || $0 == " " }.trimmingCharacters(in: .whitespaces)
                }
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ScenarioError(
                    file: name, line: number,
                    message: "not a step: start commands with '$ ', 'layerlab$ ', 'reference$ ' or 'host$ '"
                )
            }
        }
        if let end = heredocEnd {
            throw ScenarioError(file: name, line: steps.last?.line ?? 1, message: "heredoc never ends (no line '\(end)')")
        }
        guard !title.isEmpty else { throw ScenarioError(file: name, line: 1, message: "no '# title' line") }
        guard !steps.filter({ $0.side == .both }).isEmpty else {
            throw ScenarioError(file: name, line: 1, message: "no step is run on both sides ('$ ')")
        }
        return Scenario(name: name, title: title, steps: steps)
    }

    private static func stepStart(_ line: String) -> (ScenarioStep.Side, String)? {
        for (prefix, side) in [("$ ", ScenarioStep.Side.both), ("layerlab$ ", .layerlab), ("reference$ ", .reference), ("host$ ", .host)]
        where line.hasPrefix(prefix) {
            return (side, String(line.dropFirst(prefix.count)))
        }
        return nil
    }

    /// The word that ends a heredoc started on this line (`<<EOF`, `<<'EOF'`, `<<-"EOF"`), if any.
    private static func heredocTerminator(_ line: String) -> String? {
        guard let range = line.range(of: "<<") else { return nil }
        var rest = line[range.upperBound...].drop { $0 == "-" || $0 == " " }
        if let quote = rest.first, quote == "'" || quote == "\"" {
            rest = rest.dropFirst()
            return String(rest.prefix { $0 != quote })
        }
        let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return word.isEmpty ? nil : String(word)
    }
}
