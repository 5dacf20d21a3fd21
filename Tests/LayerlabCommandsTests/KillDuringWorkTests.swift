import Engine
import Foundation
import GRDB
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Registry
import Testing

/// layerlab killed with SIGKILL at random moments of builds, pushes, saves and progress writes, over
/// and over on one home: the database stays sound, a completed exercise stays completed, and nothing
/// half-written is visible (every image's layers read back, every pushed tag's manifest, config and
/// layers are there).
///
/// It takes a minute or more of one core, so it runs on its own: `make durability` (which CI runs after
/// `make test`) sets `LAYERLAB_KILL_TRIALS=100`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LAYERLAB_KILL_TRIALS"] != nil, "set LAYERLAB_KILL_TRIALS (make durability) to run it"))
struct KillDuringWorkTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    static let trials = Int(ProcessInfo.processInfo.environment["LAYERLAB_KILL_TRIALS"] ?? "") ?? 0

    func script(_ trial: Int) -> String {
        """
        lesson 1
        docker pull alpine:3.20
        cat > Dockerfile <<'EOF'
        FROM alpine:3.20
        RUN echo trial-\(trial) > /trial && mkdir -p /data && echo \(trial) > /data/n
        COPY Dockerfile /
        EOF
        docker build -t app:\(trial) .
        docker run -d -p 5000:5000 --name registry registry:2
        docker start registry
        docker tag app:\(trial) localhost:5000/app:\(trial)
        docker push localhost:5000/app:\(trial)
        docker save -o app.tar app:\(trial)
        docker rmi app:\(trial)
        echo trial-done
        exit

        """
    }

    @Test func sigkillAtAnyMomentLeavesTheHomeSound() throws {
        var generator = SystemRandomNumberGenerator()
        var completedSeen = false
        var killedMidway = 0
        for trial in 0..<Self.trials {
            let process = try LayerlabProcess(["--home", home.url.path, "--name", "kim"])
            process.send(script(trial))
            // Most kills land inside the work; a few let the script finish.
            usleep(UInt32.random(in: 2_000...700_000, using: &generator))
            kill(process.process.processIdentifier, SIGKILL)
            process.wait()
            if !process.standardOutput.contains("trial-done") { killedMidway += 1 }

            let databasePath = home.url.appendingPathComponent("layerlab.sqlite").path
            // Killed before it made the home (a first trial killed in its first milliseconds): nothing to check.
            guard FileManager.default.fileExists(atPath: databasePath) else {
                #expect(!completedSeen, "trial \(trial): the database went away")
                continue
            }
            let database = try DatabaseQueue(path: databasePath)
            let integrity = try database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
            #expect(integrity == "ok", "trial \(trial)")
            // Killed after the file was made but before its first migration committed (which is one
            // transaction): an empty database, made whole by the next start.
            let migrated = try database.read { try Bool.fetchOne($0, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'exerciseProgress'") } ?? false
            guard migrated else {
                #expect(!completedSeen, "trial \(trial): the progress went away")
                try database.close()
                continue
            }
            let completed = try database.read {
                try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM exerciseProgress WHERE exerciseID = 'pull-alpine' AND status = 'completed'") ?? 0
            }
            if completedSeen { #expect(completed == 1, "trial \(trial): a completed exercise was lost") }
            completedSeen = completedSeen || completed == 1
            try database.close()
            try expectNothingHalfWritten(trial: trial)
        }
        #expect(killedMidway > Self.trials / 3, "many trials must be killed mid-work to mean anything")
        #expect(completedSeen)
    }

    func expectNothingHalfWritten(trial: Int) throws {
        let engineRoot = home.url.appendingPathComponent("engine")
        let engine = Engine(root: engineRoot, clock: SystemWallClock())
        for image in engine.images.all {
            #expect(throws: Never.self, "trial \(trial): image \(image.id)") { _ = try engine.images.layers(of: image) }
        }
        // A registry's content: in the volume at its /var/lib/registry, or (made before volumes) a folder of its own.
        func folders(_ name: String) -> [URL] {
            let parent = engineRoot.appendingPathComponent(name)
            return ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).filter { !$0.hasPrefix(".") }.map { parent.appendingPathComponent($0) }
        }
        for root in folders("registries") + folders("volumes").map({ $0.appendingPathComponent("_data/docker/registry/v2") }) {
            let registry = Registry(root: root, recreatableLayers: engine.recreatableLayers)
            for repository in registry.repositoryNames {
                for tag in try registry.tags(of: repository) {
                    let stored = try registry.manifest(tag, in: repository)
                    let manifest = try stored.decoded()
                    #expect(registry.bytes(of: manifest.config.digest) != nil, "trial \(trial): \(repository):\(tag) config")
                    for layer in manifest.layers {
                        #expect(try registry.layer(layer.digest) != nil, "trial \(trial): \(repository):\(tag) layer \(layer.digest)")
                    }
                }
            }
        }
    }
}
