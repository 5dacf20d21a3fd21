import ArgumentParser
import Course
import Foundation
import LayerlabSession
import LayerlabBasics
import LessonPack
import Shell

/// `layerlab pack …`: writing, checking, testing and installing lesson packs.
public struct PackCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Write, check, test and install lesson packs.",
        subcommands: [PackNew.self, PackValidate.self, PackTest.self, PackAdd.self, PackList.self, PackRemove.self]
    )

    public init() {}
}

/// Prints a user-facing error as layerlab does everywhere, and fails with status 1.
func fail(_ error: any UserFacingError) -> ExitCode {
    let location = error.location.map { "\($0): " } ?? ""
    FileHandle.standardError.write(Data("layerlab: \(location)\(error.message)\n".utf8))
    if let hint = error.hint { FileHandle.standardError.write(Data("  \(hint)\n".utf8)) }
    return ExitCode(1)
}

public struct PackNew: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a working pack with one example exercise.")

    @Argument(help: "The folder to create.") public var folder: String
    @Option(help: "The pack's ID (default: the folder's name).") public var id: String?

    public init() {}

    public func run() throws {
        let url = URL(fileURLWithPath: folder)
        let id = self.id ?? url.lastPathComponent.lowercased().replacingOccurrences(of: "_", with: "-")
        do {
            try PackScaffold.write(to: url, id: id)
        } catch let error as PackError {
            throw fail(error)
        }
        print("Created the pack '\(id)' in \(url.path). Next:")
        print("  layerlab pack validate \(folder)   # every problem, with file and line")
        print("  layerlab pack test \(folder)       # replay each exercise's reference solution")
        print("  LAYERLAB_LESSONS=\(folder) layerlab   # take the course yourself")
    }
}

/// The pack `pack validate` and `pack test` read: a folder, or else a pack installed in the home by its ID.
/// A folder comes first: an author works on the folder, whatever is installed.
func authoredPack(_ argument: String, home: HomeOptions) -> (url: URL, shown: String) {
    let folder = URL(fileURLWithPath: argument)
    if FileManager.default.fileExists(atPath: folder.path) { return (url: folder, shown: argument) }
    let installed = InstalledPacks(home: LayerlabHome.locate(flag: home.home, environment: ProcessInfo.processInfo.environment).url).folder(of: argument)
    return installed.map { (url: $0, shown: $0.path) } ?? (url: folder, shown: argument)
}

public struct PackValidate: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "validate", abstract: "Report every problem of a pack, with file and line.")

    @OptionGroup public var homeOptions: HomeOptions
    @Argument(help: ArgumentHelp("The pack's folder, or an installed pack's ID.", valueName: "folder|id")) public var folder: String

    public init() {}

    public func run() throws {
        let (url, folder) = authoredPack(self.folder, home: homeOptions)
        guard !folder.hasSuffix(".tar.gz") && !folder.hasSuffix(".tgz") else {
            throw fail(PackError("\(folder) is an archive; pack validate reads a pack folder",
                                 hint: "unpack it first (mkdir p && tar xzf \(folder) -C p), or install it with 'layerlab pack add \(folder)', which validates it"))
        }
        let (pack, problems) = CourseLocator.validate(url)
        for problem in problems {
            print((problem.location.map { "\(folder)/\($0): " } ?? "") + (problem.severity == .warning ? "warning: " : "") + problem.message)
            if let hint = problem.hint { print("  " + hint) }
        }
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors == 0 ? "" : TextTable.counted(problems.count - errors, "warning")
        guard errors == 0, let pack else {
            print("\(TextTable.counted(errors, "problem")) in \(folder)" + (warnings.isEmpty ? "" : " (and \(warnings))"))
            throw ExitCode(1)
        }
        print("\(pack.manifest.id) \(pack.manifest.version): \(TextTable.counted(pack.lessons.count, "lesson")), \(TextTable.counted(pack.exercises.count, "exercise")), no problems"
            + (warnings.isEmpty ? "" : ", \(warnings)"))
    }
}

