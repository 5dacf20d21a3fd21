import Foundation

/// The build context as the Docker CLI sends it to the legacy builder: a tar of what `.dockerignore`
/// lets through, with the Dockerfile and `.dockerignore` always in it (docker/cli v28.2.2
/// cli/command/image/build.go, TrimBuildFilesFromExcludes). Its size is what `Sending build context to
/// Docker daemon` counts; the reference engine's transcripts show exactly these sizes.
enum LegacyContextArchive {
    static let blockSize = 512

    /// Each entry's header block and its content in whole blocks, then the two zero blocks that end a
    /// tar (Go's archive/tar, which pads nothing else). `alsoSent` are files the CLI adds when the
    /// context lacks them (a Dockerfile outside it, an ignored `.dockerignore`).
    static func size(of context: BuildContext, alsoSent: [(path: String, size: Int)]) -> Int {
        var total = 2 * blockSize
        func add(_ path: String, size: Int, isDirectory: Bool) {
            total += blockSize
            // A name longer than the ustar header's 100 bytes goes in a PAX header: one more header block
            // and a block of records.
            if path.utf8.count + (isDirectory ? 1 : 0) > 100 { total += 2 * blockSize }
            total += (size + blockSize - 1) / blockSize * blockSize
        }
        for file in context.files.values {
            let size = file.isDirectory || file.linkTarget != nil ? 0 : Int(file.content.size)
            add(file.path, size: size, isDirectory: file.isDirectory)
        }
        for file in alsoSent where context.files[file.path] == nil {
            add(file.path, size: file.size, isDirectory: false)
        }
        return total
    }
}
