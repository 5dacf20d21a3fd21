import Foundation
import LayerStore

/// pip (and pip3) as far as Dockerfiles use it, from PyPI's metadata: `pip install` of packages or
/// a requirements file resolves their requirements for CPython 3.12 on Linux, prints what pip 24.2
/// prints, installs each wheel's files (with the .pyc files pip compiles) into site-packages, and
/// keeps the downloaded wheels in the cache that `--no-cache-dir` saves. Offline: the "downloads"
/// are the package data's sizes.
struct Pip: ProgramFamily {
    let names: Set<String> = ["pip", "pip3"]

    /// python:3.12's pip.
    static let version = "24.2"

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let operands = ProgramOptions.split(arguments).operands
        let sitePackages = process.fileSystem.children(of: "/usr/local/lib").first { $0.hasPrefix("python3") }.map { "/usr/local/lib/\($0)/site-packages" }
        guard operands.first == "install" else {
            if operands.first == "--version" || arguments.contains("--version") || arguments.contains("-V") {
                process.write("pip \(Self.version) from \(sitePackages ?? "/usr/lib/python3/dist-packages")/pip (python 3.12)\n")
                return 0
            }
            process.writeError("ERROR: layerlab simulates pip install only\n")
            return 1
        }
        var requested: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-r" || argument == "--requirement", index + 1 < arguments.count {
                let text: String
                switch process.readFile(arguments[index + 1]) {
                case .success(let content):
                    text = content
                case .failure(let failure):
                    let number = failure == .missing ? 2 : failure == .isDirectory ? 21 : 13
                    process.writeError("ERROR: Could not open requirements file: [Errno \(number)] \(failure.reason): '\(arguments[index + 1])'\n")
                    return 1
                }
                requested += text.split(separator: "\n").map { String($0.split(separator: "#").first ?? "").trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("-") }
                index += 2
                continue
            }
            if !argument.hasPrefix("-") && argument != "install" { requested.append(argument) }
            index += 1
        }
        guard let catalog = PackageCatalog.shared?.pip else {
            process.writeError("ERROR: layerlab has no package data\n")
            return 1
        }
        guard var sitePackages else {
            // Debian's own python3 (apt-get install python3-pip) is externally managed (PEP 668).
            process.writeError("error: externally-managed-environment\n\n× This environment is externally managed\n╰─> To install Python packages system-wide, try apt install\n    python3-xyz, where xyz is the package you are trying to\n    install.\n")
            return 1
        }
        let quiet = arguments.contains("-q") || arguments.contains("--quiet")
        let installed = Self.installedNames(in: sitePackages, process)
        guard case .success(let plan) = resolve(requested, catalog, installed: installed) else {
            let missing = requested.map(Self.requirementName).first { catalog[Self.canonical($0)] == nil && !installed.contains(Self.canonical($0)) } ?? ""
            process.writeError("ERROR: Could not find a version that satisfies the requirement \(missing) (from versions: none)\nERROR: No matching distribution found for \(missing)\n")
            return 1
        }
        let home = process.variable("HOME") ?? "/root"
        var output = ""
        var cache = arguments.contains("--no-cache-dir") || process.environment["PIP_NO_CACHE_DIR"] != nil ? nil : home + "/.cache/pip"
        if let folder = cache, process.denialToWrite(folder + "/http-v2/wheel") != nil {
            process.writeError("WARNING: The directory '\(folder)' or its parent directory is not owned or is not writable by the current user. The cache has been disabled. Check the permissions and owner of that directory. If executing pip with sudo, you should use sudo's -H flag.\n")
            cache = nil
        }
        // A user who may not write the system's site-packages gets their own, under ~/.local; a home
        // they cannot write either stops the install where Python's makedirs fails.
        var unwritable: String?
        if process.denialToWrite(sitePackages + "/package") != nil {
            output += "Defaulting to user installation because normal site-packages is not writeable\n"
            sitePackages = home + "/.local/lib/" + LayerPath.name(of: LayerPath.parent(of: sitePackages)) + "/site-packages"
            if process.denialToWrite(sitePackages + "/package") != nil {
                unwritable = process.fileSystem.missingDirectories(to: sitePackages).first ?? sitePackages
            }
        }
        output += plan.log
        for (key, package) in plan.packages {
            output += "Downloading \(package.wheel) (\(Self.size(package.wheelSize)))\n"
            if package.wheelSize > 512 * 1024 {
                let megabytes = String(format: "%.1f", Double(package.wheelSize) / 1_000_000)
                output += "   \(String(repeating: "━", count: 40)) \(megabytes)/\(megabytes) MB 50.0 MB/s eta 0:00:00\n"
            }
            if unwritable == nil { unpack(key, package, into: sitePackages, in: process) }
        }
        if let cache, unwritable == nil {
            for (key, package) in plan.packages {
                // pip keeps the downloaded wheel: the bytes --no-cache-dir saves.
                PackageInstaller.writeFile("\(cache)/http-v2/\(key)/\(package.wheel).body", size: package.wheelSize + package.metadataSize, executable: false, seed: "pip-cache", in: process)
            }
        }
        if let unwritable {
            if !quiet { process.write(output) }
            process.writeError("ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '\(unwritable)'\nCheck the permissions.\n\n")
            return 1
        }
        if !plan.packages.isEmpty {
            output += "Installing collected packages: \(plan.packages.map { $0.1.name }.joined(separator: ", "))\n"
            output += "Successfully installed \(plan.packages.map { "\($0.1.name)-\($0.1.version)" }.sorted().joined(separator: " "))\n"
        }
        if !quiet { process.write(output) }
        let rootAction = arguments.contains("--root-user-action=ignore") || process.environment["PIP_ROOT_USER_ACTION"] == "ignore"
        if process.user.uid == 0 && !rootAction && !plan.packages.isEmpty {
            // pip 24.2's text, its missing space included.
            process.writeError("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable.It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning.\n")
        }
        return 0
    }

    struct Plan {
        /// What pip prints while it resolves: `Collecting`, the metadata downloads.
        var log = ""
        /// Dependencies first, as pip installs them.
        var packages: [(String, PackageCatalog.PythonPackage)] = []
    }

    /// pip's resolution, breadth first as pip collects (`Collecting X (from Y)`), installed
    /// dependencies first.
    private func resolve(_ requested: [String], _ catalog: [String: PackageCatalog.PythonPackage], installed: Set<String>) -> Result<Plan, PackageCatalog.UnknownPackage> {
        var plan = Plan()
        var queue = requested.map { (requirement: $0, chain: "") }
        var collected: [String] = []
        var seen = Set<String>()
        while !queue.isEmpty {
            let (requirement, chain) = queue.removeFirst()
            let key = Self.canonical(Self.requirementName(requirement))
            guard !seen.contains(key) else { continue }
            seen.insert(key)
            let from = chain.isEmpty ? "" : " (from \(chain))"
            if installed.contains(key) {
                if chain.isEmpty { plan.log += "Requirement already satisfied: \(requirement)\n" }
                continue
            }
            guard let package = catalog[key] else { return .failure(.init(name: key)) }
            plan.log += "Collecting \(requirement)\(from)\n"
            // PyPI serves a wheel's METADATA on its own (PEP 658) for most wheels; pip reads that first.
            if package.metadataSize > 0 { plan.log += "  Downloading \(package.wheel).metadata (\(Self.size(package.metadataSize)))\n" }
            collected.append(key)
            let parent = chain.isEmpty ? requirement : requirement + "->" + chain
            queue += package.requires.map { (requirement: $0, chain: parent) }
        }
        let order = PackageCatalog.closure(collected, installed: installed) { key in
            catalog[key].map { $0.requires.map { Self.canonical(Self.requirementName($0)) } }
        }
        guard case .success(let keys) = order else { return .failure(.init(name: collected.first ?? "")) }
        plan.packages = keys.compactMap { key in catalog[key].map { (key, $0) } }
        return .success(plan)
    }

    /// The wheel's folders in site-packages, and its console scripts in /usr/local/bin.
    private func unpack(_ key: String, _ package: PackageCatalog.PythonPackage, into sitePackages: String, in process: any ProcessEnvironment) {
        let seed = "pip:\(key):\(package.version)"
        for group in package.groups {
            PackageInstaller.writeGroup(group, in: sitePackages + "/" + group.folder, seed: seed, process: process)
        }
        for script in package.scripts {
            PackageInstaller.writeFile("/usr/local/bin/" + script, size: 220, executable: true, seed: seed, in: process)
        }
    }

    /// The distributions site-packages holds, by their .dist-info folders.
    static func installedNames(in sitePackages: String, _ process: any ProcessEnvironment) -> Set<String> {
        Set(process.fileSystem.children(of: sitePackages).filter { $0.hasSuffix(".dist-info") }.compactMap { folder in
            folder.split(separator: "-").first.map { canonical(String($0)) }
        })
    }

    /// `Werkzeug>=3.1.0`, `flask[async]==3.0`, `redis ; python_version>"3"`: the project's name.
    static func requirementName(_ requirement: String) -> String {
        String(requirement.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }

    /// PEP 503's normalized name: lower case, runs of `-`, `_` and `.` as one `-`.
    static func canonical(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if "-_.".contains(character) {
                if !result.hasSuffix("-") { result.append("-") }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// pip's format_size: `101 kB`, `3.2 kB`, `12.8 MB`, `812 bytes`.
    static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value > 1_000_000 { return String(format: "%.1f MB", value / 1_000_000) }
        if value > 10_000 { return "\(Int(value / 1000)) kB" }
        if value > 1000 { return String(format: "%.1f kB", value / 1000) }
        return "\(bytes) bytes"
    }
}