public struct PackTest: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Replay each exercise's reference solution in a fresh simulated world: it must fail its checks before and pass after."
    )

    @OptionGroup public var homeOptions: HomeOptions
    @Argument(help: ArgumentHelp("The pack's folder, or an installed pack's ID.", valueName: "folder|id")) public var folder: String
    @Flag(name: .long, help: "Also say why each wrong answer fails: which checks it does not pass.")
    public var explainWrongAnswers = false

    public init() {}

    public func run() throws {
        let url = authoredPack(folder, home: homeOptions).url
        let pack: LessonPack
        do {
            pack = try CourseLocator.load(url)
        } catch {
            throw fail(error)
        }
        var rows = [["EXERCISE", "BEFORE", "AFTER", "WRONG ANSWERS", "PROBLEM"]]
        var explanations: [String] = []
        var failures = 0
        var wrongAnswers = 0
        let replay = ExerciseReplay(packFolder: url, commandSet: LayerlabCommandSet.commands, pack: pack)
        // Each exercise in a world of its own, so they replay side by side on the machine's cores: those
        // with the most commands first, so that a long one does not start last and run alone.
        let exercises = pack.exercises
        let order = exercises.indices.sorted { exercises[$0].exercise.replayedCommandCount > exercises[$1].exercise.replayedCommandCount }
        let played = Parallel.map(order.count) { replay.run(lessonID: exercises[order[$0]].lesson.id, exerciseID: exercises[order[$0]].exercise.id) }
        var outcomes = played
        for (slot, index) in order.enumerated() { outcomes[index] = played[slot] }
        for (number, (item, outcome)) in zip(exercises, outcomes).enumerated() {
            let name = "\(number + 1) \(item.lesson.id)/\(item.exercise.id)"
            let verdict = Verdict(outcome, folder: folder, explainingWrongAnswers: explainWrongAnswers)
            if !verdict.behaves { failures += 1 }
            wrongAnswers += outcome.wrongAnswers.count
            rows.append([name, verdict.before, verdict.after, verdict.wrongAnswers, verdict.problem])
            explanations += verdict.explanations.map { "\(name): " + $0 }
        }
        for line in TextTable.lines(rows, gap: 3) { print(line) }
        if !explanations.isEmpty {
            print()
            for explanation in explanations { print(explanation) }
            print()
        }
        let wrongClause = wrongAnswers > 0 ? ", and fail after each of their \(wrongAnswers) wrong answers" : ""
        print("\(pack.exercises.count - failures) of \(pack.exercises.count) exercises behave (fail at the start, pass after the solution\(wrongClause))")
        if failures > 0 { throw ExitCode(1) }
    }

    /// How a replay reads: its row (BEFORE, AFTER, a short PROBLEM) and, below the table, what went
    /// wrong in full, each with the pack's file and line and any output indented under it.
    struct Verdict {
        var before: String
        var after: String
        var wrongAnswers = "none"
        var problem: String
        var behaves: Bool
        var explanations: [String]

        init(_ outcome: ExerciseReplay.Outcome, folder: String, explainingWrongAnswers: Bool) {
            func located(_ location: SourceLocation?, _ text: String) -> String {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
                let first = (location.map { "\(folder)/\($0): " } ?? "") + (lines.first ?? "")
                return ([first] + lines.dropFirst().map { "    " + $0 }).joined(separator: "\n")
            }
            guard outcome.startBuilt else {
                // Nothing was checked: "passes" or "fails" would describe a world that was never there.
                before = "NOT BUILT"
                after = "-"
                problem = "its start failed (below)"
                behaves = false
                explanations = [located(outcome.problemLocation, outcome.problem ?? "its start state could not be built")]
                return
            }
            before = outcome.failedBefore ? "fails" : "PASSES"
            let solved = outcome.failedBefore ? [] : ["already solved at its start"]
            if let failure = outcome.problem {
                after = "-"
                problem = (solved + ["its solution failed (below)"]).joined(separator: "; ")
                behaves = false
                explanations = [located(outcome.problemLocation, failure)]
                return
            }
            let failing = outcome.failedChecksAfter
            let notReached = outcome.passedAfter ? [] : [failing.isEmpty ? "not reached after its solution" : "\(TextTable.counted(failing.count, "check")) still failing (below)"]
            let accepted = outcome.wrongAnswers.filter { !$0.rejected }
            if !outcome.wrongAnswers.isEmpty {
                wrongAnswers = "\(outcome.wrongAnswers.count - accepted.count) of \(outcome.wrongAnswers.count) fail" + (accepted.isEmpty ? "" : " (\(accepted.count) PASS)")
            }
            let wrongPassing = accepted.isEmpty ? [] : ["\(TextTable.counted(accepted.count, "wrong answer")) reaching the goal (below)"]
            after = outcome.passedAfter ? "passes" : "FAILS"
            problem = (solved + notReached + wrongPassing).joined(separator: "; ")
            behaves = outcome.failedBefore && outcome.passedAfter && accepted.isEmpty
            explanations = failing.map { located($0.location, "after the solution, a check still fails: " + $0.detail) }
            for wrong in outcome.wrongAnswers where !wrong.rejected || explainingWrongAnswers {
                let commands = wrong.answer.commands
                let what = commands.count == 1 && !commands[0].contains("\n") ? " `\(commands[0])`" : ""
                let why = wrong.answer.why.map { " (\($0))" } ?? ""
                // A check's verdict can repeat (several checks of one missing image): each is said once.
                var seen: Set<String> = []
                let reasons = wrong.failedChecks.filter { seen.insert($0).inserted }.map { "fails: " + $0 }
                explanations.append(located(wrong.answer.location, "the wrong answer\(what)\(why) " + (wrong.rejected ? "is rejected" : "REACHES THE GOAL")
                                            + (reasons.isEmpty ? "" : "\n" + reasons.joined(separator: "\n"))))
            }
        }
    }
}

