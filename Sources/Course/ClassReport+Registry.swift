extension ClassReport {
    /// The report `class check` makes (see `ClassHub`): the learners it judged from what they pushed to
    /// `host`, the pack's exercises in its order, each with how many of its checks an image can show.
    init(registry host: String, pack: PackVersion, order: [ExerciseKey], checks: [ExerciseKey: CheckCount], learners: [Learner],
         skipped: [(file: String, reason: String)], notes: [String]) {
        source = .registry(host)
        self.pack = pack
        packsFound = [pack]
        self.learners = learners.sorted { $0.name < $1.name }
        self.skipped = skipped
        self.notes = notes
        let summary = Self.summaries(of: self.learners, order: order)
        lessons = summary.lessons
        exercises = summary.exercises.map { exercise in
            var counted = exercise
            counted.checks = checks[exercise.key]
            return counted
        }
    }

    /// The registry the images were pulled from; nil for a report on exports.
    public var registryHost: String? {
        guard case .registry(let host) = source else { return nil }
        return host
    }

    /// Which source the report was judged from, and how far that can be trusted: said in every form
    /// of the report.
    public var sourceNote: String {
        guard let host = registryHost else {
            return "Judged from the learners' own progress exports: self-reported (an export's checksum catches accidental edits only)."
        }
        return "Judged from the images the learners pushed to \(host), pulled and checked here: by what they made, not by what they report."
    }

    /// Whether an exercise counts in a registry report: some of its checks can be judged from an image.
    func isJudged(_ summary: ExerciseSummary) -> Bool {
        registryHost == nil || (summary.checks?.judged ?? 0) > 0
    }

    /// What fails, learner by learner, for each exercise pushed and not passed:
    /// `ada, 2.1 layers/container-changes: notes:1.0 has 1 layer; the goal is exactly 2`.
    var failingChecks: [String] {
        learners.flatMap { learner in
            exercises.flatMap { summary in
                (learner.records[summary.key]?.failures ?? []).map { "\(learner.name), \(Self.name(summary)): \($0)" }
            }
        }
    }
}
