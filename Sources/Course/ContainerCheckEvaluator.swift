import Foundation
import Engine
import LessonPack
import Registry

/// The checks that look at containers: which run, what they publish and to which port, what they
/// printed, and what curl gets from them. A container counts only when it was made from the image
/// as it is now: one started before a rebuild still serves the old image.
enum ContainerCheckEvaluator {
    static func running(_ expected: LessonCheck.ContainerExpectation, engine: Engine) -> CheckResult {
        let found = containers(expected, engine: engine)
        guard !found.matching.isEmpty else { return CheckEvaluator.fail(found.absence) }
        let described = describe(expected)
        guard let port = expected.port else { return CheckEvaluator.pass("\(described) is running") }
        let bindings = found.matching.flatMap { container in container.ports.filter { $0.hostPort == port }.map { (container, $0) } }
        guard !bindings.isEmpty else {
            return CheckEvaluator.fail("\(described) runs, but publishes no host port \(port) (-p \(port):…)")
        }
        for (container, binding) in bindings {
            guard let listening = expected.containerPort ?? engine.listeningPort(of: container) else {
                return CheckEvaluator.pass("\(described) is running with host port \(port) published")
            }
            if binding.containerPort == listening {
                return CheckEvaluator.pass("\(described) is running with host port \(port) published to its port \(listening)")
            }
        }
        let (_, binding) = bindings[0]
        let listening = expected.containerPort ?? bindings.compactMap { engine.listeningPort(of: $0.0) }.first ?? binding.containerPort
        return CheckEvaluator.fail("""
            \(described) publishes host port \(port) to its port \(binding.containerPort), but the server listens on \(listening): \
            nothing answers there (-p \(port):\(listening))
            """)
    }

    static func output(_ expected: LessonCheck.ContainerExpectation, contains text: String, engine: Engine) -> CheckResult {
        let found = containers(expected, engine: engine)
        guard !found.matching.isEmpty else { return CheckEvaluator.fail(found.absence) }
        let described = describe(expected)
        return found.matching.contains { $0.logs.combined.contains(text) }
            ? CheckEvaluator.pass("\(described) printed `\(text)`")
            : CheckEvaluator.fail("\(described) has not printed `\(text)` (docker logs shows what a container printed)")
    }

    static func http(port: Int, path: String, status: Int?, contains text: String?, engine: Engine) -> CheckResult {
        let url = "localhost:\(port)\(path)"
        let response: HTTPResponse
        do throws(EngineError) {
            response = try engine.httpResponse(host: "localhost:\(port)", method: "GET", path: path, credentials: nil)
        } catch {
            switch error {
            case .registryUnreachable: return CheckEvaluator.fail("nothing answers on localhost:\(port) (curl \(url) cannot connect)")
            case .unsimulatedServer(_, let container, let program):
                return CheckEvaluator.fail("container \(container) runs \(program) on that port, which layerlab does not simulate, so it cannot tell what curl \(url) would get")
            default: return CheckEvaluator.fail("curl \(url) fails: \(error.message)")
            }
        }
        if let status, response.status != status {
            return CheckEvaluator.fail("curl \(url) gets status \(response.status); the goal is \(status)")
        }
        if let text, !String(decoding: response.body, as: UTF8.self).contains(text) {
            return CheckEvaluator.fail("what curl \(url) gets does not have `\(text)`")
        }
        return CheckEvaluator.pass("curl \(url) gets " + (text.map { "`\($0)`" } ?? "status \(response.status)"))
    }

    /// The containers the expectation names, and why there are none when there are none.
    static func containers(_ expected: LessonCheck.ContainerExpectation, engine: Engine) -> (matching: [ContainerRecord], absence: String) {
        var candidates = engine.allContainers.filter { !expected.running || $0.isRunning }
        let verb = expected.running ? "is running" : "was made"
        if let name = expected.name {
            candidates = candidates.filter { $0.name == name }
            if candidates.isEmpty { return ([], "no container named \(name) \(verb)") }
        }
        guard let imageName = expected.image else { return (candidates, "") }
        let named = expected.name.map { " named \($0)" } ?? ""
        // docker run pulls a missing image, so no image is no container yet.
        guard let image = engine.images.image(imageName) else { return ([], "no container\(named) from \(imageName) \(verb)") }
        let current = candidates.filter { $0.image == image.id }
        if current.isEmpty, candidates.contains(where: { $0.imageName == imageName }) {
            return ([], "the container from \(imageName) was made from an earlier build of it; it still runs the old image: replace it (docker rm -f, then docker run)")
        }
        return (current, "no container\(named) from \(imageName) \(verb)")
    }

    static func describe(_ expected: LessonCheck.ContainerExpectation) -> String {
        switch (expected.name, expected.image) {
        case let (name?, image?): "the container \(name) from \(image)"
        case let (name?, nil): "the container \(name)"
        case let (nil, image?): "a container from \(image)"
        default: "a container"
        }
    }
}
