import Dispatch

/// Independent pieces of work run side by side on the machine's cores, their results collected in
/// order. Used where a large build is mostly hashing and copying bytes.
public enum Parallel {
    /// `work(0) … work(count - 1)`, run concurrently, results in index order.
    public static func map<Result: Sendable>(_ count: Int, _ work: @Sendable (Int) -> Result) -> [Result] {
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.fill(index, with: work(index)) }
        return slots.results
    }

    /// Both pieces of work, run concurrently.
    public static func both<First: Sendable, Second: Sendable>(_ first: @Sendable () -> First, _ second: @Sendable () -> Second) -> (First, Second) {
        let firstSlot = Slots<First>(count: 1)
        let secondSlot = Slots<Second>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { firstSlot.fill(0, with: first()) } else { secondSlot.fill(0, with: second()) }
        }
        return (firstSlot.results[0], secondSlot.results[0])
    }
}

/// One slot per piece of work. Each slot is written by exactly one worker, and read only after
/// `concurrentPerform` has returned (which waits for every worker), so no lock is needed.
private final class Slots<Value>: @unchecked Sendable {
    private let count: Int
    private let values: UnsafeMutablePointer<Value?>

    init(count: Int) {
        self.count = count
        values = .allocate(capacity: count)
        values.initialize(repeating: nil, count: count)
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
    }

    func fill(_ index: Int, with value: Value) {
        values[index] = value
    }

    var results: [Value] { (0..<count).compactMap { values[$0] } }
}
