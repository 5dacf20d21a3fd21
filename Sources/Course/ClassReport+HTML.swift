import Foundation

/// The report as one HTML page for a laptop screen (1280 pixels wide and up): where the class is stuck
/// (an exercise a row, with a bar of finished, stuck and not opened; from the registry: passed, failing
/// and not pushed), then a row per learner (their exercises as a strip of squares that wraps), then,
/// from the registry, the failing checks, then the legend. Every table has a fixed number of columns
/// whatever the number of lessons, and the page has its style inside: no script, nothing from
/// outside. It is also well-formed XML, so a test can read its structure.
extension ClassReport {
    typealias Column = (title: String, width: Int, isText: Bool)

    /// Columns of the exercises table from exports, with their share of the width.
    static let exportExerciseColumns: [Column] = [
        ("Exercise", 27, true), ("Class", 27, true), ("Finished", 8, false), ("Stuck", 6, false),
        ("Not opened", 8, false), ("Median attempts", 9, false), ("Median time", 8, false), ("Solutions seen", 7, false),
    ]

    /// Columns of the learners table from exports, with their share of the width.
    static let exportLearnerColumns: [Column] = [
        ("Learner", 16, true), ("Exercises", 33, true), ("Done", 7, false), ("Attempts", 9, false),
        ("Hints", 6, false), ("Solutions seen", 9, false), ("Time", 6, false), ("Export", 14, true),
    ]

    /// Columns of the exercises table from the registry.
    static let registryExerciseColumns: [Column] = [
        ("Exercise", 27, true), ("Class", 27, true), ("Passed", 10, false), ("Failing", 10, false), ("Not pushed", 10, false), ("Checks judged", 16, false),
    ]

    /// Columns of the learners table from the registry.
    static let registryLearnerColumns: [Column] = [
        ("Learner", 16, true), ("Exercises", 36, true), ("Passed", 8, false), ("Pushed", 8, false), ("Failing", 8, false), ("Images", 24, true),
    ]

    /// The words for a learner's state with an exercise: finished, stuck, not opened (from the registry:
    /// passed, failing, not pushed), and not judged from an image.
    var stateWords: (finished: String, stuck: String, unopened: String) {
        registryHost == nil ? ("finished", "opened, not finished", "not opened") : ("passed", "pushed, failing", "not pushed")
    }

    static let style = """
        *{box-sizing:border-box}
        body{font:14px/1.4 system-ui,sans-serif;color:#1d1d1f;margin:0 auto;padding:16px 24px;max-width:1200px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}p{margin:4px 0}
        table{width:100%;table-layout:fixed;border-collapse:collapse;margin-top:6px}
        th,td{padding:4px 6px;border-bottom:1px solid #ddd;text-align:right;vertical-align:middle;overflow-wrap:anywhere}
        th{overflow-wrap:normal}
        th{background:#f3f3f3;font-weight:600;vertical-align:bottom}
        .text{text-align:left}
        .bar{display:flex;height:14px;background:#e4e4e4;border-radius:2px;overflow:hidden}
        .bar span{display:block;height:100%}
        .finished{background:#2e8b57}.stuck{background:#e69f00}.unopened{background:#e4e4e4}
        .strip{display:flex;flex-wrap:wrap;gap:2px}
        .strip span{display:block;width:9px;height:9px;border-radius:1px}
        .strip span.unopened{background:#d4d4d4}
        .strip span.unjudged{background:#fff;outline:1px solid #d4d4d4;outline-offset:-1px}
        ul.failing{margin:4px 0;padding-left:20px}
        .notice{background:#fff4e0;border-left:4px solid #e69f00;padding:8px 12px;margin:12px 0}
        tr.flagged td{background:#fff4e0}
        .swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:1px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0}
        """

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func head(of columns: [Column]) -> String {
        "<colgroup>" + columns.map { "<col style=\"width:\($0.width)%\"/>" }.joined() + "</colgroup>\n<tr>"
            + columns.map { "<th class=\"\($0.isText ? "text" : "num")\">\(escape($0.title))</th>" }.joined() + "</tr>\n"
    }

