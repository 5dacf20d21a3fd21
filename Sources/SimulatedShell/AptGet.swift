import LayerStore

/// apt-get (and apt) as far as Dockerfiles use it: what it prints in outline, and the package lists
/// and files it leaves in the layer, which best practices remove in the same RUN.
struct AptGet: ProgramFamily {
    let names: Set<String> = ["apt-get", "apt"]

    /// The package lists `apt-get update` fetches, with their sizes.
    static let lists: [(String, Int64)] = [
        ("deb.debian.org_debian_dists_bookworm_InRelease", 151_000),
        ("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4", 17_800_000),
        ("deb.debian.org_debian_dists_bookworm-updates_InRelease", 55_000),
        ("deb.debian.org_debian-security_dists_bookworm-security_InRelease", 48_000),
        ("deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4", 520_000),
    ]

    /// The lock files a command opens before anything else, each with what apt says after it could
    /// not open it: a user who may not write there gets no further (apt-get 2.6 on Debian bookworm,
    /// run as nobody).
    static func locks(for command: String) -> [(file: String, failure: String)] {
        let lists = (file: "/var/lib/apt/lists/lock", failure: "Unable to lock directory /var/lib/apt/lists/")
        switch command {
        case "update": return [lists]
        case "clean": return [(file: "/var/cache/apt/archives/lock", failure: "Unable to lock directory /var/cache/apt/archives/"), lists]
        case "autoclean": return [(file: "/var/cache/apt/archives/lock", failure: "Unable to lock the download directory")]
        case "install", "upgrade", "dist-upgrade", "autoremove", "purge", "remove":
            return [(file: "/var/lib/dpkg/lock-frontend", failure: "Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")]
        default: return []
        }
    }

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard let command = operands.first else { return process.fail("apt-get", "no command given (try apt-get install)") }
        let refused = Self.locks(for: command).filter { process.denialToWrite($0.file) != nil }
        if !refused.isEmpty {
            if command == "update" { process.write("Reading package lists...\n") }
            for lock in refused {
                process.writeError("E: Could not open lock file \(lock.file) - open (13: Permission denied)\nE: \(lock.failure)\n")
            }
            return 100
        }
        switch command {
        case "update":
            process.ensureDirectory("/var/lib/apt/lists")
            for (name, size) in Self.lists {
                process.fileSystem.write(.file("/var/lib/apt/lists/" + name, .synthetic(seed: "apt:" + name, size: size)))
            }
            process.write("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\nGet:2 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\nFetched 9558 kB in 1s (9558 kB/s)\nReading package lists...\n")
            return 0
        case "install":
            let wanted = Array(operands.dropFirst())
            let haveLists = !(process.fileSystem.children(of: "/var/lib/apt/lists").filter { $0.hasSuffix("Packages.lz4") }.isEmpty)
            process.write("Reading package lists...\nBuilding dependency tree...\nReading state information...\n")
            guard haveLists else {
                process.writeError("E: Unable to locate package \(wanted.first ?? "")\n")
                return 100
            }
            guard let catalog = PackageCatalog.shared, let packages = PackageCatalog.closure(wanted, in: catalog.apt) else {
                let missing = wanted.first { PackageCatalog.shared?.apt[$0] == nil } ?? ""
                process.writeError("E: Unable to locate package \(missing)\n")
                return 100
            }
            guard flags.contains("y") || arguments.contains("--yes") || arguments.contains("--assume-yes") else {
                process.write("Do you want to continue? [Y/n] Abort.\n")
                return 1
            }
            let withRecommends = !arguments.contains("--no-install-recommends")
            PackageInstaller.install(packages, manager: "apt", recommends: withRecommends, database: "/var/lib/dpkg/status", in: process)
            process.write("\(packages.count) newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        case "clean", "autoclean":
            for name in process.fileSystem.children(of: "/var/cache/apt/archives") where name.hasSuffix(".deb") {
                process.fileSystem.remove("/var/cache/apt/archives/" + name)
            }
            return 0
        case "upgrade", "dist-upgrade", "autoremove", "purge", "remove":
            process.write("Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        default:
            return process.fail("E", "Invalid operation \(command)")
        }
    }
}
