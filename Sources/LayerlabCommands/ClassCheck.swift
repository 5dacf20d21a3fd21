import ArgumentParser
import Course
import Engine
import Foundation
import LayerlabBasics
import LessonPack

/// `layerlab class check`: the class judged by the images its learners pushed to the class's registry.
public struct ClassCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge a class by the images its learners pushed to one real registry: every check an image can show, a report here, and class-report.csv and class-report.html.",
        discussion: """
        Learners run layerlab with --registry HOST:PORT and push each exercise's image to
        HOST:PORT/LEARNER/NAME:TAG, where NAME:TAG is the image as the exercise's checks name it,
        without any registry host: the image a check names notes:1.0 is ada's as HOST:PORT/ada/notes:1.0
        (docker tag notes:1.0 HOST:PORT/ada/notes:1.0, then docker push HOST:PORT/ada/notes:1.0), and
        localhost:5000/my-alpine:3.20 is looked for as HOST:PORT/ada/my-alpine:3.20. The learners are the
        first part of the repository names the registry lists (GET /v2/_catalog), or those of --roster.

        Each learner's images are pulled into a throwaway world of their own, with every digest checked,
        and each check an image can show is evaluated as the course evaluates it: layers, config, files
        and the layer that supplies them, size, efficiency, users. Checks that need more than an image (a
        Dockerfile or other file of the workspace, the build cache, a container, a login, the learner's
        own registry) are counted as not judged, never as passed. This judges what learners made;
        'class report' reads what they report, and an export's checksum catches accidental edits only.
        The exit status is 2 when anything needs a second look: an image that could not be pulled,
        images no check names, a learner with nothing pushed, repositories left out.
        """
    )

    @OptionGroup public var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The class's registry: HOST:PORT (plain HTTP for a loopback host), a host name (HTTPS), or http://HOST:PORT.",
                               valueName: "HOST:PORT"))
    public var registry: String

    @Option(help: ArgumentHelp("The pack the learners follow: its folder, or an installed pack's ID.", valueName: "DIR|ID"))
    public var pack: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write class-report.csv and class-report.html (default: the current folder).", valueName: "DIR"))
    public var output: String = "."

    @Option(help: ArgumentHelp("The class's learners, a name a line (# starts a comment): each is judged, pushed or not, and no one else.",
                               valueName: "FILE"))
    public var roster: String?

    @Option(help: ArgumentHelp("The registry's login name, when it wants one (with --password-stdin).", valueName: "USER"))
    public var username: String?

    @Flag(help: "Read the registry's password from standard input.")
    public var passwordStdin = false

    public init() {}

    /// A roster is a short list of names; a file far larger is not one, and is not read into memory.
    static let rosterSizeLimit = 1 << 20

    public func validate() throws {
        _ = try Repl.allowedRegistries([registry])
        if passwordStdin != (username != nil) {
            throw ValidationError(passwordStdin ? "--password-stdin needs --username" : "--username needs --password-stdin (the password is read from standard input)")
        }
    }

    public func run() throws {
        guard let entry = try Repl.allowedRegistries([registry]).first else { throw ValidationError("--registry: give HOST:PORT") }
        let lessons: LessonPack
        do throws(LessonPackError) {
            lessons = try CourseLocator.load(authoredPack(pack, home: homeOptions).url)
        } catch {
            throw fail(error)
        }
        var names: [String]?
        if let roster {
            do throws(ClassHubError) {
                names = try Self.readRoster(roster)
            } catch {
                throw fail(error)
            }
        }
        var login: RegistryCredentials?
        if let username {
            var password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            // As docker login --password-stdin reads it: the line's end is not part of the password.
            while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
            login = RegistryCredentials(username: username, password: password)
        }
        let report: ClassReport
        do throws(ClassHubError) {
            report = try ClassHub(registry: entry, login: login, pack: lessons, roster: names).check()
        } catch {
            throw fail(error)
        }
        try publish(report, into: output)
    }

    /// The names in a roster file: a name a line, blank lines and `#` comments skipped.
    static func readRoster(_ path: String) throws(ClassHubError) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let handle = FileHandle(forReadingAtPath: path) else {
            throw ClassHubError("cannot read the roster \(path)", hint: "give a text file with a learner's name a line")
        }
        defer { try? handle.close() }
        guard info.st_size <= rosterSizeLimit, let data = try? handle.read(upToCount: rosterSizeLimit + 1), data.count <= rosterSizeLimit else {
            throw ClassHubError("the roster \(path) is larger than \(rosterSizeLimit >> 20) MiB, far more than a class's names", hint: "give a text file with a learner's name a line")
        }
        let names = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ClassHubError("the roster \(path) names no learner", hint: "write a learner's name a line") }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
