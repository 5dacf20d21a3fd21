import Foundation
import LayerlabBasics
import LayerlabTestSupport
import Shell
import Testing

/// One learner per home (issue 21): the name is kept when the home is made and goes on being the home's.
@Suite struct HomeLearnerTests {
    let home = TemporaryHome()
    let login = ["USER": "kim"]

    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var kept: String?
        var given: String?
        var interactive: Bool
        var expected: HomeLearner
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "a new home made with --name", kept: nil, given: "alice", interactive: true, expected: HomeLearner(name: "alice", isAsked: false)),
        Case(id: "a new home at a terminal asks, suggesting the login name", kept: nil, given: nil, interactive: true, expected: HomeLearner(name: "kim", isAsked: true)),
        Case(id: "a new home in a script takes the login name", kept: nil, given: nil, interactive: false, expected: HomeLearner(name: "kim", isAsked: false)),
        Case(id: "a home made with --name is not asked again at a terminal", kept: "alice", given: nil, interactive: true, expected: HomeLearner(name: "alice", isAsked: false)),
        Case(id: "the kept name given again", kept: "alice", given: "alice", interactive: false, expected: HomeLearner(name: "alice", isAsked: false)),
        Case(id: "spaces around --name are not part of it", kept: "alice", given: " alice ", interactive: false, expected: HomeLearner(name: "alice", isAsked: false)),
    ]

    @Test(arguments: cases)
    func theSessionGoesByTheHomesName(_ test: Case) throws {
        if let kept = test.kept {
            try home.home.prepare()
            try home.home.saveLearnerName(kept)
        }
        #expect(try HomeLearner(home: home.home, given: test.given, interactive: test.interactive, environment: login) == test.expected)
    }

    @Test func anotherNameForAHomeIsRefusedWithWhatToDo() throws {
        try home.home.prepare()
        try home.home.saveLearnerName("alice")
        let error = #expect(throws: HomeLearnerError.self) {
            _ = try HomeLearner(home: home.home, given: "bob", interactive: false, environment: login)
        }
        #expect(error?.message == "the layerlab home \(home.url.path) is alice's, not bob's: a home keeps the name it was made with")
        #expect(error?.hint == "leave out --name to go on as alice in \(home.url.path), or give bob a home of their own: --home DIR")
    }

    @Test func aNameMustBeOneLineOfText() {
        #expect(throws: HomeLearnerError.invalidName("  ")) { _ = try HomeLearner(home: home.home, given: "  ", interactive: false, environment: login) }
        #expect(throws: HomeLearnerError.invalidName("a\nb")) { _ = try HomeLearner(home: home.home, given: "a\nb", interactive: false, environment: login) }
    }

    /// The script that made the home without `--name` is the one `progress export` then finds.
    @Test func openingASessionKeepsTheNameTheHomeIsMadeWith() throws {
        _ = try home.configuration(learnerName: "alice").openSession(output: BufferOutputSink())
        #expect(home.home.savedLearnerName == "alice")
        _ = try home.configuration(learnerName: "bob").openSession(output: BufferOutputSink())
        #expect(home.home.savedLearnerName == "alice", "kept once, never replaced")
    }

    @Test func aSessionAboutToAskKeepsNothingYet() throws {
        var configuration = home.configuration(isInteractive: true)
        configuration.asksLearnerName = true
        _ = try configuration.openSession(output: BufferOutputSink())
        #expect(home.home.savedLearnerName == nil)
    }
}
