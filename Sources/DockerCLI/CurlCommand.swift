import Engine
import Foundation
import LayerlabBasics
import Registry
import Shell
import SimulatedWorld

/// `curl URL` at the layerlab prompt: talks to the simulated registries' HTTP API (`/v2/…`), the way
/// learners inspect a registry, and to nginx containers' published ports. There is no network, so
/// other hosts do not resolve.
public struct CurlCommand: ShellCommand {
    let world: SimulatedWorld

    public init(world: SimulatedWorld) {
        self.world = world
    }

    public let help = CommandHelp(
        name: "curl", group: .docker,
        abstract: "Query a simulated registry's HTTP API or a container's web server",
        usage: ["curl [-i] [-I] [-s] [-f] [-X METHOD] [-o FILE] URL"],
        discussion: """
        Answers the registry API of a running registry:2 (http://localhost:5000/v2/, /v2/_catalog,
        /v2/NAME/tags/list, /v2/NAME/manifests/REFERENCE, /v2/NAME/blobs/DIGEST) with the JSON and
        status codes distribution's registry sends. Docker Hub's registry (registry-1.docker.io) asks
        for a token, as the real one does. A port published by an nginx container (docker run -d -p
        8080:80 nginx) answers with the container's own files, headers and error pages as nginx does;
        another program on a published port is not simulated, and curl says so. layerlab has no
        network: no other host can be reached.
        """
    )

    struct Options {
        var method = "GET"
        var includeHeaders = false
        var failOnError = false
        var output: String?
        var url: String?
        var user: RegistryCredentials?
    }

    /// `-u user:password` is kept as `user:********`.
    public func loggedArguments(_ arguments: [String]) -> [String] {
        func hidden(_ credentials: String) -> String {
            credentials.firstIndex(of: ":").map { String(credentials[..<$0]) + ":********" } ?? credentials
        }
        var kept: [String] = []
        var credentialsNext = false
        for argument in arguments {
            if credentialsNext {
                kept.append(hidden(argument))
                credentialsNext = false
            } else if argument == "-u" || argument == "--user" {
                kept.append(argument)
                credentialsNext = true
            } else if argument.hasPrefix("--user=") {
                kept.append("--user=" + hidden(String(argument.dropFirst(7))))
            } else if argument.hasPrefix("-u"), argument.count > 2 {
                kept.append("-u" + hidden(String(argument.dropFirst(2))))
            } else if argument.lowercased().hasPrefix("authorization:") {
                kept.append("Authorization: ********")
            } else if let scheme = argument.range(of: "://"), let at = argument[scheme.upperBound...].firstIndex(of: "@"),
                      !argument[scheme.upperBound..<at].contains("/") {
                // http://user:password@host/…
                kept.append(String(argument[..<scheme.upperBound]) + hidden(String(argument[scheme.upperBound..<at])) + String(argument[at...]))
            } else {
                kept.append(argument)
            }
        }
        return kept
    }

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try parse(arguments)
        guard let typedURL = options.url else {
            throw CommandFailure("curl: no URL specified", hint: "e.g. curl http://localhost:5000/v2/_catalog", exitStatus: 2)
        }
        var rest = typedURL
        var scheme = "http"
        if let range = rest.range(of: "://") {
            scheme = String(rest[..<range.lowerBound]).lowercased()
            rest = String(rest[range.upperBound...])
        }
        let authority = String(rest.prefix { $0 != "/" && $0 != "?" })
        var path = String(rest.dropFirst(authority.count))
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        let hostName = String(authority.split(separator: "@").last ?? "").split(separator: ":").first.map(String.init) ?? ""
        let port = authority.split(separator: ":").count > 1 ? String(authority.split(separator: ":").last!) : (scheme == "https" ? "443" : "80")
        let registryHost: String
        switch hostName {
        case "localhost", "127.0.0.1":
            registryHost = "\(hostName):\(port)"
        case "registry-1.docker.io", "index.docker.io", "registry.hub.docker.com":
            registryHost = "docker.io"
        default:
            throw CommandFailure("curl: (6) Could not resolve host: \(hostName)", hint: "layerlab has no network; it answers for containers' published ports on localhost and for registry-1.docker.io", exitStatus: 6)
        }
        let response: HTTPResponse
        do throws(EngineError) {
            response = try world.perform { engine throws(EngineError) in
                try engine.httpResponse(host: registryHost, method: options.method, path: path, credentials: options.user)
            }
        } catch {
            guard case .registryUnreachable = error else { throw DaemonFailure(error) }
            throw CommandFailure("curl: (7) Failed to connect to \(hostName) port \(port) after 0 ms: Couldn't connect to server", exitStatus: 7)
        }
        if scheme == "https" && registryHost != "docker.io" {
            // registry:2 as started in the tutorial speaks plain HTTP.
            throw CommandFailure("curl: (35) OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number", hint: "this registry speaks plain HTTP: use http://\(authority)\(path)", exitStatus: 35)
        }
        if options.failOnError && response.status >= 400 {
            throw CommandFailure("curl: (22) The requested URL returned error: \(response.status)", exitStatus: 22)
        }
        if options.includeHeaders || options.method == "HEAD" {
            io.print(response.statusLine)
            for header in response.headers { io.print("\(header.name): \(header.value)") }
            io.print()
        }
        if let output = options.output, output != "-" {
            let target = try context.workspace.resolve(output, for: "curl")
            do {
                try response.body.write(to: target.url, options: .atomic)
            } catch {
                throw CommandFailure("curl: (23) Failure writing output to destination", exitStatus: 23)
            }
            return 0
        }
        guard let text = String(data: response.body, encoding: .utf8), !text.contains("\0") else {
            io.printError("Warning: Binary output can mess up your terminal. Use \"--output -\" to tell curl to output it to your terminal anyway, or consider \"--output <FILE>\" to save to a file.")
            return 23
        }
        // Unlike curl, end on a new line, so the prompt does not start after a JSON body (zsh does the same).
        // (Checked on the bytes: a String sees "\r\n", nginx's line end, as one character.)
        io.write(response.body.last == UInt8(ascii: "\n") || text.isEmpty ? text : text + "\n")
        return 0
    }

    func parse(_ arguments: [String]) throws(CommandFailure) -> Options {
        var options = Options()
        var index = 0
        func value(_ flag: String) throws(CommandFailure) -> String {
            guard index < arguments.count else { throw CommandFailure("curl: option \(flag): requires parameter", exitStatus: 2) }
            index += 1
            return arguments[index - 1]
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "-i", "--include": options.includeHeaders = true
            case "-I", "--head": options.method = "HEAD"
            case "-s", "--silent", "-S", "--show-error", "-L", "--location", "-sS", "-Ss", "-sL", "-Ls": break
            case "-f", "--fail", "-sf", "-fs", "-fsSL", "-sSf", "-fsS": options.failOnError = true
            case "-si", "-is": options.includeHeaders = true
            case "-X", "--request": options.method = try value(argument).uppercased()
            case "-H", "--header": _ = try value(argument)
            case "-u", "--user":
                let pair = try value(argument)
                let parts = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                options.user = RegistryCredentials(username: parts[0], password: parts.count > 1 ? parts[1] : "")
            case "-o", "--output": options.output = try value(argument)
            default:
                if argument.hasPrefix("-") {
                    throw CommandFailure("curl: option \(argument): is unknown", hint: "layerlab's curl knows -i, -I, -s, -S, -f, -L, -X, -H, -u and -o", exitStatus: 2)
                }
                options.url = argument
            }
        }
        return options
    }
}