    /// A share of the class as a bar segment's width.
    static func percent(_ count: Int, of total: Int) -> String {
        String(format: "%.1f%%", total == 0 ? 0 : Double(count) * 100 / Double(total))
    }

    /// How a learner stands with an exercise: the square's colour and its word.
    func state(_ record: Record?, of summary: ExerciseSummary) -> (kind: String, word: String) {
        guard isJudged(summary) else { return ("unjudged", "not judged from an image") }
        let words = stateWords
        guard let record, record.opened else { return ("unopened", words.unopened) }
        return record.finished ? ("finished", words.finished) : ("stuck", words.stuck)
    }

    static func cells(_ columns: [Column], _ values: [String]) -> String {
        zip(columns, values).map { "<td class=\"\($0.isText ? "text" : "num")\">\($1)</td>" }.joined()
    }

    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>Class report\(pack.map { " – " + Self.escape($0.description) } ?? "")</title>
            <style>\(Self.style)</style></head>
            <body>
            <h1>Class report\(pack.map { ": " + Self.escape($0.description) } ?? "")</h1>

            """
        page += headline.map { "<p>\(Self.escape($0))</p>\n" }.joined()
        let attention = notices
        if !attention.isEmpty {
            page += "<div class=\"notice\" id=\"notices\">" + attention.map { "<p>\(Self.escape($0))</p>" }.joined() + "</div>\n"
        }
        page += exercisesSection + learnersSection + failingSection + legend
        return page + "</body></html>\n"
    }

    var exercisesSection: String {
        let words = stateWords
        var section = "<h2 id=\"stuck\">Where the class is stuck</h2>\n<p>"
            + [("finished", words.finished), ("stuck", words.stuck), ("unopened", words.unopened)]
            .map { "<span class=\"swatch \($0.0)\"></span>\($0.1)" }.joined() + "</p>\n"
        let columns = registryHost == nil ? Self.exportExerciseColumns : Self.registryExerciseColumns
        section += "<table class=\"exercises\">" + Self.head(of: columns)
        for summary in exercises {
            let total = learners.count
            let judged = isJudged(summary)
            let bar = [("finished", summary.finished, words.finished), ("stuck", summary.stuck, words.stuck), ("unopened", summary.notOpened, words.unopened)]
                .filter { judged && $0.1 > 0 }
                .map { "<span class=\"\($0.0)\" style=\"width:\(Self.percent($0.1, of: total))\" title=\"\($0.1) \($0.2)\"></span>" }.joined()
            var cells = [Self.escape(Self.name(summary)), "<div class=\"bar\">\(bar)</div>"]
            if registryHost == nil {
                cells += ["\(summary.finished) of \(total)", String(summary.stuck), String(summary.notOpened), Self.shown(summary.medianAttempts),
                          Self.duration(summary.medianSeconds), String(summary.solutionsViewed)]
            } else {
                cells += judged ? ["\(summary.finished) of \(total)", String(summary.stuck), String(summary.notOpened)] : ["-", "-", "-"]
                cells.append("\(summary.checks?.judged ?? 0) of \(summary.checks?.total ?? 0)")
            }
            section += "<tr>" + Self.cells(columns, cells) + "</tr>\n"
        }
        return section + "</table>\n"
    }

    var learnersSection: String {
        let columns = registryHost == nil ? Self.exportLearnerColumns : Self.registryLearnerColumns
        var section = "<h2 id=\"learners\">Learners</h2>\n<table class=\"learners\">" + Self.head(of: columns)
        let judged = exercises.filter { isJudged($0) }.count
        for learner in learners {
            let strip = exercises.map { summary -> String in
                let (kind, word) = state(learner.records[summary.key], of: summary)
                return "<span class=\"\(kind)\" title=\"\(Self.escape(Self.name(summary))): \(word)\"></span>"
            }.joined()
            let who = Self.escape(learner.name) + "<br/><small>\(Self.escape(learner.file))</small>"
            let cells: [String]
            let flagged: Bool
            if registryHost == nil {
                var export = learner.checksumMatches ? "unchanged" : "changed since export"
                if !learner.sameNameAs.isEmpty { export += "; same name as " + learner.sameNameAs.joined(separator: ", ") }
                cells = [who, "<div class=\"strip\">\(strip)</div>", "\(learner.done) of \(exercises.count)", String(learner.attempts), String(learner.hints),
                         String(learner.solutionsViewed), Self.minutes(learner.seconds), Self.escape(export)]
                flagged = !learner.checksumMatches || !learner.sameNameAs.isEmpty
            } else {
                let images = learner.notes.isEmpty ? (learner.opened == 0 ? "nothing pushed" : "pulled and checked") : learner.notes.joined(separator: "; ")
                cells = [who, "<div class=\"strip\">\(strip)</div>", "\(learner.done) of \(judged)", String(learner.opened),
                         String(learner.opened - learner.done), Self.escape(images)]
                flagged = !learner.notes.isEmpty
            }
            section += "<tr\(flagged ? " class=\"flagged\"" : "")>" + Self.cells(columns, cells) + "</tr>\n"
        }
        return section + "</table>\n"
    }

    /// From the registry: each failing check, learner by learner.
    var failingSection: String {
        let failing = failingChecks
        guard !failing.isEmpty else { return "" }
        return "<h2 id=\"failing\">Failing checks</h2>\n<ul class=\"failing\">" + failing.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
    }

    var legend: String {
        guard let host = registryHost else { return Self.definitions(exportLegend) }
        return Self.definitions([
            ("Passed", "every check an image can show holds for the images the learner pushed to \(host), pulled and checked by layerlab class check."),
            ("Failing", "an image of the exercise is in the registry, and a check fails or another image the exercise names is missing (see Failing checks)."),
            ("Not pushed", "no image the exercise names is under the learner's name in the registry."),
            ("Checks judged", "how many of the exercise's checks an image can show: its layers, config, files and the layer that supplies them, size, "
                + "efficiency, users. The others need a Dockerfile or another file of the workspace, the build cache, a container, a login or a "
                + "registry of the learner's: they are not judged from an image, and never count as passed."),
            ("Exercises", "one square per exercise, in course order (hover for its name): green passed, orange failing, grey not pushed, white not judged from an image."),
            ("Images", "an exercise's image, as its checks name it (notes:1.0), is pushed as \(host)/LEARNER/notes:1.0: the name without any registry host, "
                + "below the learner's name. What could not be pulled, images no exercise names and learners with nothing pushed are said here."),
            ("Source", sourceNote + " Progress exports (layerlab class report) are self-reported: " + Self.checksumNote),
        ])
    }

    static func definitions(_ entries: [(String, String)]) -> String {
        "<h2 id=\"legend\">Legend</h2>\n<dl>" + entries.map { "<dt>\(escape($0.0))</dt><dd>\(escape($0.1))</dd>" }.joined() + "</dl>\n"
    }

    var exportLegend: [(String, String)] {
        [
            ("Finished", "the exercise's goal was reached (its checks passed, or its question was answered right)."),
            ("Stuck", "the learner opened the exercise and has not finished it."),
            ("Not opened", "the learner has not opened the exercise yet."),
            ("Median attempts", "over the learners who opened the exercise: how many times 'check' or 'answer' did not reach the goal."),
            ("Median time", "over the learners who opened the exercise: time at the prompt while it was open, counting at most 5 minutes between two commands."),
            ("Solutions seen", "learners who showed the reference solution."),
            ("Exercises", "one square per exercise, in course order (hover for its name): green finished, orange stuck, grey not opened."),
            ("Hints", "hints shown, over all exercises."),
            ("Export", "'changed since export' when the export's checksum no longer matches its content. " + Self.checksumNote),
            ("Source", sourceNote),
        ]
    }
}
