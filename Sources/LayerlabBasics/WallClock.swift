import Foundation

/// The time as the program sees it. Injected everywhere so transcripts and tests are deterministic.
public protocol WallClock: Sendable {
    var now: Date { get }
}

/// The real time.
public struct SystemWallClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that stands still unless advanced, for tests and transcripts.
public final class FixedWallClock: WallClock, @unchecked Sendable {
    // A lock guards `current` because tests may read the clock from several tasks.
    private let lock = NSLock()
    private var current: Date

    public init(_ date: Date) {
        current = date
    }

    /// 2026-01-01 00:00:00 UTC: the moment every transcript starts at.
    public static let transcriptEpoch = Date(timeIntervalSince1970: 1_767_225_600)

    public var now: Date {
        lock.withLock { current }
    }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }
}
