import Foundation

/// The real distribution registry (2.8, Debian's `docker-registry`) that `../shared/tools/reference-docker
/// up` starts on 127.0.0.1:$REFDOCKER_REGISTRY_PORT (5055 unless set). Where it does not answer, the
/// tests against it are skipped; CI starts it and sets `LAYERLAB_REQUIRE_REFERENCE_REGISTRY=1`, so a
/// registry that did not start fails there instead of passing quietly.
public enum ReferenceRegistry {
    public static var port: Int {
        ProcessInfo.processInfo.environment["REFDOCKER_REGISTRY_PORT"].flatMap { Int($0) } ?? 5055
    }

    /// As image names write it.
    public static var host: String { "127.0.0.1:\(port)" }

    /// Whether `GET /v2/` answers 200 within two seconds (curl: the tests that use the registry use it too).
    public static var isRunning: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", "http://\(host)/v2/"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: answer, as: UTF8.self) == "200"
    }

    /// True when the tests should run: it answers, or CI demands it (and the tests then fail).
    public static var shouldRun: Bool {
        ProcessInfo.processInfo.environment["LAYERLAB_REQUIRE_REFERENCE_REGISTRY"] == "1" || isRunning
    }
}
