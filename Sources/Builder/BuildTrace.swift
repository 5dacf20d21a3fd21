import Engine
import Foundation
import LayerlabBasics

/// What each layer step of a build was made from, kept after the build so the next build of the same
/// Dockerfile can say why a step missed the cache — the question BuildKit's output leaves open.
public struct BuildTrace: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        /// The stage's display name, so steps are compared within their stage.
        public var stage: String
        public var label: String
        /// The instruction as history records it: what must match for a cache hit.
        public var instruction: String
        public var parentKey: String
        /// How many of its stage's instructions (and base image) came before this step: a prefix of the
        /// stage's trail, for naming the first that changed. (A copy per step made a build of N steps
        /// keep N² strings.)
        public var trailLength: Int
        /// The build args and environment a RUN sees.
        public var arguments: [String: String]
        /// COPY/ADD sources: each file's path in the step and a digest of its content and mode.
        public var files: [String: String]
        /// Whether the step came from the cache (nil in traces written before this was recorded).
        public var cached: Bool?
        /// The diffID of the layer the step made (nil in traces written before this was recorded).
        public var layer: String?
    }

    public var steps: [Step] = []
    /// Each stage's instructions (and base image), as far as the build got.
    public var trails: [String: [String]] = [:]

    public init(steps: [Step] = [], trails: [String: [String]] = [:]) {
        self.steps = steps
        self.trails = trails
    }

    /// The instructions before a step of this trace.
    func trail(of step: Step) -> [String] { Array((trails[step.stage] ?? []).prefix(step.trailLength)) }

    /// The name a trace is kept under: one per Dockerfile and target.
    static func key(dockerfile: URL, target: String?) -> String {
        Digest.sha256(of: dockerfile.standardizedFileURL.path + "\u{0}" + (target ?? "")).hex
    }

    /// The trace of the last build of a Dockerfile (and target), if it was built.
    public static func last(of dockerfile: URL, target: String? = nil, in engine: Engine) -> BuildTrace? {
        engine.buildCache.trace(named: key(dockerfile: dockerfile, target: target)).flatMap { try? JSONDecoder().decode(BuildTrace.self, from: $0) }
    }

    /// Why `step` missed the cache, judged against this earlier build of the same Dockerfile.
    /// `earlierMiss` is the nearest step before it in this build, in the same stage, that also missed.
    func reasonForMiss(of step: Step, trail: [String], earlierMiss: Step?, noCache: Bool) -> String {
        if noCache { return "--no-cache: every step runs" }
        let sameStage = steps.filter { $0.stage == step.stage }
        let matches = sameStage.filter { $0.instruction == step.instruction }
        guard let previous = matches.first(where: { $0.parentKey == step.parentKey }) ?? matches.first else {
            if steps.isEmpty { return "first build of this Dockerfile: nothing cached yet" }
            let position = trail.count
            if let replaced = sameStage.first(where: { $0.trailLength == position && self.trail(of: $0) == trail }) {
                return "the instruction changed: the last build had `\(replaced.label.droppingStepNumber)` here"
            }
            return "new instruction: the last build did not run it"
        }
        if previous.parentKey != step.parentKey {
            if let earlierMiss {
                return "the step before it, \(earlierMiss.label), ran again, and every step after one that runs must run too"
            }
            let previousTrail = self.trail(of: previous)
            if let first = zip(previousTrail, trail).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                if first.offset == 0 { return "the base image changed" }
                return "an earlier instruction changed: `\(first.element.1)` (was `\(first.element.0)`)"
            }
            if previousTrail.count == trail.count { return "an earlier step's inputs changed (its files or build args)" }
            return previousTrail.count < trail.count
                ? "an instruction was added before it: `\(trail[previousTrail.count])`"
                : "an instruction before it was removed: `\(previousTrail[trail.count])`"
        }
        if previous.files != step.files { return Self.describeChanges(from: previous.files, to: step.files) }
        if previous.arguments != step.arguments {
            let names = Set(previous.arguments.keys).union(step.arguments.keys).sorted().filter { previous.arguments[$0] != step.arguments[$0] }
            return names.map { name in
                "\(name) changed: \(previous.arguments[name].map { "\"\($0)\"" } ?? "unset") → \(step.arguments[name].map { "\"\($0)\"" } ?? "unset")"
            }.joined(separator: ", ")
        }
        return "its cached layer is gone (the build cache was pruned)"
    }

    static func describeChanges(from old: [String: String], to new: [String: String]) -> String {
        let changed = new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.sorted()
        let added = new.keys.filter { old[$0] == nil }.sorted()
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        func list(_ names: [String], _ verb: String) -> String? {
            guard !names.isEmpty else { return nil }
            let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
            return "\(shown) \(verb)"
        }
        return [list(changed, "changed"), list(added, "added"), list(removed, "removed")]
            .compactMap { $0 }.joined(separator: "; ")
    }
}

extension String {
    /// `[2/5] COPY . .` → `COPY . .`
    var droppingStepNumber: String {
        guard hasPrefix("["), let close = firstIndex(of: "]") else { return self }
        return String(self[index(after: close)...]).trimmingCharacters(in: .whitespaces)
    }
}
