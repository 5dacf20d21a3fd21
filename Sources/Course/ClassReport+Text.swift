import Foundation

/// The report for the terminal and as CSV.
extension ClassReport {
    static func cellText(_ cell: Cell?, unicode: Bool) -> String {
        guard let cell, cell.total > 0 else { return "" }
        if cell.done == cell.total { return unicode ? "✓" : "done" }
        return cell.done == 0 ? "-" : "\(cell.done)/\(cell.total)"
    }

    static func minutes(_ seconds: Int) -> String { "\(seconds / 60)m" }

    /// A median count: whole, or with its half (`2.5`); `-` when nobody opened the exercise.
    static func shown(_ value: Double?) -> String {
        guard let value else { return "-" }
        // Formatted, not converted to Int: a count edited to near Int.max is past what Int holds as a Double.
        return String(format: value == value.rounded() ? "%.0f" : "%.1f", value)
    }

    /// A median time: `45s`, `12m`, `1h 05m`; `-` when nobody opened the exercise.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        if seconds < 60 { return String(format: "%.0fs", seconds.rounded(.down)) }
        if seconds < 3600 { return String(format: "%.0fm", (seconds / 60).rounded(.down)) }
        return String(format: "%.0fh %02.0fm", (seconds / 3600).rounded(.down), ((seconds / 60).rounded(.down)).truncatingRemainder(dividingBy: 60))
    }

    /// An exercise as the tables name it: `2.1 layers/container-changes`.
    static func name(_ summary: ExerciseSummary) -> String { "\(summary.label) \(summary.key.lesson)/\(summary.key.exercise)" }

    /// What the report covers, and where the class is stuck most.
    var headline: [String] {
        guard let pack else { return ["No progress export was read."] }
        var lines = ["\(pack): \(TextTable.counted(learners.count, "learner")), \(TextTable.counted(lessons.count, "lesson")), \(TextTable.counted(exercises.count, "exercise"))."]
        if let stuck = mostStuck {
            lines.append("Most stuck: \(Self.name(stuck)), which \(stuck.stuck) of \(learners.count) opened without finishing.")
        }
        return lines
    }

    /// What needs a second look: left-out files, changed exports, names that appear twice.
    var notices: [String] {
        var lines: [String] = []
        let changed = learners.filter { !$0.checksumMatches }
        if !changed.isEmpty {
            lines.append((changed.count == 1 ? "1 export was" : "\(changed.count) exports were") + " changed after it was written (its checksum does not match): "
                + changed.map(\.file).joined(separator: ", "))
            lines.append(Self.checksumNote)
        }
        for name in duplicateNames {
            let files = learners.filter { $0.name == name }.map(\.file)
            lines.append("\(files.count) exports are of a learner named '\(name)': \(files.joined(separator: ", ")). They are kept apart; "
                + "if they are one learner, keep only the newest export.")
        }
        for (file, reason) in skipped { lines.append("skipped \(file): \(reason)") }
        return lines
    }

    /// The terminal's report: the headline, where the class is stuck (an exercise a row), then learners
    /// × lessons (numbered; the legend follows), then anything that needs a second look.
    public func table(unicode: Bool) -> String {
        var text = headline.joined(separator: "\n") + "\n"
        if !exercises.isEmpty {
            var rows = [["EXERCISE", "FINISHED", "STUCK", "NOT OPENED", "ATTEMPTS", "TIME", "SOLUTIONS"]]
            for summary in exercises {
                rows.append([Self.name(summary), String(summary.finished), String(summary.stuck), String(summary.notOpened),
                             Self.shown(summary.medianAttempts), Self.duration(summary.medianSeconds), String(summary.solutionsViewed)])
            }
            text += "\n" + TextTable.lines(rows, gap: 2).joined(separator: "\n") + "\n"
            text += "Stuck: opened, not finished. Attempts and time: medians over the learners who opened the exercise.\n"
        }
        var rows = [["LEARNER"] + lessons.indices.map { String($0 + 1) } + ["DONE", "ATTEMPTS", "HINTS", "SOLUTIONS", "TIME", ""]]
        for learner in learners {
            let flags = [learner.checksumMatches ? nil : "changed since export", learner.sameNameAs.isEmpty ? nil : "name appears twice"].compactMap { $0 }
            rows.append([learner.name] + lessons.map { Self.cellText(learner.cells[$0], unicode: unicode) }
                + [String(learner.done), String(learner.attempts), String(learner.hints), String(learner.solutionsViewed), Self.minutes(learner.seconds),
                   flags.joined(separator: ", ")])
        }
        text += "\n" + TextTable.lines(rows, gap: 2).joined(separator: "\n") + "\n"
        text += "\nLessons: " + lessons.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ") + "\n"
        for line in notices { text += line + "\n" }
        return text
    }

    /// Learners × lessons, a row per export; `export` says whether it changed since it was written.
    public var csv: String {
        var lines = [(["learner", "file"] + lessons + ["done", "attempts", "hints", "solutions_viewed", "seconds", "export"]).joined(separator: ",")]
        for learner in learners {
            let cells = lessons.map { lesson in learner.cells[lesson].map { "\($0.done)/\($0.total)" } ?? "" }
            let fields = [learner.name, learner.file] + cells + [String(learner.done), String(learner.attempts), String(learner.hints),
                                                                  String(learner.solutionsViewed), String(learner.seconds), learner.checksumMatches ? "unchanged" : "changed"]
            lines.append(fields.map(ProgressExport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
