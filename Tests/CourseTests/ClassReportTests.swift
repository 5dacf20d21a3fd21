import Course
import Foundation
import LayerlabBasics
import ProgressStore
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ClassReportTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    /// A learner's record of one exercise.
    struct Row {
        var status: ExerciseProgress.Status
        var attempts = 0
        var hints = 0
        var seconds = 0.0
        var solution = false
    }

    /// An export of the exercises a/one, a/two and b/one; those not in `rows` were never opened.
    static func export(_ learner: String, pack: String = "p", version: String = "1", rows: [String: Row]) -> Data {
        let records = ["a/one", "a/two", "b/one"].map { key -> ProgressExport.Row in
            let parts = key.split(separator: "/").map(String.init)
            guard let row = rows[key] else { return .init(lessonID: parts[0], exerciseID: parts[1], progress: nil) }
            var progress = ExerciseProgress(learnerID: 1, packID: pack, lessonID: parts[0], exerciseID: parts[1], openedAt: start)
            progress.status = row.status
            progress.attempts = row.attempts
            progress.hintsUsed = row.hints
            progress.secondsSpent = row.seconds
            progress.solutionViewed = row.solution
            return .init(lessonID: parts[0], exerciseID: parts[1], progress: progress)
        }
        return Data(ProgressExport(learner: learner, packID: pack, packVersion: version, rows: records, exportedAt: start).json.utf8)
    }

    static func export(_ learner: String, done: [String: Bool], hints: Int = 0) -> Data {
        export(learner, rows: done.mapValues { Row(status: $0 ? .completed : .opened, hints: hints, seconds: 90) })
    }

    @Test func learnersAreAggregatedPerLessonAndChangedExportsAreFlagged() {
        let ada = Self.export("ada", done: ["a/one": true, "a/two": true, "b/one": false], hints: 1)
        var bob = String(decoding: Self.export("bob", done: ["a/one": true]), as: UTF8.self)
        bob = bob.replacingOccurrences(of: "\"status\": \"not-started\"", with: "\"status\": \"completed\"")
        let report = ClassReport(exports: [("bob.json", Data(bob.utf8)), ("ada.json", ada), ("notes.json", Data("{}".utf8))])
        #expect(report.lessons == ["a", "b"])
        #expect(report.learners.map(\.name) == ["ada", "bob"])
        #expect(report.learners[0].cells["a"] == ClassReport.Cell(done: 2, total: 2))
        #expect(report.learners[0].cells["b"] == ClassReport.Cell(done: 0, total: 1))
        #expect(report.learners[0].hints == 3 && report.learners[0].seconds == 270 && report.learners[0].checksumMatches)
        #expect(!report.learners[1].checksumMatches, "bob's export was edited after it was written")
        #expect(report.needsAttention)
        let table = report.table(unicode: false)
        #expect(table.contains("ada      done  -     2     0         3      0          4m"))
        #expect(table.contains("bob      done  done  3     0         0      0          1m    changed since export"))
        #expect(table.contains("1 export was changed after it was written (its checksum does not match): bob.json"))
        #expect(table.contains(ClassReport.checksumNote))
        #expect(table.contains("skipped notes.json: not a layerlab progress export (JSON)"))
        #expect(report.csv.split(separator: "\n")[1] == "ada,ada.json,2/2,0/1,2,0,3,0,270,unchanged")
        #expect(report.html.hasPrefix("<!DOCTYPE html>") && !report.html.contains("<script") && report.html.contains("<tr class=\"flagged\"><td class=\"text\">bob<br/>"))
    }

    /// Where the class is stuck, per exercise: medians over the learners who opened it.
    @Test func whereTheClassIsStuckIsSummarisedPerExercise() throws {
        let exports = [
            ("ada.json", Self.export("ada", rows: ["a/one": Row(status: .completed, attempts: 2, seconds: 60), "a/two": Row(status: .opened, attempts: 4, seconds: 600)])),
            ("bob.json", Self.export("bob", rows: ["a/one": Row(status: .completed, attempts: 3, seconds: 120),
                                                   "a/two": Row(status: .opened, attempts: 2, seconds: 300, solution: true)])),
            ("cy.json", Self.export("cy", rows: ["a/one": Row(status: .completed, seconds: 30), "a/two": Row(status: .completed, attempts: 1, seconds: 200),
                                                 "b/one": Row(status: .opened, seconds: 10)])),
            ("dee.json", Self.export("dee", rows: ["a/one": Row(status: .completed, attempts: 5, seconds: 90)])),
        ]
        let report = ClassReport(exports: exports)
        #expect(!report.needsAttention)
        #expect(report.exercises.map(\.label) == ["1.1", "1.2", "2.1"])
        #expect(report.exercises.map(\.finished) == [4, 1, 0])
        #expect(report.exercises.map(\.stuck) == [0, 2, 1])
        #expect(report.exercises.map(\.notOpened) == [0, 1, 3])
        #expect(report.exercises.map(\.medianAttempts) == [2.5, 2, 0])
        #expect(report.exercises.map(\.medianSeconds) == [75, 300, 10])
        #expect(report.exercises.map(\.solutionsViewed) == [0, 1, 0])
        let stuck = try #require(report.mostStuck)
        #expect(stuck.key == ClassReport.ExerciseKey(lesson: "a", exercise: "two"))
        let table = report.table(unicode: false)
        #expect(table.hasPrefix("p 1: 4 learners, 2 lessons, 3 exercises.\nMost stuck: 1.2 a/two, which 2 of 4 opened without finishing.\n"))
        #expect(table.contains("""
            EXERCISE   FINISHED  STUCK  NOT OPENED  ATTEMPTS  TIME  SOLUTIONS
            1.1 a/one  4         0      0           2.5       1m    0
            1.2 a/two  1         2      1           2         5m    1
            2.1 b/one  0         1      3           0         10s   0
            """))
    }

    /// Exports of different packs or versions used to be merged into one table as if they were one course.
    @Test func exportsOfAnotherPackOrVersionAreLeftOutAndNamed() throws {
        let exports = [
            ("ada.json", Self.export("ada", done: ["a/one": true])),
            ("bob.json", Self.export("bob", done: ["a/one": false])),
            ("cy.json", Self.export("cy", version: "2", rows: [:])),
            ("dan.json", Self.export("dan", pack: "q", rows: [:])),
        ]
        let report = ClassReport(exports: exports)
        #expect(report.pack == ClassReport.PackVersion(id: "p", version: "1"))
        #expect(report.packsFound.map(\.selector) == ["p@1", "p@2", "q@1"])
        #expect(report.learners.map(\.name) == ["ada", "bob"])
        #expect(report.skipped.map(\.file) == ["cy.json", "dan.json"])
        #expect(report.skipped[0].reason == "an export of p 2 (this report is on p 1): report on it with --pack p@2")
        #expect(report.needsAttention)
        let other = ClassReport(exports: exports, pack: "p@2")
        #expect(other.learners.map(\.name) == ["cy"] && other.skipped.count == 3)
        #expect(ClassReport(exports: exports, pack: "q").learners.map(\.name) == ["dan"])
    }

    /// Two exports with one learner name used to be two rows nobody was told about.
    @Test func learnersWithTheSameNameAreKeptApartAndFlagged() {
        let report = ClassReport(exports: [("ada.json", Self.export("ada", done: ["a/one": true])), ("ada-2.json", Self.export("ada", done: ["a/one": false]))])
        #expect(report.learners.map(\.file) == ["ada-2.json", "ada.json"])
        #expect(report.learners.map(\.sameNameAs) == [["ada.json"], ["ada-2.json"]])
        #expect(report.duplicateNames == ["ada"] && report.needsAttention)
        #expect(report.exercises.first?.finished == 1 && report.exercises.first?.stuck == 1)
        let table = report.table(unicode: false)
        #expect(table.contains("2 exports are of a learner named 'ada': ada-2.json, ada.json. They are kept apart; if they are one learner, keep only the newest export."))
        #expect(table.contains("name appears twice"))
        #expect(report.html.components(separatedBy: "<tr class=\"flagged\">").count == 3)
    }

    /// One export with a count at Int.max used to stop the whole report with an overflow trap.
    @Test func countsThatCannotBeAddedSkipThatExportAndNameTheField() throws {
        let ada = Self.export("ada", done: ["a/one": true])
        var text = String(decoding: Self.export("eve", done: ["a/one": true, "a/two": true]), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\"attempts\": 0", with: "\"attempts\": 9223372036854775807")
        #expect(edited != text)
        text = edited
        let negative = String(decoding: Self.export("mal", done: ["a/one": true]), as: UTF8.self)
            .replacingOccurrences(of: "\"hints_used\": 0", with: "\"hints_used\": -4")
        let report = ClassReport(exports: [("ada.json", ada), ("eve.json", Data(text.utf8)), ("mal.json", Data(negative.utf8))])
        #expect(report.learners.map(\.name) == ["ada"])
        #expect(report.skipped.map(\.file) == ["eve.json", "mal.json"])
        #expect(report.skipped[0].reason == "exercise 2: 'attempts' is 9223372036854775807, too large to add up")
        #expect(report.skipped[1].reason == "exercise 1: 'hints_used' is -4, not a count of zero or more")
    }

    /// A median of counts near Int.max is shown, not converted to an Int (which traps).
    @Test func aHugeMedianIsShownWithoutATrap() {
        let text = String(decoding: Self.export("eve", done: ["a/one": true]), as: UTF8.self)
        // Only the opened exercise has a time of first opening and 90 seconds.
        let huge = text.replacingOccurrences(of: "\"attempts\": 0, \"hints_used\": 0, \"solution_viewed\": false, \"first_opened\": \"",
                                             with: "\"attempts\": 9223372036854775807, \"hints_used\": 0, \"solution_viewed\": false, \"first_opened\": \"")
            .replacingOccurrences(of: "\"seconds_spent\": 90}", with: "\"seconds_spent\": 9223372036854775807}")
        #expect(huge.components(separatedBy: "9223372036854775807").count == 3)
        let report = ClassReport(exports: [("eve.json", Data(huge.utf8))])
        #expect(report.learners.count == 1)
        #expect(report.table(unicode: false).contains("9223372036854775808"))
        #expect(!report.html.isEmpty)
    }

    @Test func anExportFarLargerThanAnyIsNotRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("class-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.export("ada", done: ["a/one": true]).write(to: folder.appendingPathComponent("ada.json"))
        let huge = folder.appendingPathComponent("huge.json")
        _ = FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(ClassReport.exportSizeLimit + 1))
        try handle.close()
        let report = try ClassReport.read(paths: [folder.path])
        #expect(report.learners.map(\.name) == ["ada"])
        #expect(report.skipped.map(\.file) == [huge.path])
        #expect(report.skipped.first?.reason.contains("not read") == true)
    }

    /// Text after the checksum field (a second "exercises", which the JSON reader lets win) used to pass
    /// as unedited; a learner named like a formula was a formula in a spreadsheet.
    @Test func appendedFieldsAreEditsAndFormulasAreNotFormulas() throws {
        let text = String(decoding: Self.export("=HYPERLINK(\"http://x\")", done: ["a/one": false]), as: UTF8.self)
        let appended = String(text.dropLast(3)) + ",\n  \"exercises\": [{\"lesson\": \"a\", \"status\": \"completed\"}]\n}\n"
        let report = ClassReport(exports: [("ok.json", Data(text.utf8)), ("appended.json", Data(appended.utf8))])
        let byFile = Dictionary(uniqueKeysWithValues: report.learners.map { ($0.file, $0) })
        #expect(byFile["ok.json"]?.checksumMatches == true)
        #expect(byFile["appended.json"]?.checksumMatches == false)
        let row = try #require(report.csv.split(separator: "\n").dropFirst().first)
        #expect(row.hasPrefix("\"'=HYPERLINK(\"\"http://x\"\")\","))
        #expect(ProgressExport.csvField("-1+2") == "\"'-1+2\"" && ProgressExport.csvField("@x") == "\"'@x\"" && ProgressExport.csvField("ada") == "ada")
    }

    /// The page for a laptop screen, read back as XML (it is well-formed): two tables of eight columns
    /// each however many lessons there are, a row per exercise and per learner, widths that add up to
    /// the page's, a legend, no script. How it looks is checked in a browser at 1280 pixels wide.
    @Test func theHTMLPageHasFixedColumnsAndALegendWhateverTheCourseSize() throws {
        let lessons = 60
        let exports = (1...3).map { learner -> (String, Data) in
            let rows = (1...lessons).map { lesson -> ProgressExport.Row in
                guard lesson <= 20 * learner else { return .init(lessonID: "lesson-\(lesson)", exerciseID: "exercise", progress: nil) }
                var progress = ExerciseProgress(learnerID: Int64(learner), packID: "big", lessonID: "lesson-\(lesson)", exerciseID: "exercise", openedAt: Self.start)
                progress.attempts = lesson % 4
                progress.secondsSpent = Double(lesson * 7)
                if lesson % 5 != 0 { progress.status = .completed }
                return .init(lessonID: "lesson-\(lesson)", exerciseID: "exercise", progress: progress)
            }
            let name = "learner <\(learner)> & co"
            return ("\(learner).json", Data(ProgressExport(learner: name, packID: "big", packVersion: "1.0.0", rows: rows, exportedAt: Self.start).json.utf8))
        }
        let report = ClassReport(exports: exports)
        let html = report.html
        let page = PageStructure()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = page
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(page.tables.map(\.kind) == ["exercises", "learners"])
        #expect(page.tables[0].rows.count == lessons + 1 && page.tables[0].rows.allSatisfy { $0 == 8 })
        #expect(page.tables[1].rows.count == 3 + 1 && page.tables[1].rows.allSatisfy { $0 == 8 })
        #expect(page.tables.allSatisfy { $0.widths.reduce(0, +) == 100 })
        #expect(page.elements.isDisjoint(with: ["script", "img", "link", "iframe", "object"]))
        #expect(["Finished", "Stuck", "Not opened", "Median attempts", "Median time", "Export"].allSatisfy { page.legendTerms.contains($0) })
        #expect(html.contains("max-width:1200px") && html.contains("table-layout:fixed"))
        #expect(html.contains("unkeyed SHA-256") && html.contains("layerlab class check --registry"))
        #expect(html.contains("learner &lt;1&gt; &amp; co"))
    }
}

/// A page's structure, read as XML: each table's class, its columns' widths (percent) and its rows'
/// numbers of cells; the legend's terms; every element's name.
final class PageStructure: NSObject, XMLParserDelegate {
    var tables: [(kind: String, widths: [Int], rows: [Int])] = []
    var legendTerms: [String] = []
    var elements: Set<String> = []
    private var term: String?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String]) {
        elements.insert(elementName)
        switch elementName {
        case "table":
            tables.append((attributeDict["class"] ?? "", [], []))
        case "col":
            let width = attributeDict["style"]?.replacingOccurrences(of: "width:", with: "").replacingOccurrences(of: "%", with: "")
            tables[tables.count - 1].widths.append(width.flatMap { Int($0) } ?? 0)
        case "tr":
            tables[tables.count - 1].rows.append(0)
        case "td", "th":
            let table = tables.count - 1
            tables[table].rows[tables[table].rows.count - 1] += 1
        case "dt":
            term = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        term? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "dt", let term {
            legendTerms.append(term)
            self.term = nil
        }
    }
}
