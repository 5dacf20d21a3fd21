import LayerStore

/// `du` and `df`. `du` counts what files take on disk, in 1K blocks, as on ext4 under overlayfs: a
/// file takes whole 4K blocks (a 1-byte file is 4), a folder 4, a short symlink none; it lists each
/// folder after what is in it, with `-s`, `-a`, `-h`, `-k`, `-m`, `-c` and `-d N`. `df` lists the
/// mounts Docker gives a container: the overlay root, `/dev` and `/dev/shm` (64M, Docker's default
/// shm size), the host disk behind `/etc/hosts` and its kin, and the tmpfs masks over `/proc` and
/// `/sys`, with the sizes the reference engine's host reported (`docker run --rm refbox:1 df`).
struct DiskTools: ProgramFamily {
    let names: Set<String> = ["du", "df"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of(name, in: process)
        return name == "du" ? du(arguments, flavor, process) : df(arguments, flavor, process)
    }

    // MARK: du

    private func du(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(
                flags: "sahkmcxlL", valued: "d",
                long: ["summarize": "s", "all": "a", "human-readable": "h", "total": "c", "max-depth": "d", "one-file-system": "x"]
            ))
        } catch {
            return flavor.reject("du", error, usage: "[-aHLdclsxhmk] [FILE]...", in: process)
        }
        var maxDepth = options.has("s") ? 0 : Int.max
        if let depth = options.value("d") {
            guard let parsed = Int(depth), parsed >= 0 else {
                return flavor.reject("du", flavor == .gnu ? "invalid maximum depth '\(depth)'" : "invalid number '\(depth)'", usage: "[-aHLdclsxhmk] [FILE]...", in: process)
            }
            maxDepth = parsed
        }
        func shown(_ kilobytes: Int64) -> String {
            if options.has("h") { return HumanSize.format(kilobytes * 1024, flavor) }
            if options.has("m") { return String((kilobytes + 1023) / 1024) }
            return String(kilobytes)
        }
        var status: Int32 = 0
        var total: Int64 = 0
        var lines = ""
        for operand in options.operands.isEmpty ? ["."] : options.operands {
            let path = process.absolute(operand)
            guard process.fileSystem.entry(at: path) != nil else {
                switch flavor {
                case .gnu: status = process.fail("du", "cannot access '\(operand)': No such file or directory")
                case .busybox: status = process.fail("du", "\(operand): No such file or directory")
                }
                continue
            }
            total += measure(path, shown: operand, depth: 0, maxDepth: maxDepth, all: options.has("a"), process) { size, name in
                lines += "\(shown(size))\t\(name)\n"
            }
        }
        if options.has("c") { lines += "\(shown(total))\ttotal\n" }
        process.write(lines)
        return status
    }

    /// The 1K blocks under `path`, reporting each folder (and with `all` each file) within `maxDepth`
    /// after what it holds; the starting point is always reported.
    private func measure(_ path: String, shown: String, depth: Int, maxDepth: Int, all: Bool, _ process: any ProcessEnvironment,
                         report: (Int64, String) -> Void) -> Int64 {
        guard let entry = process.fileSystem.entry(at: path) else { return 0 }
        var size = LongListing.kilobyteBlocks(entry)
        if entry.isDirectory {
            for name in process.fileSystem.children(of: path) {
                let child = path == "/" ? "/" + name : path + "/" + name
                size += measure(child, shown: shown.hasSuffix("/") ? shown + name : shown + "/" + name, depth: depth + 1, maxDepth: maxDepth, all: all, process, report: report)
            }
        }
        if depth <= maxDepth && (depth == 0 || entry.isDirectory || all) { report(size, shown) }
        return size
    }

    // MARK: df

    /// A mount as df lists it; `device` groups mounts of one filesystem, which GNU df shows once.
    private struct Mount {
        var source: String
        var kilobytes: Int64
        var used: Int64
        var available: Int64
        var target: String
        var device: Int

        /// The host disk of the reference engine: size, used, available.
        static func disk(_ target: String, source: String, device: Int) -> Mount {
            Mount(source: source, kilobytes: 264_212_084, used: 21_258_324, available: 77_807_288, target: target, device: device)
        }

        /// An empty tmpfs: the 64M Docker gives /dev and /dev/shm, or half the host's memory.
        static func tmpfs(_ target: String, source: String = "tmpfs", kilobytes: Int64 = 12_342_048, device: Int) -> Mount {
            Mount(source: source, kilobytes: kilobytes, used: 0, available: kilobytes, target: target, device: device)
        }
    }

    private static let mounts: [Mount] = [
        .disk("/", source: "overlay", device: 1),
        .tmpfs("/dev", kilobytes: 65_536, device: 2),
        .tmpfs("/sys/fs/cgroup", device: 3),
        .tmpfs("/dev/shm", source: "shm", kilobytes: 65_536, device: 4),
        .disk("/etc/resolv.conf", source: "/dev/vda", device: 5),
        .disk("/etc/hostname", source: "/dev/vda", device: 5),
        .disk("/etc/hosts", source: "/dev/vda", device: 5),
        .tmpfs("/proc/acpi", device: 6),
        // /proc/keys and /proc/timer_list are masked with /dev/null, so they are the /dev tmpfs.
        .tmpfs("/proc/keys", kilobytes: 65_536, device: 2),
        .tmpfs("/proc/timer_list", kilobytes: 65_536, device: 2),
        .tmpfs("/sys/firmware", device: 7),
    ]

    private func df(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(flags: "hkPTa", long: ["human-readable": "h", "portability": "P", "all": "a"]))
        } catch {
            return flavor.reject("df", error, usage: "[-PkmhT] [-t TYPE] [FILESYSTEM]...", in: process)
        }
        var status: Int32 = 0
        var rows: [Mount] = []
        if options.operands.isEmpty {
            rows = flavor == .gnu ? Self.distinct(Self.mounts) : Self.mounts
        } else {
            for operand in options.operands {
                let path = process.absolute(operand)
                guard process.fileSystem.entry(at: path) != nil else {
                    status = process.fail("df", flavor == .gnu ? "\(operand): No such file or directory" : "\(operand): can't find mount point")
                    continue
                }
                // The mount a path is on: the longest mount point it lies under.
                if let mount = Self.mounts.filter({ LayerPath.isInside(path, $0.target) }).max(by: { $0.target.count < $1.target.count }) {
                    rows.append(mount)
                }
            }
        }
        let human = options.has("h")
        func size(_ kilobytes: Int64) -> String { human ? HumanSize.format(kilobytes * 1024, flavor) : String(kilobytes) }
        switch flavor {
        case .busybox:
            // libbb's layout: the source in 20 columns, each number in 9 (`df.c`), as the reference engine prints it.
            var output = "Filesystem           \(human ? "     Size" : "1K-blocks")      Used Available Use% Mounted on\n"
            for mount in rows {
                let percent = mount.used + mount.available == 0 ? 0 : (mount.used * 100 + (mount.used + mount.available) / 2) / (mount.used + mount.available)
                output += Self.padded(mount.source, 20) + " " + Self.right(size(mount.kilobytes), 9) + " " + Self.right(size(mount.used), 9) + " "
                    + Self.right(size(mount.available), 9) + " " + Self.right("\(percent)%", 4) + " " + mount.target + "\n"
            }
            process.write(output)
        case .gnu:
            guard !rows.isEmpty else { return status }
            // coreutils' layout: each column as wide as its widest cell, at least 14 for the source and 5 for numbers.
            let header = ["Filesystem", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available", "Use%", "Mounted on"]
            let cells = rows.map { mount -> [String] in
                let percent = mount.used + mount.available == 0 ? 0 : (mount.used * 100 + mount.used + mount.available - 1) / (mount.used + mount.available)
                return [mount.source, size(mount.kilobytes), size(mount.used), size(mount.available), "\(percent)%", mount.target]
            }
            let minimum = [14, 5, 5, 5, 4, 0]
            let widths = (0..<6).map { column in max(minimum[column], ([header] + cells).map { $0[column].count }.max() ?? 0) }
            var output = ""
            for row in [header] + cells {
                var line = Self.padded(row[0], widths[0])
                for column in 1..<5 { line += " " + Self.right(row[column], widths[column]) }
                output += line + " " + row[5] + "\n"
            }
            process.write(output)
        }
        return status
    }

    /// GNU df shows a filesystem mounted more than once at its shortest mount point.
    private static func distinct(_ mounts: [Mount]) -> [Mount] {
        var kept: [Mount] = []
        for mount in mounts {
            if let index = kept.firstIndex(where: { $0.device == mount.device }) {
                if mount.target.count < kept[index].target.count { kept[index] = mount }
            } else {
                kept.append(mount)
            }
        }
        return kept
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
