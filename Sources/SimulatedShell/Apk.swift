import LayerStore

/// Alpine's apk as far as Dockerfiles use it: `apk add` writes the packages, and keeps the index in
/// /var/cache/apk unless `--no-cache` says not to.
struct Apk: ProgramFamily {
    let names: Set<String> = ["apk"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let operands = ProgramOptions.split(arguments).operands
        guard let command = operands.first else { return process.fail("apk", "no command given") }
        let noCache = arguments.contains("--no-cache")
        // The commands that change the system open the database for writing first: apk-tools 2.14's
        // apk_db_open cannot take /lib/apk/db/lock, apk.c then gives up, with status 99 (r > 99).
        if ["add", "del", "update"].contains(command), let denial = process.denialToWrite("/lib/apk/db/lock") {
            process.writeError("ERROR: Unable to lock database: \(denial.reason)\nERROR: Failed to open apk database: \(denial.reason)\n")
            return 99
        }
        switch command {
        case "update":
            writeIndex(process)
            process.write("fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\nOK: 24170 distinct packages available\n")
            return 0
        case "add":
            let wanted = Array(operands.dropFirst())
            guard let catalog = PackageCatalog.shared, let packages = PackageCatalog.closure(wanted, in: catalog.apk) else {
                let missing = wanted.first { PackageCatalog.shared?.apk[$0] == nil } ?? ""
                process.writeError("ERROR: unable to select packages:\n  \(missing) (no such package):\n    required by: world[\(missing)]\n")
                return 1
            }
            if !noCache && (arguments.contains("--update") || arguments.contains("-U") || process.fileSystem.entry(at: "/var/cache/apk") != nil) {
                writeIndex(process)
            }
            PackageInstaller.install(packages, manager: "apk", recommends: false, database: "/lib/apk/db/installed", in: process)
            for (index, package) in packages.enumerated() {
                process.write("(\(index + 1)/\(packages.count)) Installing \(package.0)\n")
            }
            process.write("OK: \(packages.count) packages installed\n")
            return 0
        case "del":
            return 0
        default:
            return process.fail("apk", "unknown command \(command)")
        }
    }

    /// The package index apk keeps in its cache.
    private func writeIndex(_ process: any ProcessEnvironment) {
        process.ensureDirectory("/var/cache/apk")
        process.fileSystem.write(.file("/var/cache/apk/APKINDEX.d8b1a6a2.tar.gz", .synthetic(seed: "apk:main", size: 1_180_000)))
        process.fileSystem.write(.file("/var/cache/apk/APKINDEX.5022a8a2.tar.gz", .synthetic(seed: "apk:community", size: 1_090_000)))
    }
}
