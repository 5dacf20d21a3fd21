import Engine
import Foundation
import ImageModel
import LayerlabBasics
import Shell
import SimulatedWorld

/// `docker login`, `logout`, `push`, `search`, `manifest inspect`: sharing images through layerlab's
/// Docker Hub and `registry:2` containers.
enum RegistrySubcommands {
    static var all: [DockerSubcommand] { [login, logout, push, search, manifestInspect] }

    static func credentials(_ invocation: DockerInvocation) -> CredentialStore {
        invocation.world.credentials
    }

    static let login = DockerSubcommand(
        names: [["login"]],
        usage: "docker login [OPTIONS] [SERVER]",
        summary: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
        flags: [
            FlagSpec(long: "password", short: "p", takesValue: true, help: "Password or Personal Access Token (PAT)"),
            FlagSpec(long: "password-stdin", short: nil, takesValue: false, help: "Take the Password or Personal Access Token (PAT) from stdin"),
            FlagSpec(long: "username", short: "u", takesValue: true, help: "Username"),
        ],
        arity: .atMost(1)
    ) { invocation in
        let arguments = invocation.arguments
        let io = invocation.io
        let host = CredentialStore.host(typed: arguments.operands.first)
        let store = credentials(invocation)
        var username = arguments.value("username")
        var password = arguments.value("password")
        if password != nil {
            if arguments.has("password-stdin") { throw CommandFailure("--password and --password-stdin are mutually exclusive") }
            io.printError("WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
        }
        if arguments.has("password-stdin") {
            guard username != nil else { throw CommandFailure("Must provide --username with --password-stdin") }
            guard let input = io.standardInput else {
                throw CommandFailure("Error: Password Required", hint: "give the password on standard input, e.g. docker login -u NAME --password-stdin < password.txt")
            }
            password = input.trimmingCharacters(in: .newlines)
        }
        if username == nil, password == nil, let saved = store.credentials(for: host) {
            io.print("Authenticating with existing credentials... [Username: \(saved.username)]")
            username = saved.username
            password = saved.password
        }
        if username == nil {
            if host == ImageReference.defaultDomain {
                io.print("Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.")
            }
            username = invocation.ask("Username: ", secret: false)?.trimmingCharacters(in: .whitespaces)
        }
        guard let username, !username.isEmpty else { throw CommandFailure("Error: Non-null Username Required") }
        if password == nil { password = invocation.ask("Password: ", secret: true) }
        guard let password, !password.isEmpty else { throw CommandFailure("Error: Password Required") }
        let login = RegistryCredentials(username: username, password: password)
        if try invocation.engine.login(to: host, credentials: login) == .registered {
            io.printError(invocation.context.style.dim("layerlab: the simulated Docker Hub had no Docker ID '\(username)', so it created one with this password; log in with the same password from now on"))
        }
        // The warning comes when a password is stored anew, between blank lines, and not when the
        // same credentials are there already (docker/cli v28.2.2 cli/config/credentials/file_store.go).
        if store.credentials(for: host) != login {
            try store.save(login, for: host)
            io.printError("\nWARNING! Your credentials are stored unencrypted in '\(store.path)'.")
            io.printError("Configure a credential helper to remove this warning. See")
            io.printError("https://docs.docker.com/go/credential-store/")
            io.printError("")
        }
        io.print("Login Succeeded")
        return 0
    }

    static let logout = DockerSubcommand(
        names: [["logout"]],
        usage: "docker logout [SERVER]",
        summary: "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
        arity: .atMost(1)
    ) { invocation in
        let host = CredentialStore.host(typed: invocation.arguments.operands.first)
        let server = CredentialStore.server(for: host)
        guard try credentials(invocation).remove(for: host) else {
            invocation.io.print("Not logged in to \(server)")
            return 0
        }
        invocation.io.print("Removing login credentials for \(server)")
        return 0
    }

    static let push = DockerSubcommand(
        names: [["push"], ["image", "push"]],
        usage: "docker push [OPTIONS] NAME[:TAG]",
        summary: "Upload an image to a registry",
        flags: [
            FlagSpec(long: "all-tags", short: "a", takesValue: false, help: "Push all tags of an image to the repository"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Suppress verbose output"),
        ],
        arity: .exactly(1)
    ) { invocation in
        let typed = invocation.arguments.operands[0]
        let reference = try ImageSubcommands.reference(typed)
        let io = invocation.io
        let quiet = invocation.arguments.has("quiet")
        let engine = invocation.engine
        var tags = [reference]
        if invocation.arguments.has("all-tags") {
            if reference.tag != nil { throw CommandFailure("tag can't be used with --all-tags/-a") }
            tags = engine.localTags(of: reference)
        } else if reference.tag == nil && !quiet {
            io.print("Using default tag: latest")
        }
        if !quiet { io.print(ProgressMessage.pushStarted(reference).status) }
        let login = credentials(invocation).credentials(for: reference.domain)
        let onTerminal = invocation.context.style.isTerminal
        do throws(EngineError) {
            if tags.isEmpty { throw .noLocalImage("An image does not exist locally with the tag: \(reference.familiarName)") }
            // Resolved once, before any output: a stopped registry refuses the connection at once.
            let endpoint = try engine.endpoint(for: reference.domain, credentials: login)
            for tag in tags {
                let plan = try engine.pushPlan(tag)
                // A terminal redraws each layer's line in place, so only the final state stays.
                if !quiet && !onTerminal { PullOutput.write(plan.preparingMessages, to: io, onTerminal: false) }
                let report: PushReport
                do throws(EngineError) {
                    report = try engine.push(plan, to: endpoint, credentials: login)
                } catch {
                    if !quiet && onTerminal { PullOutput.write(plan.preparingMessages, to: io, onTerminal: true) }
                    throw error
                }
                if quiet {
                    io.print(plan.reference.description)
                    continue
                }
                PullOutput.write(report.messages, to: io, onTerminal: onTerminal)
            }
        } catch {
            let failure = DaemonFailure(error)
            io.printError(error.streamedMessage)
            if let hint = failure.hint { io.printError(invocation.context.style.hint(hint)) }
            return 1
        }
        return 0
    }

    static let search = DockerSubcommand(
        names: [["search"]],
        usage: "docker search [OPTIONS] TERM",
        summary: "Search Docker Hub for images",
        flags: [
            FlagSpec(long: "filter", short: "f", takesValue: true, help: "Filter output based on conditions provided"),
            FlagSpec(long: "limit", short: nil, takesValue: true, help: "Max number of search results"),
            FlagSpec(long: "no-trunc", short: nil, takesValue: false, help: "Don't truncate output"),
        ],
        arity: .exactly(1),
        readsOnly: true
    ) { invocation in
        let arguments = invocation.arguments
        var results = try invocation.engine.searchHub(arguments.operands[0])
        for filter in arguments.values("filter") {
            switch filter {
            case "is-official=true": results = results.filter(\.isOfficial)
            case "is-official=false": results = results.filter { !$0.isOfficial }
            default:
                if filter.hasPrefix("stars="), let minimum = Int(filter.dropFirst(6)) {
                    results = results.filter { $0.stars >= minimum }
                } else {
                    throw CommandFailure("Error response from daemon: invalid filter '\(filter)'", hint: "layerlab knows --filter is-official=true|false and --filter stars=N")
                }
            }
        }
        if let limit = arguments.value("limit") {
            guard let count = Int(limit), (1...100).contains(count) else {
                throw CommandFailure("Error response from daemon: limit \(limit) is outside the range of [1, 100]")
            }
            results = Array(results.prefix(count))
        }
        let noTrunc = arguments.has("no-trunc")
        let rows = results.map { result in
            [result.name, noTrunc ? result.description : DockerFormat.ellipsis(result.description, 45), String(result.stars), result.isOfficial ? "[OK]" : ""]
        }
        invocation.io.write(DockerFormat.table([["NAME", "DESCRIPTION", "STARS", "OFFICIAL"]] + rows))
        if rows.isEmpty {
            // The real Hub has millions of repositories; say why this one found none rather than let it look empty.
            invocation.io.printError(invocation.context.style.dim("layerlab's Docker Hub holds the official images of its catalog and the repositories learners push; try docker search alpine"))
        }
        return 0
    }

    static let manifestInspect = DockerSubcommand(
        names: [["manifest", "inspect"]],
        usage: "docker manifest inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
        summary: "Display an image manifest, or manifest list",
        flags: [
            FlagSpec(long: "insecure", short: nil, takesValue: false, help: "Allow communication with an insecure registry"),
            FlagSpec(long: "verbose", short: "v", takesValue: false, help: "Output additional info including layers and platform"),
        ],
        arity: .exactly(1),
        readsOnly: true
    ) { invocation in
        let typed = invocation.arguments.operands[0]
        let reference = try ImageSubcommands.reference(typed)
        if invocation.arguments.has("verbose") { throw EngineError.unsupported("docker manifest inspect --verbose") }
        let manifest: RemoteManifest
        do throws(EngineError) {
            manifest = try invocation.engine.remoteManifest(reference, credentials: credentials(invocation).credentials(for: reference.domain))
        } catch .manifestUnknown, .notInCatalog {
            throw CommandFailure("no such manifest: \(reference.withDefaultTag.description)")
        } catch {
            throw error
        }
        // An index is fetched entry by entry and printed as the manifest list the CLI rebuilds of it.
        if let index = manifest.index {
            invocation.io.print(index.manifestListJSON())
            return 0
        }
        // The CLI indents with tabs where the registry's bytes use three spaces.
        let lines = String(decoding: manifest.bytes, as: UTF8.self).components(separatedBy: "\n")
        let text = lines.map { line -> String in
            let spaces = line.prefix { $0 == " " }.count
            return String(repeating: "\t", count: spaces / 3) + line.dropFirst(spaces)
        }
        invocation.io.print(text.joined(separator: "\n"))
        return 0
    }
}
