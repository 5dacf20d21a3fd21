@testable import Course
import Foundation
import LessonPack
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The class hub's rule for where a learner pushes an exercise's image, which checks an image can
/// judge, and the report it makes. Image names are read with distribution/reference's grammar
/// (v2.8 reference/normalize.go and regexp.go, which `ImageReference` follows): a first part with a
/// `.` or a `:` is a registry host, the rest a path of lower-case components.
@Suite struct ClassHubTests {
    struct NamingCase: Sendable, CustomTestStringConvertible {
        var image: String
        var pushed: String?
        var testDescription: String { image }
    }

    static let namingCases: [NamingCase] = [
        NamingCase(image: "notes:1.0", pushed: "127.0.0.1:5055/ada/notes:1.0"),
        NamingCase(image: "friendlyhello", pushed: "127.0.0.1:5055/ada/friendlyhello:latest"),
        NamingCase(image: "learner1/friendlyhello:1.0", pushed: "127.0.0.1:5055/ada/learner1/friendlyhello:1.0"),
        NamingCase(image: "localhost:5000/my-alpine:3.20", pushed: "127.0.0.1:5055/ada/my-alpine:3.20"),
        NamingCase(image: "docker.io/library/alpine:3.20", pushed: "127.0.0.1:5055/ada/alpine:3.20"),
        // No push can give an image a digest or an ID as its name.
        NamingCase(image: "alpine@sha256:" + String(repeating: "a", count: 64), pushed: nil),
        NamingCase(image: String(repeating: "b", count: 64), pushed: nil),
    ]

    @Test(arguments: namingCases)
    func anExercisesImageGoesBelowTheLearnersName(_ test: NamingCase) {
        #expect(ClassHub.pushedName(of: test.image, learner: "ada", registry: "127.0.0.1:5055")?.description == test.pushed)
    }

    @Test func aLearnersNameIsOnePartOfAnImageName() {
        for name in ["ada", "ada-lovelace", "a.b", "a_b", "x9"] {
            #expect(ClassHub.isLearnerName(name, registry: "127.0.0.1:5055"), "\(name)")
        }
        for name in ["", "Ada", "ada/x", "-ada", "ada-", "a b", "ada:1"] {
            #expect(!ClassHub.isLearnerName(name, registry: "127.0.0.1:5055"), "\(name)")
        }
        // Docker reads a first part without '.' or ':' as a namespace on Docker Hub, not as a host.
        #expect(!ClassHub.isLearnerName("ada", registry: "classhub"))
        #expect(ClassHub.isLearnerName("ada", registry: "classhub:5000"))
    }

    /// In the built-in course, what an image can show is judged and nothing else: a Dockerfile's pinned
    /// base or lint findings, the build cache, containers, logins and the learner's own registry are not.
    @Test func inTheBuiltInCourseOnlyChecksOfAnImageAreJudged() throws {
        let pack = try CourseLocator.load(BuiltInCourseTests.lessons)
        let judged = ClassHub.judgedExercises(of: pack)
        let counts = Dictionary(judged.map { ("\($0.key.lesson)/\($0.key.exercise)", "\($0.checks.count) of \($0.total)") }, uniquingKeysWith: { first, _ in first })
        #expect(counts["layers/container-changes"] == "2 of 2")
        #expect(counts["writing-a-dockerfile/build-the-sample"] == "6 of 6")
        #expect(counts["docker-hub/pull-it-back"] == "1 of 2")
        #expect(counts["cache-friendly-order/requirements-first"] == "0 of 2")
        #expect(counts["capstone/ship-it"] == "4 of 10")
        #expect(judged.first { $0.key.exercise == "ship-it" }?.images == ["capstone:1.0"])
        #expect(judged.first { $0.key.exercise == "pull-from-localhost" }?.images == ["localhost:5000/my-alpine:3.20"])
    }

    static let version = ClassReport.PackVersion(id: "p", version: "1")
    static let one = ClassReport.ExerciseKey(lesson: "a", exercise: "one")
    static let two = ClassReport.ExerciseKey(lesson: "a", exercise: "two")
    static let quiz = ClassReport.ExerciseKey(lesson: "b", exercise: "quiz")

    /// A learner judged from the registry: exercises one and two can be judged from an image, the quiz cannot.
    static func learner(_ name: String, _ records: [ClassReport.ExerciseKey: ClassReport.Record], notes: [String] = []) -> ClassReport.Learner {
        var learner = ClassReport.Learner(name: name, file: "hub:5000/\(name)/", pack: version, cells: [:], checksumMatches: true)
        learner.order = [one, two, quiz]
        learner.records = records
        for key in [one, two] {
            learner.cells["a", default: ClassReport.Cell()].total += 1
            if records[key]?.finished == true {
                learner.cells["a", default: ClassReport.Cell()].done += 1
                learner.done += 1
            }
        }
        learner.notes = notes
        return learner
    }

