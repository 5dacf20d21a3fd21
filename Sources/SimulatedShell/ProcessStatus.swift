import Foundation

/// `ps`: the container's processes (`ProcessTree`): its main process as PID 1, the shells on the way
/// and `ps` itself. BusyBox (Alpine, busybox) prints `PID   USER     TIME  COMMAND` whatever BSD or
/// System V letters it is given, and takes `-o`; procps (Debian's `procps` package) has its default,
/// `aux`, `-ef`, `-e` and `-o` layouts. Times are 0 (nothing ran long) and sizes are plausible
/// constants, as the simulation has no CPU or memory to measure; PIDs are the process tree's.
struct ProcessStatus: ProgramFamily {
    let names: Set<String> = ["ps"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of("ps", in: process)
        let processes = process.processes
        let accounts = Accounts(of: process)
        var columns: [String]?
        var words = arguments[...]
        var bsd = ""
        var system = ""
        while let word = words.popFirst() {
            if word == "-o" || word == "o" || word == "--format" {
                guard let list = words.popFirst() else { return reject("option requires an argument -- 'o'", flavor, process) }
                columns = (columns ?? []) + list.split(separator: ",").map(String.init)
            } else if word.hasPrefix("-o") {
                columns = (columns ?? []) + word.dropFirst(2).split(separator: ",").map(String.init)
            } else if word.hasPrefix("-") {
                system += word.dropFirst()
            } else {
                bsd += word
            }
        }
        switch flavor {
        case .busybox:
            // BusyBox ignores the letters learners bring from other systems (`aux`, `-ef`) and knows -o and -T.
            if let unknown = system.first(where: { !"efAaxTwl".contains($0) }) {
                return reject("invalid option -- '\(unknown)'", flavor, process)
            }
            return busybox(columns ?? ["pid", "user", "time", "args"], processes, accounts, process)
        case .gnu:
            if let columns { return gnuColumns(columns, processes, accounts, process) }
            if bsd.contains("u") { return gnuUser(processes, accounts, process) }
            guard system.allSatisfy({ "eAfa".contains($0) }), bsd.allSatisfy({ "ax".contains($0) }) else {
                return reject(bsd.isEmpty ? "unsupported SysV option" : "unsupported option (BSD syntax)", flavor, process)
            }
            let all = system.contains("e") || system.contains("A") || bsd.contains("x")
            let shown = all ? processes : processes.filter { $0.user.uid == process.user.uid }
            return system.contains("f") ? gnuFull(shown, accounts, process) : gnuDefault(shown, process)
        }
    }

    private func reject(_ message: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        switch flavor {
        case .busybox: process.writeError("ps: \(message)\nUsage: ps [-o COL1,COL2=HEADER] [-T]\n")
        case .gnu: process.writeError("error: \(message)\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n")
        }
        return 1
    }

    private static func comm(_ entry: ProcessEntry) -> String {
        String((entry.arguments.first ?? "").split(separator: "/").last ?? "")
    }

    private static func args(_ entry: ProcessEntry) -> String {
        entry.arguments.joined(separator: " ")
    }

    private static func left(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
    private static func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }

    // MARK: BusyBox

    /// The `-o` columns BusyBox knows: header, width (0: the last column, unpadded) and value.
    private static let busyboxColumns: [String: (header: String, width: Int, value: @Sendable (ProcessEntry, Accounts) -> String)] = [
        "pid": ("PID", 5, { entry, _ in String(entry.pid) }),
        "ppid": ("PPID", 5, { entry, _ in String(entry.parent) }),
        "pgid": ("PGID", 5, { entry, _ in String(entry.pid) }),
        "user": ("USER", 8, { entry, accounts in String(accounts.userName(entry.user.uid).prefix(8)) }),
        "group": ("GROUP", 8, { entry, accounts in String(accounts.groupName(entry.user.gid).prefix(8)) }),
        "comm": ("COMMAND", 16, { entry, _ in ProcessStatus.comm(entry) }),
        "args": ("COMMAND", 0, { entry, _ in ProcessStatus.args(entry) }),
        "time": ("TIME", 5, { _, _ in "0:00" }),
        "etime": ("ELAPSED", 7, { _, _ in "00:00" }),
        "tty": ("TT", 6, { _, _ in "?" }),
        "vsz": ("VSZ", 4, { _, _ in "1620" }),
        "rss": ("RSS", 4, { _, _ in "4" }),
        "stat": ("STAT", 4, { entry, _ in entry.pid == 1 ? "S" : "R" }),
        "nice": ("NI", 5, { _, _ in "0" }),
    ]

    private func busybox(_ columns: [String], _ processes: [ProcessEntry], _ accounts: Accounts, _ process: any ProcessEnvironment) -> Int32 {
        var chosen: [(header: String, width: Int, value: @Sendable (ProcessEntry, Accounts) -> String)] = []
        for column in columns {
            let parts = column.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first, let spec = Self.busyboxColumns[name] else {
                process.writeError("ps: bad -o argument '\(column)', supported arguments: user,group,comm,args,pid,ppid,pgid,etime,nice,time,tty,vsz,stat,rss\n")
                return 1
            }
            chosen.append((parts.count > 1 ? parts[1] : spec.header, spec.width, spec.value))
        }
        func line(_ cells: [String], header: Bool) -> String {
            cells.enumerated().map { index, cell in
                let width = chosen[index].width
                // Headers and names sit at the left of their column (the last one unpadded), numbers and times at its right.
                let left = header || width == 0 || width == 8 || width == 16 || width == 6
                if index == cells.count - 1 && left { return cell }
                return left ? Self.left(cell, width) : Self.right(cell, width)
            }.joined(separator: " ")
        }
        var output = line(chosen.map(\.header), header: true) + "\n"
        for entry in processes {
            output += line(chosen.map { $0.value(entry, accounts) }, header: false) + "\n"
        }
        process.write(output)
        return 0
    }

