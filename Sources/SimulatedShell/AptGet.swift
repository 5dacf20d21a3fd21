import Foundation
import LayerStore

/// apt-get (and apt) as far as Dockerfiles use it, from Debian bookworm's package records: the
/// lists `apt-get update` leaves (which best practice removes in the same RUN), the dependency
/// closure against what the image has installed, Recommends unless `--no-install-recommends`, the
/// files each package ships, dpkg's database, and apt's and dpkg's messages. Offline: the
/// "downloads" are the package data's sizes.
struct AptGet: ProgramFamily {
    let names: Set<String> = ["apt-get", "apt"]

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
        if name == "apt" {
            process.writeError("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")
        }
        guard let command = operands.first else {
            process.writeError("E: No operation given (try apt-get install)\n")
            return 100
        }
        let refused = Self.locks(for: command).filter { process.denialToWrite($0.file) != nil }
        if !refused.isEmpty {
            if command == "update" { process.write("Reading package lists...\n") }
            for lock in refused {
                process.writeError("E: Could not open lock file \(lock.file) - open (13: Permission denied)\nE: \(lock.failure)\n")
            }
            return 100
        }
        guard let catalog = PackageCatalog.shared?.apt else {
            process.writeError("E: layerlab has no package data\n")
            return 100
        }
        let quiet = flags.contains("q") && arguments.contains { $0 == "-qq" || $0 == "-q=2" || $0 == "--quiet=2" }
        switch command {
        case "update":
            update(catalog, quiet: quiet, in: process)
            return 0
        case "install":
            let options = Options(
                assumeYes: flags.contains("y") || arguments.contains("--yes") || arguments.contains("--assume-yes"),
                recommends: !arguments.contains("--no-install-recommends"), quiet: quiet)
            return install(Array(operands.dropFirst()), options, catalog, in: process)
        case "clean", "autoclean":
            for file in process.fileSystem.children(of: "/var/cache/apt/archives") where file.hasSuffix(".deb") {
                process.fileSystem.remove("/var/cache/apt/archives/" + file)
            }
            return 0
        case "upgrade", "dist-upgrade", "autoremove", "purge", "remove":
            process.write("Reading package lists...\nBuilding dependency tree...\nReading state information...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        default:
            process.writeError("E: Invalid operation \(command)\n")
            return 100
        }
    }

    struct Options {
        var assumeYes: Bool
        var recommends: Bool
        var quiet: Bool
    }

    /// Writes the lists with this machine's sizes (bookworm, bookworm-updates, bookworm-security).
    private func update(_ catalog: PackageCatalog.Apt, quiet: Bool, in process: any ProcessEnvironment) {
        process.ensureDirectory("/var/lib/apt/lists/partial")
        for list in catalog.lists {
            process.fileSystem.write(.file("/var/lib/apt/lists/" + list.name, .synthetic(seed: "apt:" + list.name, size: list.size)))
        }
        guard !quiet else { return }
        // bookworm, then bookworm-updates, then bookworm-security, as apt lists its sources.
        let order = { (list: PackageCatalog.FetchedList) in (list.name.contains("-security") ? 1 : 0, list.name.count) }
        let releases = catalog.fetched.sorted { order($0) < order($1) }
        var lines: [String] = []
        for release in releases { lines.append("\(Self.source(of: release.name)) InRelease [\(Self.size(Double(release.size)))]") }
        for release in releases { lines.append("\(Self.source(of: release.name))/main amd64 Packages [\(Self.size(Double(release.packagesSize)))]") }
        var text = ""
        for (index, line) in lines.enumerated() { text += "Get:\(index + 1) \(line)\n" }
        let fetched = Self.size(Double(releases.reduce(0) { $0 + $1.size + $1.packagesSize }))
        process.write(text + "Fetched \(fetched) in 1s (\(fetched)/s)\nReading package lists...\n")
    }

    /// `deb.debian.org_debian-security_dists_bookworm-security_InRelease` as apt names the source:
    /// `http://deb.debian.org/debian-security bookworm-security`.
    static func source(of listName: String) -> String {
        let parts = listName.components(separatedBy: "_dists_")
        let site = parts[0].replacingOccurrences(of: "_", with: "/")
        let suite = parts.count > 1 ? parts[1].replacingOccurrences(of: "_InRelease", with: "") : ""
        return "http://\(site) \(suite)"
    }