    static var registryReport: ClassReport {
        let passed = ClassReport.Record(opened: true, finished: true, attempts: 0, seconds: 0, solutionViewed: false)
        let failing = ClassReport.Record(opened: true, finished: false, attempts: 0, seconds: 0, solutionViewed: false,
                                         failures: ["notes:1.0 has 1 layer; the goal is exactly 2"])
        let none = ClassReport.Record(opened: false, finished: false, attempts: 0, seconds: 0, solutionViewed: false)
        return ClassReport(registry: "hub:5000", pack: version, order: [one, two, quiz],
                           checks: [one: .init(judged: 2, total: 2), two: .init(judged: 1, total: 3), quiz: .init(judged: 0, total: 0)],
                           learners: [learner("bob", [one: failing, two: none, quiz: none], notes: ["hub:5000/bob/x:1 could not be pulled: it broke"]),
                                      learner("ada", [one: passed, two: passed, quiz: none])],
                           skipped: [("hub:5000/loose", "not below a learner's name (hub:5000/LEARNER/IMAGE:TAG)")], notes: [])
    }

    /// The same report as from exports, with the words of what was judged: passed, failing, not pushed,
    /// how many checks an image shows, and each failing check; its source said in every form.
    @Test func aReportFromTheRegistrySaysSoAndShowsWhatFails() throws {
        let report = Self.registryReport
        #expect(report.learners.map(\.name) == ["ada", "bob"])
        #expect(report.needsAttention)
        let table = report.table(unicode: false)
        #expect(table.hasPrefix("""
            p 1: 2 learners, 2 lessons, 3 exercises.
            Most failing: 1.1 a/one, which 1 of 2 pushed without passing.
            Judged from the images the learners pushed to hub:5000, pulled and checked here: by what they made, not by what they report.

            EXERCISE    PASSED  FAILING  NOT PUSHED  CHECKS JUDGED
            1.1 a/one   1       1        0           2 of 2
            1.2 a/two   1       0        1           1 of 3
            2.1 b/quiz  -       -        -           0 of 0
            Passed: every check an image can show holds.
            """))
        #expect(table.contains("""
            LEARNER  1     2  PASSED  PUSHED  FAILING
            ada      done     2       2       0
            bob      -        0       1       1        see below
            """))
        #expect(table.contains("Failing checks:\n  bob, 1.1 a/one: notes:1.0 has 1 layer; the goal is exactly 2\n"))
        #expect(table.contains("bob: hub:5000/bob/x:1 could not be pulled: it broke\n"))
        #expect(table.contains("skipped hub:5000/loose: not below a learner's name (hub:5000/LEARNER/IMAGE:TAG)\n"))
        #expect(!table.contains("ATTEMPTS") && !table.contains("progress exports"))
        let csv = report.csv.split(separator: "\n")
        #expect(csv[0] == "learner,images,a,b,passed,pushed,failing,judged_from")
        #expect(csv[1] == "ada,hub:5000/ada/,2/2,,2,2,0,registry hub:5000")
        #expect(csv[2] == "bob,hub:5000/bob/,0/2,,0,1,1,registry hub:5000")

        let page = PageStructure()
        let parser = XMLParser(data: Data(report.html.utf8))
        parser.delegate = page
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(page.tables.map(\.kind) == ["exercises", "learners"])
        #expect(page.tables[0].rows.count == 4 && page.tables[0].rows.allSatisfy { $0 == 6 })
        #expect(page.tables[1].rows.count == 3 && page.tables[1].rows.allSatisfy { $0 == 6 })
        #expect(page.tables.allSatisfy { $0.widths.reduce(0, +) == 100 })
        #expect(["Passed", "Failing", "Not pushed", "Checks judged", "Images", "Source"].allSatisfy { page.legendTerms.contains($0) })
        #expect(report.html.contains("<li>bob, 1.1 a/one: notes:1.0 has 1 layer; the goal is exactly 2</li>"))
        #expect(report.html.contains("Judged from the images the learners pushed to hub:5000") && report.html.contains("class=\"unjudged\""))
    }

    /// A report on exports says it was self-reported, in the table and on the page.
    @Test func aReportFromExportsSaysItIsSelfReported() {
        let export = ClassReportTests.export("ada", done: ["a/one": true])
        let report = ClassReport(exports: [("ada.json", export)])
        #expect(report.source == .exports)
        let said = "Judged from the learners' own progress exports: self-reported (an export's checksum catches accidental edits only)."
        #expect(report.table(unicode: false).contains(said))
        #expect(report.html.contains(said))
    }
}
