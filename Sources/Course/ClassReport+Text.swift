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

    /// What the report covers, where the class is stuck most, and which source it was judged from.
    var headline: [String] {
        guard let pack else { return ["No progress export was read."] }
        var lines = ["\(pack): \(TextTable.counted(learners.count, "learner")), \(TextTable.counted(lessons.count, "lesson")), \(TextTable.counted(exercises.count, "exercise"))."]
        if let stuck = mostStuck {
            lines.append(registryHost == nil
                ? "Most stuck: \(Self.name(stuck)), which \(stuck.stuck) of \(learners.count) opened without finishing."
                : "Most failing: \(Self.name(stuck)), which \(stuck.stuck) of \(learners.count) pushed without passing.")
        }
        lines.append(sourceNote)
        return lines
    }

    /// What needs a second look: left-out files, changed exports, names that appear twice; from the
    /// registry, each learner's notes and the class's.
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
        for learner in learners {
            for note in learner.notes { lines.append("\(learner.name): \(note)") }
        }
        lines += notes
        for (file, reason) in skipped { lines.append("skipped \(file): \(reason)") }
        return lines
    }

    /// Where the class is stuck, an exercise a row: from exports, how many finished, are stuck or did not
    /// open it, with medians; from the registry, how many passed, fail or pushed nothing, and how many of
    /// its checks an image can show ("-" for an exercise no image can judge).
    var exerciseRows: [[String]] {
        guard registryHost != nil else {
            return [["EXERCISE", "FINISHED", "STUCK", "NOT OPENED", "ATTEMPTS", "TIME", "SOLUTIONS"]] + exercises.map { summary in
                [Self.name(summary), String(summary.finished), String(summary.stuck), String(summary.notOpened),
                 Self.shown(summary.medianAttempts), Self.duration(summary.medianSeconds), String(summary.solutionsViewed)]
            }
        }
        return [["EXERCISE", "PASSED", "FAILING", "NOT PUSHED", "CHECKS JUDGED"]] + exercises.map { summary in
            let counts = isJudged(summary) ? [String(summary.finished), String(summary.stuck), String(summary.notOpened)] : ["-", "-", "-"]
            return [Self.name(summary)] + counts + ["\(summary.checks?.judged ?? 0) of \(summary.checks?.total ?? 0)"]
        }
    }

    var exerciseFootnote: String {
        guard let host = registryHost else {
            return "Stuck: opened, not finished. Attempts and time: medians over the learners who opened the exercise."
        }
        return "Passed: every check an image can show holds. Failing: an image of the exercise is in \(host), and a check fails (see below). "
            + "Checks judged: the others need more than an image (a Dockerfile or other file of the workspace, the build cache, a container, "
            + "a login, a registry of the learner's) and are not judged here; they never count as passed."
    }

    /// Learners × lessons (the lessons numbered; the legend follows), then per learner what they did:
    /// attempts, hints, solutions and time from exports; exercises passed, pushed and failing from the registry.
    func learnerRows(unicode: Bool) -> [[String]] {
        let numbers = lessons.indices.map { String($0 + 1) }
        guard registryHost != nil else {
            return [["LEARNER"] + numbers + ["DONE", "ATTEMPTS", "HINTS", "SOLUTIONS", "TIME", ""]] + learners.map { learner in
                let flags = [learner.checksumMatches ? nil : "changed since export", learner.sameNameAs.isEmpty ? nil : "name appears twice"].compactMap { $0 }
                return [learner.name] + lessons.map { Self.cellText(learner.cells[$0], unicode: unicode) }
                    + [String(learner.done), String(learner.attempts), String(learner.hints), String(learner.solutionsViewed), Self.minutes(learner.seconds),
                       flags.joined(separator: ", ")]
            }
        }
        return [["LEARNER"] + numbers + ["PASSED", "PUSHED", "FAILING", ""]] + learners.map { learner in
            let flags = [learner.opened == 0 ? "nothing pushed" : nil, learner.notes.isEmpty ? nil : "see below"].compactMap { $0 }
            return [learner.name] + lessons.map { Self.cellText(learner.cells[$0], unicode: unicode) }
                + [String(learner.done), String(learner.opened), String(learner.opened - learner.done), flags.joined(separator: ", ")]
        }
    }

    /// The terminal's report: the headline, where the class is stuck (an exercise a row), then learners
    /// × lessons (numbered; the legend follows), then the failing checks (from the registry) and
    /// anything that needs a second look.
    public func table(unicode: Bool) -> String {
        var text = headline.joined(separator: "\n") + "\n"
        if !exercises.isEmpty {
            text += "\n" + TextTable.lines(exerciseRows, gap: 2).joined(separator: "\n") + "\n"
            text += exerciseFootnote + "\n"
        }
        text += "\n" + TextTable.lines(learnerRows(unicode: unicode), gap: 2).joined(separator: "\n") + "\n"
        text += "\nLessons: " + lessons.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ") + "\n"
        let failing = failingChecks
        if !failing.isEmpty { text += "\nFailing checks:\n" + failing.map { "  " + $0 + "\n" }.joined() }
        let attention = notices
        if registryHost != nil && !attention.isEmpty { text += "\n" }
        for line in attention { text += line + "\n" }
        return text
    }

    /// Learners × lessons, a row per learner: from exports, one per export, with `export` saying whether it
    /// changed since it was written; from the registry, where the learner's images are and what they passed.
    public var csv: String {
        let header = registryHost == nil
            ? ["learner", "file"] + lessons + ["done", "attempts", "hints", "solutions_viewed", "seconds", "export"]
            : ["learner", "images"] + lessons + ["passed", "pushed", "failing", "judged_from"]
        var lines = [header.map(ProgressExport.csvField).joined(separator: ",")]
        for learner in learners {
            let cells = lessons.map { lesson in learner.cells[lesson].map { "\($0.done)/\($0.total)" } ?? "" }
            let counts: [String]
            if let host = registryHost {
                counts = [String(learner.done), String(learner.opened), String(learner.opened - learner.done), "registry \(host)"]
            } else {
                counts = [String(learner.done), String(learner.attempts), String(learner.hints), String(learner.solutionsViewed), String(learner.seconds),
                          learner.checksumMatches ? "unchanged" : "changed"]
            }
            lines.append(([learner.name, learner.file] + cells + counts).map(ProgressExport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
