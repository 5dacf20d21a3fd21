import Foundation
import LayerStore
import Registry

extension Engine {
    /// What answers an HTTP request at the prompt (`curl`): Docker Hub's registry, a running
    /// registry:2, or nginx serving a container's files. Another program on a published port is not
    /// simulated, and the answer says so instead of inventing a reply.
    public func httpResponse(host: String, method: String, path: String, credentials: RegistryCredentials?) throws(EngineError) -> HTTPResponse {
        do {
            return try registryResponse(host: host, method: method, path: path, credentials: credentials)
        } catch .registryUnreachable {
            let port = host.split(separator: ":").dropFirst().first.flatMap { Int($0) } ?? 80
            guard let container = allContainers.first(where: { $0.isRunning && $0.ports.contains { $0.hostPort == port } }) else {
                throw .registryUnreachable(host)
            }
            // A port published to one the server does not listen on reaches nothing: curl cannot connect.
            if let listening = SimulatedServers.listeningPort(of: container),
               !container.ports.contains(where: { $0.hostPort == port && $0.containerPort == listening }) {
                throw .registryUnreachable(host)
            }
            guard NginxServer.runs(container) else {
                throw .unsimulatedServer(host: host, container: container.name, program: container.unsimulatedProgram ?? container.command.joined(separator: " "))
            }
            let version = ContainerRecord.variables(container.environment)["NGINX_VERSION"] ?? "1.27.2"
            return NginxSite(fileSystem: try fileSystem(for: container), version: version, now: clock.now).respond(method: method, path: path)
        }
    }
}
