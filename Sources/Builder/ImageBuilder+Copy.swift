import Dockerfile
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell

/// COPY and ADD: what they take from the context, another stage or an image, and where it lands.
extension ImageBuilder {
    /// COPY and ADD: sources from the context or another stage, with BuildKit's destination rules.
    func copyStep(_ paths: SourcesAndDestination, from: String?, chown: String?, chmod: String?, keyword: String, item: ExpandedInstruction,
                  state: inout StageState, program: DockerfileProgram, finished: [Int: StageState], context: BuildContext,
                  output: BuildEventRecorder, label: (String) -> String, request: BuildRequest, reports: inout [BuildResult.StepReport]) throws {
        var flags: [String] = []
        if let chown { flags.append("--chown=\(chown)") }
        if let chmod { flags.append("--chmod=\(chmod)") }
        let sourceText = (paths.sources + paths.inlineFiles.map(\.name)).joined(separator: " ")
        let createdBy = "\(keyword) \((flags + [sourceText, paths.destination]).joined(separator: " ")) # buildkit"
        let display = label(StepName.command(item.located.original, environment: item.buildKitEnvironment(over: state.config.environment),
                                             escapeToken: program.escapeToken))
        let lines = item.located.startLine...item.located.endLine
        var entries: [(relative: String, entry: LayerEntry)] = []
        var notes: [String] = []
        var checksum = DigestHasher()
        let workingDirectory = state.config.workingDir ?? "/"
        var destination = paths.destination.hasPrefix("/") ? paths.destination : workingDirectory + "/" + paths.destination
        var destinationIsFolder = paths.destination.hasSuffix("/") || paths.destination == "." || paths.sources.count + paths.inlineFiles.count > 1
        destination = LayerPath.normalize(destination)
        if let from {
            let view: UnionView
            if let stage = program.stage(named: from), var sourceState = finished[stage.index] {
                view = sourceState.stacked()
            } else {
                view = try engine.images.view(of: baseImage(ImageReference.parse(from).withDefaultTag))
            }
            for source in paths.sources {
                let path = LayerPath.normalize(source)
                guard let found = CopySources.fromFileSystem(path, in: view) else {
                    throw Failure(vertex: 0, label: display, lines: lines,
                                  message: "failed to compute cache key: failed to calculate checksum of ref \(refID(from)): \"\(path)\": not found")
                }
                if found.fillsFolder { destinationIsFolder = true }
                entries += found.entries
            }
        } else {
            let found = try CopySources.fromContext(paths.sources, in: context) { match in
                // ADD unpacks a local tar archive into the destination folder.
                guard keyword == "ADD" else { return nil }
                return try unpackedArchive(match, display: display, lines: lines)
            }
            if let source = found.missing {
                throw Failure(vertex: 0, label: display, lines: lines,
                              message: "failed to compute cache key: failed to calculate checksum of ref \(refID(request.dockerfileName + source)): \"/\(LayerPath.normalize("/" + source).dropFirst())\": not found")
            }
            if found.fillsFolder { destinationIsFolder = true }
            entries += found.entries
            notes += found.notes
        }
        for inline in paths.inlineFiles {
            entries.append((inline.name, .file("/" + inline.name, .text(inline.content))))
        }
        var files: [String: String] = [:]
        let sortedEntries = entries.sorted { $0.relative < $1.relative }
        let contentDigests = FileContent.digests(of: sortedEntries.map { item in
            if case .file(let content) = item.entry.kind { content } else { .bytes(Data()) }
        })
        for ((relative, entry), contentDigest) in zip(sortedEntries, contentDigests) {
            let line = "\(relative) \(entry.mode) \(entry.uid) \(entry.isDirectory ? "dir" : contentDigest.hex)"
            files[relative] = String(Digest.sha256(of: line).hex.prefix(16))
            checksum.update(Data((line + "\n").utf8))
        }
        let sourceDigest = checksum.finalize()
        let copyingFolderContents = entries.count != 1 || destinationIsFolder
        try layerStep(display: display, createdBy: createdBy, key: "\(createdBy) \(destination) \(sourceDigest)", state: &state, output: output,
                      located: item.located, reports: &reports, noCache: request.noCache, files: files) { fileSystem in
            var owner: ShellProcess.User = .root
            if let chown {
                guard let user = CopySources.owner(chown, in: fileSystem) else {
                    throw StepFailure(log: "", message: CopySources.unknownOwnerMessage(chown))
                }
                owner = user
            }
            let mode = chmod.flatMap { UInt32($0, radix: 8) }
            CopySources.place(entries, at: destination, copyingFolderContents: copyingFolderContents, owner: owner, mode: mode, in: &fileSystem)
            return notes.map { $0 + "\n" }.joined()
        }
    }

    /// A context file's entries when it is a tar archive (plain or gzip), nil when it is not an archive.
    func unpackedArchive(_ file: BuildContext.File, display: String, lines: ClosedRange<Int>) throws -> Layer? {
        do throws(CopySources.UnsupportedArchive) {
            return try CopySources.unpackedArchive(file)
        } catch {
            throw Failure(vertex: 0, label: display, lines: lines, message: error.message)
        }
    }

    /// A stable stand-in for BuildKit's random `<uuid>::<id>` snapshot reference.
    func refID(_ seed: String) -> String {
        let hex = Digest.sha256(of: seed).hex
        let uuid = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20).prefix(12)].joined(separator: "-")
        return "\(uuid)::\(hex.dropFirst(32).prefix(25))"
    }
}
