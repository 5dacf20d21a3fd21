import Foundation
import LayerStore

/// npm as far as Dockerfiles use it: `npm install` and `npm ci` fill node_modules from the arguments
/// or package.json (without devDependencies for `--omit=dev`).
struct Npm: ProgramFamily {
    let names: Set<String> = ["npm"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let operands = ProgramOptions.split(arguments).operands
        guard let command = operands.first, ["install", "i", "ci"].contains(command) else {
            return process.fail("npm", "layerlab simulates npm install and npm ci only")
        }
        if command == "ci", process.readText("package-lock.json") == nil {
            process.writeError("npm ERR! code EUSAGE\nnpm ERR! The `npm ci` command can only install with an existing package-lock.json or\nnpm ERR! npm-shrinkwrap.json with lockfileVersion >= 1.\n")
            return 1
        }
        var wanted = Array(operands.dropFirst())
        if wanted.isEmpty, let manifest = process.readText("package.json"),
           let json = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any] {
            let production = arguments.contains("--production") || arguments.contains("--omit=dev")
            wanted = ((json["dependencies"] as? [String: Any])?.keys.sorted() ?? []) + (production ? [] : ((json["devDependencies"] as? [String: Any])?.keys.sorted() ?? []))
        }
        guard let catalog = PackageCatalog.shared else { return 1 }
        // node_modules goes in the working folder: one the user may not write stops npm 10 at its
        // first mkdir (exit 243). Its first five lines, as node:20's npm prints them; the stack and
        // the advice after them are left out.
        if let first = wanted.first {
            let folder = process.absolute("node_modules/" + first)
            let made = process.fileSystem.missingDirectories(to: folder).first ?? folder
            if process.denial(.create, made) != nil {
                process.writeError("npm error code EACCES\nnpm error syscall mkdir\nnpm error path \(made)\nnpm error errno -13\n"
                    + "npm error Error: EACCES: permission denied, mkdir '\(made)'\n")
                return 243
            }
        }
        var total = 0
        for name in wanted {
            guard let package = catalog.npm[name] else {
                process.writeError("npm ERR! 404 Not Found - GET https://registry.npmjs.org/\(name) - Not found\n")
                return 1
            }
            process.ensureDirectory(process.absolute("node_modules/\(name)"))
            process.fileSystem.write(.file(process.absolute("node_modules/\(name)/index.js"), .synthetic(seed: "npm:\(name)", size: package.size)))
            total += 1
        }
        process.write("\nadded \(total) packages in 2s\n")
        return 0
    }
}
