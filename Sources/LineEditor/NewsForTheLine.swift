import Foundation

/// What other threads want shown above the line being typed, and the pipe that wakes the reading
/// thread for it (libedit must only be used by the thread in `el_gets`).
final class NewsForTheLine: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var pending = ""
    private let pipe: (read: Int32, write: Int32)

    init() {
        var ends: [Int32] = [-1, -1]
        if Glibc.pipe(&ends) == 0 {
            // Never blocking: a full pipe already has a wake-up in it.
            for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        }
        pipe = (ends[0], ends[1])
    }

    deinit {
        close(pipe.read)
        close(pipe.write)
    }

    var wakeDescriptor: Int32 { pipe.read }

    func post(_ text: String) {
        lock.withLock { pending += text }
        var wake: UInt8 = 1
        _ = write(pipe.write, &wake, 1)
    }

    func take() -> String {
        lock.withLock {
            defer { pending = "" }
            return pending
        }
    }
}