public struct PackAdd: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "add", abstract: "Install a pack (a folder or a .tar.gz) into your layerlab home.")

    @OptionGroup public var homeOptions: HomeOptions
    @Argument(help: "The pack's folder or archive.") public var source: String

    public init() {}

    public func run() throws {
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: ProcessInfo.processInfo.environment)
        do {
            let installation = try InstalledPacks(home: home.url).add(URL(fileURLWithPath: source))
            let pack = installation.pack
            print("Installed \(pack.manifest.id) \(pack.manifest.version) (\(TextTable.counted(pack.exercises.count, "exercise"))). Start it with: layerlab --pack \(pack.manifest.id)")
            if !installation.droppedExercises.isEmpty {
                // Progress is kept by ID: a renamed exercise starts over for every learner.
                print("Note: the version it replaced had exercises this one does not: " + installation.droppedExercises.joined(separator: ", "))
                print("  Learners' progress in them is kept but no longer shown; keep an exercise's ID when you only change its text.")
            }
        } catch let error as any UserFacingError {
            throw fail(error)
        }
    }
}

public struct PackList: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "list", abstract: "List the installed packs.")

    @OptionGroup public var homeOptions: HomeOptions

    public init() {}

    public func run() throws {
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: ProcessInfo.processInfo.environment)
        let packs = InstalledPacks(home: home.url).all
        if packs.isEmpty {
            print("No packs installed. The built-in course is always there; add one with: layerlab pack add DIR")
            return
        }
        for pack in packs {
            print("\(pack.manifest.id)  \(pack.manifest.version)  \(pack.manifest.title)  (\(TextTable.counted(pack.exercises.count, "exercise")), by \(pack.manifest.author))")
        }
    }
}

public struct PackRemove: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "remove", abstract: "Uninstall a pack (your progress in it is kept).")

    @OptionGroup public var homeOptions: HomeOptions
    @Argument(help: "The pack's ID.") public var id: String

    public init() {}

    public func run() throws {
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: ProcessInfo.processInfo.environment)
        do {
            try InstalledPacks(home: home.url).remove(id)
            print("Removed \(id). Your progress in it is kept, should you install it again.")
        } catch let error as any UserFacingError {
            throw fail(error)
        }
    }
}
