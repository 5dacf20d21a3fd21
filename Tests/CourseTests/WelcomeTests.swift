import Course
import Foundation
import LayerlabSession
import LayerlabTestSupport
import ProgressStore
import Shell
import Testing

/// The first run at a terminal asks the learner's name; the answer is the home's from then on (issue 21).
@Suite struct WelcomeTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)
    let lessons = ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path]

    /// A first run at a terminal, the learner typing `lines` (the answer to the name question first).
    func firstRun(_ lines: [String]) throws -> String {
        var configuration = home.configuration(environment: lessons, isInteractive: true)
        configuration.asksLearnerName = true
        return try home.run(lines, configuration: configuration).transcript
    }

    /// A later run, as the command line opens it: by the name the home keeps.
    func laterRun(_ lines: [String]) throws -> String {
        let name = try HomeLearner(home: home.home, given: nil, interactive: false, environment: [:]).name
        return try home.run(lines, configuration: home.configuration(environment: lessons, learnerName: name)).transcript
    }

    @Test func theTypedNameIsKeptAndTheNextRunGreetsIt() throws {
        let first = try firstRun(["Ada", "lesson 2"])
        #expect(first.contains("?? What should layerlab call you? [learner] Ada\nHello, Ada."))
        #expect(home.home.savedLearnerName == "Ada")
        let database = try ProgressDatabase(path: home.home.databasePath)
        // The resume note used to be written under the suggested name, so the next run, Ada's, had no greeting.
        let later = try laterRun(["check"])
        #expect(later.hasPrefix("Welcome back, Ada. You were at lesson 2, Layers and the union filesystem.\n"))
        #expect(try database.learners().map(\.name) == ["Ada"], "no record under the suggested name")
    }

    @Test func anEmptyAnswerKeepsTheSuggestedName() throws {
        let first = try firstRun([""])
        #expect(first.contains("Hello, learner."))
        #expect(home.home.savedLearnerName == "learner")
    }

    /// A home made by an older layerlab kept no name: its learner, typing the name their record is under,
    /// was refused ("someone here is already called alice") and renamed for good.
    @Test func aNameWhoseRecordIsAlreadyHereIsThatRecord() throws {
        _ = try home.run(["lesson 1"], configuration: home.configuration(environment: lessons, learnerName: "alice"))
        try FileManager.default.removeItem(at: home.url.appendingPathComponent("learner-name"))
        let first = try firstRun(["alice", "progress"])
        #expect(first.contains("Hello, alice.") && !first.contains("already called"))
        let database = try ProgressDatabase(path: home.home.databasePath)
        let learners = try database.learners()
        #expect(learners.map(\.name) == ["alice"])
        #expect(try database.sessions().allSatisfy { $0.learnerID == learners.first?.id }, "both sessions are alice's")
        #expect(home.home.savedLearnerName == "alice")
    }
}
