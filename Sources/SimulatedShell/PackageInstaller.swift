import LayerStore

/// What installing packages leaves in the layer, for the system package managers (apt-get, apk).
enum PackageInstaller {
    /// Writes each package's files: its programs, a data or library folder for the rest of its size,
    /// and a line in the package database.
    static func install(_ packages: [(String, PackageCatalog.Package)], manager: String, recommends: Bool, database: String, in process: any ProcessEnvironment) {
        for (name, package) in packages {
            var remaining = package.size + (recommends ? package.recommends ?? 0 : 0)
            for program in package.bin ?? [] {
                process.ensureDirectory(LayerPath.parent(of: program))
                let size = min(remaining, max(1, remaining / Int64(max(1, package.bin?.count ?? 1)) / 2))
                process.fileSystem.write(.file(program, .synthetic(seed: "\(manager):\(name):\(program)", size: size), mode: 0o755))
                remaining -= size
            }
            let folder = package.data ?? (package.lib == true ? "/usr/lib/x86_64-linux-gnu" : "/usr/share/\(name)")
            process.ensureDirectory(folder)
            let file = package.lib == true ? "\(folder)/lib\(name).so" : "\(folder)/\(name).data"
            process.fileSystem.write(.file(file, .synthetic(seed: "\(manager):\(name):data", size: max(0, remaining)), mode: package.lib == true ? 0o755 : 0o644))
        }
        var text = process.readText(database) ?? ""
        for (name, package) in packages { text += "Package: \(name)\nStatus: install ok installed\nInstalled-Size: \(package.size / 1024)\n\n" }
        process.ensureDirectory(LayerPath.parent(of: database))
        process.fileSystem.write(.file(database, .text(text)))
    }
}
