// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "layerlab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "layerlab", targets: ["layerlab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "LayerlabBasics",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Go's semantics that Docker's behaviour rests on (text/template, encoding/json, %q, time,
        // tabwriter, path/filepath, the RE2 subset): a leaf, so every layer can use it.
        .target(name: "GoSemantics"),
        .target(name: "ShellSyntax", dependencies: ["LayerlabBasics"]),
        .target(name: "Dockerfile", dependencies: ["LayerlabBasics", "GoSemantics"]),
        .target(name: "ImageModel", dependencies: ["LayerlabBasics", "GoSemantics"]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // zstd, for the layers clients push compressed with it (read only: pushes re-compress with gzip).
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CFileCopy"),
        .target(
            name: "LayerStore", dependencies: ["LayerlabBasics", "ImageModel", "CZlib", "CZstd", "CFileCopy"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "ImageCatalog",
            dependencies: ["LayerlabBasics", "GoSemantics", "ImageModel", "LayerStore"],
            exclude: ["Catalog"]
        ),
        .target(name: "SimulatedShell", dependencies: ["ShellSyntax", "LayerStore", "LayerlabBasics"], exclude: ["Packages"]),
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(name: "Registry", dependencies: ["LayerlabBasics", "GoSemantics", "ImageModel", "LayerStore", "CCrypt"]),
        // A simulated registry's API on a real port, for real clients (SwiftNIO's HTTP/1.1, as the Engine API).
        .target(
            name: "RegistryHTTP",
            dependencies: [
                "Registry", "GoSemantics", "LayerlabBasics", "LayerStore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Real registries over HTTP(S), through Foundation's URLSession (FoundationNetworking on Linux).
        .target(name: "RegistryClient", dependencies: ["Registry", "ImageModel", "LayerStore", "LayerlabBasics"]),
        .target(name: "Engine", dependencies: ["LayerlabBasics", "GoSemantics", "ImageModel", "LayerStore", "ImageCatalog", "SimulatedShell", "Registry", "RegistryClient"]),
        .target(name: "Builder", dependencies: ["LayerlabBasics", "Dockerfile", "Engine", "GoSemantics", "ImageModel", "LayerStore", "SimulatedShell"]),
        .target(
            name: "Linter",
            dependencies: ["Dockerfile", "ShellSyntax", "LayerlabBasics", .product(name: "Yams", package: "Yams")],
            exclude: ["Licenses"]
        ),
        .target(name: "LessonPack", dependencies: ["LayerlabBasics", .product(name: "Yams", package: "Yams")]),
        // The one owner of a learner's simulated world (engine, saved logins, undo snapshots).
        .target(name: "SimulatedWorld", dependencies: ["LayerlabBasics", "Engine", "ImageModel", "LayerStore", .product(name: "Yams", package: "Yams")]),
        .target(name: "DockerCLI", dependencies: ["LayerlabBasics", "GoSemantics", "Shell", "ShellSyntax", "Dockerfile", "Engine", "ImageModel", "LayerStore", "SimulatedShell", "Builder", "Linter", "Registry", "SimulatedWorld"]),
        .target(
            name: "Course",
            dependencies: ["LayerlabBasics", "GoSemantics", "LessonPack", "Shell", "ShellSyntax", "DockerCLI", "Engine", "Builder", "Linter", "Dockerfile", "ImageCatalog", "ImageModel", "LayerStore", "ProgressStore", "SessionLog", "SimulatedWorld", "SimulatedShell", "Registry"]
        ),
        // The Docker Engine API over the simulated world, on a unix socket (SwiftNIO's HTTP/1.1).
        .target(
            name: "EngineAPI",
            dependencies: [
                "Engine", "Builder", "SimulatedWorld", "SimulatedShell", "GoSemantics", "ImageModel", "LayerlabBasics", "LayerStore", "Registry", "RegistryHTTP",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A layerlab session's whole command set, put together above the course and the docker commands.
        .target(name: "LayerlabSession", dependencies: ["Course", "DockerCLI", "Shell", "SimulatedWorld"]),
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "LineEditor", dependencies: ["LayerlabBasics", "CLibEdit"]),
        // SQLite settings Swift cannot make itself (variadic C functions), for the progress database.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "ProgressStore",
            dependencies: ["LayerlabBasics", "CSQLite", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "Shell",
            dependencies: ["LayerlabBasics", "ShellSyntax"]
        ),
        // The command log: a session observer that keeps each line in the progress database.
        .target(name: "SessionLog", dependencies: ["LayerlabBasics", "Shell", "ShellSyntax", "ProgressStore"]),
        .target(
            name: "LayerlabCommands",
            dependencies: [
                "Shell", "LineEditor", "Dockerfile", "DockerCLI", "Linter", "Course", "LessonPack", "LayerlabSession", "EngineAPI", "SimulatedWorld",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "layerlab", dependencies: ["LayerlabCommands"]),
        // The conformance suite: scenarios run on layerlab and on a real Docker engine, compared.
        .target(
            name: "Conformance",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "layerlab-conformance",
            dependencies: ["Conformance", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "LayerlabTestSupport", dependencies: ["Shell", "LayerlabBasics", "CZstd"]),

        .testTarget(name: "LayerlabBasicsTests", dependencies: ["LayerlabBasics"]),
        .testTarget(name: "GoSemanticsTests", dependencies: ["GoSemantics"]),
        .testTarget(name: "LinterTests", dependencies: ["Linter", "LayerlabTestSupport"]),
        .testTarget(name: "ShellSyntaxTests", dependencies: ["ShellSyntax"]),
        .testTarget(name: "DockerfileTests", dependencies: ["Dockerfile", "LayerlabTestSupport"]),
        .testTarget(name: "ImageModelTests", dependencies: ["ImageModel"]),
        .testTarget(name: "LayerStoreTests", dependencies: ["LayerStore", "ImageModel", "LayerlabBasics", "LayerlabTestSupport"]),
        .testTarget(name: "ImageCatalogTests", dependencies: ["ImageCatalog", "LayerStore", "ImageModel"]),
        .testTarget(name: "SimulatedShellTests", dependencies: ["SimulatedShell", "LayerStore", "ImageCatalog", "ImageModel", "LayerlabBasics"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "RegistryHTTP", "GoSemantics", "ImageModel", "LayerStore", "LayerlabBasics"]),
        .testTarget(
            name: "RegistryClientTests",
            dependencies: [
                "RegistryClient", "Registry", "RegistryHTTP", "ImageModel", "LayerStore", "LayerlabBasics", "LayerlabTestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "LessonPackTests", dependencies: ["LessonPack", "LayerlabBasics"]),
        .testTarget(
            name: "CourseTests",
            dependencies: ["Course", "LayerlabSession", "LessonPack", "LayerlabTestSupport", "ProgressStore", "Shell", "LayerlabBasics", "ImageCatalog", "SimulatedShell", "Linter"],
            exclude: ["Transcripts"]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "ImageCatalog", "ImageModel", "LayerStore", "LayerlabBasics", "Registry", "RegistryHTTP", "LayerlabTestSupport"]),
        .testTarget(name: "BuilderTests", dependencies: ["Builder", "Dockerfile", "Engine", "ImageModel", "LayerStore", "LayerlabBasics", "LayerlabTestSupport"], exclude: ["LegacyReference"]),
        .testTarget(name: "DockerCLITests", dependencies: ["DockerCLI", "Builder", "Dockerfile", "GoSemantics", "LayerlabBasics", "LayerlabSession", "LayerlabTestSupport", "Shell", "RegistryHTTP"], exclude: ["Transcripts"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "LayerlabBasics"]),
        .testTarget(name: "ProgressStoreTests", dependencies: ["ProgressStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "SessionLog", "LayerlabTestSupport", "ProgressStore"], exclude: ["Transcripts"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance"]),
        .testTarget(name: "EngineAPITests", dependencies: ["EngineAPI", "Engine", "ImageModel", "SimulatedWorld", "LayerlabBasics", "LayerStore", "LayerlabTestSupport", "RegistryHTTP"]),
        .testTarget(name: "FuzzTests", dependencies: ["Dockerfile", "Linter", "ShellSyntax", "LessonPack", "Course", "LayerlabTestSupport"]),
        .testTarget(
            name: "LayerlabCommandsTests",
            dependencies: [
                "LayerlabCommands", "LayerlabSession", "LessonPack", "ProgressStore", "LayerlabTestSupport", "Engine", "Registry", "Shell", "LayerlabBasics",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

// Warnings fail the build of layerlab's own targets (dependencies keep theirs): a `where` that guards
// one pattern of two once hid a crash.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-warnings-as-errors"])]
}
