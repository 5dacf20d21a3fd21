import Foundation

/// Seeded mutations of real inputs, as a coverage-blind fuzzer makes them: byte flips, control bytes,
/// invalid UTF-8, lines and chunks deleted, duplicated and spliced from another input. The same seed
/// gives the same inputs on every machine, so a failure found in CI can be replayed.
struct Mutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// How many inputs each fuzz test runs: a few seconds in CI; `LAYERLAB_FUZZ_ITERATIONS` for longer runs.
    static func iterations(_ ci: Int) -> Int {
        ProcessInfo.processInfo.environment["LAYERLAB_FUZZ_ITERATIONS"].flatMap(Int.init) ?? ci
    }

    /// The seed of a run: fixed, or `LAYERLAB_FUZZ_SEED` to explore further.
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["LAYERLAB_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x1A7E_71AB
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    /// Bytes that parsers trip on.
    static let interesting: [[UInt8]] = [
        [0], [0x0D], [0x0D, 0x0A], [0x0A, 0x0A], [0x5C, 0x0A], [0x60], [0x22], [0x27], [0x24, 0x28], [0x24, 0x7B],
        [0x7D], [0x3C, 0x3C, 0x45, 0x4F, 0x46, 0x0A], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF],
        [0x09], [0x1B, 0x5B], [0x2A, 0x2A], [0x5B], [0x21], [0x23], Array("FROM ".utf8), Array("RUN ".utf8), Array("${A}${A}".utf8),
    ]

    mutating func mutate(_ input: [UInt8], splicing other: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            switch below(7) {
            case 0 where !bytes.isEmpty:
                bytes[below(bytes.count)] ^= UInt8(truncatingIfNeeded: 1 << below(8))
            case 1:
                bytes.insert(contentsOf: Self.interesting[below(Self.interesting.count)], at: below(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                let start = below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + 1 + below(64)))
            case 3 where !bytes.isEmpty:
                let start = below(bytes.count)
                let chunk = bytes[start..<min(bytes.count, start + 1 + below(128))]
                bytes.insert(contentsOf: Array(chunk), at: below(bytes.count + 1))
            case 4 where !other.isEmpty:
                let start = below(other.count)
                bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + below(256))], at: below(bytes.count + 1))
            case 5:
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: below(bytes.count + 1))
            default:
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                guard lines.count > 1 else { continue }
                var shuffled = Array(lines)
                shuffled.swapAt(below(lines.count), below(lines.count))
                bytes = Array(shuffled.joined(separator: [0x0A]))
            }
        }
        return bytes
    }
}
