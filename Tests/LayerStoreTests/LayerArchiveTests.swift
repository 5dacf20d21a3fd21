import Foundation
import LayerlabBasics
import LayerStore
import Testing

@Suite struct LayerArchiveTests {
    let layer = Layer(changes: [
        .put(.file("/app/app.py", .text("print('hi')\n"))),
        .put(.directory("/app")),
        .put(.file("/app/lib/" + String(repeating: "n", count: 120) + ".py", .text("long name\n"))),
        .put(.file("/usr/lib/libbig.so", .synthetic(seed: "libbig", size: 300_000), mode: 0o755)),
        .put(.symlink("/usr/lib/libbig.so.1", to: "libbig.so")),
        .delete("/etc/motd"),
        .opaque("/var/cache"),
    ])

    @Test func digestIsTheSHA256OfTheTarAndStable() {
        let bytes = LayerArchive.bytes(of: layer)
        let (digest, size) = LayerArchive.diffID(of: layer)
        #expect(digest == Digest.sha256(of: bytes))
        #expect(size == Int64(bytes.count))
        #expect(bytes.count % 512 == 0)
        #expect(LayerArchive.diffID(of: layer).digest == digest, "same layer, same digest")
        let reordered = Layer(changes: layer.changes.reversed())
        #expect(LayerArchive.diffID(of: reordered).digest == digest, "order of changes does not matter")
    }

    @Test func contentChangesTheDigest() {
        var changed = layer
        changed.changes[0] = .put(.file("/app/app.py", .text("print('bye')\n")))
        #expect(LayerArchive.diffID(of: changed).digest != LayerArchive.diffID(of: layer).digest)
    }

    @Test func syntheticContentIsTheSameBytesEveryTime() {
        let content = FileContent.synthetic(seed: "python3.12", size: 200_000)
        #expect(content.data == content.data)
        #expect(content.data.count == 200_000)
        #expect(FileContent.synthetic(seed: "other", size: 200_000).data != content.data)
    }

    /// GNU tar, which every Debian machine has, reads the archive back as written.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/tar")))
    func gnuTarListsTheEntries() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("layer-\(UUID()).tar")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(LayerArchive.bytes(of: layer)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-tvf", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let listing = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let names = listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).joined(separator: " ") }
        #expect(names == [
            "app/",
            "app/app.py",
            "app/lib/" + String(repeating: "n", count: 120) + ".py",
            "etc/.wh.motd",
            "usr/lib/libbig.so",
            "usr/lib/libbig.so.1 -> libbig.so",
            "var/cache/.wh..wh..opq",
        ])
        #expect(listing.contains("-rwxr-xr-x 0/0          300000 1970-01-01 00:00 usr/lib/libbig.so"))
    }
}

@Suite struct LayerBlobTests {
    @Test func blobIsAGzipOfTheTarWithItsOwnDigest() throws {
        let layer = Layer(changes: [.put(.file("/opt/data.bin", .synthetic(seed: "data", size: 1_000_000)))])
        let digests = LayerArchive.compressedDigests(of: layer)
        var blob: [UInt8] = []
        withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in blob.append(contentsOf: chunk) }) { append in
            LayerArchive.writeCompressed(layer, to: append)
        }
        #expect(digests.blobDigest == Digest.sha256(of: blob))
        #expect(digests.blobSize == Int64(blob.count))
        #expect(digests.diffID == LayerArchive.diffID(of: layer).digest)
        #expect(blob.starts(with: [0x1F, 0x8B]), "gzip magic")
        #expect(digests.blobSize < digests.tarSize, "synthetic payloads compress like binaries do")
        #expect(LayerArchive.compressedDigests(of: layer) == digests, "compression is deterministic")
    }
}

@Suite struct ImageEfficiencyTests {
    /// The figures dive 0.13 reports for the same layers saved by `docker save` (wastedBytes 9,
    /// /data/big 5 B and /data/a 4 B, each in 2 layers).
    @Test func countsEveryCopyOfAPathWrittenInSeveralLayers() {
        let layers = [
            Layer(changes: [.put(.directory("/data")), .put(.file("/data/keep", .text("kept\n")))]),
            Layer(changes: [.put(.directory("/data")), .put(.file("/data/a", .text("one\n"))), .put(.file("/data/big", .text("")))]),
            Layer(changes: [.put(.directory("/data")), .put(.file("/data/b", .text("two\n"))), .put(.file("/data/big", .text("more\n")))]),
            Layer(changes: [.put(.directory("/data")), .delete("/data/a")]),
        ]
        let efficiency = ImageEfficiency(layers: layers)
        #expect(efficiency.wastedBytes == 9)
        #expect(efficiency.wastedPaths.map(\.path) == ["/data/big", "/data/a"])
        #expect(efficiency.wastedPaths.map(\.occurrences) == [2, 2])
        // Needed: keep 5 + b 4 + the smallest copies of a (0) and big (0); discovered: 5 + 4 + 4 + 5.
        #expect(abs(efficiency.score - 9.0 / 18.0) < 1e-9)
        #expect(ImageEfficiency(layers: [layers[0]]).score == 1)
    }

    /// dive v0.13.1 (dive/filetree/efficiency.go Efficiency) on the layers of `rm /k && rm -rf /d &&
    /// mkdir /d` as Docker writes them (Conformance 103-save-layer-contents): a whiteout of a file costs
    /// nothing, one of a folder what the layers below had in it, and folders with entries below them in
    /// their layer are not counted. /k and /d/b are each in two layers; /d/sub's whiteout stands alone.
    @Test func whiteoutsCountAsDiveCountsThem() {
        let layers = [
            Layer(changes: [
                .put(.directory("/d")), .put(.file("/d/b", .text("2\n"))), .put(.directory("/d/sub")),
                .put(.file("/d/sub/a", .text("1\n"))), .put(.file("/k", .text("keep\n"))),
            ]),
            Layer(changes: [.delete("/k"), .put(.directory("/d")), .delete("/d/b"), .delete("/d/sub"), .put(.file("/d/c", .text("3\n")))]),
        ]
        let efficiency = ImageEfficiency(layers: layers)
        #expect(efficiency.wastedPaths.map(\.path) == ["/k", "/d/b"])
        #expect(efficiency.wastedBytes == 7)
        // Needed: /d/b 0, /d/sub/a 2, /k 0, /d/sub 2, /d/c 2; discovered: 2 + 2 + 5 + 2 + 2.
        #expect(abs(efficiency.score - 6.0 / 13.0) < 1e-9)
        // dive drops opaque markers, so with one instead the old entries do not count as deleted.
        let opaque = Layer(changes: [.delete("/k"), .opaque("/d"), .put(.directory("/d")), .put(.file("/d/c", .text("3\n")))])
        #expect(ImageEfficiency(layers: [layers[0], opaque]).wastedPaths.map(\.path) == ["/k"])
    }
}
