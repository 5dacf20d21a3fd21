/// How a utility reads a size such as `10M` or `1kB`: a whole number and a suffix from the utility's
/// own table. The tables are what each one takes on this machine's GNU coreutils 9.1 and util-linux
/// and on the reference engine's BusyBox (`dd bs=SIZE`, `head -c SIZE`, `truncate -s SIZE`,
/// `fallocate -l SIZE` for each suffix): `1m` is a mebibyte to GNU head and an error to GNU dd, and
/// BusyBox's head takes only b, k and m.
struct SizeSuffixes {
    private let multipliers: [String: Int64]
    /// GNU dd multiplies factors: `bs=2x3` is 6.
    private let takesProducts: Bool

    private init(_ multipliers: [String: Int64], takesProducts: Bool = false) {
        self.multipliers = multipliers.merging(["": 1]) { given, _ in given }
        self.takesProducts = takesProducts
    }

    /// The size `text` means; nil when the number or its suffix is not one the utility takes, or the
    /// size does not fit in 64 bits.
    func parse(_ text: String) -> Int64? {
        guard takesProducts, text.contains("x") else { return parseFactor(text) }
        var product: Int64 = 1
        for factor in text.split(separator: "x", omittingEmptySubsequences: false) {
            guard let value = parseFactor(String(factor)) else { return nil }
            let (result, overflow) = product.multipliedReportingOverflow(by: value)
            guard !overflow else { return nil }
            product = result
        }
        return product
    }

    private func parseFactor(_ text: String) -> Int64? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int64(digits), let multiplier = multipliers[String(text.dropFirst(digits.count))] else { return nil }
        let (result, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : result
    }

    /// gnulib's xstrtoumax: each letter a power of 1024, or of 1000 when `B` follows it (`kB`, `MB`),
    /// or of 1024 with `iB` (`KiB`).
    private static func gnu(letters: String, extra: [String: Int64] = [:], takesProducts: Bool = false) -> SizeSuffixes {
        var multipliers = extra
        for letter in letters {
            let exponent = Array("kmgtpe").firstIndex(of: Character(letter.lowercased())).map { $0 + 1 } ?? 0
            let binary = (0..<exponent).reduce(Int64(1)) { value, _ in value * 1024 }
            let decimal = (0..<exponent).reduce(Int64(1)) { value, _ in value * 1000 }
            multipliers["\(letter)"] = binary
            multipliers["\(letter)B"] = decimal
            multipliers["\(letter)iB"] = binary
        }
        return SizeSuffixes(multipliers, takesProducts: takesProducts)
    }

    /// BusyBox's kmg_i_suffixes (fallocate): binary with or without `iB`, decimal with `B`.
    private static let busyboxBinaryOrDecimal = SizeSuffixes([
        "k": 1 << 10, "K": 1 << 10, "kiB": 1 << 10, "KiB": 1 << 10, "KB": 1000,
        "m": 1 << 20, "M": 1 << 20, "miB": 1 << 20, "MiB": 1 << 20, "MB": 1_000_000,
        "g": 1 << 30, "G": 1 << 30, "giB": 1 << 30, "GiB": 1 << 30, "GB": 1_000_000_000,
    ])

    /// `dd`'s block sizes and counts.
    static func dd(_ flavor: ToolFlavor) -> SizeSuffixes {
        switch flavor {
        case .gnu: gnu(letters: "kKMGTPE", extra: ["c": 1, "w": 2, "b": 512], takesProducts: true)
        case .busybox:
            SizeSuffixes([
                "c": 1, "w": 2, "b": 512, "kB": 1000, "KB": 1000, "k": 1 << 10, "K": 1 << 10,
                "MB": 1_000_000, "M": 1 << 20, "GB": 1_000_000_000, "G": 1 << 30,
            ])
        }
    }

    /// `head -c`.
    static func head(_ flavor: ToolFlavor) -> SizeSuffixes {
        switch flavor {
        case .gnu: gnu(letters: "kKmMGTPE", extra: ["b": 512])
        case .busybox: SizeSuffixes(["b": 512, "k": 1 << 10, "m": 1 << 20])
        }
    }

    /// `truncate -s`.
    static func truncate(_ flavor: ToolFlavor) -> SizeSuffixes {
        switch flavor {
        case .gnu: gnu(letters: "kKmMgGtTPE")
        case .busybox:
            SizeSuffixes(["k": 1 << 10, "K": 1 << 10, "kB": 1000, "KB": 1000, "M": 1 << 20, "MB": 1_000_000, "G": 1 << 30, "GB": 1_000_000_000])
        }
    }

    /// `fallocate -l` (util-linux's strtosize takes any letter's case).
    static func fallocate(_ flavor: ToolFlavor) -> SizeSuffixes {
        switch flavor {
        case .gnu: gnu(letters: "kKmMgGtTpPeE")
        case .busybox: busyboxBinaryOrDecimal
        }
    }
}
