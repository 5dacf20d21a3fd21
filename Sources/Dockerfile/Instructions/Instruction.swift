/// A Dockerfile instruction with its arguments given meaning, as BuildKit's `instructions` package has it.
public enum Instruction: Equatable, Sendable {
    case from(FromInstruction)
    case run(RunInstruction)
    case cmd(CommandLine)
    case entrypoint(CommandLine)
    case copy(CopyInstruction)
    case add(AddInstruction)
    case workdir(String)
    case env([KeyValue])
    case arg([ArgDeclaration])
    case label([KeyValue])
    case expose([String])
    case user(String)
    case volume([String])
    case healthcheck(Healthcheck)
    case shell([String])
    case stopSignal(String)
    /// The trigger instruction's text, run when a child image builds FROM this one.
    case onbuild(String)
    case maintainer(String)

    /// The keyword in upper case, as BuildKit prints it in step names.
    public var keyword: String {
        switch self {
        case .from: "FROM"
        case .run: "RUN"
        case .cmd: "CMD"
        case .entrypoint: "ENTRYPOINT"
        case .copy: "COPY"
        case .add: "ADD"
        case .workdir: "WORKDIR"
        case .env: "ENV"
        case .arg: "ARG"
        case .label: "LABEL"
        case .expose: "EXPOSE"
        case .user: "USER"
        case .volume: "VOLUME"
        case .healthcheck: "HEALTHCHECK"
        case .shell: "SHELL"
        case .stopSignal: "STOPSIGNAL"
        case .onbuild: "ONBUILD"
        case .maintainer: "MAINTAINER"
        }
    }
}

/// An instruction with where it came from.
public struct LocatedInstruction: Equatable, Sendable {
    public var instruction: Instruction
    /// The instruction text as written (continuations joined), for history entries and step names.
    public var original: String
    public var startLine: Int
    public var endLine: Int
}

/// `FROM [--platform=P] BASE [AS NAME]`.
public struct FromInstruction: Equatable, Sendable {
    /// The base as written, before ARG expansion.
    public var base: String
    /// The stage name in lower case, when given.
    public var stageName: String?
    public var platform: String?

    public init(base: String, stageName: String?, platform: String?) {
        self.base = base
        self.stageName = stageName
        self.platform = platform
    }
}

/// What CMD, ENTRYPOINT, RUN and HEALTHCHECK run: exec form (JSON) or shell form.
public struct CommandLine: Equatable, Sendable {
    /// Exec form: the argument vector. Shell form: a single string for the shell.
    public var arguments: [String]
    /// True for shell form: the image's SHELL is put in front.
    public var prependsShell: Bool

    public init(arguments: [String], prependsShell: Bool) {
        self.arguments = arguments
        self.prependsShell = prependsShell
    }
}

/// `RUN [--mount=…] [--network=…] [--security=…] command`.
public struct RunInstruction: Equatable, Sendable {
    public var command: CommandLine
    public var heredocs: [HeredocBody]
    public var mounts: [String]
    public var network: String?
    public var security: String?
}

/// A `KEY=value` of ENV or LABEL, with quotes still in the value until expansion removes them.
public struct KeyValue: Equatable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One name of an ARG instruction, with its default when given.
public struct ArgDeclaration: Equatable, Sendable {
    public var name: String
    public var defaultValue: String?

    public init(name: String, defaultValue: String?) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

/// The sources and destination of COPY and ADD; heredoc sources are inline files.
public struct SourcesAndDestination: Equatable, Sendable {
    public var sources: [String]
    public var inlineFiles: [HeredocBody]
    public var destination: String
}

/// `COPY [--from=…] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…] SRC… DEST`.
public struct CopyInstruction: Equatable, Sendable {
    public var paths: SourcesAndDestination
    public var from: String?
    public var chown: String?
    public var chmod: String?
    public var link: Bool
    public var parents: Bool
    public var excludes: [String]
}

/// `ADD [--chown=…] [--chmod=…] [--link] [--checksum=…] [--keep-git-dir] [--unpack] [--exclude=…] SRC… DEST`.
public struct AddInstruction: Equatable, Sendable {
    public var paths: SourcesAndDestination
    public var chown: String?
    public var chmod: String?
    public var link: Bool
    public var checksum: String?
    public var keepGitDirectory: Bool?
    public var unpack: Bool?
    public var excludes: [String]
}

/// `HEALTHCHECK NONE` or `HEALTHCHECK [options] CMD …`.
public enum Healthcheck: Equatable, Sendable {
    case none
    /// The test as the image config stores it (`CMD` or `CMD-SHELL` first) and the options as written.
    case check(test: [String], interval: String?, timeout: String?, startPeriod: String?, startInterval: String?, retries: Int?)
}