    private func install(_ requested: [String], _ options: Options, _ catalog: PackageCatalog.Apt, in process: any ProcessEnvironment) -> Int32 {
        if !options.quiet { process.write("Reading package lists...\nBuilding dependency tree...\nReading state information...\n") }
        let haveLists = process.fileSystem.children(of: "/var/lib/apt/lists").contains { $0.contains("Packages") }
        var names: [String] = []
        for operand in requested {
            let parts = operand.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts.first ?? operand
            guard haveLists, let version = catalog.packages[name]?.version ?? catalog.base[name] else {
                process.writeError("E: Unable to locate package \(name)\n")
                return 100
            }
            if parts.count == 2, parts[1] != version {
                process.writeError("E: Version '\(parts[1])' for '\(name)' was not found\n")
                return 100
            }
            names.append(name)
        }
        let database = DpkgDatabase(in: process, base: catalog.base)
        guard case .success(let new) = PackageCatalog.closure(names, installed: database.installed, dependencies: { name in
            catalog.packages[name].map { $0.depends + (options.recommends ? $0.recommends : []) }
        }) else {
            process.writeError("E: Unable to locate package \(names.first ?? "")\n")
            return 100
        }
        for name in names where database.installed.contains(name) && !options.quiet {
            process.write("\(name) is already the newest version (\(catalog.packages[name]?.version ?? catalog.base[name] ?? "")).\n")
        }
        let packages = new.compactMap { name in catalog.packages[name].map { (name, $0) } }
        let additional = packages.map { $0.0 }.filter { !names.contains($0) }
        if !options.quiet { process.write(summary(packages, additional: additional, options, catalog)) }
        guard !packages.isEmpty else { return 0 }
        guard options.assumeYes || additional.isEmpty else {
            process.write("Do you want to continue? [Y/n] Abort.\n")
            return 1
        }
        if !options.quiet { process.write(downloads(packages)) }
        if packages.contains(where: { $0.1.templates != nil }) {
            process.writeError("debconf: delaying package configuration, since apt-utils is not installed\n")
        }
        let filter = DpkgPathFilter(in: process)
        var output = ""
        let width = max(2, String(packages.count - 1).count)
        for (index, (name, package)) in packages.enumerated() {
            let shown = package.multiArchSame ? name + ":amd64" : name
            let number = String(repeating: "0", count: max(0, width - String(index).count)) + String(index)
            let file = "\(name)_\(package.version.replacingOccurrences(of: ":", with: "%3a"))_\(package.architecture).deb"
            output += "Selecting previously unselected package \(shown).\n"
            output += "Preparing to unpack .../\(packages.count > 1 ? number + "-" : "")\(file) ...\n"
            output += "Unpacking \(shown) (\(package.version)) ...\n"
            unpack(name, package, filter: filter, in: process)
        }
        for (name, package) in packages {
            output += "Setting up \(package.multiArchSame ? name + ":amd64" : name) (\(package.version)) ...\n"
        }
        if packages.contains(where: { $0.1.files.contains { $0.path.contains(".so") } }) {
            output += "Processing triggers for libc-bin (\(catalog.libcBin)) ...\n"
        }
        process.write(output)
        database.record(packages, debconfBase: catalog.debconfTemplates, in: process)
        return 0
    }

    /// apt's lists of what it will do, and the sizes.
    private func summary(_ packages: [(String, PackageCatalog.DebianPackage)], additional: [String], _ options: Options, _ catalog: PackageCatalog.Apt) -> String {
        var text = ""
        if !additional.isEmpty {
            text += "The following additional packages will be installed:\n" + Self.wrapped(additional.sorted())
        }
        let installing = Set(packages.map { $0.0 })
        if !options.recommends {
            var skipped: [String] = []
            for (_, package) in packages {
                for name in package.recommends where !installing.contains(name) && !skipped.contains(name) { skipped.append(name) }
            }
            if !skipped.isEmpty { text += "Recommended packages:\n" + Self.wrapped(skipped) }
        }
        if !packages.isEmpty {
            text += "The following NEW packages will be installed:\n" + Self.wrapped(installing.sorted())
        }
        text += "0 upgraded, \(packages.count) newly installed, 0 to remove and 0 not upgraded.\n"
        guard !packages.isEmpty else { return text }
        let download = packages.reduce(Int64(0)) { $0 + $1.1.downloadSize }
        let installed = packages.reduce(Int64(0)) { $0 + $1.1.installedSize } * 1024
        text += "Need to get \(Self.size(Double(download))) of archives.\n"
        text += "After this operation, \(Self.size(Double(installed))) of additional disk space will be used.\n"
        return text
    }

    private func downloads(_ packages: [(String, PackageCatalog.DebianPackage)]) -> String {
        var text = ""
        for (index, (name, package)) in packages.enumerated() {
            text += "Get:\(index + 1) \(package.origin) amd64 \(name) \(package.architecture) \(package.version) [\(Self.size(Double(package.downloadSize)))]\n"
        }
        let total = Self.size(Double(packages.reduce(Int64(0)) { $0 + $1.1.downloadSize }))
        return text + "Fetched \(total) in 1s (\(total)/s)\n"
    }

