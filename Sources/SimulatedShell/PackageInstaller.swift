import LayerStore

/// What installing packages leaves in the layer, shared by apt-get, apk and pip: files of the sizes
/// the package data gives, named where the data names them.
enum PackageInstaller {
    /// Files the data counts rather than names get numbered names in their folder, at most this many
    /// per folder: a package of thousands of files stays cheap, and its bytes stay exact.
    static let filesPerGroup = 64

    static func writeFile(_ path: String, size: Int64, executable: Bool, seed: String, in process: any ProcessEnvironment) {
        process.ensureDirectory(LayerPath.parent(of: path))
        process.fileSystem.write(.file(path, .synthetic(seed: seed + ":" + path, size: size), mode: executable ? 0o755 : 0o644))
    }

    /// `group.count` files (no more than `filesPerGroup`) that together have `group.size` bytes.
    static func writeGroup(_ group: PackageCatalog.FileGroup, in folder: String, seed: String, process: any ProcessEnvironment) {
        let count = max(1, min(group.count, filesPerGroup))
        let each = group.size / Int64(count)
        for index in 0..<count {
            let size = index == count - 1 ? group.size - each * Int64(count - 1) : each
            writeFile("\(folder)/part\(index)", size: size, executable: false, seed: seed, in: process)
        }
    }

    /// A file's text when it is one a package manager wrote as text (a database, a world file);
    /// nil for a catalog image's stand-in bytes, which say nothing about what is installed.
    static func databaseText(_ path: String, startingWith prefix: String, in process: any ProcessEnvironment) -> String? {
        guard let text = process.readText(path), text.hasPrefix(prefix) else { return nil }
        return text
    }
}

/// dpkg's path-exclude and path-include options (/etc/dpkg/dpkg.cfg.d/*), which a slim Debian image
/// sets so that packages install without their documentation.
struct DpkgPathFilter {
    private var rules: [(exclude: Bool, pattern: String)] = []

    init(in process: any ProcessEnvironment) {
        let folder = "/etc/dpkg/dpkg.cfg.d"
        for name in process.fileSystem.children(of: folder) {
            for line in (process.readText(folder + "/" + name) ?? "").split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard words.count == 2, words[0] == "path-exclude" || words[0] == "path-include" else { continue }
                rules.append((words[0] == "path-exclude", words[1]))
            }
        }
    }

    /// Whether dpkg leaves the path out: the last rule that matches decides, as in dpkg's filters.c.
    func excludes(_ path: String) -> Bool {
        rules.last { ShellPattern.fnmatch($0.pattern, matches: path) }?.exclude ?? false
    }
}
