import LayerStore

/// Which `/bin/sh` an image has, because each words its errors its own way.
public enum ShellFlavor: Sendable {
    case dash, ash, bash

    /// Decided from what `/bin/sh` points at in the image.
    public static func detect(in fileSystem: ContainerFileSystem) -> ShellFlavor? {
        guard fileSystem.entry(at: "/bin/sh") != nil else { return nil }
        let target = fileSystem.resolvingSymlinks("/bin/sh")
        if target.hasSuffix("busybox") { return .ash }
        if target.hasSuffix("bash") { return .bash }
        return .dash
    }

    /// The message for a command that is not there, e.g. `/bin/sh: 1: bash: not found`.
    public func notFound(_ name: String, shell: String) -> String {
        shellMessage(self == .bash ? "\(name): command not found" : "\(name): not found", shell: shell)
    }
}
