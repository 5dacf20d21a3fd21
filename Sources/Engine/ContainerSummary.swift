import Foundation
import GoSemantics

/// One container of the daemon's container list (`GET /containers/json`), as moby's container.Summary:
/// the status text is the daemon's (`Up 3 minutes`, `Exited (0) 2 hours ago`), the ports a running
/// container's network holds are listed one per address.
public struct ContainerSummary: Codable, Sendable, Equatable {
    public var id: String
    /// With the leading slash, as the daemon names containers.
    public var names: [String]
    public var image: String
    public var imageID: String
    public var command: String
    /// Seconds since 1970, as the API gives it.
    public var created: Int64
    public var ports: [Port]
    public var sizeRw: Int64
    public var state: String
    public var status: String

    public struct Port: Codable, Sendable, Equatable {
        /// The host address; nil for a port only exposed, not published.
        public var ip: String?
        public var privatePort: Int
        public var publicPort: Int?
        public var type: String

        enum CodingKeys: String, CodingKey {
            case ip = "IP", privatePort = "PrivatePort", publicPort = "PublicPort", type = "Type"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command", created = "Created"
        case ports = "Ports", sizeRw = "SizeRw", state = "State", status = "Status"
    }

    init(_ container: ContainerRecord, now: Date) {
        id = container.id
        names = ["/" + container.name]
        image = container.imageName
        imageID = container.image.description
        command = container.command.joined(separator: " ")
        created = Int64(container.created.timeIntervalSince1970)
        ports = Self.ports(of: container)
        sizeRw = container.changes.contentSize
        state = container.statusName
        status = switch container.state {
        case .created: "Created"
        case .running(let since): "Up " + GoUnits.humanDuration(now.timeIntervalSince(since))
        case .exited(let code, let at): "Exited (\(code)) " + GoUnits.humanDuration(now.timeIntervalSince(at)) + " ago"
        }
    }

    /// Ports belong to a running container's network; a stopped one holds none. A port published on
    /// every address is held on IPv4 and IPv6.
    static func ports(of container: ContainerRecord) -> [Port] {
        guard container.isRunning else { return [] }
        var ports: [Port] = []
        for binding in container.ports {
            let addresses = binding.hostIP == "0.0.0.0" ? ["0.0.0.0", "::"] : [binding.hostIP]
            ports += addresses.map { Port(ip: $0, privatePort: binding.containerPort, publicPort: binding.hostPort, type: binding.proto) }
        }
        for exposed in container.exposedPorts where !container.ports.contains(where: { "\($0.containerPort)/\($0.proto)" == exposed }) {
            let parts = exposed.split(separator: "/").map(String.init)
            ports.append(Port(ip: nil, privatePort: Int(parts[0]) ?? 0, publicPort: nil, type: parts.count > 1 ? parts[1] : "tcp"))
        }
        return ports
    }
}
