import LayerlabBasics
import LayerStore

/// The version flags of the servers official images ship, as learners check them: `nginx -v`,
/// `redis-server --version`, `psql --version`, `mysqld --version`, `httpd -v`. Each answers with the
/// image's own version, from the variable its Dockerfile sets (`NGINX_VERSION`, `REDIS_VERSION`,
/// `PG_VERSION`, `MYSQL_VERSION`, `HTTPD_VERSION`). Serving is not simulated here and says so.
struct ServerVersions: ProgramFamily {
    let names: Set<String> = ["nginx", "redis-server", "redis-cli", "postgres", "psql", "mysqld", "mysql", "httpd"]

    /// `httpd -v`'s second line is the compiler's `__DATE__ __TIME__` of the build; no record keeps the
    /// official image's, so the image's own build time (its history rows in repo-info's httpd:2.4.62)
    /// stands in for it.
    static let httpdBuilt = "Jul 17 2024 23:31:14"

    func handles(_ name: String, _ arguments: [String], in process: any ProcessEnvironment) -> Bool {
        output(name, arguments, process) != nil
    }

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        guard let (text, toError) = output(name, arguments, process) else { return 127 }
        if toError { process.writeError(text) } else { process.write(text) }
        return 0
    }

    /// What the program prints and whether on standard error; nil when it is not a version flag.
    private func output(_ name: String, _ arguments: [String], _ process: any ProcessEnvironment) -> (String, Bool)? {
        let long = arguments == ["--version"]
        switch name {
        case "nginx":
            // On standard error (src/core/nginx.c, ngx_show_version_info).
            guard arguments == ["-v"], let version = process.variable("NGINX_VERSION") else { return nil }
            return ("nginx version: nginx/\(version)\n", true)
        case "redis-server":
            // src/server.c, version(): the build id hashes the build machine's name and time.
            guard long || arguments == ["-v"], let version = process.variable("REDIS_VERSION") else { return nil }
            return ("Redis server v=\(version) sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=\(buildID(name, process))\n", false)
        case "redis-cli":
            guard long || arguments == ["-v"], let version = process.variable("REDIS_VERSION") else { return nil }
            return ("redis-cli \(version)\n", false)
        case "postgres", "psql":
            // The Debian packages' version string: `psql (PostgreSQL) 17.0 (Debian 17.0-1.pgdg120+1)`.
            guard long || arguments == ["-V"], let package = process.variable("PG_VERSION") else { return nil }
            return ("\(name) (PostgreSQL) \(upstream(package)) (Debian \(package))\n", false)
        case "mysqld", "mysql":
            // mysqld names itself by its full path, the client by its name.
            guard long || arguments == ["-V"], let package = process.variable("MYSQL_VERSION") else { return nil }
            let program = name == "mysqld" ? process.lookup(name) ?? name : name
            return ("\(program)  Ver \(upstream(package)) for Linux on x86_64 (MySQL Community Server - GPL)\n", false)
        case "httpd":
            guard arguments == ["-v"], let version = process.variable("HTTPD_VERSION") else { return nil }
            return ("Server version: Apache/\(version) (Unix)\nServer built:   \(Self.httpdBuilt)\n", false)
        default:
            return nil
        }
    }

    /// A package version's upstream part: `17.0` of `17.0-1.pgdg120+1`, `9.1.0` of `9.1.0-1.el9`.
    private func upstream(_ package: String) -> String {
        String(package.prefix { $0 != "-" })
    }

    /// A build id that stays the same for the same binary: the real one is unknowable, so it comes from
    /// what the binary is (its generator's seed, or its bytes).
    private func buildID(_ name: String, _ process: any ProcessEnvironment) -> String {
        guard let path = process.lookup(name),
              case .file(let content)? = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(path))?.kind else { return "0" }
        let digest: Digest
        if case .synthetic(let seed, _) = content { digest = Digest.sha256(of: seed) } else { digest = content.digest }
        return String(UInt64(digest.hex.prefix(16), radix: 16) ?? 0, radix: 16)
    }
}