    /// The package's files, less what dpkg's path filters leave out (a slim image's documentation).
    private func unpack(_ name: String, _ package: PackageCatalog.DebianPackage, filter: DpkgPathFilter, in process: any ProcessEnvironment) {
        let seed = "apt:\(name):\(package.version)"
        for file in package.files + package.generated where !filter.excludes(file.path) {
            PackageInstaller.writeFile(file.path, size: file.size, executable: file.executable, seed: seed, in: process)
        }
        for link in package.links where link.count == 2 && !filter.excludes(link[0]) {
            process.ensureDirectory(LayerPath.parent(of: link[0]))
            process.fileSystem.write(.symlink(link[0], to: link[1]))
        }
        for group in package.groups where !filter.excludes(group.folder + "/") {
            PackageInstaller.writeGroup(group, in: group.folder, seed: seed, process: process)
        }
        let info = "/var/lib/dpkg/info/\(package.multiArchSame ? name + ":amd64" : name).list"
        PackageInstaller.writeFile(info, size: package.databaseSize, executable: false, seed: seed, in: process)
    }

    /// apt's sizes (SizeToStr): 1000-based, `8808 B`, `33.2 kB`, `5846 kB`, `14.8 MB`.
    static func size(_ bytes: Double) -> String {
        var value = bytes
        for (index, unit) in ["", "k", "M", "G", "T"].enumerated() {
            if value < 100 && index != 0 { return String(format: "%.1f", value) + " \(unit)B" }
            if value < 10000 { return String(format: "%.0f", value) + " \(unit)B" }
            value /= 1000
        }
        return String(format: "%.0f", value) + " PB"
    }

    /// Names as apt lists them: indented two spaces, wrapped before 80 columns.
    static func wrapped(_ names: [String]) -> String {
        var text = "", line = " "
        for name in names {
            if line.count + 1 + name.count > 79 {
                text += line + "\n"
                line = " "
            }
            line += " " + name
        }
        return text + line + "\n"
    }
}

/// dpkg's record of what is installed (/var/lib/dpkg/status). A catalog image's status file is a
/// stand-in of the right size, so for those the release's base packages stand for it.
struct DpkgDatabase {
    static let statusPath = "/var/lib/dpkg/status"
    let installed: Set<String>
    /// The status text as dpkg would find it: what layerlab wrote before, or nil for a stand-in.
    private let text: String?
    private let base: [String: String]

    init(in process: any ProcessEnvironment, base: [String: String]) {
        self.base = base
        text = PackageInstaller.databaseText(Self.statusPath, startingWith: "Package: ", in: process)
        guard let text else {
            installed = Set(base.keys)
            return
        }
        var names = Set<String>()
        for stanza in text.components(separatedBy: "\n\n") where stanza.contains("Status: install ok installed") {
            if let line = stanza.split(separator: "\n").first(where: { $0.hasPrefix("Package: ") }) {
                names.insert(String(line.dropFirst("Package: ".count)))
            }
        }
        installed = names
    }

    /// Rewrites the status file with the new packages (keeping the old one as status-old, as dpkg
    /// does), and debconf's templates file when a package brought templates.
    func record(_ packages: [(String, PackageCatalog.DebianPackage)], debconfBase: Int64, in process: any ProcessEnvironment) {
        let old = process.fileSystem.entry(at: Self.statusPath)
        var status = text ?? base.sorted { $0.key < $1.key }.map { "Package: \($0.key)\nStatus: install ok installed\nVersion: \($0.value)\n\n" }.joined()
        for (name, package) in packages {
            status += "Package: \(name)\nStatus: install ok installed\nInstalled-Size: \(package.installedSize)\n"
            status += "Architecture: \(package.architecture)\nVersion: \(package.version)\n"
            if !package.depends.isEmpty { status += "Depends: \(package.depends.joined(separator: ", "))\n" }
            status += "\n"
        }
        process.ensureDirectory("/var/lib/dpkg")
        if case .file(let content)? = old?.kind {
            process.fileSystem.write(.file(Self.statusPath + "-old", content))
        }
        process.fileSystem.write(.file(Self.statusPath, .text(status)))
        let templates = packages.reduce(Int64(0)) { $0 + ($1.1.templates ?? 0) }
        guard templates > 0 else { return }
        let path = "/var/cache/debconf/templates.dat"
        let before = process.fileSystem.entry(at: path).flatMap { entry -> Int64? in
            if case .file(let content) = entry.kind { return content.size }
            return nil
        } ?? debconfBase
        process.ensureDirectory("/var/cache/debconf")
        process.fileSystem.write(.file(path + "-old", .synthetic(seed: "debconf:\(before)", size: before)))
        process.fileSystem.write(.file(path, .synthetic(seed: "debconf:\(before + templates)", size: before + templates)))
    }
}
