import Foundation

/// The packages the simulated package managers know, from the packages' own metadata: Debian
/// bookworm's records and .deb file lists, Alpine 3.20's index facts, PyPI's JSON (data in
/// `Packages/packages.json`, written by Scripts/generate-packages.py, which says where each fact
/// comes from). Nothing is downloaded: installs write files of these sizes, offline.
struct PackageCatalog: Decodable, Sendable {
    var apt: Apt
    var apk: Apk
    var pip: [String: PythonPackage]
    var npm: [String: NodePackage]

    struct Apt: Decodable, Sendable {
        /// debian:bookworm(-slim)'s packages and their versions, for images whose dpkg status
        /// layerlab cannot read.
        var base: [String: String]
        /// The files `apt-get update` leaves in /var/lib/apt/lists, with their sizes.
        var lists: [NamedSize]
        /// Each release file fetched, with its size and its Packages.xz's.
        var fetched: [FetchedList]
        var packages: [String: DebianPackage]
        /// libc-bin's version, for the ldconfig trigger a library install runs.
        var libcBin: String
        /// The size of the debconf templates file dpkg rewrites for a package with templates.
        var debconfTemplates: Int64
    }

    struct DebianPackage: Decodable, Sendable {
        var version: String
        var architecture: String
        /// Where `Get:` says it comes from: `http://deb.debian.org/debian bookworm/main`.
        var origin: String
        /// The .deb's size, which `Need to get` adds up.
        var downloadSize: Int64
        /// Installed-Size in KiB, which `After this operation` adds up.
        var installedSize: Int64
        /// What dpkg keeps about it in /var/lib/dpkg/info.
        var databaseSize: Int64
        /// Depends and Pre-Depends, each alternative already chosen as apt chooses it on bookworm-slim.
        var depends: [String]
        var recommends: [String]
        var files: [NamedFile]
        var links: [[String]]
        var groups: [FileGroup]
        /// Multi-Arch: same, which apt and dpkg name with `:amd64`.
        var multiArchSame: Bool
        /// The size of its debconf templates, when it has any.
        var templates: Int64?
        /// Files its maintainer scripts write.
        var generated: [NamedFile]

        enum CodingKeys: String, CodingKey {
            case version = "v", architecture = "a", origin = "o", downloadSize = "s", installedSize = "i"
            case databaseSize = "db", depends = "d", recommends = "r", files = "f", links = "l", groups = "g"
            case multiArchSame = "m", templates = "t", generated = "gen"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            version = try container.decode(String.self, forKey: .version)
            architecture = try container.decode(String.self, forKey: .architecture)
            origin = try container.decode(String.self, forKey: .origin)
            downloadSize = try container.decode(Int64.self, forKey: .downloadSize)
            installedSize = try container.decode(Int64.self, forKey: .installedSize)
            databaseSize = try container.decode(Int64.self, forKey: .databaseSize)
            depends = try container.decodeIfPresent([String].self, forKey: .depends) ?? []
            recommends = try container.decodeIfPresent([String].self, forKey: .recommends) ?? []
            files = try container.decodeIfPresent([NamedFile].self, forKey: .files) ?? []
            links = try container.decodeIfPresent([[String]].self, forKey: .links) ?? []
            groups = try container.decodeIfPresent([FileGroup].self, forKey: .groups) ?? []
            multiArchSame = try container.decodeIfPresent(Int.self, forKey: .multiArchSame) == 1
            templates = try container.decodeIfPresent(Int64.self, forKey: .templates)
            generated = try container.decodeIfPresent([NamedFile].self, forKey: .generated) ?? []
        }
    }

    struct Apk: Decodable, Sendable {
        /// alpine:3.20's packages, for images whose apk database layerlab cannot read.
        var base: [String]
        var packages: [String: AlpinePackage]
    }

    struct AlpinePackage: Decodable, Sendable {
        var version: String
        /// Installed size in KiB, as `apk info -s` shows it.
        var installedSize: Int64
        var depends: [String]
        var programs: [String]

