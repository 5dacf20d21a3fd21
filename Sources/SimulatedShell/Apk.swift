import LayerStore

/// Alpine's apk as far as Dockerfiles use it, from Alpine 3.20's package facts: `apk add` needs an
/// index (from `apk update`, `--update` or `--no-cache`), keeps it in /var/cache/apk unless
/// `--no-cache`, installs the dependency closure into Alpine's paths and records it in
/// /lib/apk/db/installed and /etc/apk/world. Offline: the "fetches" are the package data's sizes.
struct Apk: ProgramFamily {
    let names: Set<String> = ["apk"]

    /// The cached indexes `apk update` writes (names and sizes as apk 2.14 leaves them).
    static let indexes: [(String, Int64)] = [("APKINDEX.d8b1a6a2.tar.gz", 1_180_000), ("APKINDEX.5022a8a2.tar.gz", 1_090_000)]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let operands = ProgramOptions.split(arguments).operands
        guard let command = operands.first else {
            process.writeError("apk-tools 2.14.4, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n")
            return 1
        }
        guard let catalog = PackageCatalog.shared?.apk else {
            process.writeError("ERROR: layerlab has no package data\n")
            return 1
        }
        let noCache = arguments.contains("--no-cache")
        // The commands that change the system open the database for writing first: apk-tools 2.14's
        // apk_db_open cannot take /lib/apk/db/lock, apk.c then gives up, with status 99 (r > 99).
        if ["add", "del", "update"].contains(command), let denial = process.denialToWrite("/lib/apk/db/lock") {
            process.writeError("ERROR: Unable to lock database: \(denial.reason)\nERROR: Failed to open apk database: \(denial.reason)\n")
            return 99
        }
        let quiet = arguments.contains("-q") || arguments.contains("--quiet")
        switch command {
        case "update":
            fetch(process, keep: true, quiet: quiet)
            if !quiet { process.write("OK: 24170 distinct packages available\n") }
            return 0
        case "add":
            let update = noCache || arguments.contains("--update") || arguments.contains("-U")
            if update { fetch(process, keep: !noCache, quiet: quiet) }
            let hasIndex = update || Self.indexes.contains { process.fileSystem.entry(at: "/var/cache/apk/" + $0.0) != nil }
            return add(Array(operands.dropFirst()), hasIndex: hasIndex, quiet: quiet, catalog, in: process)
        case "del":
            return 0
        default:
            process.writeError("apk: unknown command '\(command)'\n")
            return 1
        }
    }

    /// The repositories' index fetches; kept in the cache folder unless `--no-cache`.
    private func fetch(_ process: any ProcessEnvironment, keep: Bool, quiet: Bool) {
        let repositories = (process.readText("/etc/apk/repositories") ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        if !quiet {
            process.write(repositories.map { "fetch \($0)/x86_64/APKINDEX.tar.gz\n" }.joined())
        }
        guard keep else { return }
        process.ensureDirectory("/var/cache/apk")
        for (file, size) in Self.indexes {
            process.fileSystem.write(.file("/var/cache/apk/" + file, .synthetic(seed: "apk:" + file, size: size)))
        }
    }

    private func add(_ requested: [String], hasIndex: Bool, quiet: Bool, _ catalog: PackageCatalog.Apk, in process: any ProcessEnvironment) -> Int32 {
        let database = "/lib/apk/db/installed"
        let text = PackageInstaller.databaseText(database, startingWith: "C:", in: process)
            ?? PackageInstaller.databaseText(database, startingWith: "P:", in: process)
        let installed = text.map(Self.installedNames) ?? Set(catalog.base)
        let names = requested.map { String($0.split(separator: "=").first ?? Substring($0)) }
        // Without an index apk knows no package at all, not even those installed.
        let known: (String) -> [String]? = { hasIndex ? catalog.packages[$0]?.depends : nil }
        let missing = names.filter { known($0) == nil && !(hasIndex && installed.contains($0)) }
        guard missing.isEmpty else {
            process.writeError("ERROR: unable to select packages:\n" + missing.map { "  \($0) (no such package):\n    required by: world[\($0)]\n" }.joined())
            return 1
        }
        guard case .success(let new) = PackageCatalog.closure(names, installed: installed, dependencies: known) else { return 1 }
        var output = ""
        for (index, name) in new.enumerated() {
            guard let package = catalog.packages[name] else { continue }
            output += "(\(index + 1)/\(new.count)) Installing \(name) (\(package.version))\n"
            unpack(name, package, in: process)
        }
        if new.contains(where: { !(catalog.packages[$0]?.programs.isEmpty ?? true) }), let busybox = catalog.packages["busybox"] {
            output += "Executing busybox-\(busybox.version).trigger\n"
        }
        if new.contains("ca-certificates"), let certificates = catalog.packages["ca-certificates"] {
            output += "Executing ca-certificates-\(certificates.version).trigger\n"
        }
        let all = installed.union(new)
        let bytes = all.reduce(Int64(0)) { $0 + (catalog.packages[$1]?.installedSize ?? 0) } * 1024
        output += "OK: \(bytes / (1024 * 1024)) MiB in \(all.count) packages\n"
        if !quiet { process.write(output) }
        record(new, catalog, databaseText: text ?? catalog.base.map { "P:\($0)\n\n" }.joined(), requested: names, in: process)
        return 0
    }

    static func installedNames(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").filter { $0.hasPrefix("P:") }.map { String($0.dropFirst(2)) })
    }

    /// Programs in their Alpine paths (/bin, /usr/bin: no multiarch folders), the rest of the bytes
    /// in /usr/lib for libraries and /usr/share for the others.
    private func unpack(_ name: String, _ package: PackageCatalog.AlpinePackage, in process: any ProcessEnvironment) {
        let seed = "apk:\(name):\(package.version)"
        var remaining = package.installedSize * 1024
        for program in package.programs {
            let size = remaining / Int64(2 * package.programs.count)
            PackageInstaller.writeFile(program, size: size, executable: true, seed: seed, in: process)
            remaining -= size
        }
        // apk's index gives sizes, not file lists: the rest is one file, a library's in /usr/lib.
        let library = name.hasPrefix("lib") || name.hasSuffix("-libs") || package.programs.isEmpty
        let path = library ? "/usr/lib/\(name.hasPrefix("lib") ? name : "lib" + name).so" : "/usr/share/\(name)/\(name).data"
        PackageInstaller.writeFile(path, size: remaining, executable: library, seed: seed, in: process)
    }

    private func record(_ new: [String], _ catalog: PackageCatalog.Apk, databaseText: String, requested: [String], in process: any ProcessEnvironment) {
        var text = databaseText
        for name in new {
            guard let package = catalog.packages[name] else { continue }
            text += "P:\(name)\nV:\(package.version)\nA:x86_64\nI:\(package.installedSize * 1024)\n"
            if !package.depends.isEmpty { text += "D:\(package.depends.joined(separator: " "))\n" }
            text += "\n"
        }
        process.ensureDirectory("/lib/apk/db")
        process.fileSystem.write(.file("/lib/apk/db/installed", .text(text)))
        var world = (process.readText("/etc/apk/world") ?? "").split(separator: "\n").map(String.init)
        world = Array(Set(world + requested)).sorted()
        process.ensureDirectory("/etc/apk")
        process.fileSystem.write(.file("/etc/apk/world", .text(world.joined(separator: "\n") + "\n")))
    }
}
