import LayerStore

/// What Linux lets a process do to a path, decided as the kernel decides it from the owner, group
/// and mode of each entry on the way: search (x) on every folder above it; read, write or execute on
/// the file; write and search on a folder to make or remove a name in it, where the sticky bit (/tmp)
/// leaves removing to the file's owner or the folder's; a mode or an owner changed only by the owner.
/// Root passes every check but one: a file runs only when some execute bit is set. Every program
/// asks this one type, so the rule has one owner.
struct FileAccess: Equatable, Sendable {
    let uid: Int
    let gid: Int
    /// The other groups /etc/group lists the user in, fixed when the process starts (as the kernel
    /// fixes them at login: a group added later counts from the next process on).
    let groups: Set<Int>

    init(uid: Int, gid: Int, groups: Set<Int> = []) {
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// Root, whose capabilities Docker keeps by default (CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN).
    var isPrivileged: Bool { uid == 0 }

    /// What a program is about to do to a path.
    enum Operation: Equatable, Sendable {
        /// Reaching it (stat, `test -e`): search on each folder above it.
        case lookup
        /// Opening a file or listing a folder.
        case read
        /// Opening a file for writing, making it when it is missing (O_CREAT).
        case write
        /// Running a file, or entering a folder (`cd`).
        case execute
        /// Making a new name in its folder (mkdir, ln -s, a new file).
        case create
        /// Taking its name out of its folder (rm, rmdir, mv's source), where the sticky bit counts.
        case remove
        /// Setting its times (`touch` of a file that exists): the owner, or whoever may write it.
        case changeTimes
        /// chmod: the owner.
        case changeMode
        /// chown: root, or the owner giving the file to a group of their own (nil: unchanged).
        case changeOwner(uid: Int?, gid: Int?)
    }

    /// Why the kernel refuses, with `strerror`'s words.
    enum Denial: Error, Equatable, Sendable {
        /// EACCES: a permission bit is missing.
        case permissionDenied
        /// EPERM: only the owner, or root, may do this.
        case notPermitted

        var reason: String {
            switch self {
            case .permissionDenied: "Permission denied"
            case .notPermitted: "Operation not permitted"
            }
        }
    }

    /// Why a program could not open a file, with `strerror`'s words.
    enum OpenFailure: Error, Equatable, Sendable {
        case missing
        case isDirectory
        case denied(Denial)
        /// Another errno, in its words (a link loop, a device that refuses to be read).
        case other(String)

        var reason: String {
            switch self {
            case .missing: "No such file or directory"
            case .isDirectory: "Is a directory"
            case .denied(let denial): denial.reason
            case .other(let reason): reason
            }
        }
    }

    /// Why `operation` on the absolute `path` is refused; nil when it is allowed, and when a name on
    /// the way is missing, which the caller reports as the kernel's ENOENT.
    func check(_ operation: Operation, _ path: String, in fileSystem: ContainerFileSystem) -> Denial? {
        if isPrivileged, operation != .execute { return nil }
        let path = LayerPath.normalize(path)
        // Links among the folders are followed; the last name only by what opens what it names.
        let folder = fileSystem.resolvingSymlinks(LayerPath.parent(of: path))
        if let denial = search(folder, in: fileSystem) { return denial }
        let named = path == "/" ? "/" : LayerPath.normalize(folder + "/" + LayerPath.name(of: path))
        switch operation {
        case .lookup:
            return nil
        case .create:
            return require(0o3, on: directory(at: folder, in: fileSystem))
        case .remove:
            let parent = directory(at: folder, in: fileSystem)
            if let denial = require(0o3, on: parent) { return denial }
            guard parent.mode & 0o1000 != 0, !isPrivileged, parent.uid != uid, let entry = fileSystem.entry(at: named), entry.uid != uid else { return nil }
            return .notPermitted
        case .read, .write, .execute, .changeTimes, .changeMode, .changeOwner:
            let target = fileSystem.resolvingSymlinks(named)
            let targetFolder = LayerPath.parent(of: target)
            if targetFolder != folder, let denial = search(targetFolder, in: fileSystem) { return denial }
            guard let entry = fileSystem.entry(at: target) else {
                return operation == .write ? require(0o3, on: directory(at: targetFolder, in: fileSystem)) : nil
            }
            return check(operation, on: entry)
        }
    }

    /// The rule for an operation on an entry the process has reached.
    private func check(_ operation: Operation, on entry: LayerEntry) -> Denial? {
        switch operation {
        case .read: return require(0o4, on: entry)
        case .write: return require(0o2, on: entry)
        case .execute: return require(0o1, on: entry)
        case .changeTimes: return isPrivileged || entry.uid == uid ? nil : require(0o2, on: entry)
        case .changeMode: return isPrivileged || entry.uid == uid ? nil : .notPermitted
        case .changeOwner(let newUID, let newGID):
            if isPrivileged { return nil }
            let keepsOwner = newUID.map { $0 == entry.uid } ?? true
            let ownGroup = newGID.map { $0 == entry.gid || isMember($0) } ?? true
            return entry.uid == uid && keepsOwner && ownGroup ? nil : .notPermitted
        case .lookup, .create, .remove:
            // Decided by the folder the name is in, not by the entry.
            return nil
        }
    }

    /// EACCES when a folder from `/` down to `folder` (itself included) may not be searched.
    private func search(_ folder: String, in fileSystem: ContainerFileSystem) -> Denial? {
        guard !isPrivileged else { return nil }
        var current = ""
        for name in folder.split(separator: "/") {
            current += "/" + String(name)
            // A folder a layer does not list was made by unpacking it, searchable by all; a missing
            // one is the caller's ENOENT.
            guard let entry = fileSystem.entry(at: current), entry.isDirectory else { continue }
            if let denial = require(0o1, on: entry) { return denial }
        }
        return nil
    }

    /// The folder at `path`, or the root-owned 0755 folder unpacking a layer makes for a parent the
    /// layer does not list.
    private func directory(at path: String, in fileSystem: ContainerFileSystem) -> LayerEntry {
        fileSystem.entry(at: path) ?? .directory(path)
    }

    /// EACCES unless the mode grants all of `bits` (4 read, 2 write, 1 execute) to the class the
    /// process falls in: owner, else group, else others. Root needs an execute bit to run a file.
    private func require(_ bits: UInt32, on entry: LayerEntry) -> Denial? {
        if isPrivileged {
            return bits & 0o1 == 0 || entry.isDirectory || entry.mode & 0o111 != 0 ? nil : .permissionDenied
        }
        let shift: UInt32 = entry.uid == uid ? 6 : isMember(entry.gid) ? 3 : 0
        return (entry.mode >> shift) & bits == bits ? nil : .permissionDenied
    }

    private func isMember(_ group: Int) -> Bool {
        group == gid || groups.contains(group)
    }
}
