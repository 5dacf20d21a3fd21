import DockerCLI
import Engine
import Foundation
import LayerlabBasics
import LessonPack
import ProgressStore
import Shell
import ShellSyntax

/// Checking the current exercise, announcing a reached goal, and golf scores.
extension Course {
    /// Evaluates the current exercise's checks.
    func evaluate(_ located: Located, context: ShellContext) throws -> [CheckResult] {
        let world = try world(context)
        return located.exercise.checks.map { CheckEvaluator.evaluate($0, in: world) }
    }

    func announceCompletion(_ located: Located, io: CommandIO, context: ShellContext) throws {
        announced.insert(located.key)
        let already = try progressRecords(context)[located.key]?.status == .completed
        if !already {
            let now = context.clock.now
            try record(located, context) { progress in
                progress.status = .completed
                progress.completedAt = now
            }
        }
        let mark = context.style.usesUnicode ? "✓" : "*"
        io.print(context.style.colored("\(mark) Goal reached: exercise \(located.label) (\(located.exercise.id)).", .green))
        if let golf = located.exercise.golf, let score = try? golfScore(golf, context: context) { io.print(score) }
        let total = try pack(context).exercises.count
        io.print(context.style.dim(located.index + 1 < total ? "Type 'next' for the next exercise." : "That was the last exercise of the course. Well done!"))
    }

    /// How the learner's image compares with the reference solution's (which is replayed once).
    func golfScore(_ golf: Golf, context: ShellContext) throws -> String? {
        guard let image = try world(context).engine.image(golf.image), let located = try current(context),
              let folder = packFolder ?? CourseLocator.builtInPack(environment: context.environment) else { return nil }
        var reference: Int64?
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-golf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        _ = ExerciseReplay(packFolder: folder).play(lessonID: located.lesson.id, exerciseID: located.exercise.id, home: home) { world in
            guard let record = world.engine.image(golf.image) else { return }
            reference = golf.measure == .layers ? Int64(record.layers.count) : record.size
        }
        guard let reference else { return nil }
        let mine = golf.measure == .layers ? Int64(image.layers.count) : image.size
        let show: (Int64) -> String = { golf.measure == .layers ? "\($0) layer\($0 == 1 ? "" : "s")" : DockerFormat.size($0) }
        let verdict = mine < reference ? "better than the reference solution!" : mine == reference ? "as good as the reference solution." : "the reference solution gets \(show(reference))."
        return "Golf: \(golf.image) has \(show(mine)); \(verdict)"
    }
}
