/// The image names a `docker` command line starts from and the names it leaves in the store, read
/// with the flags the command itself parses: what `pack validate` follows through an exercise.
public struct DockerImageUse: Equatable, Sendable {
    /// Names that must exist, locally or on a registry: pull's, run's and create's image.
    public var needs: [String] = []
    /// Names the command gives images: pull's, build's tags, tag's target, commit's.
    public var makes: [String] = []
    /// After `docker load` or `docker compose`, whose names are in files, any name may exist.
    public var makesAnyName = false
    /// `docker build`: it pulls the FROM images of a Dockerfile.
    public var buildsDockerfile = false
}

extension DockerCommand {
    /// How a docker command line (the words after `docker`) uses image names; nil for one that
    /// layerlab does not run or whose flags do not parse (running it fails, and says why).
    public static func imageUse(_ arguments: [String]) -> DockerImageUse? {
        if arguments.first == "compose" { return DockerImageUse(makesAnyName: true) }
        guard let (subcommand, consumed) = lookup(arguments),
              let parsed = try? ParsedArguments(Array(arguments.dropFirst(consumed)), specs: subcommand.flags, command: subcommand)
        else { return nil }
        let operands = parsed.operands
        var use = DockerImageUse()
        switch subcommand.names[0] {
        case ["pull"]:
            use.needs = Array(operands.prefix(1))
            use.makes = use.needs
        case ["run"], ["create"]:
            use.needs = Array(operands.prefix(1))
        case ["build"]:
            use.makes = parsed.values("tag")
            use.buildsDockerfile = true
        case ["tag"], ["commit"]:
            use.makes = Array(operands.dropFirst().prefix(1))
        case ["load"]:
            use.makesAnyName = true
        default:
            break
        }
        return use
    }
}
