import GoSemantics

/// Gives parsed nodes their meaning, with the errors BuildKit raises at that stage
/// (`frontend/dockerfile/instructions/parse.go`): unknown instructions, wrong argument counts, bad flags.
public enum InstructionParser {
    static let keywords = [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ]

    public static func parse(_ node: SyntaxNode, file: String = "Dockerfile") throws(DockerfileParseError) -> LocatedInstruction {
        do {
            let instruction = try instruction(from: node)
            return LocatedInstruction(instruction: instruction, original: node.original, startLine: node.startLine, endLine: node.endLine)
        } catch {
            throw DockerfileParseError(reason: error.message, line: node.startLine, endLine: node.endLine, file: file)
        }
    }

    /// The arguments as BuildKit's `nodeArgs` flattens them: an ONBUILD's inner keyword then its arguments.
    static func arguments(of node: SyntaxNode) -> [String] {
        guard let inner = node.subcommand else { return node.arguments }
        return [inner.keyword] + inner.arguments
    }

    static func instruction(from node: SyntaxNode) throws(DockerfileSyntaxFailure) -> Instruction {
        let args = arguments(of: node)
        var flags = InstructionFlags(node.flags)
        switch node.lowercasedKeyword {
        case "from":
            let stageName: String?
            if args.count == 3 && args[1].lowercased() == "as" {
                let name = args[2].lowercased()
                guard isValidStageName(name) else {
                    throw .init("invalid name for build stage: \(GoQuote.string(args[2])), name can't start with a number or contain symbols")
                }
                stageName = name
            } else if args.count != 1 {
                throw .init("FROM requires either one or three arguments")
            } else {
                stageName = nil
            }
            try flags.parse(["platform": .string])
            return .from(FromInstruction(base: args[0], stageName: stageName, platform: flags.string("platform")))
        case "run":
            try flags.parse(["mount": .strings, "network": .string, "security": .string])
            return .run(RunInstruction(
                command: commandLine(args, isJSON: node.isJSON),
                heredocs: node.heredocs,
                mounts: flags.strings("mount"),
                network: flags.string("network"),
                security: flags.string("security")
            ))
        case "cmd":
            try flags.parse([:])
            return .cmd(commandLine(args, isJSON: node.isJSON))
        case "entrypoint":
            try flags.parse([:])
            return .entrypoint(commandLine(args, isJSON: node.isJSON))
        case "copy":
            guard args.count >= 2 else { throw noDestination("COPY") }
            try flags.parse(["chown": .string, "from": .string, "chmod": .string, "link": .bool, "exclude": .strings, "parents": .bool])
            return .copy(CopyInstruction(
                paths: try sourcesAndDestination(args, heredocs: node.heredocs, command: "COPY"),
                from: flags.string("from"), chown: flags.string("chown"), chmod: flags.string("chmod"),
                link: flags.bool("link"), parents: flags.bool("parents"), excludes: flags.strings("exclude")
            ))
        case "add":
            guard args.count >= 2 else { throw noDestination("ADD") }
            try flags.parse([
                "chown": .string, "chmod": .string, "link": .bool, "keep-git-dir": .bool, "checksum": .string,
                "unpack": .bool, "exclude": .strings,
            ])
            return .add(AddInstruction(
                paths: try sourcesAndDestination(args, heredocs: node.heredocs, command: "ADD"),
                chown: flags.string("chown"), chmod: flags.string("chmod"), link: flags.bool("link"),
                checksum: flags.string("checksum"), keepGitDirectory: flags.optionalBool("keep-git-dir"),
                unpack: flags.optionalBool("unpack"), excludes: flags.strings("exclude")
            ))
        case "workdir":
            guard args.count == 1 else { throw exactlyOne("WORKDIR") }
            try flags.parse([:])
            return .workdir(args[0])
        case "env":
            try flags.parse([:])
            return .env(try keyValues(args, command: "ENV"))
        case "label":
            try flags.parse([:])
            return .label(try keyValues(args, command: "LABEL"))
        case "arg":
            guard !args.isEmpty else { throw atLeastOne("ARG") }
            var declarations: [ArgDeclaration] = []
            for arg in args {
                if let equals = arg.firstIndex(of: "=") {
                    guard equals != arg.startIndex else { throw .init("ARG names can not be blank") }
                    declarations.append(ArgDeclaration(name: String(arg[..<equals]), defaultValue: String(arg[arg.index(after: equals)...])))
                } else {
                    declarations.append(ArgDeclaration(name: arg, defaultValue: nil))
                }
            }
            return .arg(declarations)
        case "expose":
            guard !args.isEmpty else { throw atLeastOne("EXPOSE") }
            try flags.parse([:])
            return .expose(args)
        case "user":
            guard args.count == 1 else { throw exactlyOne("USER") }
            try flags.parse([:])
            return .user(args[0])
        case "volume":
            guard !args.isEmpty else { throw atLeastOne("VOLUME") }
            try flags.parse([:])
            var volumes: [String] = []
            for volume in args {
                let trimmed = GoText.trimSpace(volume)
                guard !trimmed.isEmpty else { throw .init("VOLUME specified can not be an empty string") }
                volumes.append(trimmed)
            }
            return .volume(volumes)
        case "stopsignal":
            guard args.count == 1 else { throw exactlyOne("STOPSIGNAL") }
            return .stopSignal(args[0])
        case "maintainer":
            guard args.count == 1 else { throw exactlyOne("MAINTAINER") }
            try flags.parse([:])
            return .maintainer(args[0])
        case "shell":
            try flags.parse([:])
            let line = commandLine(args, isJSON: node.isJSON)
            guard !line.arguments.isEmpty else { throw atLeastOne("SHELL") }
            guard node.isJSON else {
                throw .init("SHELL requires the arguments to be in JSON form")
            }
            return .shell(line.arguments)
        case "healthcheck":
            return .healthcheck(try healthcheck(args, isJSON: node.isJSON, flags: &flags))
        case "onbuild":
            guard !args.isEmpty else { throw atLeastOne("ONBUILD") }
            try flags.parse([:])
            let trigger = GoText.trimSpace(args[0]).uppercased()
            switch trigger {
            case "ONBUILD": throw .init("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
            case "MAINTAINER", "FROM": throw .init("\(trigger) isn't allowed as an ONBUILD trigger")
            default: break
            }
            return .onbuild(onbuildExpression(node))
        default:
            var message = "unknown instruction: \(node.keyword)"
            if let match = BuildKitSuggestion.search(node.keyword, in: keywords, caseSensitive: false) {
                message += " (did you mean \(match)?)"
            }
            throw .init(message)
        }
    }

    /// `^[a-z][a-z0-9-_.]*$`
    static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    static func commandLine(_ args: [String], isJSON: Bool) -> CommandLine {
        if args.isEmpty { return CommandLine(arguments: [], prependsShell: !isJSON) }
        return CommandLine(arguments: isJSON ? args : [args.joined(separator: " ")], prependsShell: !isJSON)
    }

    static func keyValues(_ args: [String], command: String) throws(DockerfileSyntaxFailure) -> [KeyValue] {
        guard !args.isEmpty else { throw atLeastOne(command) }
        var pairs: [KeyValue] = []
        for index in stride(from: 0, to: args.count - 1, by: 2) {
            guard !args[index].isEmpty else { throw .init("\(command) names can not be blank") }
            pairs.append(KeyValue(key: args[index], value: args[index + 1]))
        }
        return pairs
    }

    static func sourcesAndDestination(_ args: [String], heredocs: [HeredocBody], command: String) throws(DockerfileSyntaxFailure) -> SourcesAndDestination {
        let destination = args[args.count - 1]
        if (try? HeredocWord.parse(destination)) ?? nil != nil {
            throw .init("\(command) cannot accept a heredoc as a destination")
        }
        var sources: [String] = []
        var inline: [HeredocBody] = []
        for source in args.dropLast() {
            if let word = (try? HeredocWord.parse(source)) ?? nil {
                var body = heredocs.first { $0.name == word.name } ?? word
                body.chomps = word.chomps
                body.expands = word.expands
                if word.chomps { body.content = HeredocWord.chomp(body.content) }
                inline.append(body)
            } else {
                sources.append(source)
            }
        }
        return SourcesAndDestination(sources: sources, inlineFiles: inline, destination: destination)
    }

    static func healthcheck(_ args: [String], isJSON: Bool, flags: inout InstructionFlags) throws(DockerfileSyntaxFailure) -> Healthcheck {
        guard !args.isEmpty else { throw atLeastOne("HEALTHCHECK") }
        let type = args[0].uppercased()
        let rest = Array(args.dropFirst())
        if type == "NONE" {
            guard rest.isEmpty else { throw .init("HEALTHCHECK NONE takes no arguments") }
            return .none
        }
        try flags.parse(["interval": .string, "timeout": .string, "start-period": .string, "start-interval": .string, "retries": .string])
        guard type == "CMD" else { throw .init("Unknown type \(GoQuote.string(type)) in HEALTHCHECK (try CMD)") }
        let command = commandLine(rest, isJSON: isJSON)
        guard !command.arguments.isEmpty else { throw .init("Missing command after HEALTHCHECK CMD") }
        for name in ["interval", "timeout", "start-period", "start-interval"] {
            if let value = flags.string(name), !value.isEmpty {
                guard let seconds = GoTime.parseDuration(value) else { throw .init("time: invalid duration \(GoQuote.string(value))") }
                if seconds != 0 && seconds < 0.001 { throw .init("Interval \(GoQuote.string(name)) cannot be less than 1ms") }
            }
        }
        var retries: Int?
        if let value = flags.string("retries"), !value.isEmpty {
            guard let parsed = Int32(value) else {
                throw .init("strconv.ParseInt: parsing \(GoQuote.string(value)): invalid syntax")
            }
            guard parsed >= 0 else { throw .init("--retries cannot be negative (\(parsed))") }
            retries = Int(parsed)
        }
        return .check(
            test: [isJSON ? "CMD" : "CMD-SHELL"] + command.arguments,
            interval: flags.string("interval"), timeout: flags.string("timeout"),
            startPeriod: flags.string("start-period"), startInterval: flags.string("start-interval"),
            retries: retries
        )
    }

    /// The ONBUILD text without its keyword, heredoc bodies attached, as a child build will parse it.
    static func onbuildExpression(_ node: SyntaxNode) -> String {
        let firstLine = node.original.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var text = Substring(firstLine).drop(while: { GoText.isSpace($0.unicodeScalars.first!) })
        if text.lowercased().hasPrefix("onbuild") { text = text.dropFirst(7) }
        var expression = String(text.drop(while: { GoText.isSpace($0.unicodeScalars.first!) }))
        for heredoc in node.heredocs {
            expression += "\n" + heredoc.content + heredoc.name
        }
        return expression
    }

    static func atLeastOne(_ command: String) -> DockerfileSyntaxFailure { .init("\(command) requires at least one argument") }
    static func exactlyOne(_ command: String) -> DockerfileSyntaxFailure { .init("\(command) requires exactly one argument") }
    static func noDestination(_ command: String) -> DockerfileSyntaxFailure {
        .init("\(command) requires at least two arguments, but only one was provided. Destination could not be determined")
    }
}
