/// How a container from the image runs: the `config` object of an image configuration, with Docker's
/// capitalised keys (OCI image-spec `config.md`, plus Docker's Healthcheck, Shell and OnBuild).
public struct ImageConfig: Codable, Hashable, Sendable {
    public var user: String?
    public var exposedPorts: [String: EmptyObject]?
    public var env: [String]?
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var volumes: [String: EmptyObject]?
    public var workingDir: String?
    public var labels: [String: String]?
    public var stopSignal: String?
    public var healthcheck: HealthcheckConfig?
    public var shell: [String]?
    public var onBuild: [String]?
    /// Windows' flag that CMD and ENTRYPOINT are one escaped command line (OCI image-spec config.md,
    /// deprecated): BuildKit sets it with every CMD, on Linux too; absent when false, as Docker omits it.
    public var argsEscaped: Bool?

    enum CodingKeys: String, CodingKey {
        case user = "User", exposedPorts = "ExposedPorts", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd"
        case volumes = "Volumes", workingDir = "WorkingDir", labels = "Labels", stopSignal = "StopSignal"
        case healthcheck = "Healthcheck", shell = "Shell", onBuild = "OnBuild", argsEscaped = "ArgsEscaped"
    }

    public init() {}

    /// The value of an environment variable, as `Env` lists it (`NAME=value`).
    public func environmentValue(_ name: String) -> String? {
        env?.last { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    /// Sets or replaces an environment variable, keeping the order Docker keeps.
    public mutating func setEnvironment(_ name: String, _ value: String) {
        var list = env ?? []
        let entry = "\(name)=\(value)"
        if let index = list.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            list[index] = entry
        } else {
            list.append(entry)
        }
        env = list
    }

    /// The environment as a dictionary.
    public var environment: [String: String] {
        var result: [String: String] = [:]
        for entry in env ?? [] {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return result
    }
}

/// `{}`: the value type of Docker's set-like maps (`ExposedPorts`, `Volumes`).
public struct EmptyObject: Codable, Hashable, Sendable {
    public init() {}
}

/// A HEALTHCHECK as the image config stores it (durations in nanoseconds).
public struct HealthcheckConfig: Codable, Hashable, Sendable {
    public var test: [String]
    public var interval: Int64?
    public var timeout: Int64?
    public var startPeriod: Int64?
    public var startInterval: Int64?
    public var retries: Int?

    enum CodingKeys: String, CodingKey {
        case test = "Test", interval = "Interval", timeout = "Timeout", startPeriod = "StartPeriod"
        case startInterval = "StartInterval", retries = "Retries"
    }

    public init(test: [String], interval: Int64? = nil, timeout: Int64? = nil, startPeriod: Int64? = nil, startInterval: Int64? = nil, retries: Int? = nil) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
    }
}
