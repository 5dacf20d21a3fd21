import Dockerfile
import GoSemantics
import ImageModel

/// How metadata instructions change an image's config, the same for both builders (their history
/// rows differ: BuildKit's `EXPOSE map[80/tcp:{}]`, the legacy builder's `#(nop)  EXPOSE 80`).
extension ImageConfig {
    /// LABEL: each pair set, a later one winning.
    mutating func addLabels(_ pairs: [KeyValue]) {
        var merged = labels ?? [:]
        for pair in pairs { merged[pair.key] = pair.value }
        labels = merged
    }

    /// EXPOSE: each port, as `normalizedPorts` keys it.
    mutating func expose(_ ports: [String]) {
        var exposed = exposedPorts ?? [:]
        for port in Self.normalizedPorts(ports) { exposed[port] = EmptyObject() }
        exposedPorts = exposed
    }

    /// Ports as the config keys them: `/tcp` added when a port names no protocol.
    static func normalizedPorts(_ ports: [String]) -> [String] {
        ports.map { $0.contains("/") ? $0.lowercased() : $0 + "/tcp" }
    }

    /// VOLUME: each path.
    mutating func addVolumes(_ paths: [String]) {
        var set = volumes ?? [:]
        for path in paths { set[path] = EmptyObject() }
        volumes = set
    }

    /// HEALTHCHECK: the config's form (durations in nanoseconds) and the text both builders' history
    /// gives it, Go's `%q` of the config (`&{["CMD-SHELL" "curl -f localhost"] "30s" "0s" "0s" "0s" '\x03'}`).
    static func healthcheckSetting(_ check: Healthcheck) -> (config: HealthcheckConfig, text: String) {
        switch check {
        case .none:
            return (HealthcheckConfig(test: ["NONE"]), "&{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}")
        case .check(let test, let interval, let timeout, let start, let startInterval, let retries):
            func nanoseconds(_ text: String?) -> Int64? { text.flatMap(GoTime.parseDuration).map { Int64($0 * 1e9) } }
            let config = HealthcheckConfig(test: test, interval: nanoseconds(interval), timeout: nanoseconds(timeout),
                                           startPeriod: nanoseconds(start), startInterval: nanoseconds(startInterval), retries: retries)
            let text = "&{\(GoQuote.list(test)) \"\(interval ?? "0s")\" \"\(timeout ?? "0s")\" \"\(start ?? "0s")\" \"\(startInterval ?? "0s")\" '\\x0\(retries ?? 0)'}"
            return (config, text)
        }
    }
}
