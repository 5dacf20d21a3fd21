import LayerStore

/// The character devices a container's `/dev` has, and what reading and writing them does: the
/// kernel's memory devices (drivers/char/mem.c, random.c) and the controlling terminal.
enum Device: CaseIterable {
    case null, zero, full, random, urandom, tty

    /// The device a `/dev` entry's numbers name, as the kernel picks its driver.
    init?(_ entry: LayerEntry) {
        guard case .characterDevice(let major, let minor) = entry.kind,
              let device = Self.allCases.first(where: { $0.numbers == (major, minor) }) else { return nil }
        self = device
    }

    /// Its major and minor numbers (Documentation/admin-guide/devices.txt).
    var numbers: (major: Int, minor: Int) {
        switch self {
        case .null: (1, 3)
        case .zero: (1, 5)
        case .full: (1, 7)
        case .random: (1, 8)
        case .urandom: (1, 9)
        case .tty: (5, 0)
        }
    }

    var name: String {
        switch self {
        case .null: "null"
        case .zero: "zero"
        case .full: "full"
        case .random: "random"
        case .urandom: "urandom"
        case .tty: "tty"
        }
    }

    /// What reading it gives: nothing, bytes without end, or an error (a container without a
    /// terminal has no controlling one: ENXIO).
    enum Reading {
        case empty
        case endless
        case fails(String)
    }

    var reading: Reading {
        switch self {
        case .null: .empty
        case .zero, .full, .random, .urandom: .endless
        case .tty: .fails("No such device or address")
        }
    }

    /// The first `count` bytes a read gives. The random devices give the same bytes in every run, so
    /// transcripts stay repeatable (a script cannot tell).
    func bytes(_ count: Int64) -> FileContent {
        switch self {
        case .random, .urandom: .synthetic(seed: "/dev/urandom", size: count)
        case .null, .zero, .full, .tty: .zeros(size: count)
        }
    }

    /// Why a write fails, if it does: `/dev/full` is always full; the others take anything.
    var writeFailure: String? {
        self == .full ? "No space left on device" : nil
    }
}