        enum CodingKeys: String, CodingKey {
            case version = "v", installedSize = "i", depends = "d", programs = "b"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            version = try container.decode(String.self, forKey: .version)
            installedSize = try container.decode(Int64.self, forKey: .installedSize)
            depends = try container.decodeIfPresent([String].self, forKey: .depends) ?? []
            programs = try container.decodeIfPresent([String].self, forKey: .programs) ?? []
        }
    }

    struct PythonPackage: Decodable, Sendable {
        /// The project's name as its metadata spells it (`Werkzeug`), which pip prints.
        var name: String
        var version: String
        var wheel: String
        var wheelSize: Int64
        /// The size of the wheel's metadata file, which pip downloads first.
        var metadataSize: Int64
        /// The folders the wheel installs into site-packages, .pyc files included.
        var groups: [FileGroup]
        /// Its requirements for CPython 3.12 on Linux, as written (`Werkzeug>=3.1.0`).
        var requires: [String]
        /// Its console scripts.
        var scripts: [String]

        enum CodingKeys: String, CodingKey {
            case name = "n", version = "v", wheel = "w", wheelSize = "s", metadataSize = "m", groups = "g"
            case requires = "d", scripts = "b"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            version = try container.decode(String.self, forKey: .version)
            wheel = try container.decode(String.self, forKey: .wheel)
            wheelSize = try container.decode(Int64.self, forKey: .wheelSize)
            metadataSize = try container.decode(Int64.self, forKey: .metadataSize)
            groups = try container.decode([FileGroup].self, forKey: .groups)
            requires = try container.decodeIfPresent([String].self, forKey: .requires) ?? []
            scripts = try container.decodeIfPresent([String].self, forKey: .scripts) ?? []
        }
    }

    /// npm's packages keep hand-written sizes.
    struct NodePackage: Decodable, Sendable {
        var size: Int64
        var version: String?
    }

    /// `[name, size]`.
    struct NamedSize: Decodable, Sendable {
        var name: String
        var size: Int64

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            name = try container.decode(String.self)
            size = try container.decode(Int64.self)
        }
    }

    /// `[release file, its size, its Packages.xz's size]`.
    struct FetchedList: Decodable, Sendable {
        var name: String
        var size: Int64
        var packagesSize: Int64

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            name = try container.decode(String.self)
            size = try container.decode(Int64.self)
            packagesSize = try container.decode(Int64.self)
        }
    }

    /// A file by name: `[path, size]`, or `[path, size, 1]` for a program.
    struct NamedFile: Decodable, Sendable {
        var path: String
        var size: Int64
        var executable: Bool

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            path = try container.decode(String.self)
            size = try container.decode(Int64.self)
            executable = try container.isAtEnd ? false : container.decode(Int.self) == 1
        }
    }

    /// Files counted rather than named: `[folder, count, bytes]`.
    struct FileGroup: Decodable, Sendable {
        var folder: String
        var count: Int
        var size: Int64

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            folder = try container.decode(String.self)
            count = try container.decode(Int.self)
            size = try container.decode(Int64.self)
        }
    }

    static let shared: PackageCatalog? = {
        guard let data = embeddedPackageFiles.data("Sources/SimulatedShell/Packages/packages.json") else { return nil }
        return try? JSONDecoder().decode(PackageCatalog.self, from: data)
    }()

    /// The packages to install for `names`, each once, dependencies first, leaving out what is
    /// installed; or the first requested name nobody knows.
    static func closure(_ names: [String], installed: Set<String>, dependencies: @escaping (String) -> [String]?) -> Result<[String], UnknownPackage> {
        var ordered: [String] = []
        var seen = installed
        // Marked before their dependencies, so a cycle (libc6 and libgcc-s1) ends.
        func visit(_ name: String) {
            guard !seen.contains(name), let next = dependencies(name) else { return }
            seen.insert(name)
            for dependency in next { visit(dependency) }
            ordered.append(name)
        }
        if let unknown = names.first(where: { !installed.contains($0) && dependencies($0) == nil }) {
            return .failure(UnknownPackage(name: unknown))
        }
        for name in names { visit(name) }
        return .success(ordered)
    }

    struct UnknownPackage: Error {
        var name: String
    }
}
