import Engine
import Foundation
import LayerlabBasics

/// The one owner of a learner's simulated world: the engine (images, containers, build cache, the
/// registries it serves), the client's saved logins, and the snapshots that undo and reset restore.
/// Every front end (the prompt's commands, the course's checks, later a server) is given this object
/// and reaches the engine only through `perform`, so the world has one serial isolation domain: a
/// recursive lock, because a command that holds the world may run another (a lesson's start commands,
/// a check after a command) on the same thread.
public final class SimulatedWorld: @unchecked Sendable {
    let home: URL
    private let clock: any WallClock
    // Guarded by `lock`: read and written only inside `perform`.
    private let lock = NSRecursiveLock()
    private var openedEngine: Engine?
    private var depth = 0
    /// The thread inside `perform` (nil when none is).
    private var owner: pthread_t?
    private var pendingActivity: [ContainerActivity] = []
    private var activityObservers: [Int: @Sendable ([ContainerActivity]) -> Void] = [:]
    private var observersMade = 0
    /// Real registries allowed for this process (`--registry`), besides those the home's config lists.
    private var registriesAllowedHere: [AllowedRegistries.Entry] = []
    private var realPorts: (any RealPorts)?

    public init(home: URL, clock: any WallClock) {
        self.home = home
        self.clock = clock
    }

    /// Runs `body` with the engine, opened from its store on first use so start-up stays fast. The
    /// engine must not be kept beyond `body`: undo and reset replace it.
    public func perform<T, Failure: Error>(_ body: (Engine) throws(Failure) -> T) throws(Failure) -> T {
        try exclusively { () throws(Failure) -> T in
            let engine = openedEngine ?? openEngine()
            return try body(engine)
        }
    }

    private func openEngine() -> Engine {
        let engine = Engine(root: home.appendingPathComponent("engine"), clock: clock)
        var allowed = HomeConfig.allowedRegistries(home: home)
        allowed.entries += registriesAllowedHere
        engine.allowedRegistries = allowed
        engine.realPorts = realPorts
        // Called inside `perform`, under the lock.
        engine.onContainerActivity = { [unowned self] activity in pendingActivity += activity }
        openedEngine = engine
        return engine
    }

    /// Tells `observer` what happened to containers, after each outermost `perform` that changed
    /// them, on the thread that performed it and outside the world's lock (an attached client's
    /// stream or a pending `wait` is answered from it), until `stopObserving` with what this returns.
    public func observeContainerActivity(_ observer: @escaping @Sendable ([ContainerActivity]) -> Void) -> Int {
        exclusively {
            observersMade += 1
            activityObservers[observersMade] = observer
            return observersMade
        }
    }

    public func stopObserving(_ observation: Int) {
        exclusively { activityObservers[observation] = nil }
    }

    /// Lets the engine reach these real registries too, for as long as this process runs (`layerlab
    /// --registry HOST:PORT`); the home's `config.yaml` lists the ones it always may.
    public func allowRegistries(_ entries: [AllowedRegistries.Entry]) {
        exclusively {
            registriesAllowedHere += entries
            openedEngine?.allowedRegistries.entries += entries
        }
    }

    /// Tells the engine which real ports registry containers listen on while the Engine API is
    /// served (nil once it no longer is), so a start on a port another program holds fails.
    public func useRealPorts(_ ports: (any RealPorts)?) {
        exclusively {
            realPorts = ports
            openedEngine?.realPorts = ports
        }
    }

    /// The client's saved logins (`~/.docker/config.json` of the simulated client).
    public var credentials: CredentialStore { CredentialStore(home: home) }

    private var snapshots: WorldSnapshots { WorldSnapshots(home: home) }

    // MARK: Undo and reset

    /// Copies the world before a command that may change it; `keep` makes it an undo step if it did.
    public func beginUndoStep(label: String) throws -> WorldSnapshots.Pending {
        try exclusively { try snapshots.take(label: label) }
    }

    /// Keeps a snapshot taken before a command as the newest undo step when the world changed since,
    /// and drops it otherwise.
    public func endUndoStep(_ pending: WorldSnapshots.Pending) {
        exclusively {
            if snapshots.worldDiffers(since: pending) { try? snapshots.keep(pending.folder) } else { snapshots.discard(pending.folder) }
        }
    }

    /// Keeps the world as it is now as an undo step (before a reset replaces it).
    public func keepUndoStep(label: String) throws {
        try exclusively { try snapshots.keep(snapshots.take(label: label).folder) }
    }

    /// Puts the world back as it was before the last command that changed it; returns that command's
    /// label, or nil when there is nothing to undo.
    public func undo() throws -> String? {
        try exclusively {
            let before = activityObservers.isEmpty ? nil : openedEngine?.allContainers
            // Even a restore that failed half-way replaced files the opened engine no longer matches.
            defer { reopened(after: before) }
            return try snapshots.restoreNewest()
        }
    }

    /// Empties the world: no images, containers, registries, logins or workspace files.
    public func clear() {
        exclusively {
            let before = activityObservers.isEmpty ? nil : openedEngine?.allContainers
            for part in WorldSnapshots.parts { try? FileManager.default.removeItem(at: home.appendingPathComponent(part.name)) }
            reopened(after: before)
        }
    }

    /// The engine is read anew from its files; what that did to the containers an open engine had is
    /// told as activity, so a client waiting on one of them hears that it ended or went. With no one
    /// observing, the engine is left to open when next used.
    private func reopened(after before: [ContainerRecord]?) {
        openedEngine = nil
        guard let before, !activityObservers.isEmpty else { return }
        let after = openEngine().allContainers
        let old = Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0) })
        let new = Dictionary(uniqueKeysWithValues: after.map { ($0.id, $0) })
        for id in Set(old.keys).union(new.keys).sorted() where old[id] != new[id] {
            pendingActivity += ContainerActivity.between(old[id], new[id])
        }
    }

    /// Snapshots a killed process was still taking.
    public func removeAbandonedSnapshots() {
        exclusively { snapshots.removeAbandoned() }
    }

    /// Lets other threads at the world while `body`, run inside `perform`, waits on something outside
    /// it (the learner answering a command's question), so a client of the Engine API is not kept
    /// waiting on the learner. `body` must not use the engine; it is the same engine afterwards.
    public func awayFromTheWorld<T>(_ body: () -> T) -> T {
        lock.lock()
        let held = owner.map { pthread_equal($0, pthread_self()) != 0 } == true ? depth : 0
        if held > 0 {
            depth = 0
            owner = nil
        }
        for _ in 0...held { lock.unlock() }
        guard held > 0 else { return body() }
        let result = body()
        for _ in 0..<held { lock.lock() }
        depth = held
        owner = pthread_self()
        return result
    }

    private func exclusively<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        lock.lock()
        depth += 1
        owner = pthread_self()
        defer {
            depth -= 1
            if depth == 0 { owner = nil }
            let activity = depth == 0 ? pendingActivity : []
            let observers = activity.isEmpty ? [] : activityObservers.sorted { $0.key < $1.key }.map(\.value)
            if !activity.isEmpty { pendingActivity = [] }
            lock.unlock()
            for observer in observers { observer(activity) }
        }
        return try body()
    }
}
