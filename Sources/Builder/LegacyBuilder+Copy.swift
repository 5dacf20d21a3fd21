import Dockerfile
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell

/// COPY and ADD as the classic builder does them: no container, the sources' hash in the step's
/// command (`#(nop) COPY file:<hash> in <dest> `) for the cache to compare (moby v28.2.2
/// builder/dockerfile/copy.go and internals.go performCopy).
extension LegacyBuilder {
    func copyStep(keyword: String, paths: SourcesAndDestination, from: String?, chown: String?, chmod: String?, unpacks: Bool,
                  state: inout StageState, program: DockerfileProgram, finished: [Int: StageState], context: BuildContext) throws {
        // The classic builder has no --chmod (dispatchers.go dispatchCopy, dispatchAdd).
        if chmod != nil {
            throw LegacyBuildFailure("the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled")
        }
        var entries: [(relative: String, entry: LayerEntry)] = []
        var fillsFolder = false
        var hashes: [String] = []
        if let from {
            let view = try sourceView(from, program: program, finished: finished)
            for source in paths.sources {
                let path = LayerPath.normalize("/" + source)
                guard let found = CopySources.fromFileSystem(path, in: view) else {
                    throw LegacyBuildFailure("\(keyword) failed: stat \(path.dropFirst()): file does not exist")
                }
                fillsFolder = fillsFolder || found.fillsFolder
                entries += found.entries
                hashes.append(LegacySourceHash.ofFileSystemPath(path, in: view))
            }
        } else {
            let found = try CopySources.fromContext(paths.sources, in: context) { match in
                guard unpacks else { return nil }
                do throws(CopySources.UnsupportedArchive) {
                    return try CopySources.unpackedArchive(match)
                } catch {
                    throw LegacyBuildFailure(error.message)
                }
            }
            if let missing = found.missing {
                // The path as the daemon looked for it: without a leading `/` or `./` (copy.go calcCopyInfo).
                var cleaned = Substring(missing)
                while cleaned.hasPrefix("/") { cleaned = cleaned.dropFirst() }
                if cleaned.hasPrefix("./") { cleaned = cleaned.dropFirst(2) }
                throw LegacyBuildFailure("\(keyword) failed: file not found in build context or excluded by .dockerignore: stat \(cleaned): file does not exist")
            }
            fillsFolder = found.fillsFolder
            entries = found.entries
            for source in paths.sources {
                if source.hasPrefix("http://") || source.hasPrefix("https://") {
                    // ADD's download, offline: the placeholder CopySources made stands for it.
                    let name = source.split(separator: "/").last.map(String.init) ?? "download"
                    if let placeholder = found.entries.first(where: { $0.relative == name }) {
                        hashes.append(LegacySourceHash.ofMadeFile(named: name, placeholder.entry))
                    }
                } else {
                    hashes += LegacySourceHash.ofContextSource(source, in: context)
                }
            }
        }
        for inline in paths.inlineFiles {
            let entry = LayerEntry.file("/" + inline.name, .text(inline.content))
            entries.append((inline.name, entry))
            hashes.append(LegacySourceHash.ofMadeFile(named: inline.name, entry))
        }
        if hashes.count > 1 && !paths.destination.hasSuffix("/") {
            throw LegacyBuildFailure("When using \(keyword) with more than one source file, the destination must be a directory and end with a /")
        }
        let chownComment = chown.map { "--chown=\($0) " } ?? ""
        let comment = "\(keyword) \(chownComment)\(LegacySourceHash.combined(hashes)) in \(paths.destination) "
        var containerConfig = state.config
        // One argument, `#(nop) ` and the comment (withCmdCommentString).
        containerConfig.cmd = (state.config.shell ?? ["/bin/sh", "-c"]) + ["#(nop) " + comment]
        if try usingCache(containerConfig, state: &state) { return }

        let written = paths.destination
        let destination = LayerPath.normalize(written.hasPrefix("/") ? written : (state.config.workingDir ?? "/") + "/" + written)
        let intoFolder = written.hasSuffix("/") || written == "." || hashes.count > 1 || fillsFolder || entries.count != 1
        var fileSystem = ContainerFileSystem(lower: state.union)
        // Files from the context belong to root; from another stage or image they keep their owner
        // unless --chown says otherwise (dispatchCopy: preserveOwnership).
        var owner: ShellProcess.User? = from == nil ? ShellProcess.User.root : nil
        if let chown {
            guard let user = CopySources.owner(chown, in: fileSystem) else { throw LegacyBuildFailure(CopySources.unknownOwnerMessage(chown)) }
            owner = user
        }
        CopySources.place(entries, at: destination, copyingFolderContents: intoFolder, owner: owner, mode: nil, in: &fileSystem)
        try commitImage(containerConfig, container: nil, layer: fileSystem.committedLayer, state: &state)
    }

    /// What `--from` names: an earlier stage's filesystem, else an image's (pulled if need be).
    func sourceView(_ from: String, program: DockerfileProgram, finished: [Int: StageState]) throws -> UnionView {
        if let stage = program.stage(named: from), let state = finished[stage.index] { return state.union }
        return try engine.images.view(of: baseImage(from))
    }
}
