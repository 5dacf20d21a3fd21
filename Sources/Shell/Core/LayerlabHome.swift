import Foundation

/// The folder holding everything layerlab keeps for a learner: the progress database, the REPL history
/// and the workspace.
public struct LayerlabHome: Sendable {
    public let url: URL

    /// `--home` wins, then `$LAYERLAB_HOME`, then `$XDG_DATA_HOME/layerlab`, then `~/.local/share/layerlab`.
    public static func locate(flag: String?, environment: [String: String]) -> LayerlabHome {
        if let flag, !flag.isEmpty { return LayerlabHome(url: URL(fileURLWithPath: flag)) }
        if let home = environment["LAYERLAB_HOME"], !home.isEmpty { return LayerlabHome(url: URL(fileURLWithPath: home)) }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return LayerlabHome(url: URL(fileURLWithPath: data).appendingPathComponent("layerlab"))
        }
        let userHome = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return LayerlabHome(url: userHome.appendingPathComponent(".local/share/layerlab"))
    }

    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    public var databasePath: String { url.appendingPathComponent("layerlab.sqlite").path }
    public var historyPath: String { url.appendingPathComponent("history").path }
    /// Where the prompt and `layerlab daemon` serve the Engine API to the real Docker CLI.
    public var socketPath: String { url.appendingPathComponent("docker.sock").path }
    public var workspaceURL: URL { url.appendingPathComponent("workspace") }
    /// Left by `CrashGuard` when layerlab died on an internal error: what it was doing.
    public var crashNotePath: String { url.appendingPathComponent("crashed").path }
    var learnerNameURL: URL { url.appendingPathComponent("learner-name") }
    /// Where the course built into layerlab is written out for a binary away from its checkout (`CourseLocator`).
    public var builtInCourseURL: URL { url.appendingPathComponent("built-in-course") }

    /// The name of the learner this home belongs to (`HomeLearner`), kept since the home was made.
    public var savedLearnerName: String? {
        guard let data = FileManager.default.contents(atPath: learnerNameURL.path) else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    public func saveLearnerName(_ name: String) throws {
        try Data((name + "\n").utf8).write(to: learnerNameURL, options: .atomic)
    }

    /// Creates the home folder if needed.
    public func prepare() throws(HomeError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw HomeError(path: url.path, reason: error.localizedDescription)
        }
    }
}

public struct HomeError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String {
        "cannot create the layerlab home at \(path): \(reason)"
    }
}
