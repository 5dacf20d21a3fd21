import DockerCLI
import Engine
import Foundation
import LayerStore
import LayerlabBasics
import LessonPack
import ProgressStore
import Shell
import ShellSyntax

/// Checking the current exercise, announcing a reached goal, and golf scores.
extension Course {
    /// Evaluates the current exercise's checks.
    func evaluate(_ exercise: Exercise, context: ShellContext) -> [CheckResult] {
        viewingWorld(context) { world in exercise.checks.map { CheckEvaluator.evaluate($0, in: world) } }
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

    static let golfHomePrefix = "layerlab-golf-"

    /// Replay homes (golf's and `pack test`'s) a killed layerlab left in the temporary folder. Another layerlab (on another home)
    /// may be replaying right now, so only those untouched for an hour go; a replay takes seconds.
    static func removeAbandonedReplayHomes() {
        Leftovers.remove(in: FileManager.default.temporaryDirectory, prefix: golfHomePrefix, olderThan: 3600)
        Leftovers.remove(in: FileManager.default.temporaryDirectory, prefix: ExerciseReplay.homePrefix, olderThan: 3600)
    }

    /// How the learner's image compares with the reference solution's (which is replayed once).
    func golfScore(_ golf: Golf, context: ShellContext) throws -> String? {
        guard let mine = world.perform({ engine in engine.images.image(golf.image).flatMap { Self.measure(golf.measure, of: $0, in: engine) } }),
              let located = try current(context),
              let folder = try? packRoot(context) else { return nil }
        var reference: Int64?
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(Self.golfHomePrefix + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: home) }
        _ = ExerciseReplay(packFolder: folder, commandSet: commandSet, pack: try? pack(context)).play(lessonID: located.lesson.id, exerciseID: located.exercise.id, home: home) { replayed in
            reference = replayed.engine.images.image(golf.image).flatMap { Self.measure(golf.measure, of: $0, in: replayed.engine) }
        }
        guard let reference else { return nil }
        // Fewer layers and fewer bytes are better; a higher efficiency (per mille here) is better.
        let better = golf.measure == .efficiency ? mine > reference : mine < reference
        let show: (Int64) -> String = { value in
            switch golf.measure {
            case .layers: "\(value) layer\(value == 1 ? "" : "s")"
            case .size: DockerFormat.size(value)
            case .efficiency: String(format: "an efficiency of %.1f%%", Double(value) / 10)
            }
        }
        let verdict = better ? "better than the reference solution!" : mine == reference ? "as good as the reference solution." : "the reference solution gets \(show(reference))."
        return "Golf: \(golf.image) has \(show(mine)); \(verdict)"
    }

    static func measure(_ measure: Golf.Measure, of image: ImageRecord, in engine: Engine) -> Int64? {
        switch measure {
        case .layers: Int64(image.layers.count)
        case .size: image.size
        case .efficiency: (try? engine.images.layers(of: image)).map { Int64((ImageEfficiency(layers: $0).score * 1000).rounded()) }
        }
    }
}
