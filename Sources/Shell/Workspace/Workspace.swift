import Foundation
import LayerlabBasics

/// The learner's folder, shown to them as `/workspace`. File commands and builds resolve every path through
/// it, and nothing resolved here can name a file outside it: not with `..`, not with an absolute path, not
/// through a symlink.
public struct Workspace {
    /// The name the learner sees for the workspace root.
    public static let displayRoot = "/workspace"

    /// The real folder, with symlinks resolved.
    public let root: URL
    /// The current directory relative to the root, as path components.
    public private(set) var currentComponents: [String] = []

    public init(root: URL) throws(WorkspaceError) {
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(root.path, reason: error.localizedDescription)
        }
        self.root = root.resolvingSymlinksInPath().standardizedFileURL
    }

    /// The current directory as the learner sees it, e.g. `/workspace/app`.
    public var currentDirectory: String { Self.display(currentComponents) }

    /// Resolves what the learner typed to a place inside the workspace. With `followingLastLink` false a
    /// link at the end is the link itself (to remove or rename it), wherever it points.
    public func resolve(_ typed: String, followingLastLink: Bool = true) throws(WorkspaceError) -> WorkspacePath {
        var components: [String]
        var rest = Substring(typed)
        if typed == "~" || typed.hasPrefix("~/") {
            components = []
            rest = rest.dropFirst()
        } else if typed.hasPrefix("/") {
            guard typed == Self.displayRoot || typed.hasPrefix(Self.displayRoot + "/") else {
                throw .outsideWorkspace(typed)
            }
            components = []
            rest = rest.dropFirst(Self.displayRoot.count)
        } else {
            components = currentComponents
        }
        for part in rest.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !components.isEmpty else { throw .outsideWorkspace(typed) }
                components.removeLast()
            default: components.append(String(part))
            }
        }
        let path = WorkspacePath(components: components, root: root)
        try checkNoSymlinkEscape(path, typed: typed, followingLast: followingLastLink)
        return path
    }

    /// Changes the current directory.
    public mutating func changeDirectory(to typed: String) throws(WorkspaceError) {
        let target = try resolve(typed)
        guard target.isDirectory else {
            throw target.exists ? .notADirectory(typed) : .notFound(typed)
        }
        currentComponents = target.components
    }

    /// Completion candidates for a partly typed path: entries of its folder, folders ending in `/`.
    public func pathCompletions(for partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        guard let folder = try? resolve(folderPart.isEmpty ? "." : folderPart),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        else { return [] }
        return names.sorted().map { name in
            let isDirectory = (try? resolve(folderPart + name))?.isDirectory ?? false
            return folderPart + name + (isDirectory ? "/" : "")
        }
    }

    static func display(_ components: [String]) -> String {
        ([displayRoot] + components).joined(separator: "/")
    }

    /// A symlink inside the workspace may point anywhere inside it, never out of it.
    /// Links are followed one by one, dangling ones too: a link to a file outside that does not exist
    /// yet would otherwise let a write create it there.
    private func checkNoSymlinkEscape(_ path: WorkspacePath, typed: String, followingLast: Bool) throws(WorkspaceError) {
        guard ContainedPath.resolve(path.components, inside: root, followingLast: followingLast) != nil else { throw .symlinkOutside(typed) }
    }
}

/// A place inside the workspace.
public struct WorkspacePath: Equatable {
    /// Path components below the workspace root; empty for the root.
    public let components: [String]
    /// The real file URL.
    public let url: URL
    private let root: URL

    init(components: [String], root: URL) {
        self.components = components
        self.root = root
        self.url = components.reduce(root) { $0.appendingPathComponent($1) }
    }

    /// The entry `name` inside this folder.
    public func appending(_ name: String) -> WorkspacePath {
        WorkspacePath(components: components + [name], root: root)
    }

    /// The folder holding this entry; the root for the root.
    public var parent: WorkspacePath {
        WorkspacePath(components: Array(components.dropLast()), root: root)
    }

    /// The path as the learner sees it, e.g. `/workspace/app/app.py`.
    public var display: String { Workspace.display(components) }

    public var isRoot: Bool { components.isEmpty }

    public var exists: Bool {
        (try? url.checkResourceIsReachable()) ?? false || isSymlink
    }

    public var isSymlink: Bool { ContainedPath.isLink(url.path) }

    public var isDirectory: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The last component, or `/workspace` for the root.
    public var name: String { components.last ?? Workspace.displayRoot }
}

/// Why a path cannot be used.
public enum WorkspaceError: Error, Equatable, CustomStringConvertible {
    case outsideWorkspace(String)
    case symlinkOutside(String)
    case notFound(String)
    case notADirectory(String)
    case cannotCreate(String, reason: String)

    public var description: String {
        switch self {
        case .outsideWorkspace(let path): "\(path): outside the workspace"
        case .symlinkOutside(let path): "\(path): a symlink leads outside the workspace"
        case .notFound(let path): "\(path): No such file or directory"
        case .notADirectory(let path): "\(path): Not a directory"
        case .cannotCreate(let path, let reason): "cannot create the workspace at \(path): \(reason)"
        }
    }

    /// What to tell a learner who tried to leave the workspace.
    public var hint: String? {
        switch self {
        case .outsideWorkspace, .symlinkOutside:
            "layerlab's file commands work inside \(Workspace.displayRoot) only"
        default: nil
        }
    }
}