    // MARK: procps

    /// PIDs are 7 wide where systemd sets pid_max to 4194304, as on Docker's hosts.
    private static let pidWidth = 7

    /// Plausible sizes in KiB for `ps aux`, by program.
    private static func memory(_ entry: ProcessEntry) -> (vsz: Int, rss: Int) {
        switch comm(entry) {
        case "ps": (8_084, 4_096)
        case "bash": (4_188, 3_456)
        default: (2_576, 1_536)
        }
    }

    private func user(_ entry: ProcessEntry, _ accounts: Accounts) -> String {
        let name = accounts.userName(entry.user.uid)
        return name.count > 8 ? String(name.prefix(7)) + "+" : name
    }

    private func gnuDefault(_ processes: [ProcessEntry], _ process: any ProcessEnvironment) -> Int32 {
        var output = Self.right("PID", Self.pidWidth) + " TTY          TIME CMD\n"
        for entry in processes {
            output += Self.right(String(entry.pid), Self.pidWidth) + " " + Self.left("?", 8) + " 00:00:00 " + Self.comm(entry) + "\n"
        }
        process.write(output)
        return 0
    }

    private func gnuFull(_ processes: [ProcessEntry], _ accounts: Accounts, _ process: any ProcessEnvironment) -> Int32 {
        let start = Strftime.format("%H:%M", Int64(process.now.timeIntervalSince1970))
        var output = Self.left("UID", 8) + " " + Self.right("PID", Self.pidWidth) + " " + Self.right("PPID", Self.pidWidth) + "  C STIME TTY          TIME CMD\n"
        for entry in processes {
            output += Self.left(user(entry, accounts), 8) + " " + Self.right(String(entry.pid), Self.pidWidth) + " " + Self.right(String(entry.parent), Self.pidWidth)
                + "  0 " + start + " ?        00:00:00 " + Self.args(entry) + "\n"
        }
        process.write(output)
        return 0
    }

    private func gnuUser(_ processes: [ProcessEntry], _ accounts: Accounts, _ process: any ProcessEnvironment) -> Int32 {
        let start = Strftime.format("%H:%M", Int64(process.now.timeIntervalSince1970))
        var output = Self.left("USER", 8) + " " + Self.right("PID", Self.pidWidth) + " %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
        for entry in processes {
            let (vsz, rss) = Self.memory(entry)
            let state = (Self.comm(entry) == "ps" ? "R" : "S") + (entry.pid == 1 ? "s" : "")
            output += Self.left(user(entry, accounts), 8) + " " + Self.right(String(entry.pid), Self.pidWidth) + "  0.0  0.0 " + Self.right(String(vsz), 6) + " "
                + Self.right(String(rss), 5) + " ?        " + Self.left(state, 4) + " " + start + "   0:00 " + Self.args(entry) + "\n"
        }
        process.write(output)
        return 0
    }

    private func gnuColumns(_ columns: [String], _ processes: [ProcessEntry], _ accounts: Accounts, _ process: any ProcessEnvironment) -> Int32 {
        let known: [String: (header: String, value: (ProcessEntry) -> String, numeric: Bool)] = [
            "pid": ("PID", { String($0.pid) }, true), "ppid": ("PPID", { String($0.parent) }, true),
            "user": ("USER", { user($0, accounts) }, false), "uid": ("UID", { String($0.user.uid) }, true),
            "comm": ("COMMAND", { Self.comm($0) }, false), "args": ("COMMAND", { Self.args($0) }, false), "cmd": ("CMD", { Self.args($0) }, false),
            "time": ("TIME", { _ in "00:00:00" }, true), "tty": ("TT", { _ in "?" }, false), "stat": ("STAT", { $0.pid == 1 ? "Ss" : "S" }, false),
        ]
        var chosen: [(header: String, value: (ProcessEntry) -> String, numeric: Bool)] = []
        for column in columns {
            let parts = column.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first, let spec = known[name] else {
                process.writeError("error: unknown user-defined format specifier \"\(column)\"\n")
                return 1
            }
            chosen.append((parts.count > 1 ? parts[1] : spec.header, spec.value, spec.numeric))
        }
        let rows = [chosen.map(\.header)] + processes.map { entry in chosen.map { $0.value(entry) } }
        let widths = chosen.indices.map { column in max(chosen[column].header == "PID" ? 5 : 0, rows.map { $0[column].count }.max() ?? 0) }
        var output = ""
        for row in rows {
            output += row.enumerated().map { index, cell in
                if index == row.count - 1 { return chosen[index].numeric ? Self.right(cell, widths[index]) : cell }
                return chosen[index].numeric ? Self.right(cell, widths[index]) : Self.left(cell, widths[index])
            }.joined(separator: " ") + "\n"
        }
        process.write(output)
        return 0
    }
}
