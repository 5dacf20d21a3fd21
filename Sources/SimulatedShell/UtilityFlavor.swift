/// Whose version of a utility an image runs: BusyBox's applet (Alpine, busybox) or GNU's (coreutils,
/// util-linux on Debian and Ubuntu). They take different size suffixes and word their messages
/// differently.
enum UtilityFlavor {
    case busybox, gnu

    /// The flavor of `program` as the process finds it in PATH: an applet is a link to busybox.
    init(of program: String, in process: any ProcessEnvironment) {
        let path = process.lookup(program).map { process.fileSystem.resolvingSymlinks($0) } ?? ""
        self = path.hasSuffix("/busybox") ? .busybox : .gnu
    }
}
