import Foundation

/// The report as one HTML page for a laptop screen (1280 pixels wide and up): where the class is stuck
/// (an exercise a row, with a bar of finished, stuck and not opened), then a row per learner (their
/// exercises as a strip of squares that wraps), then the legend. Every table has a fixed number of
/// columns whatever the number of lessons, and the page has its style inside: no script, nothing from
/// outside. It is also well-formed XML, so a test can read its structure.
extension ClassReport {
    /// Columns of the exercises table, with their share of the width.
    static let exerciseColumns: [(title: String, width: Int, isText: Bool)] = [
        ("Exercise", 27, true), ("Class", 27, true), ("Finished", 8, false), ("Stuck", 6, false),
        ("Not opened", 8, false), ("Median attempts", 9, false), ("Median time", 8, false), ("Solutions seen", 7, false),
    ]

    /// Columns of the learners table, with their share of the width.
    static let learnerColumns: [(title: String, width: Int, isText: Bool)] = [
        ("Learner", 16, true), ("Exercises", 33, true), ("Done", 7, false), ("Attempts", 9, false),
        ("Hints", 6, false), ("Solutions seen", 9, false), ("Time", 6, false), ("Export", 14, true),
    ]

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
        .notice{background:#fff4e0;border-left:4px solid #e69f00;padding:8px 12px;margin:12px 0}
        tr.flagged td{background:#fff4e0}
        .swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:1px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0}
        """

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func head(of columns: [(title: String, width: Int, isText: Bool)]) -> String {
        "<colgroup>" + columns.map { "<col style=\"width:\($0.width)%\"/>" }.joined() + "</colgroup>\n<tr>"
            + columns.map { "<th class=\"\($0.isText ? "text" : "num")\">\(escape($0.title))</th>" }.joined() + "</tr>\n"
    }

    /// A share of the class as a bar segment's width.
    static func percent(_ count: Int, of total: Int) -> String {
        String(format: "%.1f%%", total == 0 ? 0 : Double(count) * 100 / Double(total))
    }

    /// How a learner stands with an exercise: the square's colour and its word.
    static func state(_ record: Record?) -> (kind: String, word: String) {
        guard let record, record.opened else { return ("unopened", "not opened") }
        return record.finished ? ("finished", "finished") : ("stuck", "opened, not finished")
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
        page += exercisesSection + learnersSection + legend
        return page + "</body></html>\n"
    }

    var exercisesSection: String {
        var section = "<h2 id=\"stuck\">Where the class is stuck</h2>\n<p>"
            + [("finished", "finished"), ("stuck", "opened, not finished"), ("unopened", "not opened")]
            .map { "<span class=\"swatch \($0.0)\"></span>\($0.1)" }.joined() + "</p>\n"
        section += "<table class=\"exercises\">" + Self.head(of: Self.exerciseColumns)
        for summary in exercises {
            let total = learners.count
            let bar = [("finished", summary.finished, "finished"), ("stuck", summary.stuck, "opened, not finished"), ("unopened", summary.notOpened, "not opened")]
                .filter { $0.1 > 0 }
                .map { "<span class=\"\($0.0)\" style=\"width:\(Self.percent($0.1, of: total))\" title=\"\($0.1) \($0.2)\"></span>" }.joined()
            let cells = [Self.escape(Self.name(summary)), "<div class=\"bar\">\(bar)</div>", "\(summary.finished) of \(total)", String(summary.stuck),
                         String(summary.notOpened), Self.shown(summary.medianAttempts), Self.duration(summary.medianSeconds), String(summary.solutionsViewed)]
            section += "<tr>" + zip(Self.exerciseColumns, cells).map { "<td class=\"\($0.isText ? "text" : "num")\">\($1)</td>" }.joined() + "</tr>\n"
        }
        return section + "</table>\n"
    }

    var learnersSection: String {
        var section = "<h2 id=\"learners\">Learners</h2>\n<table class=\"learners\">" + Self.head(of: Self.learnerColumns)
        for learner in learners {
            let strip = exercises.map { summary -> String in
                let (kind, word) = Self.state(learner.records[summary.key])
                return "<span class=\"\(kind)\" title=\"\(Self.escape(Self.name(summary))): \(word)\"></span>"
            }.joined()
            var export = learner.checksumMatches ? "unchanged" : "changed since export"
            if !learner.sameNameAs.isEmpty { export += "; same name as " + learner.sameNameAs.joined(separator: ", ") }
            let cells = [Self.escape(learner.name) + "<br/><small>\(Self.escape(learner.file))</small>", "<div class=\"strip\">\(strip)</div>",
                         "\(learner.done) of \(exercises.count)", String(learner.attempts), String(learner.hints), String(learner.solutionsViewed),
                         Self.minutes(learner.seconds), Self.escape(export)]
            let flagged = !learner.checksumMatches || !learner.sameNameAs.isEmpty
            section += "<tr\(flagged ? " class=\"flagged\"" : "")>" + zip(Self.learnerColumns, cells).map { "<td class=\"\($0.isText ? "text" : "num")\">\($1)</td>" }.joined() + "</tr>\n"
        }
        return section + "</table>\n"
    }

    var legend: String {
        let entries = [
            ("Finished", "the exercise's goal was reached (its checks passed, or its question was answered right)."),
            ("Stuck", "the learner opened the exercise and has not finished it."),
            ("Not opened", "the learner has not opened the exercise yet."),
            ("Median attempts", "over the learners who opened the exercise: how many times 'check' or 'answer' did not reach the goal."),
            ("Median time", "over the learners who opened the exercise: time at the prompt while it was open, counting at most 5 minutes between two commands."),
            ("Solutions seen", "learners who showed the reference solution."),
            ("Exercises", "one square per exercise, in course order (hover for its name): green finished, orange stuck, grey not opened."),
            ("Hints", "hints shown, over all exercises."),
            ("Export", "'changed since export' when the export's checksum no longer matches its content. " + Self.checksumNote),
        ]
        return "<h2 id=\"legend\">Legend</h2>\n<dl>" + entries.map { "<dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd>" }.joined() + "</dl>\n"
    }
}
