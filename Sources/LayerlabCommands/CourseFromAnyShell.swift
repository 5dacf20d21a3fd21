import ArgumentParser
import EngineAPI
import Foundation
import LayerlabBasics
import LayerlabSession
import Shell

/// `layerlab check` and `layerlab hint` from any shell, as rustlings does: a learner working with the
/// real Docker CLI asks whether the exercise is done. The prompt or `layerlab daemon`, when one holds
/// the world, answers over its socket; otherwise the world is opened here.
struct CourseFromAnyShell {
    let command: String
    let homeOptions: HomeOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: environment)
        let served: (output: String, status: Int32)?
        do throws(CourseCommandClient.Failure) {
            served = try CourseCommandClient.run(command, socketPath: home.socketPath)
        } catch .refused(let message) {
            FileHandle.standardError.write(Data("layerlab: \(message)\n".utf8))
            throw ExitCode(1)
        } catch {
            served = nil
        }
        if let served {
            FileHandle.standardOutput.write(Data(served.output.utf8))
            if served.status != 0 { throw ExitCode(served.status) }
            return
        }
        let lock = try Repl.lock(home)
        var configuration = try Repl.configuration(home: home, environment: environment, interactive: false, name: nil)
        LayerlabCommandSet.equip(&configuration, packFolder: nil)
        let session = try Repl.openSession(configuration, output: StandardOutputSink())
        let status = withExtendedLifetime(lock) { session.execute(command) }
        session.finish()
        if status != 0 { throw ExitCode(status) }
    }
}

public struct Check: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Check the current exercise from any shell (the prompt or layerlab daemon answers, when one runs).")

    @OptionGroup public var homeOptions: HomeOptions

    public init() {}

    public func run() throws {
        try CourseFromAnyShell(command: "check", homeOptions: homeOptions).run()
    }
}

public struct Hint: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Show the next hint of the current exercise from any shell.")

    @OptionGroup public var homeOptions: HomeOptions

    public init() {}

    public func run() throws {
        try CourseFromAnyShell(command: "hint", homeOptions: homeOptions).run()
    }
}

/// `layerlab env`: what another terminal sets to use the real Docker CLI on this world.
public struct Env: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Print the DOCKER_HOST that points the real Docker CLI at your simulated world.",
        discussion: "Use it in another terminal while layerlab (or layerlab daemon) runs: eval \"$(layerlab env)\"")

    @OptionGroup public var homeOptions: HomeOptions

    public init() {}

    public func run() throws {
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: ProcessInfo.processInfo.environment)
        print("export DOCKER_HOST=unix://\(home.socketPath)")
        if !FileManager.default.fileExists(atPath: home.socketPath) {
            FileHandle.standardError.write(Data("layerlab: nothing serves \(home.socketPath) now; start layerlab (the prompt) or layerlab daemon first\n".utf8))
        }
    }
}

public struct Lesson: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Open a lesson from any shell, to work on it with the real Docker CLI.")

    @OptionGroup public var homeOptions: HomeOptions

    @Argument(help: ArgumentHelp("The lesson's number or ID.", valueName: "N"))
    var which: String

    public init() {}

    public func validate() throws {
        if !which.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            throw ValidationError("a lesson is named by its number or its ID, as in: layerlab lesson 2")
        }
    }

    public func run() throws {
        try CourseFromAnyShell(command: "lesson " + which, homeOptions: homeOptions).run()
    }
}

public struct Next: ParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Go on to the next exercise from any shell.")

    @OptionGroup public var homeOptions: HomeOptions

    public init() {}

    public func run() throws {
        try CourseFromAnyShell(command: "next", homeOptions: homeOptions).run()
    }
}
