import Foundation
import LayerStore

/// apt-get, apk, pip and npm as far as Dockerfiles use them: what they print in outline, and the files
/// and sizes they leave in the layer — the package lists and caches that best practices remove.
extension ShellProcess {
    static let aptLists: [(String, Int64)] = [
        ("deb.debian.org_debian_dists_bookworm_InRelease", 151_000),
        ("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4", 17_800_000),
        ("deb.debian.org_debian_dists_bookworm-updates_InRelease", 55_000),
        ("deb.debian.org_debian-security_dists_bookworm-security_InRelease", 48_000),
        ("deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4", 520_000),
    ]

    var aptGet: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments)
            guard let command = operands.first else { return self.fail("apt-get", "no command given (try apt-get install)") }
            guard self.user.uid == 0 else {
                self.output.error("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
                return 100
            }
            switch command {
            case "update":
                self.ensureDirectory("/var/lib/apt/lists")
                for (name, size) in Self.aptLists {
                    self.fileSystem.write(.file("/var/lib/apt/lists/" + name, .synthetic(seed: "apt:" + name, size: size)))
                }
                self.output.out("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\nGet:2 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\nFetched 9558 kB in 1s (9558 kB/s)\nReading package lists...\n")
                return 0
            case "install":
                let names = Array(operands.dropFirst())
                let haveLists = !(self.fileSystem.children(of: "/var/lib/apt/lists").filter { $0.hasSuffix("Packages.lz4") }.isEmpty)
                self.output.out("Reading package lists...\nBuilding dependency tree...\nReading state information...\n")
                guard haveLists else {
                    self.output.error("E: Unable to locate package \(names.first ?? "")\n")
                    return 100
                }
                guard let catalog = PackageCatalog.shared, let packages = PackageCatalog.closure(names, in: catalog.apt) else {
                    let missing = names.first { PackageCatalog.shared?.apt[$0] == nil } ?? ""
                    self.output.error("E: Unable to locate package \(missing)\n")
                    return 100
                }
                guard flags.contains("y") || arguments.contains("--yes") || arguments.contains("--assume-yes") else {
                    self.output.out("Do you want to continue? [Y/n] Abort.\n")
                    return 1
                }
                let withRecommends = !arguments.contains("--no-install-recommends")
                self.install(packages, manager: "apt", recommends: withRecommends, database: "/var/lib/dpkg/status")
                self.output.out("\(packages.count) newly installed, 0 to remove and 0 not upgraded.\n")
                return 0
            case "clean", "autoclean":
                for name in self.fileSystem.children(of: "/var/cache/apt/archives") where name.hasSuffix(".deb") {
                    self.fileSystem.remove("/var/cache/apt/archives/" + name)
                }
                return 0
            case "upgrade", "dist-upgrade", "autoremove", "purge", "remove":
                self.output.out("Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
                return 0
            default:
                return self.fail("E", "Invalid operation \(command)")
            }
        }
    }

    var apk: Implementation {
        { arguments, _ in
            let (_, operands) = self.options(arguments)
            guard let command = operands.first else { return self.fail("apk", "no command given") }
            let noCache = arguments.contains("--no-cache")
            switch command {
            case "update":
                self.writeApkIndex()
                self.output.out("fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\nOK: 24170 distinct packages available\n")
                return 0
            case "add":
                guard self.user.uid == 0 else {
                    self.output.error("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n")
                    return 99
                }
                let names = Array(operands.dropFirst())
                guard let catalog = PackageCatalog.shared, let packages = PackageCatalog.closure(names, in: catalog.apk) else {
                    let missing = names.first { PackageCatalog.shared?.apk[$0] == nil } ?? ""
                    self.output.error("ERROR: unable to select packages:\n  \(missing) (no such package):\n    required by: world[\(missing)]\n")
                    return 1
                }
                if !noCache && (arguments.contains("--update") || arguments.contains("-U") || self.fileSystem.entry(at: "/var/cache/apk") != nil) {
                    self.writeApkIndex()
                }
                self.install(packages, manager: "apk", recommends: false, database: "/lib/apk/db/installed")
                for (index, package) in packages.enumerated() {
                    self.output.out("(\(index + 1)/\(packages.count)) Installing \(package.0)\n")
                }
                self.output.out("OK: \(packages.count) packages installed\n")
                return 0
            case "del":
                return 0
            default:
                return self.fail("apk", "unknown command \(command)")
            }
        }
    }

    func writeApkIndex() {
        ensureDirectory("/var/cache/apk")
        fileSystem.write(.file("/var/cache/apk/APKINDEX.d8b1a6a2.tar.gz", .synthetic(seed: "apk:main", size: 1_180_000)))
        fileSystem.write(.file("/var/cache/apk/APKINDEX.5022a8a2.tar.gz", .synthetic(seed: "apk:community", size: 1_090_000)))
    }

    /// Writes a package's files: its programs, a data or library folder for the rest of its size, and
    /// a line in the package database.
    func install(_ packages: [(String, PackageCatalog.Package)], manager: String, recommends: Bool, database: String) {
        for (name, package) in packages {
            var remaining = package.size + (recommends ? package.recommends ?? 0 : 0)
            for program in package.bin ?? [] {
                ensureDirectory(LayerPath.parent(of: program))
                let size = min(remaining, max(1, remaining / Int64(max(1, package.bin?.count ?? 1)) / 2))
                fileSystem.write(.file(program, .synthetic(seed: "\(manager):\(name):\(program)", size: size), mode: 0o755))
                remaining -= size
            }
            let folder = package.data ?? (package.lib == true ? "/usr/lib/x86_64-linux-gnu" : "/usr/share/\(name)")
            ensureDirectory(folder)
            let file = package.lib == true ? "\(folder)/lib\(name).so" : "\(folder)/\(name).data"
            fileSystem.write(.file(file, .synthetic(seed: "\(manager):\(name):data", size: max(0, remaining)), mode: package.lib == true ? 0o755 : 0o644))
        }
        var text = readText(database) ?? ""
        for (name, package) in packages { text += "Package: \(name)\nStatus: install ok installed\nInstalled-Size: \(package.size / 1024)\n\n" }
        ensureDirectory(LayerPath.parent(of: database))
        fileSystem.write(.file(database, .text(text)))
    }

    var pip: Implementation {
        { arguments, _ in
            let (_, operands) = self.options(arguments)
            guard operands.first == "install" else {
                if operands.first == "--version" || arguments.contains("--version") {
                    self.output.out("pip 24.2 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n")
                    return 0
                }
                return self.fail("ERROR", "layerlab simulates pip install only")
            }
            var names: [String] = []
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                if argument == "-r" || argument == "--requirement", index + 1 < arguments.count {
                    guard let text = self.readText(arguments[index + 1]) else {
                        self.output.error("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '\(arguments[index + 1])'\n")
                        return 1
                    }
                    names += text.split(separator: "\n").map { String($0.split(separator: "#").first ?? "").trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    index += 2
                    continue
                }
                if !argument.hasPrefix("-") && argument != "install" { names.append(argument) }
                index += 1
            }
            let wanted = names.map { name -> String in
                String(name.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }).lowercased()
            }
            guard let catalog = PackageCatalog.shared, let packages = PackageCatalog.closure(wanted, in: catalog.pip) else {
                let missing = wanted.first { PackageCatalog.shared?.pip[$0] == nil } ?? ""
                self.output.error("ERROR: Could not find a version that satisfies the requirement \(missing) (from versions: none)\nERROR: No matching distribution found for \(missing)\n")
                return 1
            }
            let sitePackages = self.fileSystem.children(of: "/usr/local/lib").first { $0.hasPrefix("python3") }.map { "/usr/local/lib/\($0)/site-packages" } ?? "/usr/lib/python3/dist-packages"
            let cache = arguments.contains("--no-cache-dir") ? nil : (self.variable("HOME") ?? "/root") + "/.cache/pip"
            for (name, package) in packages {
                self.output.out("Collecting \(name)==\(package.version ?? "1.0")\n")
                self.ensureDirectory(sitePackages + "/" + name)
                self.fileSystem.write(.file("\(sitePackages)/\(name)/__init__.py", .synthetic(seed: "pip:\(name)", size: package.size)))
                if let cache {
                    // pip keeps the downloaded wheel: the bytes --no-cache-dir saves.
                    self.ensureDirectory(cache + "/http-v2")
                    self.fileSystem.write(.file("\(cache)/http-v2/\(name)-\(package.version ?? "1.0").whl", .synthetic(seed: "wheel:\(name)", size: package.size * 2 / 5)))
                }
            }
            self.output.out("Successfully installed " + packages.map { "\($0.0)-\($0.1.version ?? "1.0")" }.joined(separator: " ") + "\n")
            return 0
        }
    }

    var npm: Implementation {
        { arguments, _ in
            let (_, operands) = self.options(arguments)
            guard let command = operands.first, ["install", "i", "ci"].contains(command) else {
                return self.fail("npm", "layerlab simulates npm install and npm ci only")
            }
            if command == "ci", self.readText("package-lock.json") == nil {
                self.output.error("npm ERR! code EUSAGE\nnpm ERR! The `npm ci` command can only install with an existing package-lock.json or\nnpm ERR! npm-shrinkwrap.json with lockfileVersion >= 1.\n")
                return 1
            }
            var names = Array(operands.dropFirst())
            if names.isEmpty, let manifest = self.readText("package.json"),
               let json = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any] {
                let production = arguments.contains("--production") || arguments.contains("--omit=dev")
                names = ((json["dependencies"] as? [String: Any])?.keys.sorted() ?? []) + (production ? [] : ((json["devDependencies"] as? [String: Any])?.keys.sorted() ?? []))
            }
            guard let catalog = PackageCatalog.shared else { return 1 }
            var total = 0
            for name in names {
                guard let package = catalog.npm[name] else {
                    self.output.error("npm ERR! 404 Not Found - GET https://registry.npmjs.org/\(name) - Not found\n")
                    return 1
                }
                self.ensureDirectory(self.absolute("node_modules/\(name)"))
                self.fileSystem.write(.file(self.absolute("node_modules/\(name)/index.js"), .synthetic(seed: "npm:\(name)", size: package.size)))
                total += 1
            }
            self.output.out("\nadded \(total) packages in 2s\n")
            return 0
        }
    }

    /// curl and wget: nothing is downloaded; the file they would save is a placeholder that says so.
    var download: Implementation {
        { arguments, _ in
            let url = arguments.first { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? ""
            var target: String?
            for (index, argument) in arguments.enumerated() where ["-o", "-O", "--output"].contains(argument) && index + 1 < arguments.count {
                target = arguments[index + 1]
            }
            if target == nil, arguments.contains("-O") || arguments.contains("-fsSLO") || !arguments.contains(where: { $0.hasPrefix("-") }) {
                target = url.split(separator: "/").last.map(String.init)
            }
            let note = Self.offlinePlaceholder(for: url)
            if let target, target != "-" {
                if !self.writeFile(self.absolute(target), note, append: false) { return 1 }
            } else {
                self.output.out(note)
            }
            self.output.error("layerlab: \(url) was not downloaded (layerlab works offline)\n")
            return 0
        }
    }

    /// What a download leaves where the real file would be.
    public static func offlinePlaceholder(for url: String) -> String {
        "layerlab does not download \(url): this file stands in for it\n"
    }

    func ensureDirectory(_ path: String) {
        fileSystem.createDirectories(path, uid: user.uid, gid: user.gid)
    }
}
