import Foundation
import LayerStore

/// pip (and pip3) as far as Dockerfiles use it: `pip install` of packages or a requirements file,
/// with the wheel cache in the home that `--no-cache-dir` saves.
struct Pip: ProgramFamily {
    let names: Set<String> = ["pip", "pip3"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let operands = ProgramOptions.split(arguments).operands
        guard operands.first == "install" else {
            if operands.first == "--version" || arguments.contains("--version") {
                process.write("pip 24.2 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n")
                return 0
            }
            return process.fail("ERROR", "layerlab simulates pip install only")
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
                requested += text.split(separator: "\n").map { String($0.split(separator: "#").first ?? "").trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                index += 2
                continue
            }
            if !argument.hasPrefix("-") && argument != "install" { requested.append(argument) }
            index += 1
        }
        let wanted = requested.map { name -> String in
            String(name.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }).lowercased()
        }
        guard let catalog = PackageCatalog.shared, let packages = PackageCatalog.closure(wanted, in: catalog.pip) else {
            let missing = wanted.first { PackageCatalog.shared?.pip[$0] == nil } ?? ""
            process.writeError("ERROR: Could not find a version that satisfies the requirement \(missing) (from versions: none)\nERROR: No matching distribution found for \(missing)\n")
            return 1
        }
        var sitePackages = process.fileSystem.children(of: "/usr/local/lib").first { $0.hasPrefix("python3") }.map { "/usr/local/lib/\($0)/site-packages" } ?? "/usr/lib/python3/dist-packages"
        let home = process.variable("HOME") ?? "/root"
        var cache = arguments.contains("--no-cache-dir") ? nil : home + "/.cache/pip"
        if let folder = cache, process.denialToWrite(folder + "/http-v2/wheel") != nil {
            process.writeError("WARNING: The directory '\(folder)' or its parent directory is not owned or is not writable by the current user. The cache has been disabled. Check the permissions and owner of that directory. If executing pip with sudo, you should use sudo's -H flag.\n")
            cache = nil
        }
        // A user who may not write the system's site-packages gets their own, under ~/.local; a home
        // they cannot write either stops the install where Python's makedirs fails.
        var unwritable: String?
        if process.denialToWrite(sitePackages + "/package") != nil {
            process.write("Defaulting to user installation because normal site-packages is not writeable\n")
            sitePackages = home + "/.local/lib/" + LayerPath.name(of: LayerPath.parent(of: sitePackages)) + "/site-packages"
            if process.denialToWrite(sitePackages + "/package") != nil {
                unwritable = process.fileSystem.missingDirectories(to: sitePackages).first ?? sitePackages
            }
        }
        for (name, package) in packages {
            process.write("Collecting \(name)==\(package.version ?? "1.0")\n")
            if unwritable != nil { continue }
            process.ensureDirectory(sitePackages + "/" + name)
            process.fileSystem.write(.file("\(sitePackages)/\(name)/__init__.py", .synthetic(seed: "pip:\(name)", size: package.size)))
            if let cache {
                // pip keeps the downloaded wheel: the bytes --no-cache-dir saves.
                process.ensureDirectory(cache + "/http-v2")
                process.fileSystem.write(.file("\(cache)/http-v2/\(name)-\(package.version ?? "1.0").whl", .synthetic(seed: "wheel:\(name)", size: package.size * 2 / 5)))
            }
        }
        if let unwritable {
            process.writeError("ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '\(unwritable)'\nCheck the permissions.\n\n")
            return 1
        }
        process.write("Successfully installed " + packages.map { "\($0.0)-\($0.1.version ?? "1.0")" }.joined(separator: " ") + "\n")
        return 0
    }
}
