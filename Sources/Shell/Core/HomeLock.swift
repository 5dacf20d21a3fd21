import Foundation

/// One process owns a home's world at a time. Each layerlab process keeps its engine's state in memory
/// and writes whole files back, so two on one home would overwrite each other's images, tags and
/// accounts from stale copies. The lock is `flock(2)` on `HOME/lock`: the kernel drops it when the
/// holder dies, even by `kill -9`, so a stale lock is never left to take over by hand.
public final class HomeLock {
    private let descriptor: Int32

    /// Takes the lock for `home`, or says which process has it.
    public init(home: LayerlabHome) throws(SessionStartError) {
        do {
            try home.prepare()
        } catch {
            throw SessionStartError(message: error.description, hint: "choose another folder with --home DIR")
        }
        let path = home.url.appendingPathComponent("lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SessionStartError(message: "cannot open \(path): \(String(cString: strerror(errno)))", hint: "check the permissions of \(home.url.path)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            close(descriptor)
            throw SessionStartError(
                message: "the layerlab home \(home.url.path) is in use by another layerlab" + (holder.isEmpty ? "" : " (process \(holder))"),
                hint: "finish that session first (type 'exit' there), or give this one a home of its own with --home DIR"
            )
        }
        let pid = Data("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, pid.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        // Closing the descriptor releases the lock; the file stays, since removing it would race a waiter.
        close(descriptor)
    }
}
